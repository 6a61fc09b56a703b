"""The search box: an accessible combobox of headline suggestions with the script, a plain search input without it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_reader_chooses_a_suggestion_with_the_keyboard(newsroom, reader):
    reader.goto("/")
    box = reader.get_by_role("combobox", name="Search stories")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    expect(box).to_have_attribute("aria-expanded", "false")
    listbox_id = box.get_attribute("aria-controls")
    box.press_sequentially("ferr", delay=60)
    options = reader.locator(f"#{listbox_id}").get_by_role("option")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_be_focused()
    headline = second.inner_text()
    box.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_have_text(headline)


def test_without_javascript_the_box_is_a_plain_search_input(newsroom, new_context):
    reader = new_context(java_script_enabled=False).new_page()
    reader.goto("/")
    box = reader.get_by_role("searchbox", name="Search stories")
    expect(box).to_be_visible()
    for attribute in ("role", "aria-expanded", "aria-controls"):
        assert box.get_attribute(attribute) is None, attribute
    box.fill("ferry")
    box.press("Enter")
    expect(reader.get_by_role("heading", name="Search", level=1)).to_be_visible()
