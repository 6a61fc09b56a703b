"""Journey 1: an editor writes a story in the page editor and submits it for review."""

import pytest
from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.page_editor import PageEditor

pytestmark = pytest.mark.browser

HEADLINE = "Night ferry returns to the outer islands"
DEK = "After two winters without it, the last boat of the day is back on the timetable."


def test_editor_writes_previews_saves_and_submits_a_story_readers_cannot_see_yet(
    newsroom, editor_tab, reader, screenshots
):
    story_editor = PageEditor(editor_tab)
    story_editor.start_article(newsroom.home.title, "World News")
    story_editor.fill_headline(HEADLINE)
    story_editor.fill_dek(DEK)
    story_editor.add_paragraph("The operator confirmed the 22:40 sailing will run every night from March.")
    story_editor.add_heading("What islanders say")
    story_editor.add_photo("Harbour at dawn", "The harbour before the first sailing.")
    story_editor.add_tags("ferries", "outer islands")
    screenshots(editor_tab, "page-editor")

    story_editor.preview_shows("What islanders say")

    # Autosave is off for stories, so previewing stores nothing: the first save creates the draft.
    story_editor.save_draft()
    expect(editor_tab.get_by_role("status").get_by_text(f"Page '{HEADLINE}' created.")).to_be_visible()
    expect(story_editor.status_panel().get_by_role("heading", name="Draft")).to_be_visible()

    story_editor.submit_for_review()
    expect(
        editor_tab.get_by_role("status").get_by_text(f"Submitted for review: “{HEADLINE}” now waits for a reviewer.")
    ).to_be_visible()
    story_editor.open_story(HEADLINE)
    expect(story_editor.status_panel().get_by_role("heading", name="In review")).to_be_visible()

    story = ArticlePage.objects.get(title=HEADLINE)
    assert not story.live
    draft = story.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["paragraph", "heading", "image"]
    assert sorted(tag.name for tag in draft.tags.all()) == ["ferries", "outer islands"]

    reader.goto(f"/world-news/{story.slug}/")
    expect(reader.get_by_role("heading", name="Page not found")).to_be_visible()
    reader.goto("/world-news/")
    expect(reader.get_by_role("heading", name="World News")).to_be_visible()
    expect(reader.get_by_text(HEADLINE)).to_have_count(0)
