"""On PostgreSQL, a GIN index on what Wagtail's database search backend matches.

Wagtail's PostgreSQL backend (modelsearch) matches `title || body` of each
index entry, and is written as if a GIN index on that expression existed,
but no Wagtail or modelsearch migration creates one: without it every admin
search, suggestion and related list reads every index entry. Keep this until
Wagtail ships the index itself, then drop it here. Nothing happens on other
databases.
"""

from django.db import migrations

INDEX = "masthead_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
