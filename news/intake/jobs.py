"""Partner imports as background jobs: started from the admin or on a partner's schedule, one at a time per partner.

An import is asked for by writing its report as queued (the admin shows it
at once) and queueing `run_import` once that commits; the worker fills the
report in. The database allows one unfinished report per partner, so a
second click, or the schedule firing while an import runs, starts nothing.
A report left unfinished by a worker that was killed is closed as failed
by `close_stalled_imports` (run every minute by run_due_jobs), so the
partner can be imported again.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from background.tasks import enqueue_on_commit, retried_task
from news.intake.ingest import ImportRefused, check_partner, import_feed, importer_account
from news.models import ImportReport, ImportStatus, SyndicationPartner

logger = logging.getLogger("masthead.syndication")

# An import waiting or running for longer than this was dropped by a worker that stopped: its report is closed.
STALLED_AFTER = timedelta(minutes=30)


def unfinished_import(partner) -> ImportReport | None:
    return partner.import_reports.filter(status__in=ImportStatus.unfinished()).first()


def start_import(partner, user=None) -> tuple[ImportReport, bool]:
    """Queue an import of the partner's feed; returns (its report, True), or (the one already unfinished, False).

    Raises ImportRefused, queueing nothing, when the partner is not set up
    for importing. `user` (None: the import account) creates and submits the drafts.
    """
    check_partner(partner, None)
    running = unfinished_import(partner)
    if running is not None:
        return running, False
    report = ImportReport(
        partner=partner,
        source=partner.feed_url,
        started_at=timezone.now(),
        requested_by=user,
        status=ImportStatus.QUEUED,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # another request or the scheduler started one a moment ago
        return unfinished_import(partner), False
    enqueue_on_commit(run_import, report.pk)
    return report, True


@retried_task()
def run_import(report_id: int):
    """Run a queued import and fill in its report; whatever goes wrong, the report ends finished.

    Feed failures (unreachable, too slow, malformed) are a FAILED report
    from import_feed. Anything else is logged and closes the report as
    failed too, rather than being retried: the next click or scheduled run
    is the retry, and a half-run import is picked up item by item.
    """
    report = ImportReport.objects.select_related("partner", "requested_by").filter(pk=report_id).first()
    if report is None or report.finished:
        return None
    report.status = ImportStatus.RUNNING
    report.save(update_fields=["status"])
    partner = report.partner
    try:
        import_feed(partner, user=report.requested_by or importer_account(), report=report)
    except ImportRefused as error:
        close_report(report, str(error))
    except Exception as error:
        logger.exception("Import #%s of %s stopped with an error", report.pk, partner)
        close_report(report, f"The import stopped with an unexpected error ({type(error).__name__}); it was logged.")
    return report.status


def close_report(report, message):
    report.status, report.message, report.finished_at = ImportStatus.FAILED, message, timezone.now()
    report.save(update_fields=["status", "message", "finished_at"])


def partners_due(now=None):
    """Active partners with a schedule whose last import started at least their interval ago, none unfinished."""
    now = now or timezone.now()
    reports = ImportReport.objects.filter(partner=OuterRef("pk"))
    candidates = (
        SyndicationPartner.objects.filter(active=True, import_every_minutes__gt=0)
        .exclude(feed_url="")
        .exclude(default_section=None)
        .exclude(Exists(reports.filter(status__in=ImportStatus.unfinished())))
    )
    due = []
    for partner in candidates:
        since = now - timedelta(minutes=partner.import_every_minutes)
        if not partner.import_reports.filter(started_at__gt=since).exists():
            due.append(partner)
    return due


def start_due_imports(now=None) -> int:
    """Queue an import for every partner whose schedule says it is due (run_due_jobs, every minute); returns how many."""
    started = 0
    for partner in partners_due(now):
        try:
            _, new = start_import(partner)
        except ImportRefused as error:
            logger.warning("Scheduled import of %s not started: %s", partner, error)
            continue
        started += new
    return started


def close_stalled_imports(now=None) -> int:
    """Close as failed the imports still waiting or running after STALLED_AFTER; returns how many."""
    cutoff = (now or timezone.now()) - STALLED_AFTER
    stalled = ImportReport.objects.filter(Q(status__in=ImportStatus.unfinished()), started_at__lt=cutoff)
    count = 0
    for report in stalled:
        waited = "never started: is the background worker running?"
        if report.status == ImportStatus.RUNNING:
            waited = "stopped without finishing (its worker was stopped or crashed)"
        close_report(report, f"The import {waited} It can be started again.")
        logger.error("Import #%s of %s %s", report.pk, report.partner_id, waited)
        count += 1
    return count
