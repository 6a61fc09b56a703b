"""Journey 3: a reader searches from the search box, narrows to a section, pages through, opens a story, returns to the top."""

import pytest
from playwright.sync_api import expect

from tests.browser.newsroom import WORLD_FERRY_STORIES

pytestmark = pytest.mark.browser

RESULTS_PER_PAGE = 20


def test_reader_gets_suggestions_searches_filters_pages_opens_a_story_and_returns_to_the_top(
    newsroom, reader, screenshots
):
    reader.goto("/")
    # With the suggestions script running, the search box is an ARIA combobox.
    search_box = reader.get_by_role("combobox", name="Search stories")
    search_box.press_sequentially("fer", delay=60)
    suggestions = reader.get_by_role("listbox", name="Suggested stories")
    expect(suggestions.get_by_role("option").first).to_contain_text("ferry", ignore_case=True)
    expect(search_box).to_have_attribute("aria-expanded", "true")
    search_box.press("ArrowDown")
    first = suggestions.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(search_box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    search_box.press("Escape")
    expect(search_box).to_have_attribute("aria-expanded", "false")
    expect(suggestions).to_be_hidden()

    search_box.press_sequentially("ry", delay=60)
    search_box.press("Enter")
    expect(reader.get_by_role("heading", name="Search", level=1)).to_be_visible()
    expect(reader.get_by_text("stories for “ferry”")).to_be_visible()

    filters = reader.locator("form.search-filters")
    filters.get_by_label("Section").select_option(label="World News")
    filters.get_by_role("button", name="Search").click()
    expect(reader.get_by_text(f"{WORLD_FERRY_STORIES} stories for “ferry” in World News")).to_be_visible()
    results = reader.get_by_role("main").get_by_role("listitem")
    expect(results).to_have_count(RESULTS_PER_PAGE)
    for section_label in reader.locator(".search-result .card__section").all_inner_texts():
        assert section_label.casefold() == "world news"
    expect(reader.get_by_text("Page 1 of 2")).to_be_visible()
    screenshots(reader, "search")

    reader.get_by_role("navigation", name="Pages").get_by_role("link", name="Older").click()
    expect(reader.get_by_text("Page 2 of 2")).to_be_visible()
    expect(reader.get_by_text(f"{WORLD_FERRY_STORIES} stories for “ferry” in World News")).to_be_visible()
    expect(results).to_have_count(WORLD_FERRY_STORIES - RESULTS_PER_PAGE)
    expect(reader.get_by_role("link", name="Newer")).to_be_visible()

    story_link = reader.locator(".search-result__headline a").first
    headline = story_link.inner_text()
    story_link.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(headline)

    masthead = reader.get_by_role("link", name="The Masthead Times", exact=True)
    reader.get_by_role("contentinfo").scroll_into_view_if_needed()
    expect(masthead).not_to_be_in_viewport()
    reader.locator("main").get_by_role("link", name="Back to top").click()
    expect(masthead).to_be_in_viewport()
