from django.apps import AppConfig


class ReaderCommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reader_comments"
    verbose_name = "Reader comments"

    def ready(self):
        from reader_comments import signals  # noqa: F401
