"""On PostgreSQL, a GIN index on what the database search backend matches.

Wagtail's PostgreSQL backend matches `title || body` of each index entry,
while Wagtail indexes `title` and `body` separately, so every search read
every index entry (a tenth of a second per search at 10,000 stories, a second
at 100,000). With this index a search reads only the matching entries.
Nothing happens on other databases.
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
