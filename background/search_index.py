"""Search index writes as queued tasks, one per search backend, so publishing never waits on a search engine.

modelsearch (Wagtail's search) writes a saved object to every search
backend from `post_save`, through a task of its own that catches and only
logs a failing backend: an Elasticsearch outage would leave the story out
of the index with nobody trying again. Here each backend's write is a task
of its own, retried (background.tasks) and logged when it gives up, and
queued once the change commits, so a worker reads what was saved. A
publish costs the request a few rows in the queue whatever Elasticsearch
does; the story is searchable once a worker has run the tasks (at once in
tests, where tasks run in the caller).

`queue_index_writes` swaps modelsearch's signal handlers for these at
start-up (background.apps).
"""

import logging

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from modelsearch import index
from modelsearch import signal_handlers as modelsearch_handlers
from wagtail.search.backends import get_search_backend

from background.tasks import enqueue_on_commit, retried_task

logger = logging.getLogger("masthead.search")


def auto_update_aliases() -> list[str]:
    """The search backends that follow every save (all configured ones but those with AUTO_UPDATE off)."""
    configured = getattr(settings, "WAGTAILSEARCH_BACKENDS", None) or {"default": {}}
    return [alias for alias, params in configured.items() if params.get("AUTO_UPDATE", True)]


@retried_task()
def write_index_entry(backend_alias: str, app_label: str, model_name: str, pk: str):
    """Write one object's entry in one search backend; an object deleted or unpublished since is left to removal."""
    model = apps.get_model(app_label, model_name)
    instance = model._default_manager.filter(pk=pk).first()
    indexed = index.get_indexed_instance(instance) if instance is not None else None
    if indexed is None:
        return False
    get_search_backend(backend_alias).add(indexed)
    return True


@retried_task()
def remove_index_entry(backend_alias: str, app_label: str, model_name: str, pk: str):
    """Remove a deleted object's entry from one search backend."""
    model = apps.get_model(app_label, model_name)
    get_search_backend(backend_alias).delete(model(pk=pk))
    return True


def _queue(task_obj, instance):
    label, name, pk = instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    for alias in auto_update_aliases():
        enqueue_on_commit(task_obj, alias, label, name, pk)


def queue_index_update(instance):
    """Have every search backend write `instance` again, once the transaction commits."""
    _queue(write_index_entry, instance)


def queue_index_removal(instance):
    _queue(remove_index_entry, instance)


def index_saved_object(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_index_update(instance)


def unindex_deleted_object(sender, instance, **kwargs):
    queue_index_removal(instance)


def queue_index_writes():
    """Replace modelsearch's inline indexing signal handlers with the queued tasks above."""
    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.disconnect(modelsearch_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(modelsearch_handlers.post_delete_signal_handler, sender=model)
        post_save.connect(index_saved_object, sender=model, dispatch_uid=f"masthead-index-{model._meta.label}")
        post_delete.connect(unindex_deleted_object, sender=model, dispatch_uid=f"masthead-unindex-{model._meta.label}")
