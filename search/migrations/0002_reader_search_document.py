"""Reader search on PostgreSQL: one weighted tsvector per story, with a GIN index.

This replaces the former migrations 0002-0005, which kept a copy of
Wagtail's index entries per story with word pairs and counts of common words,
maintained by SQL functions and triggers. A database that applied them has
their table, functions and triggers dropped here (nothing is dropped where
they never existed). Run `update_index` afterwards to write the documents
of the stories already published.

The GIN index is created on PostgreSQL only; on other databases the table is
created (so deleting a story works the same everywhere) and stays empty.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

DROP_FORMER_ENGINE = """
    DROP TRIGGER IF EXISTS storydocument_common_words_insert ON search_storydocument;
    DROP TRIGGER IF EXISTS storydocument_common_words_update ON search_storydocument;
    DROP TRIGGER IF EXISTS storydocument_common_words_delete ON search_storydocument;
    DROP FUNCTION IF EXISTS storydocument_refresh_common_words(integer);
    DROP FUNCTION IF EXISTS storydocument_count_common_words();
    DROP FUNCTION IF EXISTS storydocument_count_words(tsvector[], tsvector[]);
    DROP FUNCTION IF EXISTS storydocument_phrase_pairs(tsquery);
    DROP FUNCTION IF EXISTS storydocument_word_pairs(tsvector);
    DROP TABLE IF EXISTS search_commonword;
    DROP TABLE IF EXISTS search_storydocument;
"""

GIN_INDEX = django.contrib.postgres.indexes.GinIndex(fields=["document"], name="storydocument_document_gin")


def story_document_fields():
    """The table's columns, for the database and for Django's record of the models (fresh fields for each)."""
    return [
        (
            "page",
            models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="search_document",
                serialize=False,
                to="news.articlepage",
            ),
        ),
        ("document", django.contrib.postgres.search.SearchVectorField()),
    ]


def drop_former_engine(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FORMER_ENGINE)
    else:
        schema_editor.execute("DROP TABLE IF EXISTS search_commonword")
        schema_editor.execute("DROP TABLE IF EXISTS search_storydocument")


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("search", "StoryDocument"), GIN_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_editorial_workflow"),
        ("search", "0001_postgres_search_index"),
    ]

    operations = [
        migrations.RunPython(drop_former_engine, migrations.RunPython.noop, elidable=False),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.CreateModel(
                    name="StoryDocument",
                    fields=story_document_fields(),
                    options={"verbose_name": "story search document"},
                ),
                migrations.RunPython(create_gin_index, migrations.RunPython.noop),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="StoryDocument",
                    fields=story_document_fields(),
                    options={"verbose_name": "story search document", "indexes": [GIN_INDEX]},
                ),
            ],
        ),
    ]
