"""The "Upcoming" admin view: scheduled and waiting stories by day, linking to their editors, for admin users only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticlePageFactory
from tests.news.workflow_fixtures import edit_url

pytestmark = pytest.mark.django_db

UPCOMING = "/admin/upcoming/"


def waiting_story(section, editor, title, slug, go_live_at=None):
    story = ArticlePageFactory(parent=section, title=title, slug=slug, live=False)
    story.go_live_at = go_live_at
    story.save_revision(user=editor)
    story.get_workflow().start(story, editor)
    return story


def scheduled_story(section, editor, reviewer, title, slug, go_live_at):
    story = ArticlePageFactory(parent=section, title=title, slug=slug, live=False)
    story.go_live_at = go_live_at
    story.save_revision(user=editor)
    state = story.get_workflow().start(story, editor)
    state.current_task_state.approve(user=reviewer)
    return story


@pytest.fixture
def tomorrow_at_seven():
    return (timezone.localtime() + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)


def test_upcoming_lists_scheduled_and_waiting_stories_by_day_with_links_to_their_editors(
    client, editor, reviewer, section, tomorrow_at_seven
):
    waiting = waiting_story(section, editor, "Council budget vote delayed", "council-budget")
    scheduled = scheduled_story(
        section, editor, reviewer, "Observatory opens its archive", "observatory", tomorrow_at_seven
    )
    later = scheduled_story(
        section, editor, reviewer, "Festival line-up announced", "festival", tomorrow_at_seven + timedelta(days=2)
    )

    client.force_login(editor)
    response = client.get(UPCOMING)
    assert response.status_code == 200
    content = response.content.decode()

    scheduled_days = response.context["scheduled_days"]
    assert [day.day for day in scheduled_days] == [
        tomorrow_at_seven.date(),
        tomorrow_at_seven.date() + timedelta(days=2),
    ]
    assert [[s.title for s in day.stories] for day in scheduled_days] == [
        ["Observatory opens its archive"],
        ["Festival line-up announced"],
    ]
    [today] = response.context["waiting_days"]
    assert today.day == timezone.localdate()
    assert [s.title for s in today.stories] == ["Council budget vote delayed"]
    assert today.stories[0].who == "Eddie Writer"
    assert today.stories[0].section == "World News"

    for story in (waiting, scheduled, later):
        assert f'href="{edit_url(story)}"' in content
    assert "goes live 07:00" in content
    assert tomorrow_at_seven.strftime("%A %-d %B %Y") in content


def test_upcoming_is_in_the_admin_menu_for_editors_and_reviewers(client, editor, reviewer):
    for user in (editor, reviewer):
        client.force_login(user)
        # The sidebar is drawn from JSON props: look for the item's label and URL there.
        content = client.get("/admin/").content.decode()
        assert '"name": "upcoming", "label": "Upcoming"' in content
        assert '"url": "/admin/upcoming/"' in content


def test_upcoming_says_when_nothing_is_planned(client, reviewer):
    client.force_login(reviewer)
    content = client.get(UPCOMING).content.decode()
    assert "Nothing is scheduled." in content
    assert "No story is waiting for review." in content


def test_upcoming_is_for_admin_users_only(client, django_user_model, section, editor):
    waiting_story(section, editor, "Council budget vote delayed", "council-budget")

    response = client.get(UPCOMING)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")

    reader = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(reader)
    response = client.get(UPCOMING)
    assert response.status_code == 302
    assert "Council budget vote delayed" not in response.content.decode()


def test_stories_no_longer_waiting_or_scheduled_leave_the_list(client, editor, reviewer, section, tomorrow_at_seven):
    story = waiting_story(section, editor, "Council budget vote delayed", "council-budget")
    story.current_workflow_state.cancel(user=editor)
    client.force_login(reviewer)
    response = client.get(UPCOMING)
    assert response.context["waiting_days"] == []


def test_upcoming_reads_the_same_number_of_queries_for_one_story_or_many(
    client, editor, reviewer, section, tomorrow_at_seven
):
    waiting_story(section, editor, "Story 0", "story-0")
    scheduled_story(section, editor, reviewer, "Scheduled 0", "scheduled-0", tomorrow_at_seven)
    client.force_login(reviewer)
    client.get(UPCOMING)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as few:
        client.get(UPCOMING)

    for n in range(1, 6):
        waiting_story(section, editor, f"Story {n}", f"story-{n}")
        scheduled_story(
            section, editor, reviewer, f"Scheduled {n}", f"scheduled-{n}", tomorrow_at_seven + timedelta(days=n)
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(UPCOMING)
    assert sum(len(day.stories) for day in response.context["waiting_days"]) == 6
    assert len(many) == len(few)
    print(f"Upcoming view: {len(many)} queries with 6 waiting and 6 scheduled stories")


def test_a_waiting_story_shows_when_its_editor_wants_it_live(client, editor, section, tomorrow_at_seven):
    waiting_story(section, editor, "Council budget vote delayed", "council-budget", go_live_at=tomorrow_at_seven)
    client.force_login(editor)
    [today] = client.get(UPCOMING).context["waiting_days"]
    assert today.stories[0].note == f"Reviewer approval · wants to go live {tomorrow_at_seven:%-d %b} 07:00"


def test_a_new_version_of_a_live_story_is_marked_as_replacing_it(client, editor, reviewer, article, tomorrow_at_seven):
    article.go_live_at = tomorrow_at_seven
    article.title = "Bridge reopens after flood, updated"
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor).current_task_state.approve(user=reviewer)
    client.force_login(reviewer)
    [day] = client.get(UPCOMING).context["scheduled_days"]
    [story] = day.stories
    assert (story.title, story.note) == ("Bridge reopens after flood, updated", "replaces the live version")


def test_a_submitter_who_has_left_is_named_as_such(client, editor, reviewer, section):
    waiting_story(section, editor, "Council budget vote delayed", "council-budget")
    editor.delete()
    client.force_login(reviewer)
    [today] = client.get(UPCOMING).context["waiting_days"]
    assert today.stories[0].who == "someone no longer on staff"


def test_a_workflow_record_for_a_page_that_is_gone_is_skipped(client, editor, reviewer, section):
    from wagtail.models import Workflow, WorkflowState, get_default_page_content_type

    story = waiting_story(section, editor, "Council budget vote delayed", "council-budget")
    page_type = get_default_page_content_type()
    WorkflowState.objects.create(
        content_type=page_type,
        base_content_type=page_type,
        object_id="987654",
        workflow=Workflow.objects.get(name="Editorial review"),
        requested_by=editor,
    )
    client.force_login(reviewer)
    response = client.get(UPCOMING)
    assert response.status_code == 200
    [today] = response.context["waiting_days"]
    assert [s.page_id for s in today.stories] == [story.pk]
