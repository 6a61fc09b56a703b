"""Journey 3: a reader searches, pages through the results, opens a story and goes back to the top."""

import pytest
from playwright.sync_api import expect

from tests.browser.newsroom import POLITICS_FERRY_STORIES, WORLD_FERRY_STORIES

pytestmark = pytest.mark.browser


def test_reader_searches_pages_through_results_opens_a_story_and_returns_to_the_top(newsroom, reader, screenshots):
    reader.goto("/")
    search_box = reader.get_by_role("searchbox", name="Search stories")
    search_box.fill("ferry")
    search_box.press("Enter")

    total = WORLD_FERRY_STORIES + POLITICS_FERRY_STORIES
    expect(reader.get_by_role("heading", name="Search", level=1)).to_be_visible()
    expect(reader.get_by_text(f"{total} results for “ferry”")).to_be_visible()
    expect(reader.get_by_role("searchbox", name="Search stories")).to_have_value("ferry")
    results = reader.locator("main .card__headline a")
    expect(results).to_have_count(20)
    expect(reader.get_by_text("Page 1 of 2")).to_be_visible()
    screenshots(reader, "search")

    reader.get_by_role("navigation", name="Pages").get_by_role("link", name="Older").click()
    expect(reader.get_by_text("Page 2 of 2")).to_be_visible()
    expect(results).to_have_count(total - 20)
    expect(reader.get_by_role("link", name="Newer")).to_be_visible()

    headline = results.first.inner_text()
    results.first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(headline)

    masthead = reader.get_by_role("link", name="The Masthead Times", exact=True)
    reader.get_by_role("contentinfo").scroll_into_view_if_needed()
    expect(masthead).not_to_be_in_viewport()
    reader.locator("main").get_by_role("link", name="Back to top").click()
    expect(masthead).to_be_in_viewport()
