"""A failing task is tried again after a pause and logged when it gives up; a restarted worker loses nothing."""

import io
import os
import signal
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.background_work import database_worker, run_worker

pytestmark = pytest.mark.django_db

SEND_EMAIL = "background.mail.send_email"


def queue_mail(capture, *subjects):
    with capture(execute=True):
        for subject in subjects:
            mail.EmailMessage(subject, "Text.", "desk@masthead.example", ["ed@masthead.example"]).send()


def test_a_failed_task_is_tried_again_after_its_pause(
    flaky_mail_server, settings, caplog, django_capture_on_commit_callbacks
):
    settings.TASK_RETRY_DELAYS = (30, 120)
    flaky_mail_server.failures = 1
    queue_mail(django_capture_on_commit_callbacks, "Embargo lifted")

    run_worker()
    assert mail.outbox == []
    retry = DBTaskResult.objects.get(task_path=SEND_EMAIL, status="READY")
    assert timedelta(seconds=29) < retry.run_after - timezone.now() <= timedelta(seconds=30)
    assert "failed (attempt 1 of 3), trying again in 30 s: SMTPServerDisconnected" in caplog.text

    run_worker()
    assert mail.outbox == [], "not before its pause is over"
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        run_worker()
    assert [m.subject for m in mail.outbox] == ["Embargo lifted"]
    assert flaky_mail_server.attempts == 2
    assert "gave up" not in caplog.text


def test_a_task_that_keeps_failing_gives_up_with_an_error_in_the_log(
    flaky_mail_server, caplog, django_capture_on_commit_callbacks
):
    flaky_mail_server.failures = 99
    queue_mail(django_capture_on_commit_callbacks, "Embargo lifted")

    run_worker()

    assert flaky_mail_server.attempts == 3, "the first attempt and one after each of the test's two pauses"
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3
    [gave_up] = [r for r in caplog.records if "gave up" in r.getMessage()]
    assert gave_up.levelname == "ERROR" and gave_up.name == "masthead.tasks"
    assert "send_email(" in gave_up.getMessage() and "Embargo lifted" in gave_up.getMessage()
    assert "gave up after 3 attempt(s): SMTPServerDisconnected: Connection unexpectedly closed" in gave_up.getMessage()


def test_a_worker_stopped_mid_queue_finishes_its_task_and_the_next_worker_runs_the_rest(
    flaky_mail_server, django_capture_on_commit_callbacks
):
    queue_mail(django_capture_on_commit_callbacks, "One", "Two", "Three", "Four")
    # SIGTERM (what systemd, Docker or Ctrl-C sends) arrives while the worker is delivering the first message.
    flaky_mail_server.on_delivery = lambda: os.kill(os.getpid(), signal.SIGTERM)
    worker = database_worker()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    worker.configure_signals()
    try:
        worker.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    assert [m.subject for m in mail.outbox] == ["One"]
    assert DBTaskResult.objects.filter(status="READY").count() == 3

    flaky_mail_server.on_delivery = None
    run_worker()  # the restarted worker
    assert sorted(m.subject for m in mail.outbox) == ["Four", "One", "Three", "Two"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_task_held_by_a_killed_worker_is_queued_again_by_run_due_jobs(
    flaky_mail_server, django_capture_on_commit_callbacks
):
    queue_mail(django_capture_on_commit_callbacks, "One", "Two")
    held = DBTaskResult.objects.order_by("enqueued_at").first()
    held.claim("killed-worker")  # claimed, then the worker was killed (SIGKILL, power cut) before finishing it

    run_worker()
    assert [m.subject for m in mail.outbox] == ["Two"]
    call_command("run_due_jobs", stdout=io.StringIO())
    assert DBTaskResult.objects.get(pk=held.pk).status == "RUNNING", "a task may run for a while: not taken back yet"

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        call_command("run_due_jobs", stdout=io.StringIO())
        run_worker()
    assert sorted(m.subject for m in mail.outbox) == ["One", "Two"]
    assert DBTaskResult.objects.get(pk=held.pk).status == "SUCCESSFUL"
