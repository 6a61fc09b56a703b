"""Journey 4: a partner's story credits the partner under its licence; one of ours can be republished by copying its HTML."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OUR_STORY = "Ferry timetable change number 1 splits island towns"


def test_syndicated_story_credits_its_partner_and_shows_the_partners_licence(newsroom, reader):
    story = newsroom.syndicated_story
    reader.goto("/world-news/")
    reader.get_by_role("link", name=story.title).first.click()

    expect(reader.get_by_role("heading", level=1)).to_have_text(story.title)
    expect(reader.locator(".story__byline")).to_contain_text("By Coastline Chronicle staff")
    origin = reader.get_by_text("Originally published by Coastline Chronicle")
    expect(origin).to_be_visible()
    expect(origin.get_by_role("link", name="Coastline Chronicle")).to_have_attribute("href", story.original_url)
    notice = reader.get_by_role("complementary", name="Licensing")
    expect(notice).to_contain_text(
        "This content created by the Coastline Chronicle is available without charge to any eligible news publisher."
    )
    expect(notice).to_contain_text("For licensing opportunities contact licensing@coastline.example")
    expect(notice.get_by_role("link", name="Full licence terms: Coastline Chronicle licence")).to_be_visible()
    # A partner's story is theirs to license: we do not offer it for republishing.
    expect(reader.get_by_text("Republish this story", exact=True)).to_have_count(0)


def test_republisher_copies_the_html_of_one_of_our_stories(newsroom, new_context, site_url):
    republisher = new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    republisher.goto("/world-news/")
    republisher.get_by_role("link", name=OUR_STORY).first.click()
    story_url = republisher.url

    republisher.get_by_text("Republish this story", exact=True).click()
    expect(republisher.get_by_role("link", name="Republish our journalism").first).to_be_visible()
    # The button says "Copied" for a moment once the HTML is on the clipboard.
    copy_button = republisher.get_by_role("button", name=re.compile(r"^(Copy the HTML|Copied)$"))
    expect(copy_button).to_have_text("Copy the HTML")
    copy_button.click()
    expect(copy_button).to_have_text("Copied")

    copied = republisher.evaluate("navigator.clipboard.readText()")
    assert copied == republisher.get_by_label("HTML of the story, to paste into your page").input_value()
    assert f"<h1>{OUR_STORY}</h1>" in copied
    assert "By Ana Ruiz" in copied
    assert "<p>The ferry operator published the winter timetable on Monday.</p>" in copied
    assert f'This story was first published by <a href="{story_url}">The Masthead Times</a>' in copied
    assert f'<a href="{site_url}/republishing-licence/">Republish our journalism</a>' in copied
