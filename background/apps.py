from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "background"
    verbose_name = "Background work"

    def ready(self):
        from background.search_index import queue_index_writes

        # Listed after wagtail.search in INSTALLED_APPS, so modelsearch's own handlers are connected by now.
        queue_index_writes()
