from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured


class BackgroundConfig(AppConfig):
    name = "background"
    verbose_name = "Background work"

    def ready(self):
        from background.search_index import queue_index_writes

        # modelsearch connects its inline indexing handlers in wagtail.search's ready(); replacing
        # them needs that to have happened, which INSTALLED_APPS's order decides.
        names = [config.name for config in apps.get_app_configs()]
        if names.index(self.name) < names.index("wagtail.search"):
            raise ImproperlyConfigured("List 'background' after 'wagtail.search' in INSTALLED_APPS.")
        queue_index_writes()
