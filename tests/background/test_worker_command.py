"""`manage.py run_worker` runs the worker the configured backend needs."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.background_work import keep_test_connection

pytestmark = pytest.mark.django_db


def test_runs_the_database_worker_which_sends_what_is_queued(flaky_mail_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.EmailMessage("Embargo lifted", "Text.", "desk@masthead.example", ["ed@masthead.example"]).send()
    assert mail.outbox == []
    with keep_test_connection():
        call_command("run_worker", burst=True, stdout=io.StringIO())
    assert [m.subject for m in mail.outbox] == ["Embargo lifted"]


def test_says_there_is_nothing_to_do_where_tasks_run_at_once():
    with pytest.raises(CommandError, match="tasks run in the process that queues them"):
        call_command("run_worker", burst=True)
