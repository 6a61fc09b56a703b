"""The Content-Security-Policy breaks nothing: Chromium reports no violation while a reader reads
the front page and a story (with its JSON-LD), gets search suggestions, and an editor works in
the page editor with its preview.

Chromium writes every blocked script, style, frame or connection to the console ("Refused to
...", "violates the following Content Security Policy directive"), and fires a
`securitypolicyviolation` event in the page or frame; both are collected for each tab, frames
(the editor's preview panel) included. A header Chromium cannot read (an unknown
Permissions-Policy feature) is written to the console too, and counts as a failure.
"""

import json

import pytest
from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.conftest import log_in
from tests.browser.page_editor import PageEditor

pytestmark = pytest.mark.browser

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""
SIGNS_OF_A_POLICY_PROBLEM = ("Content Security Policy", "CSP violation", "Permissions-Policy", "Permissions policy")


def watched(page):
    """The tab, with every console message about the security headers collected in `page.policy_problems`."""
    page.policy_problems = []
    page.add_init_script(REPORT_VIOLATIONS)

    def read(message):
        if any(sign in message.text for sign in SIGNS_OF_A_POLICY_PROBLEM):
            page.policy_problems.append(f"{page.url}: {message.text}")

    page.on("console", read)
    return page


def json_ld_blocks(page):
    """Every JSON-LD block on the page, parsed as a search engine would."""
    return [json.loads(text) for text in page.locator('script[type="application/ld+json"]').all_text_contents()]


def test_readers_pages_suggestions_and_json_ld_work_under_the_policy(newsroom, new_context):
    reader = watched(new_context().new_page())

    response = reader.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    front_page_data = json_ld_blocks(reader)
    assert front_page_data, "the front page has its Organization and WebSite JSON-LD"

    # The suggestions script turns the search box into a combobox: it ran under the policy.
    search_box = reader.get_by_role("combobox", name="Search stories")
    search_box.press_sequentially("fer", delay=60)
    suggestions = reader.get_by_role("listbox", name="Suggested stories")
    expect(suggestions.get_by_role("option").first).to_contain_text("ferry", ignore_case=True)

    search_box.press("ArrowDown")
    search_box.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("ferry", ignore_case=True)
    story_data = json_ld_blocks(reader)
    assert any(block.get("@type") == "NewsArticle" for block in story_data), story_data

    reader.goto("/search/?q=ferry")
    expect(reader.get_by_role("heading", name="Search", level=1)).to_be_visible()
    search_box = reader.get_by_role("combobox", name="Search stories").first
    search_box.fill("")
    search_box.press_sequentially("ferr", delay=60)
    expect(reader.get_by_role("listbox", name="Suggested stories").get_by_role("option").first).to_be_visible()
    reader.wait_for_load_state("networkidle")

    assert reader.policy_problems == []


def test_the_page_editor_and_its_preview_work_under_the_admin_policy(newsroom, new_context, editor_account):
    story = ArticlePage.objects.child_of(newsroom.world).live().order_by("title").first()
    editor = watched(new_context().new_page())
    log_in(editor, editor_account)
    story_editor = PageEditor(editor)

    story_editor.explore(newsroom.home.title, "World News")
    story_editor.open_story(story.title)
    story_editor.add_paragraph("The harbour master lit the first lamp at dusk.")
    story_editor.add_heading("Who pays for the lamps")
    story_editor.add_tags("harbour")
    story_editor.preview_shows("Who pays for the lamps")
    story_editor.save_draft()
    expect(editor.get_by_role("status").get_by_text(f"Page '{story.title}' has been updated.")).to_be_visible()
    editor.wait_for_load_state("networkidle")

    assert editor.policy_problems == []
