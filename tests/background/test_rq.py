"""With REDIS_URL, tasks go to RQ: queued in Redis and run by an RQ worker (this machine's Redis, its own db 7)."""

import pytest
import redis
from django.core import mail
from django_tasks import TaskResultStatus

from background.mail import send_email

RQ_REDIS_URL = "redis://127.0.0.1:6379/7"


def redis_or_skip():
    connection = redis.Redis.from_url(RQ_REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"RQ needs Redis at {RQ_REDIS_URL}, which is not answering here: {error}")
    return connection


@pytest.fixture
def rq_queue(settings):
    connection = redis_or_skip()
    connection.flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": RQ_REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.EMAIL_BACKEND = "background.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield connection
    connection.flushdb()


def test_mail_queued_through_rq_is_sent_by_an_rq_worker_in_burst_mode(rq_queue, db, django_capture_on_commit_callbacks):
    import django_rq
    from rq import SimpleWorker

    with django_capture_on_commit_callbacks(execute=True):
        mail.EmailMessage("Embargo lifted", "Text.", "desk@masthead.example", ["ed@masthead.example"]).send()
    queue = django_rq.get_queue("default")
    assert queue.count == 1 and mail.outbox == []
    [job_id] = queue.job_ids

    # The worker `manage.py run_worker --burst` starts, in this process (SimpleWorker: no fork) to share the test database.
    worker = SimpleWorker([queue], connection=rq_queue, job_class="django_tasks_rq.Job")
    assert worker.work(burst=True)

    assert [m.subject for m in mail.outbox] == ["Embargo lifted"]
    assert queue.count == 0
    assert send_email.get_result(job_id).status == TaskResultStatus.SUCCESSFUL
