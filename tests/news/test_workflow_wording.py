"""The review in the newsroom's words: the buttons say what approval will do, the confirmation says what it did.

Through the admin's own URLs, as the reviewer and the writer would use them.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone
from wagtail.models import TaskState

from news.models import ArticlePage
from tests.news.workflow_fixtures import SUBMIT, add_url, edit_url, story_form, workflow_action_url

pytestmark = pytest.mark.django_db

APPROVE_IN_EDITOR = {"action-workflow-action": "true", "workflow-action-name": "approve"}


@pytest.fixture
def go_live():
    """Two days ahead, to the minute, in the site's time zone (the editor's field has no seconds)."""
    return timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)


def submit(client, editor, section, **fields):
    client.force_login(editor)
    response = client.post(add_url(section), {**story_form(**fields), **SUBMIT})
    assert response.status_code == 302
    return ArticlePage.objects.get(slug="bridge-reopens")


def messages_after(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def loaded_revision(client, story) -> dict:
    html = client.get(edit_url(story)).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def test_approving_a_story_with_a_go_live_time_says_it_is_scheduled_and_when(
    client, editor, reviewer, section, go_live
):
    story = submit(client, editor, section, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    client.force_login(reviewer)

    editor_page = client.get(edit_url(story)).content.decode()
    assert f"Approve and schedule for {go_live:%a %-d %B at %H:%M}" in editor_page
    assert "Approve and Publish" not in editor_page

    response = client.post(workflow_action_url(story, "approve"), {"comment": ""}, follow=True)
    page = response.content.decode()
    assert f"Approved and scheduled: “Bridge reopens after flood” goes live {go_live:%a %-d %B at %H:%M}." in page
    assert "has been updated" not in page
    assert not ArticlePage.objects.get(pk=story.pk).live


def test_approving_a_story_without_a_go_live_time_says_it_is_published(client, editor, reviewer, section):
    story = submit(client, editor, section)
    client.force_login(reviewer)

    editor_page = client.get(edit_url(story)).content.decode()
    assert "Approve and publish now" in editor_page
    assert "Approve with comment and publish now" in editor_page

    response = client.post(workflow_action_url(story, "approve"), {"comment": ""})
    assert messages_after(response)[-1] == "Approved and published: “Bridge reopens after flood” is live now."
    assert ArticlePage.objects.get(pk=story.pk).live


def test_approving_in_the_editor_confirms_what_happened_not_page_updated(client, editor, reviewer, section, go_live):
    story = submit(client, editor, section, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    client.force_login(reviewer)
    response = client.post(
        edit_url(story),
        {
            **story_form(go_live_at=go_live.strftime("%Y-%m-%d %H:%M")),
            **loaded_revision(client, story),
            **APPROVE_IN_EDITOR,
        },
    )
    assert response.status_code == 302
    assert (
        messages_after(response)[-1]
        == f"Approved and scheduled: “Bridge reopens after flood” goes live {go_live:%a %-d %B at %H:%M}."
    )


def test_upcoming_credits_the_writer_who_submitted_even_when_the_reviewer_saved_the_last_version(
    client, editor, reviewer, section, go_live
):
    story = submit(client, editor, section, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    client.force_login(reviewer)
    # The reviewer fixes the headline and approves from the editor: the scheduled revision is theirs.
    response = client.post(
        edit_url(story),
        {
            **story_form(title="Bridge reopens after the flood", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")),
            **loaded_revision(client, story),
            **APPROVE_IN_EDITOR,
        },
    )
    assert response.status_code == 302
    scheduled = ArticlePage.objects.get(pk=story.pk).scheduled_revision
    assert scheduled.user == reviewer

    response = client.get("/admin/upcoming/")
    [day] = response.context["scheduled_days"]
    [upcoming] = day.stories
    assert upcoming.title == "Bridge reopens after the flood"
    assert upcoming.who == "Eddie Writer"


def test_after_a_request_for_changes_the_writer_sees_who_asked_when_and_the_comment(client, editor, reviewer, section):
    story = submit(client, editor, section)
    client.force_login(reviewer)
    mail.outbox.clear()
    response = client.post(workflow_action_url(story, "reject"), {"comment": "Name the engineer who signed off."})
    assert messages_after(response)[-1] == (
        "Changes requested: “Bridge reopens after flood” goes back to its writer with your comment."
    )
    requested_at = timezone.localtime(TaskState.objects.get(status=TaskState.STATUS_REJECTED).finished_at)

    # The mail says "changes requested", never "rejected".
    [message] = mail.outbox
    assert message.to == [editor.email]
    assert message.subject == 'Changes requested: "Bridge reopens after flood"'
    assert "Rita Checker has requested changes" in message.body
    assert 'Their comment: "Name the engineer who signed off."' in message.body
    assert "reject" not in (message.subject + message.body).lower()
    assert f"http://testserver/admin/pages/{story.pk}/edit/" in message.body

    # The writer's edit page opens with the request in a banner.
    client.force_login(editor)
    page = client.get(edit_url(story)).content.decode()
    banner = f"Changes requested by Rita Checker at {requested_at:%H:%M on %-d %B}. Their comment: “Name the engineer who signed off.”"
    assert banner in page

    # Until the story is resubmitted.
    client.post(edit_url(story), {**story_form(), **loaded_revision(client, story), **SUBMIT})
    assert "Changes requested by" not in client.get(edit_url(story)).content.decode()
