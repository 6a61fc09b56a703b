"""Story documents carry their story's display date, and only live stories have one.

A reader search then reads the documents' table alone. Documents of stories
that are not live are removed here, and the dates of the others copied from
their stories.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_dates_and_drop_documents_not_live(apps, schema_editor):
    StoryDocument = apps.get_model("search", "StoryDocument")
    ArticlePage = apps.get_model("news", "ArticlePage")
    StoryDocument.objects.exclude(page__in=ArticlePage.objects.filter(live=True).values("pk")).delete()
    StoryDocument.objects.update(
        display_date=Subquery(ArticlePage.objects.filter(pk=OuterRef("page_id")).values("display_date")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_publication_social_image"),
        ("search", "0002_reader_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="storydocument",
            name="display_date",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddIndex(
            model_name="storydocument",
            index=models.Index(fields=["-display_date", "-page"], name="storydocument_newest"),
        ),
        migrations.RunPython(copy_dates_and_drop_documents_not_live, migrations.RunPython.noop),
    ]
