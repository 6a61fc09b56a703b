"""A partner's correction to a story readers have seen: a draft with a proposed "Update" note, for review.

And the import's record of what the story carries follows the revision
under review: text saved over the partner's correction does not leave the
feed item marked "unchanged".
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from corrections.models import NoteKind, StoryNote
from news.intake.ingest import import_feed
from news.models import ArticlePage
from tests.news.workflow_fixtures import edit_url, workflow_action_url

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
FIRST = str(FEEDS / "coastline_rss.xml")
CORRECTED = str(FEEDS / "coastline_rss_updated.xml")
NOTE = "This story was updated with changes from Coastline Chronicle, which first published it."


def loaded_revision(client, story) -> dict:
    html = client.get(edit_url(story)).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def approve(client, story):
    """The reviewer opens the story and approves what they read (the dashboard's approve, naming the version)."""
    response = client.post(workflow_action_url(story, "approve"), {"comment": "", **loaded_revision(client, story)})
    assert response.status_code == 302
    return ArticlePage.objects.get(pk=story.pk)


def under_review(story):
    return ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()


@pytest.fixture
def live_partner_story(client, partner, editor, reviewer):
    import_feed(partner, FIRST, user=editor)
    story = ArticlePage.objects.get(partner=partner, title="Harbour dredging & the fishing fleet")
    client.force_login(reviewer)
    story = approve(client, story)
    assert story.live and not StoryNote.objects.filter(story=story).exists()
    return story


def test_a_partner_correction_to_a_live_story_proposes_an_update_note_that_readers_see_once_approved(
    client, partner, editor, live_partner_story
):
    story = live_partner_story
    report = import_feed(partner, CORRECTED, user=editor)
    assert report.updated_count == 1

    # The reviewer finds the correction with a proposed "Update" note; readers see neither yet.
    draft = under_review(story)
    assert draft.title == "Harbour dredging delayed to July"
    [note] = draft.notes.all()
    assert (note.kind, note.text) == (NoteKind.UPDATE, NOTE)
    assert not StoryNote.objects.filter(story=story).exists()
    assert NOTE not in client.get("/corrections/").content.decode()
    assert "Update" in client.get(edit_url(story)).content.decode()

    # Importing the same correction again proposes nothing more.
    assert import_feed(partner, CORRECTED, user=editor).updated_count == 0
    assert len(under_review(story).notes.all()) == 1

    story = approve(client, story)
    assert story.title == "Harbour dredging delayed to July"
    [published] = StoryNote.objects.filter(story=story)
    assert (published.kind, published.text) == (NoteKind.UPDATE, NOTE)
    client.logout()
    reader_page = BeautifulSoup(client.get(story.url).content, "html.parser").get_text(" ")
    assert NOTE in reader_page
    assert NOTE in BeautifulSoup(client.get("/corrections/").content, "html.parser").get_text(" ")


def test_a_story_never_published_gets_the_correction_without_a_note(partner, editor):
    import_feed(partner, FIRST, user=editor)
    story = ArticlePage.objects.get(partner=partner, title="Harbour dredging & the fishing fleet")
    import_feed(partner, CORRECTED, user=editor)
    draft = under_review(story)
    assert draft.title == "Harbour dredging delayed to July"
    assert list(draft.notes.all()) == []


def test_text_saved_over_the_partner_correction_does_not_leave_the_item_marked_unchanged(
    client, partner, editor, reviewer, live_partner_story
):
    story = live_partner_story
    before = story.get_latest_revision()
    import_feed(partner, CORRECTED, user=editor)
    assert under_review(story).title == "Harbour dredging delayed to July"

    # The version from before the correction is saved again on top of it (a restored revision).
    before.as_object().save_revision(user=reviewer, log_action=True)
    assert under_review(story).title == "Harbour dredging & the fishing fleet"

    # The next import sees that the story under review lacks the correction and proposes it again.
    report = import_feed(partner, CORRECTED, user=editor)
    assert report.updated_count == 1
    draft = under_review(story)
    assert draft.title == "Harbour dredging delayed to July"
    assert [note.text for note in draft.notes.all()] == [NOTE]

    # An editor's own fix made on top of the correction is kept: the item stays unchanged.
    draft.dek = "An editor's clearer summary."
    draft.save_revision(user=editor)
    assert import_feed(partner, CORRECTED, user=editor).updated_count == 0
    assert under_review(story).dek == "An editor's clearer summary."
