"""Reviewers moderate reader comments; Editors may read the queue but not act on it.

The newsroom groups are created by the editorial workflow's own migration.
Both migrations use get_or_create on the group names, so either may run
first and the groups end up with both sets of permissions. The comment
permissions themselves are created here, because Django only creates them
after every migration has run.
"""

from django.db import migrations

COMMENT_PERMISSIONS = {
    "view_comment": "Can view comment",
    "change_comment": "Can change comment",
    "delete_comment": "Can delete comment",
}
GROUP_PERMISSIONS = {
    "Reviewers": ["view_comment", "change_comment", "delete_comment"],
    "Editors": ["view_comment"],
}


def comment_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="comments", model="comment")
    return {
        codename: Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in COMMENT_PERMISSIONS.items()
    }


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = comment_permissions(apps)
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="comments", codename__in=COMMENT_PERMISSIONS)
    for group in Group.objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
