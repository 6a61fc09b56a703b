"""What a person does in Wagtail's page editor, in their words, for the journeys to read plainly.

Selectors follow what the person sees: labels, button names, block names
in the block picker. Where Wagtail gives a control no accessible name (the
StreamField "+" button), its title attribute is used.
"""

import re

from playwright.sync_api import Page, expect


class PageEditor:
    def __init__(self, page: Page):
        self.page = page

    def explore(self, *titles):
        """Through the page explorer, from the top of the tree down the pages with these titles."""
        page = self.page
        page.goto("/admin/pages/")
        for title in titles:
            # The explorer opens at the highest page this person may edit, which may be one of `titles`.
            if page.get_by_role("heading", name=title, level=1).count():
                continue
            page.get_by_role("link", name=f"Explore child pages of '{title}'").click()
            expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()

    def dashboard_panel(self, heading):
        """A panel of the admin dashboard, e.g. "Awaiting your review"."""
        self.page.goto("/admin/")
        return self.page.get_by_role("region", name=heading)

    def upcoming_waiting(self):
        """The "Waiting for review" part of the Upcoming view, reached from the admin menu."""
        self.page.goto("/admin/")
        self.page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Upcoming").click()
        return self.page.get_by_role("region", name="Waiting for review")

    def start_article(self, *section_path):
        """A new story in the section reached through `section_path` (e.g. "Home", "World News")."""
        self.explore(*section_path)
        self.page.get_by_role("link", name="Add child page").first.click()
        expect(self.page.get_by_role("navigation", name="Breadcrumb").get_by_text("New: Article")).to_be_visible()

    def open_story(self, headline):
        self.page.get_by_role("link", name=headline).first.click()
        expect(self.page.locator("#id_title")).to_have_value(headline)

    def fill_headline(self, headline):
        self.page.get_by_placeholder("Headline*").fill(headline)

    def fill_dek(self, dek):
        self.page.get_by_role("textbox", name="Dek").fill(dek)

    def _insert_block(self, block_name):
        """Opens the last "+" in the body and picks a block by the name the picker shows."""
        body = self.page.locator("#panel-child-content-body-section")
        body.get_by_title("Insert a block").last.click()
        self.page.get_by_role("option", name=block_name).click()

    def add_paragraph(self, text):
        self._insert_block("Paragraph")
        editor = self.page.locator("#panel-child-content-body-section [role='textbox']").last
        editor.click()
        editor.type(text)

    def add_heading(self, text):
        self._insert_block("Heading")
        self.page.locator("#panel-child-content-body-section").get_by_role("textbox", name="Text").last.fill(text)

    def add_photo(self, image_title, caption):
        self._insert_block("Image")
        body = self.page.locator("#panel-child-content-body-section")
        body.get_by_role("button", name="Choose an image").last.click()
        modal = self.page.locator(".modal-dialog")
        modal.get_by_role("link", name=image_title).first.click()
        expect(modal).to_be_hidden()
        body.get_by_role("textbox", name="Caption").last.fill(caption)

    def add_tags(self, *tags):
        field = self.page.locator("#panel-child-content-child-listing-child-tags-wrapper input.ui-widget-content")
        for tag in tags:
            field.fill(tag)
            field.press("Enter")

    def preview_shows(self, text):
        """Opens the side-panel preview and waits until the rendered story shows `text`."""
        self.page.get_by_role("button", name="Toggle preview").click()
        frame = self.page.frame_locator("#w-preview-iframe")
        expect(frame.get_by_text(text).first).to_be_visible()

    def save_draft(self):
        self.page.get_by_role("button", name="Save draft").click()

    def more_actions(self):
        """The arrow beside "Save draft", which opens the other actions (submit, publish...)."""
        self.page.locator("footer .w-dropdown__toggle").click()

    def submit_for_review(self):
        self.more_actions()
        self.page.get_by_role("button", name=re.compile(r"^(Submit to|Resubmit to)")).click()

    def request_changes(self, comment):
        """Sends the story back to its editor, with a comment, from the footer's review actions."""
        self.more_actions()
        self.page.get_by_role("button", name="Request changes", exact=True).click()
        dialog = self.page.get_by_role("dialog")
        dialog.get_by_role("textbox", name="Comment").fill(comment)
        dialog.get_by_role("button", name="Request changes", exact=True).click()

    def approve(self):
        """Approves the review step: "Approve and publish now", or "Approve and schedule for ..." with a go-live time."""
        self.more_actions()
        self.page.get_by_role("button", name=re.compile(r"^Approve and (publish now|schedule for .*)$")).click()

    def schedule(self, go_live):
        """Sets the go-live time in the status panel's schedule dialog and saves it ("Save schedule" saves the story)."""
        panel = self.status_panel()
        panel.get_by_role("button", name=re.compile(r"^(Set|Edit) schedule$")).click()
        dialog = self.page.get_by_role("dialog")
        field = dialog.get_by_label("Go live date/time")
        field.fill(go_live)
        # The date picker opened by typing stays over the button; the click goes to the button itself.
        dialog.get_by_role("button", name="Save schedule").dispatch_event("click")

    def changes_requested_banner(self):
        """The message the writer's edit page opens with while a reviewer's request for changes stands."""
        return self.page.get_by_role("status").filter(has_text="Changes requested by")

    def workflow_status(self):
        """The dialog that lists the review steps and the reviewers' comments."""
        self.status_panel().get_by_role("button", name="View details").click()
        return self.page.get_by_role("dialog")

    def close_dialog(self):
        self.page.get_by_role("dialog").get_by_role("button", name="Close dialog").click()

    def status_panel(self):
        """The side panel that says Live, Draft or In review (opened if closed)."""
        toggle = self.page.get_by_role("button", name="Toggle status")
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        return self.page.locator("[data-side-panel='status']")
