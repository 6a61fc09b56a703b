from django.apps import AppConfig


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from comments import signals  # noqa: F401
