"""run_due_jobs, the one periodic entry point: what is due is done, nothing early, and one failing step stops no other."""

import io
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from caching.models import PendingPurge
from news.models import ArticlePage, ImportReport, ImportStatus
from tests.background_work import run_worker
from tests.news.test_syndication_admin import FEEDS
from tests.news.test_workflow_embargo import approve, minute, submit_embargoed

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_due_jobs(django_capture_on_commit_callbacks):
    """Runs the command as cron would, its transactions' on-commit work (queueing tasks) included; returns its output."""

    def run():
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_due_jobs", stdout=out)
        return out.getvalue()

    return run


def queued_imports():
    return DBTaskResult.objects.filter(task_path="news.intake.jobs.run_import", status="READY")


@pytest.fixture
def embargo():
    return minute(timezone.now() + timedelta(days=2))


@pytest.fixture
def scheduled_partner(partner):
    """A partner imported every 15 minutes, last imported a minute before the embargo's day began."""
    partner.feed_url = str(FEEDS / "coastline_rss.xml")
    partner.import_every_minutes = 15
    partner.save()
    return partner


def test_publishes_a_due_story_and_starts_a_due_import_and_neither_early(
    client, editor, reviewer, section, embargo, scheduled_partner, database_queue, run_due_jobs
):
    story = submit_embargoed(client, editor, section, embargo)
    approve(client, reviewer, story)
    last_import = embargo - timedelta(minutes=10)
    ImportReport.objects.create(
        partner=scheduled_partner,
        source=scheduled_partner.feed_url,
        started_at=last_import,
        finished_at=last_import,
        status=ImportStatus.SUCCEEDED,
    )

    with time_machine.travel(embargo - timedelta(minutes=1), tick=False):
        run_due_jobs()
    assert not ArticlePage.objects.get(pk=story.pk).live, "published before its time"
    assert ImportReport.objects.count() == 1 and not queued_imports().exists(), "imported 9 minutes after the last"

    with time_machine.travel(embargo + timedelta(minutes=5, seconds=1), tick=False):
        out = run_due_jobs()
    assert ArticlePage.objects.get(pk=story.pk).live
    started = ImportReport.objects.get(status=ImportStatus.QUEUED)
    assert started.partner == scheduled_partner and started.requested_by is None
    assert queued_imports().count() == 1
    assert "scheduled stories published: 1" in out and "scheduled imports started: 1" in out

    # The next minute starts nothing while that import waits for the worker.
    with time_machine.travel(embargo + timedelta(minutes=6), tick=False):
        run_due_jobs()
    assert queued_imports().count() == 1

    run_worker()
    started.refresh_from_db()
    assert started.status == ImportStatus.SUCCEEDED and started.new_count == 2
    assert set(ArticlePage.objects.filter(partner=scheduled_partner).values_list("owner__username", flat=True)) == {
        "feed-import"
    }


def test_partners_without_a_schedule_or_inactive_are_never_imported_on_their_own(partner, database_queue, run_due_jobs):
    partner.feed_url = str(FEEDS / "coastline_rss.xml")
    partner.save()
    assert partner.import_every_minutes == 0, "off unless the newsroom sets it"
    run_due_jobs()
    partner.import_every_minutes, partner.active = 15, False
    partner.save()
    run_due_jobs()
    assert not ImportReport.objects.exists()


def test_an_import_left_running_by_a_killed_worker_is_closed_as_failed_and_can_start_again(
    scheduled_partner, database_queue, run_due_jobs
):
    dropped = ImportReport.objects.create(
        partner=scheduled_partner,
        source=scheduled_partner.feed_url,
        started_at=timezone.now(),
        status=ImportStatus.RUNNING,
    )
    run_due_jobs()
    assert ImportReport.objects.get(pk=dropped.pk).status == ImportStatus.RUNNING, "not before 30 minutes"

    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        run_due_jobs()
    dropped.refresh_from_db()
    assert dropped.status == ImportStatus.FAILED and dropped.finished_at is not None
    assert "stopped without finishing" in dropped.message
    assert ImportReport.objects.filter(status=ImportStatus.QUEUED).count() == 1, "the schedule starts a new one"


def test_queues_the_purges_a_cache_did_not_confirm(purges, db, run_due_jobs):
    from tests.purges import RecordingCache

    PendingPurge.objects.create(kind=PendingPurge.Kind.URL, target="http://localhost/world-news/")
    out = run_due_jobs()
    assert RecordingCache.sent == [("url", "http://localhost/world-news/")]
    assert not PendingPurge.objects.exists()
    assert "owed purges queued: 1" in out


def test_a_failing_step_is_logged_and_the_others_still_run(partner, caplog, purges):
    from tests.purges import RecordingCache

    PendingPurge.objects.create(kind=PendingPurge.Kind.URL, target="http://localhost/world-news/")
    err = io.StringIO()
    with mock.patch("background.due.call_command", side_effect=RuntimeError("database is locked")):
        with mock.patch("background.due.Revision.objects.filter") as due:
            due.return_value.count.return_value = 1
            call_command("run_due_jobs", stdout=io.StringIO(), stderr=err)
    assert "scheduled stories published: failed" in err.getvalue()
    assert "run_due_jobs: scheduled stories published failed" in caplog.text
    assert RecordingCache.sent == [("url", "http://localhost/world-news/")], "purges still sent"


def test_every_repeats_until_stopped_and_refuses_less_than_a_second(db):
    runs = []

    def sleep(seconds):
        runs.append(seconds)
        if len(runs) == 2:
            raise KeyboardInterrupt

    with mock.patch("background.management.commands.run_due_jobs.time.sleep", sleep):
        call_command("run_due_jobs", every=60, stdout=io.StringIO())
    assert runs == [60, 60]
    with pytest.raises(CommandError, match="--every must be at least 1 second"):
        call_command("run_due_jobs", every=0)
