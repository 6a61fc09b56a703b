"""The newsroom's groups and the "Editorial review" workflow, so a fresh `migrate` gives a working newsroom.

Editors write, import partner feeds and submit; Reviewers approve, reject, publish, unpublish and
lock. Page permissions sit on the home page, so they cover every section and
story under it. The workflow is attached to the home page, which makes it,
not Wagtail's default "Moderators approval" on Root, the one in force for news
pages.

Everything is looked up before it is created (groups included), so the
migration is safe next to other data migrations that get_or_create the same
groups. Permissions are created here when missing because Django only creates
them after all migrations have run.
"""

from django.db import migrations

EDITORS = "Editors"
REVIEWERS = "Reviewers"
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Reviewer approval"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image", "Can add image"),
    ("wagtailimages", "image", "change_image", "Can change image"),
    ("wagtailimages", "image", "choose_image", "Can choose image"),
    ("wagtaildocs", "document", "add_document", "Can add document"),
    ("wagtaildocs", "document", "change_document", "Can change document"),
    ("wagtaildocs", "document", "choose_document", "Can choose document"),
]
PAGE_PERMISSION_NAMES = {
    "add_page": "Can add page",
    "change_page": "Can change page",
    "publish_page": "Publish any page",
    "lock_page": "Lock/unlock pages you've locked",
}


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})
    return found


def newsroom_home(apps):
    """The default site's root page (the front page home.0002 creates), else the first HomePage."""
    Site = apps.get_model("wagtailcore.Site")
    Page = apps.get_model("wagtailcore.Page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return Page.objects.get(pk=site.root_page_id)
    HomePage = apps.get_model("home.HomePage")
    home = HomePage.objects.order_by("path").first()
    return Page.objects.get(pk=home.pk) if home else None


def grant_group(apps, group, home, page_codenames):
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")

    group.permissions.add(permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"))
    # Both groups bring partner stories in ("Import now" and the import reports).
    group.permissions.add(
        permission(apps, "news", "syndicationpartner", "import_feed", "Can import stories from a partner's feed")
    )
    if home is not None:
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=permission(apps, "wagtailcore", "page", codename, PAGE_PERMISSION_NAMES[codename]),
            )
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for app_label, model, codename, name in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=permission(apps, app_label, model, codename, name),
            )


def create_editorial_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    home = newsroom_home(apps)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)

    if home is not None:
        # Wagtail's own "Editors" group may edit from Root (every site). The
        # newsroom's editors work under the front page only.
        GroupPagePermission.objects.filter(
            group=editors, page__depth=1, permission__codename__in=EDITOR_PAGE_PERMISSIONS
        ).delete()
    grant_group(apps, editors, home, EDITOR_PAGE_PERMISSIONS)
    grant_group(apps, reviewers, home, REVIEWER_PAGE_PERMISSIONS)

    # Historical models do not run Task.__init__, which would set the content
    # type: without it the task's .specific (its approve/reject actions) is lost.
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(reviewers)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def remove_editorial_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=TASK_NAME).delete()
    Group.objects.filter(name=REVIEWERS).delete()
    editors = Group.objects.filter(name=EDITORS).first()
    home = newsroom_home(apps)
    if editors is not None and home is not None:
        GroupPagePermission.objects.filter(group=editors, page=home).delete()
        root = Page.objects.filter(depth=1).order_by("path").first()
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root,
                permission=permission(apps, "wagtailcore", "page", codename, PAGE_PERMISSION_NAMES[codename]),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_syndication_and_republication"),
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_editorial_workflow, remove_editorial_workflow),
    ]
