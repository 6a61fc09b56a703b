"""Renew the list of common words whose number of stories reader search keeps (PostgreSQL).

`update_index` renews it too. Run this nightly, or after a large import, so
that words which have become common since are counted from the list.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from search.backends import search_backend
from search.database_backend import StoryPostgresSearchBackend, refresh_common_words


class Command(BaseCommand):
    help = "List the words in at least SEARCH_COMMON_WORD_STORIES live stories, so searches for them are not counted."

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-stories",
            type=int,
            default=None,
            help="list words in at least this many live stories (default: SEARCH_COMMON_WORD_STORIES, 10,000)",
        )

    def handle(self, *args, min_stories=None, **options):
        backends = [search_backend(alias) for alias in settings.WAGTAILSEARCH_BACKENDS]
        backend = next((b for b in backends if isinstance(b, StoryPostgresSearchBackend)), None)
        if backend is None:
            self.stdout.write(f"Nothing to do: common words are kept on PostgreSQL only (this is {connection.vendor}).")
            return
        min_stories = backend.common_word_stories if min_stories is None else min_stories
        listed = refresh_common_words(min_stories)
        words = f"{listed:,} word{'' if listed == 1 else 's'}"
        stories = f"{min_stories:,} live {'story' if min_stories == 1 else 'stories'}"
        self.stdout.write(f"Listed {words}, each in at least {stories}.")
