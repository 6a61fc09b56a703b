"""Journey 2: a reviewer sends a story back with a comment, the editor revises it, the reviewer approves it
and readers find it on the section page, the front page and its own page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import ArticlePage, ArticlePageAuthor
from news.workflow.wording import go_live_wording
from tests.browser.page_editor import PageEditor

pytestmark = pytest.mark.browser

HEADLINE = "Night ferry returns to the outer islands"
REVISED_DEK = "The last boat of the day is back on the timetable, five days a week from March."
REVIEW_COMMENT = "Say which days it runs: the operator's notice lists five, not seven."


@pytest.fixture
def submitted_story(newsroom, editor_account):
    """What the editor submitted in journey 1: a featured story by a staff reporter, waiting for review."""
    story = ArticlePage(
        title=HEADLINE,
        dek="After two winters without it, the last boat of the day is back on the timetable.",
        hero_image=newsroom.photos[0],
        hero_caption="The harbour before the first sailing.",
        featured=True,
        owner=editor_account,
        live=False,
        body=[
            {"type": "paragraph", "value": "<p>The operator confirmed the 22:40 sailing will run from March.</p>"},
            {"type": "heading", "value": {"text": "What islanders say", "level": "h2"}},
        ],
    )
    story.authors = [ArticlePageAuthor(author=newsroom.reporter)]
    story.tags.add("ferries", "islands")
    newsroom.world.add_child(instance=story)
    story.save_revision(user=editor_account)
    story.get_workflow().start(story, editor_account)
    return story


def test_reviewer_sends_back_then_approves_and_readers_find_the_story_everywhere(
    newsroom, submitted_story, editor_tab, reviewer_tab, reader, screenshots
):
    # Before approval readers do not see it (and the pages they load are now in the page cache).
    for address in ("/world-news/", "/"):
        reader.goto(address)
        expect(
            reader.get_by_role("link", name="Ferry timetable change number 1 splits island towns").first
        ).to_be_visible()
        expect(reader.get_by_role("link", name=HEADLINE)).to_have_count(0)

    # The reviewer finds the story waiting on the dashboard and sends it back with a comment.
    review = PageEditor(reviewer_tab)
    waiting = review.dashboard_panel("Awaiting your review")
    waiting.get_by_role("link", name=HEADLINE).click()
    review.request_changes(REVIEW_COMMENT)
    expect(
        reviewer_tab.get_by_role("status").get_by_text(f"Changes requested: “{HEADLINE}” goes back to its writer")
    ).to_be_visible()
    expect(review.dashboard_panel("Awaiting your review").get_by_role("link", name=HEADLINE)).to_have_count(0)

    # The editor sees the comment, revises the dek and resubmits.
    revise = PageEditor(editor_tab)
    in_review = revise.dashboard_panel("Your stories in review")
    expect(in_review).to_contain_text("Changes requested")
    in_review.get_by_role("link", name=HEADLINE).click()
    expect(revise.workflow_status()).to_contain_text(REVIEW_COMMENT)
    revise.close_dialog()
    revise.fill_dek(REVISED_DEK)
    revise.submit_for_review()
    expect(
        editor_tab.get_by_role("status").get_by_text(f"Submitted for review: “{HEADLINE}” now waits for a reviewer.")
    ).to_be_visible()

    # The reviewer finds it again in the Upcoming view and approves; approval publishes.
    waiting = review.upcoming_waiting()
    expect(waiting.get_by_role("row", name=HEADLINE)).to_contain_text("World News")
    waiting.get_by_role("link", name=HEADLINE).click()
    review.approve()
    expect(reviewer_tab.get_by_role("row", name=HEADLINE)).to_contain_text("Current page status: live")
    expect(review.upcoming_waiting()).to_contain_text("No story is waiting for review.")

    # Readers find it on its section page, on the front page (it is featured) and on its own page:
    # publishing refreshed the cached pages.
    reader.goto("/world-news/")
    expect(reader.get_by_role("link", name=HEADLINE).first).to_be_visible()
    screenshots(reader, "section")
    reader.goto("/")
    featured = reader.locator(".home-block--featured")
    expect(featured.get_by_role("link", name=HEADLINE)).to_be_visible()
    screenshots(reader, "home")
    featured.get_by_role("link", name=HEADLINE).click()

    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.get_by_text(REVISED_DEK)).to_be_visible()
    expect(reader.locator(".story__byline")).to_contain_text("By Ana Ruiz")
    expect(reader.get_by_role("link", name="Ana Ruiz")).to_be_visible()
    notice = reader.get_by_role("complementary", name="Licensing")
    expect(notice).to_contain_text("This story by The Masthead Times is available without charge")
    expect(notice.get_by_role("link", name="licensing@masthead.example")).to_be_visible()
    donation = reader.get_by_role("complementary", name="Support independent journalism")
    expect(donation.get_by_role("link", name="Donate")).to_be_visible()
    related = reader.get_by_role("region", name="Related articles")
    expect(related.get_by_role("link")).not_to_have_count(0)
    expect(related.get_by_role("link", name="Ferry timetable change number 1 splits island towns")).to_be_visible()
    screenshots(reader, "article")


def test_the_writer_reads_the_request_for_changes_resubmits_and_the_reviewer_schedules_the_story(
    newsroom, submitted_story, editor_tab, reviewer_tab, screenshots
):
    # The reviewer sends the story back with a comment.
    review = PageEditor(reviewer_tab)
    review.dashboard_panel("Awaiting your review").get_by_role("link", name=HEADLINE).click()
    review.request_changes(REVIEW_COMMENT)
    expect(
        reviewer_tab.get_by_role("status").get_by_text(f"Changes requested: “{HEADLINE}” goes back to its writer")
    ).to_be_visible()
    requested_at = timezone.localtime(
        ArticlePage.objects.get(pk=submitted_story.pk).current_workflow_state.current_task_state.finished_at
    )

    # The writer opens it from the dashboard: the banner names the reviewer, the time and the comment.
    revise = PageEditor(editor_tab)
    revise.dashboard_panel("Your stories in review").get_by_role("link", name=HEADLINE).click()
    banner = revise.changes_requested_banner()
    expect(banner).to_contain_text(f"Changes requested by Rui Reviewer at {requested_at:%H:%M on %-d %B}.")
    expect(banner).to_contain_text(f"Their comment: “{REVIEW_COMMENT}”")
    screenshots(editor_tab, "changes-requested")
    revise.fill_dek(REVISED_DEK)
    revise.submit_for_review()
    expect(
        editor_tab.get_by_role("status").get_by_text(f"Submitted for review: “{HEADLINE}” now waits for a reviewer.")
    ).to_be_visible()
    revise.open_story(HEADLINE)
    expect(revise.changes_requested_banner()).to_have_count(0)

    # The reviewer sets a go-live time for tomorrow morning; the approve button then says it will schedule.
    go_live = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
    review.dashboard_panel("Awaiting your review").get_by_role("link", name=HEADLINE).click()
    review.schedule(f"{go_live:%Y-%m-%d %H:%M}")
    expect(review.page.locator("#id_title")).to_have_value(HEADLINE)
    review.more_actions()
    expect(
        reviewer_tab.get_by_role("button", name=f"Approve and schedule for {go_live_wording(go_live)}")
    ).to_be_visible()
    review.more_actions()
    review.approve()
    expect(
        reviewer_tab.get_by_role("status").get_by_text(
            f"Approved and scheduled: “{HEADLINE}” goes live {go_live_wording(go_live)}."
        )
    ).to_be_visible()
    screenshots(reviewer_tab, "approved-and-scheduled")

    story = ArticlePage.objects.get(pk=submitted_story.pk)
    assert not story.live
    assert story.scheduled_revision.approved_go_live_at == go_live
    assert story.scheduled_revision.as_object().dek == REVISED_DEK
    assert not re.search("has been updated", reviewer_tab.content())
