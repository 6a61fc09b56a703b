"""Draft, review, publish: editors submit, reviewers approve or send back, and nothing goes live unapproved.

Every step goes through the admin's own URLs with the Django test client, as
a person in the newsroom (or someone crafting requests) would.
"""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry, WorkflowState

from news.models import ArticlePage
from tests.factories import ArticlePageFactory
from tests.news.workflow_fixtures import (
    PUBLISH,
    SUBMIT,
    add_url,
    edit_url,
    story_form,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db


def submitted_story(client, section, **fields):
    """A story the editor created and submitted for review through the admin."""
    response = client.post(add_url(section), {**story_form(**fields), **SUBMIT})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(slug=fields.get("slug", "bridge-reopens"))


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def test_editor_creates_a_draft_and_submits_it_for_review(editor_client, editor, section):
    response = editor_client.post(add_url(section), story_form())
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="bridge-reopens")
    assert not story.live
    assert not story.workflow_in_progress

    response = editor_client.post(edit_url(story), {**story_form(), **SUBMIT})
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.workflow.name == "Editorial review"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert state.current_task_state.task.name == "Reviewer approval"
    story.refresh_from_db()
    assert not story.live


def test_editorial_review_not_moderators_approval_is_in_force_for_news_pages(section, article):
    assert article.get_workflow().name == "Editorial review"
    assert section.get_workflow().name == "Editorial review"


def test_editor_sees_no_publish_button(editor_client, section):
    story = submitted_story(editor_client, section)
    # Fresh draft (no review running) so the full action menu shows.
    draft = ArticlePageFactory(parent=section, title="Council budget", slug="council-budget", live=False)
    content = editor_client.get(edit_url(draft)).content.decode()
    assert 'name="action-submit"' in content
    assert 'name="action-publish"' not in content
    assert not ArticlePage.objects.get(pk=story.pk).live


def test_editor_cannot_publish_by_posting_the_publish_action(editor_client, section):
    # On the create form ...
    response = editor_client.post(add_url(section), {**story_form(), **PUBLISH})
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="bridge-reopens")
    assert not story.live
    # ... and on the edit form: the post is kept as a draft, not published.
    response = editor_client.post(edit_url(story), {**story_form(title="Bridge reopens, live?"), **PUBLISH})
    story.refresh_from_db()
    assert not story.live
    assert story.draft_title == "Bridge reopens, live?"
    assert not story.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert not PageLogEntry.objects.filter(page=story, action="wagtail.publish").exists()


def test_editor_cannot_publish_through_the_bulk_publish_url(editor_client, section):
    draft = ArticlePageFactory(parent=section, title="Council budget", slug="council-budget", live=False)
    draft.save_revision()
    url = f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}"
    editor_client.get(url)
    editor_client.post(url, {"include_descendants": ""})
    draft.refresh_from_db()
    assert not draft.live


def test_editor_cannot_unpublish_a_live_story(editor_client, article):
    response = editor_client.post(f"/admin/pages/{article.pk}/unpublish/", {"include_descendants": ""})
    # Wagtail answers a forbidden admin action by sending the user to the dashboard.
    assert response.status_code == 302
    assert response.url == "/admin/"
    article.refresh_from_db()
    assert article.live


