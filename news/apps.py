from django.apps import AppConfig


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "Newsroom"

    def ready(self):
        from news import signals, staleness  # noqa: F401
