from django.db import migrations

# See search.models.StoryDocument: a row of a few dozen bytes in the table, the
# document out of line. PostgreSQL starts moving values out of a row only when
# the row exceeds about 2 kB; the padding column's default (2,100 spaces, which
# compress to about 35 bytes) makes every new row exceed it, and
# toast_tuple_target makes PostgreSQL keep going until the row is under 128 bytes.
# CLUSTER rewrites the existing rows that way (filling in the new column),
# newest together, into a table a tenth of its former size.
FORWARD = """
    ALTER TABLE search_storydocument SET (toast_tuple_target = 128);
    ALTER TABLE search_storydocument ADD COLUMN padding text NOT NULL DEFAULT repeat(' ', 2100);
    CLUSTER search_storydocument USING storydocument_date;
"""
BACKWARD = """
    ALTER TABLE search_storydocument DROP COLUMN padding;
    ALTER TABLE search_storydocument RESET (toast_tuple_target);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_story_document")]

    operations = [migrations.RunPython(forward, backward)]