def test_editor_cannot_approve_their_own_story_by_the_workflow_action_urls(editor_client, section):
    story = submitted_story(editor_client, section)

    response = editor_client.post(workflow_action_url(story, "approve"), {"comment": ""})
    assert (response.status_code, response.url) == (302, "/admin/")  # permission denied

    # Nor through the editor's workflow-action button: the story is locked while in review.
    editor_client.post(
        edit_url(story),
        {**story_form(), "action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    story.refresh_from_db()
    assert not story.live
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert story.current_workflow_task_state.status == "in_progress"


def test_nothing_an_editor_does_reaches_readers(editor_client, client, section):
    story = submitted_story(editor_client, section)
    editor_client.post(f"/admin/bulk/wagtailcore/page/publish/?id={story.pk}", {"include_descendants": ""})
    editor_client.logout()
    assert client.get("/world-news/bridge-reopens/").status_code == 404
    assert not ArticlePage.objects.live().filter(slug="bridge-reopens").exists()


def test_reviewer_approves_and_the_story_is_live_with_its_audit_trail(client, editor, reviewer, section):
    story = submitted_story(as_user(client, editor), section)

    response = as_user(client, reviewer).post(workflow_action_url(story, "approve"), {"comment": ""})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live
    assert story.current_workflow_state is None

    actions = list(PageLogEntry.objects.filter(page=story).order_by("timestamp", "pk").values_list("action", "user"))
    assert ("wagtail.workflow.start", editor.pk) in actions
    assert ("wagtail.workflow.approve", reviewer.pk) in actions
    assert ("wagtail.publish", reviewer.pk) in actions
    names = [name for name, _user in actions]
    assert (
        names.index("wagtail.workflow.start") < names.index("wagtail.workflow.approve") < names.index("wagtail.publish")
    )

    client.logout()
    response = client.get("/world-news/bridge-reopens/")
    assert response.status_code == 200
    assert "Bridge reopens after flood" in response.content.decode()


def test_rejected_story_returns_with_the_comment_and_the_resubmitted_edit_is_what_goes_live(
    client, editor, reviewer, section
):
    story = submitted_story(as_user(client, editor), section)
    first_revision = story.latest_revision

    response = as_user(client, reviewer).post(
        workflow_action_url(story, "reject"), {"comment": "Name the engineer who signed off the repairs."}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not story.live
    assert PageLogEntry.objects.filter(page=story, action="wagtail.workflow.reject", user=reviewer).exists()

    # The editor opens the story and reads the reviewer's comment.
    as_user(client, editor)
    content = client.get(edit_url(story)).content.decode()
    assert "Name the engineer who signed off the repairs." in content

    # Edits and resubmits.
    response = client.post(
        edit_url(story),
        {**story_form(title="Bridge reopens after flood, engineer says it is safe"), **SUBMIT},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert PageLogEntry.objects.filter(page=story, action="wagtail.workflow.resume", user=editor).exists()

    as_user(client, reviewer).post(workflow_action_url(story, "approve"), {"comment": ""})
    story.refresh_from_db()
    assert story.live
    assert story.title == "Bridge reopens after flood, engineer says it is safe"
    assert story.live_revision == story.latest_revision
    # The history keeps what was first submitted.
    assert story.revisions.count() >= 2
    assert story.revisions.filter(pk=first_revision.pk).exists()
    assert first_revision.content["title"] == "Bridge reopens after flood"


def test_editing_an_approved_story_requires_approval_again(client, editor, reviewer, section):
    story = submitted_story(as_user(client, editor), section)
    as_user(client, reviewer).post(workflow_action_url(story, "approve"), {"comment": ""})

    as_user(client, editor)
    # A crafted publish keeps the change as a draft: readers still see the approved text.
    client.post(edit_url(story), {**story_form(title="Bridge closed again"), **PUBLISH})
    story.refresh_from_db()
    assert story.title == "Bridge reopens after flood"
    assert story.has_unpublished_changes
    assert story.current_workflow_state is None

    client.post(edit_url(story), {**story_form(title="Bridge closed again"), **SUBMIT})
    story.refresh_from_db()
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert story.title == "Bridge reopens after flood"
    assert WorkflowState.objects.filter(object_id=str(story.pk)).count() == 2

    as_user(client, reviewer).post(workflow_action_url(story, "approve"), {"comment": ""})
    story.refresh_from_db()
    assert story.title == "Bridge closed again"


def test_submitting_emails_the_reviewers_only(client, editor, other_editor, reviewer, section, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@masthead.example", "pw")
    mail.outbox.clear()
    submitted_story(as_user(client, editor), section)
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert "Bridge reopens after flood" in mail.outbox[0].body


def test_approval_emails_the_submitter(client, editor, reviewer, section):
    story = submitted_story(as_user(client, editor), section)
    mail.outbox.clear()
    as_user(client, reviewer).post(workflow_action_url(story, "approve"), {"comment": ""})
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "approved" in mail.outbox[0].subject.lower()


def test_rejection_emails_the_submitter_with_the_comment(client, editor, reviewer, section):
    story = submitted_story(as_user(client, editor), section)
    mail.outbox.clear()
    as_user(client, reviewer).post(workflow_action_url(story, "reject"), {"comment": "Check the tonnage figure."})
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Check the tonnage figure." in mail.outbox[0].body


def test_reviewer_can_publish_and_unpublish_directly(reviewer_client, section):
    story = ArticlePageFactory(parent=section, title="Bridge reopens after flood", slug="bridge-reopens", live=False)
    reviewer_client.post(edit_url(story), {**story_form(), **PUBLISH})
    story.refresh_from_db()
    assert story.live
    reviewer_client.post(f"/admin/pages/{story.pk}/unpublish/", {"include_descendants": ""})
    story.refresh_from_db()
    assert not story.live
