"""A fresh `migrate` yields the newsroom's groups, their permissions and the "Editorial review" workflow.

The test database is built by running every migration, so these assertions
read what the migration left behind.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from tests.factories import home_page

pytestmark = pytest.mark.django_db

migration = importlib.import_module("news.migrations.0003_editorial_workflow")


def page_permissions(group_name):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name).values_list("page__depth", "permission__codename")
    )


def collection_permissions(group_name):
    return set(
        GroupCollectionPermission.objects.filter(
            group__name=group_name, collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )


def test_editors_create_and_edit_under_the_home_page_and_never_publish():
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="access_admin").exists()
    assert editors.permissions.filter(codename="import_feed").exists()
    assert page_permissions("Editors") == {(2, "add_page"), (2, "change_page"), (2, "lock_page")}
    assert GroupPagePermission.objects.get(group=editors, permission__codename="add_page").page_id == home_page().pk
    assert {"add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"} <= (
        collection_permissions("Editors")
    )


def test_reviewers_also_publish_unpublish_and_lock():
    reviewers = Group.objects.get(name="Reviewers")
    assert reviewers.permissions.filter(codename="access_admin").exists()
    assert reviewers.permissions.filter(codename="import_feed").exists()
    assert page_permissions("Reviewers") == {
        (2, "add_page"),
        (2, "change_page"),
        (2, "publish_page"),
        (2, "lock_page"),
    }
    assert {"add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"} <= (
        collection_permissions("Reviewers")
    )


def test_editorial_review_workflow_is_on_the_home_page_with_a_reviewer_approval_task():
    workflow = Workflow.objects.get(name="Editorial review")
    assert workflow.active
    assert WorkflowPage.objects.get(workflow=workflow).page_id == home_page().pk
    [task] = workflow.tasks.specific()
    # The content type was set on the historical model, so the task is its specific class.
    assert isinstance(task, GroupApprovalTask)
    assert task.name == "Reviewer approval"
    assert list(task.groups.values_list("name", flat=True)) == ["Reviewers"]


def test_moderators_approval_stays_on_root_but_is_not_in_force_under_the_home_page():
    assert Page.get_first_root_node().get_workflow().name == "Moderators approval"
    assert home_page().get_workflow().name == "Editorial review"


def test_running_the_migration_again_creates_nothing_twice():
    def census():
        return (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            GroupCollectionPermission.objects.count(),
            Workflow.objects.count(),
            GroupApprovalTask.objects.count(),
            WorkflowPage.objects.count(),
        )

    before = census()
    migration.create_editorial_workflow(apps, None)
    assert census() == before


def test_groups_made_earlier_by_another_migration_are_reused():
    Group.objects.filter(name="Reviewers").delete()
    Group.objects.create(name="Reviewers")
    migration.create_editorial_workflow(apps, None)
    reviewers = Group.objects.get(name="Reviewers")
    assert page_permissions("Reviewers") == {
        (2, "add_page"),
        (2, "change_page"),
        (2, "publish_page"),
        (2, "lock_page"),
    }
    assert GroupApprovalTask.objects.get(name="Reviewer approval").groups.get() == reviewers
