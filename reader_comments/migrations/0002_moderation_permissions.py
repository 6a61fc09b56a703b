"""Reviewers moderate reader comments; Editors may read the queue but not act on it.

The newsroom groups are created by the editorial workflow's own migration.
Both migrations use get_or_create on the group names, so either may run
first and the groups end up with both sets of permissions. The comment
permissions themselves are created here, because Django only creates them
after every migration has run.

A database that ran the former `comments` app's own 0002 already has these
grants (moved to this app with their content type by 0001), and perhaps
changes made to them since: this migration leaves it alone, both ways.
"""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

COMMENT_PERMISSIONS = {
    "view_comment": "Can view comment",
    "change_comment": "Can change comment",
    "delete_comment": "Can delete comment",
}
GROUP_PERMISSIONS = {
    "Reviewers": ["view_comment", "change_comment", "delete_comment"],
    "Editors": ["view_comment"],
}


def granted_by_former_app(schema_editor):
    recorder = MigrationRecorder(schema_editor.connection)
    return recorder.migration_qs.filter(app="comments", name="0002_moderation_permissions").exists()


def comment_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="reader_comments", model="comment")
    return {
        codename: Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in COMMENT_PERMISSIONS.items()
    }


def grant(apps, schema_editor):
    if granted_by_former_app(schema_editor):
        return
    Group = apps.get_model("auth", "Group")
    permissions = comment_permissions(apps)
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def revoke(apps, schema_editor):
    if granted_by_former_app(schema_editor):
        return
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="reader_comments", codename__in=COMMENT_PERMISSIONS)
    for group in Group.objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reader_comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
