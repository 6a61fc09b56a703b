"""An embargoed story approved now goes live at its time, through Wagtail's `publish_scheduled`."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from news.models import ArticlePage
from tests.news.workflow_fixtures import SUBMIT, add_url, edit_url, story_form, workflow_action_url

pytestmark = pytest.mark.django_db

STORY_PATH = "/world-news/bridge-reopens/"


def minute(moment):
    return moment.replace(second=0, microsecond=0)


@pytest.fixture
def embargo():
    """Two days from now, to the minute (the editor's date-time field has no seconds)."""
    return minute(timezone.now() + timedelta(days=2))


def submit_embargoed(client, editor, section, embargo, **fields):
    client.force_login(editor)
    response = client.post(
        add_url(section), {**story_form(go_live_at=embargo.strftime("%Y-%m-%d %H:%M"), **fields), **SUBMIT}
    )
    assert response.status_code == 302
    client.logout()
    return ArticlePage.objects.get(slug="bridge-reopens")


def approve(client, reviewer, story):
    client.force_login(reviewer)
    response = client.post(workflow_action_url(story, "approve"), {"comment": ""})
    assert response.status_code == 302
    client.logout()


def test_embargoed_story_is_scheduled_on_approval_and_published_at_its_time(client, editor, reviewer, section, embargo):
    story = submit_embargoed(client, editor, section, embargo)
    approve(client, reviewer, story)

    story.refresh_from_db()
    assert not story.live
    assert story.scheduled_revision.approved_go_live_at == embargo
    assert PageLogEntry.objects.filter(page=story, action="wagtail.publish.schedule", user=reviewer).exists()
    assert client.get(STORY_PATH).status_code == 404

    # Running the scheduler before the time changes nothing.
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    story.refresh_from_db()
    assert not story.live

    with time_machine.travel(embargo + timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", stdout=open("/dev/null", "w"))
        story = ArticlePage.objects.get(pk=story.pk)
        assert story.live
        assert story.scheduled_revision is None
        response = client.get(STORY_PATH)
        assert response.status_code == 200
        assert "Bridge reopens after flood" in response.content.decode()


def test_the_approval_email_gives_the_go_live_time(client, editor, reviewer, section, embargo):
    story = submit_embargoed(client, editor, section, embargo)
    mail.outbox.clear()
    approve(client, reviewer, story)
    [message] = mail.outbox
    assert message.to == [editor.email]
    assert f"scheduled to go live at {embargo:%-d %B %Y, %H:%M}" in message.body
    assert "You can view the page here" not in message.body


def test_an_approved_embargoed_story_cannot_change_without_a_new_approval(client, editor, reviewer, section, embargo):
    story = submit_embargoed(client, editor, section, embargo)
    approve(client, reviewer, story)
    scheduled = ArticlePage.objects.get(pk=story.pk).scheduled_revision

    # Wagtail locks a scheduled story: the editor's change is refused, not slipped in.
    client.force_login(editor)
    response = client.post(edit_url(story), story_form(title="Bridge reopens, unapproved headline"))
    assert "The page could not be saved as it is locked." in response.content.decode()
    assert story.revisions.latest("created_at") == scheduled
    # Nor may the editor lift the schedule.
    unschedule_url = f"/admin/pages/{story.pk}/revisions/{scheduled.pk}/unschedule/"
    response = client.post(unschedule_url)
    assert (response.status_code, response.url) == (302, "/admin/")
    assert ArticlePage.objects.get(pk=story.pk).scheduled_revision == scheduled

    # A reviewer lifts it; the edit then needs approval again.
    client.force_login(reviewer)
    client.post(unschedule_url)
    assert ArticlePage.objects.get(pk=story.pk).scheduled_revision is None
    client.force_login(editor)
    client.post(edit_url(story), {**story_form(title="Bridge reopens, new headline"), **SUBMIT})
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.current_workflow_state.status == "in_progress"
    assert not story.live

    with time_machine.travel(embargo + timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert not ArticlePage.objects.get(pk=story.pk).live
