"""Nobody's words are lost: saves and approvals made from an older version of a story are refused on the server.

Each case is what two people (or a person and a partner's feed) did in real
editor sessions: both open the story, one saves, the other presses a button on
the page they loaded earlier.
"""

import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from wagtail.models import WorkflowState

from news.intake.ingest import import_feed
from news.models import ArticlePage
from tests.news.workflow_fixtures import SUBMIT, add_url, edit_url, story_form, workflow_action_url

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
APPROVE_IN_EDITOR = {"action-workflow-action": "true", "workflow-action-name": "approve"}


def loaded_revision(client, story) -> dict:
    """Open the story in the editor as a person would, and return the hidden fields naming the version loaded."""
    html = client.get(edit_url(story)).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def text_of(story) -> str:
    return ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object().title


def message_texts(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(client, editor, section):
    client.force_login(editor)
    client.post(add_url(section), story_form())
    client.logout()
    return ArticlePage.objects.get(slug="bridge-reopens")


def test_the_second_of_two_editors_saving_the_same_story_is_refused_and_nothing_is_lost(
    client, editor, other_editor, draft
):
    client.force_login(editor)
    eddies_form = loaded_revision(client, draft)
    client.force_login(other_editor)
    erins_form = loaded_revision(client, draft)

    # Erin saves first: her fix is the latest version.
    response = client.post(edit_url(draft), {**story_form(title="Bridge reopens after two-week closure"), **erins_form})
    assert response.status_code == 302
    assert text_of(draft) == "Bridge reopens after two-week closure"

    # Eddie saves from the page he opened before Erin's save: refused, with who and a link to compare.
    client.force_login(editor)
    revisions_before = draft.revisions.count()
    response = client.post(edit_url(draft), {**story_form(title="Bridge reopens on Monday"), **eddies_form})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not saved: Erin Writer saved a newer version of this story" in page
    latest_id = ArticlePage.objects.get(pk=draft.pk).latest_revision_id
    assert f"/admin/pages/{draft.pk}/revisions/compare/{eddies_form['loaded_revision_id']}...{latest_id}/" in page
    # Eddie's words are still in his form; Erin's are still the story's.
    assert 'value="Bridge reopens on Monday"' in page
    assert text_of(draft) == "Bridge reopens after two-week closure"
    assert draft.revisions.count() == revisions_before

    # Pressing the button again from the same page cannot overwrite Erin's version either.
    assert f'name="loaded_revision_id" value="{eddies_form["loaded_revision_id"]}"' in page
    response = client.post(edit_url(draft), {**story_form(title="Bridge reopens on Monday"), **eddies_form})
    assert response.status_code == 409
    assert text_of(draft) == "Bridge reopens after two-week closure"

    # Opened afresh, his save goes through.
    response = client.post(
        edit_url(draft), {**story_form(title="Bridge reopens on Monday"), **loaded_revision(client, draft)}
    )
    assert response.status_code == 302
    assert text_of(draft) == "Bridge reopens on Monday"


def test_submitting_from_an_out_of_date_page_is_refused_too(client, editor, other_editor, draft):
    client.force_login(editor)
    eddies_form = loaded_revision(client, draft)
    client.force_login(other_editor)
    client.post(edit_url(draft), {**story_form(title="Erin's headline"), **loaded_revision(client, draft)})

    client.force_login(editor)
    response = client.post(edit_url(draft), {**story_form(), **eddies_form, **SUBMIT})
    assert response.status_code == 409
    draft.refresh_from_db()
    assert not draft.workflow_in_progress
    assert text_of(draft) == "Erin's headline"


def syndicated_form(story, **fields):
    return story_form(
        title=story.title,
        slug=story.slug,
        origin="syndicated",
        partner=str(story.partner_id),
        original_url=story.original_url,
        licensing_notice=str(story.licensing_notice_id),
        byline=story.byline,
        **fields,
    )


@pytest.fixture
def partner_story_in_review(partner, editor):
    import_feed(partner, str(FEEDS / "coastline_rss.xml"), user=editor)
    story = ArticlePage.objects.filter(partner=partner).order_by("pk").first()
    assert story.workflow_in_progress
    return story


def test_approving_in_the_editor_after_a_partner_correction_is_refused_and_the_correction_goes_live(
    client, reviewer, editor, partner, partner_story_in_review
):
    story = partner_story_in_review
    client.force_login(reviewer)
    reviewers_form = loaded_revision(client, story)

    # The partner corrects the story while the reviewer has it open.
    import_feed(partner, str(FEEDS / "coastline_rss_updated.xml"), user=editor)
    assert text_of(story) == "Harbour dredging delayed to July"

    response = client.post(edit_url(story), {**syndicated_form(story), **reviewers_form, **APPROVE_IN_EDITOR})
    assert response.status_code == 409
    assert "Not saved:" in response.content.decode()
    story.refresh_from_db()
    assert not story.live
    assert text_of(story) == "Harbour dredging delayed to July"
    assert story.current_workflow_task_state.status == "in_progress"

    # Reopened, the reviewer reads the correction and approves it: the partner's corrected text is what goes live.
    fresh = loaded_revision(client, story)
    current = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()
    response = client.post(edit_url(story), {**syndicated_form(current), **fresh, **APPROVE_IN_EDITOR})
    assert response.status_code == 302
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.live
    assert story.title == "Harbour dredging delayed to July"

    # The next import finds the feed item unchanged because the live story already carries it.
    report = import_feed(partner, str(FEEDS / "coastline_rss_updated.xml"), user=editor)
    assert report.updated_count == 0
    assert ArticlePage.objects.get(pk=story.pk).title == "Harbour dredging delayed to July"


def test_approving_from_the_dashboard_after_a_partner_correction_asks_the_reviewer_to_read_it_first(
    client, reviewer, editor, partner, partner_story_in_review
):
    story = partner_story_in_review
    import_feed(partner, str(FEEDS / "coastline_rss_updated.xml"), user=editor)

    client.force_login(reviewer)
    response = client.post(workflow_action_url(story, "approve"), {"comment": ""})
    assert (response.status_code, response.url) == (302, edit_url(story))
    [refusal] = message_texts(response)
    assert "Not approved: " in refusal and "after the version you reviewed" in refusal
    story.refresh_from_db()
    assert not story.live
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # Approving the version the reviewer has now opened goes through and publishes the correction.
    response = client.post(workflow_action_url(story, "approve"), {"comment": "", **loaded_revision(client, story)})
    assert response.status_code == 302
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.live
    assert story.title == "Harbour dredging delayed to July"


def test_starting_a_story_abandoning_it_and_starting_it_again_with_the_same_headline_works(client, editor, section):
    client.force_login(editor)
    # Opening the new-story form stores nothing: no draft is made until the writer saves.
    page = client.get(add_url(section)).content.decode()
    assert "data-w-autosave-interval-value" not in page
    assert not ArticlePage.objects.exists()

    # Abandoned; started again with the same headline, it saves.
    response = client.post(add_url(section), story_form())
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="bridge-reopens").title == "Bridge reopens after flood"


def test_a_second_story_with_the_same_address_is_refused_in_plain_words(client, editor, draft, section):
    client.force_login(editor)
    response = client.post(add_url(section), story_form())
    assert response.status_code == 200
    assert (
        "Another page in this section already has the address “bridge-reopens”, perhaps an earlier draft of this "
        "story: open that one from the section&#x27;s page list, or give this story a different slug on the Promote tab."
    ) in response.content.decode()
    assert ArticlePage.objects.count() == 1
