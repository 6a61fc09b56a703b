"""Workflow mail is queued and sent by the worker, so submitting or approving never waits on the mail server."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from tests.background_work import run_worker, timed
from tests.news.workflow_fixtures import SUBMIT, add_url, story_form


@pytest.fixture
def queued_mail(settings, database_queue):
    settings.EMAIL_BACKEND = "background.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_submitting_for_review_queues_the_reviewers_mail_and_the_worker_sends_it(
    editor_client, reviewer, section, queued_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seconds, response = timed(editor_client.post, add_url(section), {**story_form(), **SUBMIT})

    assert response.status_code == 302
    assert mail.outbox == [], "nothing is sent inside the request"
    queued = DBTaskResult.objects.filter(task_path="background.mail.send_email", status="READY")
    assert queued.count() == 1

    run_worker()

    [message] = mail.outbox
    assert message.to == [reviewer.email]
    assert "Bridge reopens after flood" in message.subject
    assert "/admin/pages/" in message.body, "the link to the story in the admin"
    assert DBTaskResult.objects.get(task_path="background.mail.send_email").status == "SUCCESSFUL"


def test_a_message_with_an_attachment_arrives_with_it(queued_mail, db, django_capture_on_commit_callbacks):
    message = mail.EmailMessage("Report", "See attached.", "desk@masthead.example", ["ed@masthead.example"])
    message.attach("figures.csv", "a,b\n1,2\n", "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        assert message.send() == 1
    run_worker()
    [sent] = mail.outbox
    assert sent.attachments[0][0] == "figures.csv" and sent.attachments[0][1] in ("a,b\n1,2\n", b"a,b\n1,2\n")
