"""The reader-search table of stories that the PostgreSQL database backend keeps beside Wagtail's index.

Wagtail's index table holds a row of several kilobytes per object (two
vectors, the plain text and an autocomplete vector) and its searches join it
to the page tables through a text-to-integer cast, then concatenate the two
vectors of every candidate row. At 100,000 stories that makes one search
cost a third of a second. This table holds, per story, only what a reader's
search reads: one vector (Wagtail's headline and body vectors, joined, with
Wagtail's weights) and copies of the columns reader search filters and
sorts on. It is written by the search backend (search.database_backend)
whenever Wagtail's index entry is, so it cannot drift from it, and read by
search.database_backend.StorySearch. Other databases do not use it.

On PostgreSQL each row keeps its document out of line (migration 0003): a
padding column makes every row long enough for PostgreSQL to move the
document into the table's TOAST storage, and `toast_tuple_target` has it keep
the row itself under 128 bytes. Counting and sorting the matches of a common
word then visits a few hundred table pages instead of one page per six
stories (about 1,500 pages instead of 15,700 at 100,000 stories); only the
rows that are ranked, or checked for a phrase, fetch their document.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class StoryDocument(models.Model):
    page = models.OneToOneField(
        "news.ArticlePage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
        db_column="page_id",
    )
    document = SearchVectorField()
    # Every two adjacent words of `document`, each pair one lexeme ("border
    # railway"), with their own GIN index (migration 0004): a quoted phrase is
    # looked up by its pairs first, so only the stories holding all of them have
    # their document read to check the exact phrase.
    pairs = SearchVectorField(null=True)
    # Copies of the page's state when it was last indexed (every save indexes it).
    live = models.BooleanField()
    path = models.CharField(max_length=255)
    section_id = models.IntegerField(null=True)
    display_date = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "story search document"
        indexes = [models.Index(fields=["-display_date", "-page"], name="storydocument_date")]

    def __str__(self):
        return f"Search document of story {self.page_id}"


class CommonWord(models.Model):
    """A word in so many stories that their number is kept, not counted on each search (PostgreSQL).

    Counting the matches of a word in most stories visits every one of their
    rows (about 20 ms at 100,000 stories) however few are shown. For the
    words `storydocument_refresh_common_words` finds in at least the
    backend's COMMON_WORD_STORIES live stories, `stories` is the number of
    live stories holding the word, kept exact by triggers on
    search_storydocument (migration 0005) through every insert, update and
    delete, in the writer's transaction. A reader's search for one of these
    words, with no filter, takes its count from here. The list of words
    itself is only renewed by `update_index` and `count_common_words`; a word
    that has since become common is counted the slow way until then.
    """

    lexeme = models.TextField(primary_key=True)
    # The lexeme as PostgreSQL writes a one-word tsquery ('harbour'), which is what a search compiles to.
    term = models.TextField(unique=True)
    stories = models.IntegerField()

    class Meta:
        verbose_name = "common search word"

    def __str__(self):
        return f"{self.lexeme} ({self.stories} stories)"
