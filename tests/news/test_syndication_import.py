"""Importing a partner's RSS or Atom feed: drafts in review, no duplicates, corrections as revisions, clear failures."""

import http.server
import re
import threading
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision, WorkflowState

from news.intake.ingest import ImportRefused, import_feed
from news.models import ArticlePage, ImportedItem, ImportReport, ImportStatus, Origin
from tests.factories import ArticlePageFactory, publish

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


def feed(name):
    return str(FEEDS / name)


def imported(partner):
    return ArticlePage.objects.filter(partner=partner).order_by("pk")


def story_as_read(client, article):
    """The story's public page, without the comment form's time-stamped token."""
    html = client.get(article.url).content.decode()
    return re.sub(r'name="token" value="[^"]*"', 'name="token"', html)


def latest(article):
    """The story as editors see it in the admin: its latest revision."""
    return ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()


def nothing_stored(partner):
    """No story, no revision of one, no item record and no workflow were written."""
    return not (ArticlePage.objects.exists() or ImportedItem.objects.exists() or WorkflowState.objects.exists())


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("ines", "ines@example.org", "pass")


@pytest.fixture
def feed_server():
    """A local HTTP server that serves the fixture feeds, as a partner's web server would."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(FEEDS))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_rss_items_become_drafts_with_every_field_submitted_for_review(partner, section, partner_licence, editor):
    report = import_feed(partner, feed("coastline_rss.xml"), user=editor)

    assert (report.status, report.new_count, report.failed_count) == (ImportStatus.SUCCEEDED, 2, 0)
    dredging, museum = imported(partner)
    assert not dredging.live and not museum.live
    story = latest(dredging)
    assert story.title == "Harbour dredging & the fishing fleet"
    assert story.byline == "Ines Vardy"
    assert story.dek == "The port authority will dredge the outer harbour this summer."
    assert [block.block_type for block in story.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "block_quote",
        "paragraph",
    ]
    body = story.body.render_as_block()
    assert 'href="https://coastline.example/topics/harbour"' in body, "relative links resolve against the story"
    assert "<b>compensation</b>" in body
    assert story.body[1].value["text"] == "What the fleet says"
    assert story.body[3].value["quote"] == "We cannot fish while the barges are working."
    assert story.original_url == "https://coastline.example/stories/harbour-dredging", "campaign parameters removed"
    assert story.original_published_at == datetime(2024, 4, 12, 8, 30, tzinfo=UTC)
    assert sorted(story.tags.names()) == ["Environment", "Fishing"]
    assert story.origin == Origin.SYNDICATED
    assert story.partner == partner
    assert story.licensing_notice == partner_licence
    assert dredging.get_parent().pk == section.pk
    assert dredging.owner == editor
    assert latest(museum).byline == "Tomas Rell", "RSS “email (Name)” authors give the name"

    for article in (dredging, museum):
        state = WorkflowState.objects.get(object_id=str(article.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == editor
        assert state.workflow == article.get_workflow()
        assert state.current_task_state.status == "in_progress"


def test_atom_entries_become_drafts_with_every_field(partner, editor):
    report = import_feed(partner, feed("coastline_atom.xml"), user=editor)

    assert report.new_count == 1
    story = latest(imported(partner).get())
    assert story.title == "Ferry timetable changes for winter"
    assert story.byline == "Maren Oduya"
    assert story.dek == "Fewer crossings from November, the operator says."
    assert "<li" in story.body.render_as_block() and "First sailing 07:10" in story.body.render_as_block()
    assert story.original_url == "https://coastline.example/stories/ferry-timetable"
    assert story.original_published_at == datetime(2024, 4, 13, 9, 15, tzinfo=UTC)
    assert sorted(story.tags.names()) == ["Islands", "Transport"]
    assert WorkflowState.objects.filter(object_id=str(story.pk), status="in_progress").exists()


def test_importing_the_same_feed_again_creates_nothing(partner, editor):
    import_feed(partner, feed("coastline_rss.xml"), user=editor)
    revisions = Revision.objects.count()

    again = import_feed(partner, feed("coastline_rss.xml"), user=editor)

    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert imported(partner).count() == 2
    assert Revision.objects.count() == revisions
    assert WorkflowState.objects.count() == 2


def test_items_without_guid_are_recognised_by_their_link(partner, editor):
    import_feed(partner, feed("coastline_rss.xml"), user=editor)  # the museum item has no GUID
    import_feed(partner, feed("coastline_rss.xml"), user=editor)
    assert imported(partner).filter(title__startswith="Lighthouse").count() == 1


def test_a_story_already_on_the_site_with_the_same_original_address_is_not_duplicated(partner, section, editor):
    publish(
        ArticlePageFactory(
            parent=section,
            title="Ferry timetable changes",
            slug="ferry",
            origin="syndicated",
            partner=partner,
            original_url="https://coastline.example/stories/ferry-timetable",
        )
    )
    report = import_feed(partner, feed("coastline_atom.xml"), user=editor)
    assert (report.new_count, report.unchanged_count) == (0, 1)
    assert imported(partner).count() == 1


def test_a_changed_item_adds_a_draft_revision_and_leaves_the_live_story_as_it_was(client, partner, editor):
    import_feed(partner, feed("coastline_rss.xml"), user=editor)
    dredging = imported(partner).first()
    publish(latest(dredging))
    live_html = story_as_read(client, dredging)
    assert "Harbour dredging &amp; the fishing fleet" in live_html
    revisions = Revision.objects.filter(object_id=str(dredging.pk)).count()

    report = import_feed(partner, feed("coastline_rss_updated.xml"), user=editor)

    assert (report.new_count, report.updated_count, report.unchanged_count) == (0, 1, 1)
    assert Revision.objects.filter(object_id=str(dredging.pk)).count() == revisions + 1
    stored = ArticlePage.objects.get(pk=dredging.pk)
    assert stored.live and stored.has_unpublished_changes
    assert stored.title == "Harbour dredging & the fishing fleet"
    assert "outer harbour" in stored.body.render_as_block()
    assert sorted(stored.tags.names()) == ["Environment", "Fishing"]
    assert story_as_read(client, dredging) == live_html
    assert latest(dredging).title == "Harbour dredging delayed to July"
    assert "begin in July" in latest(dredging).body.render_as_block()
    assert WorkflowState.objects.filter(object_id=str(dredging.pk), status="in_progress").exists()


def test_a_change_to_a_story_still_in_review_keeps_its_one_workflow(partner, editor):
    import_feed(partner, feed("coastline_rss.xml"), user=editor)
    dredging = imported(partner).first()
    import_feed(partner, feed("coastline_rss_updated.xml"), user=editor)
    assert WorkflowState.objects.filter(object_id=str(dredging.pk)).count() == 1
    assert latest(dredging).title == "Harbour dredging delayed to July"


def test_a_story_deleted_by_an_editor_is_not_imported_again(partner, editor):
    import_feed(partner, feed("coastline_atom.xml"), user=editor)
    imported(partner).get().delete()
    report = import_feed(partner, feed("coastline_atom.xml"), user=editor)
    assert (report.new_count, report.unchanged_count) == (0, 1)
    assert "deleted by an editor" in report.items[0]["reason"]
    assert not imported(partner).exists()


def test_one_bad_item_does_not_stop_the_good_ones(partner, editor):
    report = import_feed(partner, feed("hostile_rss.xml"), user=editor)

    assert (report.status, report.new_count, report.failed_count) == (ImportStatus.PARTLY_FAILED, 2, 1)
    failed = [item for item in report.items if item["outcome"] == "failed"]
    assert failed == [
        {
            "title": "(no headline)",
            "link": "https://coastline.example/stories/untitled",
            "outcome": "failed",
            "reason": "The item has no headline.",
            "article_id": None,
        }
    ]
    assert sorted(imported(partner).values_list("title", flat=True)) == [
        "Ferry cancelled",
        "Storm warning for the islands",
    ]


def test_an_item_that_fails_while_being_saved_leaves_nothing_behind(partner, editor, monkeypatch):
    from news.intake import ingest

    def fail_to_submit(article, user):
        raise RuntimeError("the workflow could not start")

    monkeypatch.setattr(ingest, "submit_for_review", fail_to_submit)
    report = import_feed(partner, feed("coastline_atom.xml"), user=editor)

    assert report.failed_count == 1 and report.items[0]["reason"] == "the workflow could not start"
    assert not imported(partner).exists()
    assert not ImportedItem.objects.exists()


def test_imported_html_is_sanitized_before_it_is_stored(partner, editor):
    import_feed(partner, feed("hostile_rss.xml"), user=editor)
    storm = latest(imported(partner).get(title__startswith="Storm"))
    assert storm.title == "Storm warning for the islands"
    stored = "".join(str(block.value) for block in storm.body)
    for forbidden in (
        "<script",
        "alert",
        "<style",
        "style=",
        "onclick",
        "onmouseover",
        "javascript:",
        "<img",
        "tracker",
        "<iframe",
        "utm_source",
        "target=",
    ):
        assert forbidden not in stored, forbidden
    assert "<b>force nine</b>" in stored
    assert 'href="https://met.example/map?zoom=4"' in stored


@pytest.mark.parametrize(
    "fixture, message",
    [("malformed.xml", "is not well-formed XML"), ("empty.xml", "has no items")],
)
def test_a_malformed_or_empty_feed_stores_no_story_and_reports_why(partner, editor, fixture, message):
    report = import_feed(partner, feed(fixture), user=editor)

    assert report.status == ImportStatus.FAILED
    assert message in report.message
    assert nothing_stored(partner)


def test_a_feed_that_is_not_rss_or_atom_is_refused(partner, editor, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Not a feed</p></body></html>")
    report = import_feed(partner, str(page), user=editor)
    assert report.status == ImportStatus.FAILED and "is not an RSS or Atom feed" in report.message


def test_an_unreachable_feed_address_stores_no_story_and_reports_why(partner, editor):
    report = import_feed(partner, "http://127.0.0.1:9/feed.xml", user=editor)
    assert report.status == ImportStatus.FAILED
    assert "could not be reached" in report.message
    assert nothing_stored(partner)


def test_a_missing_feed_file_is_reported(partner, editor):
    report = import_feed(partner, feed("no-such-feed.xml"), user=editor)
    assert report.status == ImportStatus.FAILED and "There is no feed file" in report.message


def test_feed_is_fetched_from_the_partners_address_by_default(partner, editor, feed_server):
    partner.feed_url = f"{feed_server}/coastline_atom.xml"
    partner.save()
    report = import_feed(partner, user=editor)
    assert (report.source, report.new_count) == (partner.feed_url, 1)


def test_a_feed_address_that_answers_with_an_error_is_reported(partner, editor, feed_server):
    report = import_feed(partner, f"{feed_server}/gone.xml", user=editor)
    assert report.status == ImportStatus.FAILED and "answered with HTTP 404" in report.message


def test_inactive_or_unfiled_partners_are_refused_before_anything_is_stored(partner, editor):
    partner.active = False
    with pytest.raises(ImportRefused, match="inactive"):
        import_feed(partner, feed("coastline_rss.xml"), user=editor)
    partner.active, partner.default_section = True, None
    with pytest.raises(ImportRefused, match="no default section"):
        import_feed(partner, feed("coastline_rss.xml"), user=editor)
    partner.default_section_id = 1
    with pytest.raises(ImportRefused, match="no feed address"):
        import_feed(partner, user=editor)
    assert not ImportReport.objects.exists()


# The command


def test_command_prints_the_report_and_keeps_it(partner, capsys):
    call_command("import_feed", "coastline-chronicle", feed("coastline_rss.xml"))
    out = capsys.readouterr().out
    assert "new  Harbour dredging & the fishing fleet" in out
    assert "Coastline Chronicle: 2 new, 0 updated, 0 unchanged, 0 failed" in out
    report = ImportReport.objects.get()
    assert report.new_count == 2


def test_command_submits_as_the_import_account_unless_a_user_is_named(partner, editor):
    call_command("import_feed", "coastline-chronicle", feed("coastline_atom.xml"))
    account = WorkflowState.objects.get().requested_by
    assert account.username == "feed-import" and not account.is_active and not account.has_usable_password()

    call_command("import_feed", "coastline-chronicle", feed("coastline_rss.xml"), user="ines")
    assert set(WorkflowState.objects.values_list("requested_by__username", flat=True)) == {"feed-import", "ines"}


def test_command_with_an_unknown_user_stops(partner):
    with pytest.raises(CommandError, match="No user “nobody”"):
        call_command("import_feed", "coastline-chronicle", feed("coastline_rss.xml"), user="nobody")
    assert not ArticlePage.objects.exists()


def test_command_with_an_unknown_partner_exits_non_zero_and_stores_nothing(partner):
    with pytest.raises(
        CommandError, match="No syndication partner “wrong-partner”. Known partners: coastline-chronicle"
    ):
        call_command("import_feed", "wrong-partner", feed("coastline_rss.xml"))
    assert not ArticlePage.objects.exists() and not ImportReport.objects.exists()


@pytest.mark.parametrize(
    "source, message",
    [
        ("malformed.xml", "is not well-formed XML"),
        ("empty.xml", "has no items"),
        ("http://127.0.0.1:9/feed.xml", "could not be reached"),
    ],
)
def test_command_exits_non_zero_with_the_reason_when_the_feed_cannot_be_imported(partner, source, message):
    path = source if source.startswith("http") else feed(source)
    with pytest.raises(CommandError, match=message):
        call_command("import_feed", "coastline-chronicle", path)
    assert nothing_stored(partner)
    assert ImportReport.objects.get().status == ImportStatus.FAILED


def test_command_refuses_an_inactive_partner(partner):
    partner.active = False
    partner.save()
    with pytest.raises(CommandError, match="inactive"):
        call_command("import_feed", "coastline-chronicle", feed("coastline_rss.xml"))


def test_command_exit_status_is_non_zero_for_a_bad_feed(partner):
    """What a shell or cron job sees: the exit status, not an exception."""
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_feed", "coastline-chronicle", feed("malformed.xml")]).execute()
    assert exit_info.value.code == 1
