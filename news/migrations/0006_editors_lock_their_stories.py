"""Editors may lock a story to protect their own work, and unlock it again.

Wagtail's page lock: while a story is locked only the person who locked it
may save it. Editors get "lock" on the home page (every section and story
under it), not "unlock": they may lift their own lock (Wagtail always lets
the locker unlock), never a reviewer's or a colleague's. While a story is in
review the review step decides, as before: only reviewers lock it then.
"""

from django.db import migrations

EDITORS = "Editors"


def lock_permission(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="lock_page", defaults={"name": "Lock/unlock pages you've locked"}
    )
    return found


def newsroom_home(apps):
    """The default site's root page, else the first HomePage (as in 0003_editorial_workflow)."""
    Site = apps.get_model("wagtailcore.Site")
    Page = apps.get_model("wagtailcore.Page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return Page.objects.get(pk=site.root_page_id)
    HomePage = apps.get_model("home.HomePage")
    home = HomePage.objects.order_by("path").first()
    return Page.objects.get(pk=home.pk) if home else None


def let_editors_lock(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    editors = Group.objects.filter(name=EDITORS).first()
    home = newsroom_home(apps)
    if editors is None or home is None:
        return
    GroupPagePermission.objects.get_or_create(group=editors, page=home, permission=lock_permission(apps))


def stop_editors_locking(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    editors = Group.objects.filter(name=EDITORS).first()
    home = newsroom_home(apps)
    if editors is None or home is None:
        return
    GroupPagePermission.objects.filter(group=editors, page=home, permission__codename="lock_page").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_publication_social_image"),
    ]

    operations = [
        migrations.RunPython(let_editors_lock, stop_editors_locking),
    ]
