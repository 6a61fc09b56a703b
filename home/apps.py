from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from home import checks, navigation  # noqa: F401 - registers the site address check; connects the menus' receivers
