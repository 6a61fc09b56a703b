"""Review mail: its links lead to the admin the newsroom uses (that loading the demo sends none: test_demo_content).

Links are built from WAGTAILADMIN_BASE_URL, not from the request that
happened to send the mail; `make run` sets it from HOST and PORT.
"""

import os
import shutil
import stat
import subprocess

import pytest
from django.conf import settings
from django.core import mail

from news.models import ArticlePage
from tests.news.workflow_fixtures import SUBMIT, add_url, story_form, workflow_action_url

BASE_URL = "http://192.0.2.7:8123"


@pytest.mark.django_db
def test_review_mail_links_use_the_admin_base_url(settings, client, editor, reviewer, section):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    client.force_login(editor)
    mail.outbox.clear()
    client.post(add_url(section), {**story_form(), **SUBMIT})
    story = ArticlePage.objects.get(slug="bridge-reopens")
    [request] = mail.outbox
    assert f"{BASE_URL}/admin/pages/{story.pk}/edit/" in request.body
    assert "testserver" not in request.body

    client.force_login(reviewer)
    mail.outbox.clear()
    client.post(workflow_action_url(story, "reject"), {"comment": "Name the engineer."})
    [changes_requested] = mail.outbox
    assert f"{BASE_URL}/admin/pages/{story.pk}/edit/" in changes_requested.body
    assert "testserver" not in changes_requested.body


@pytest.fixture
def fake_manage(tmp_path):
    """Stands in for `python manage.py`: says which WAGTAILADMIN_BASE_URL each command would run with."""
    script = tmp_path / "manage"
    script.write_text('#!/bin/sh\necho "[$WAGTAILADMIN_BASE_URL] $*"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def make_run(fake_manage, *arguments, environment=None):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {key: value for key, value in os.environ.items() if key != "WAGTAILADMIN_BASE_URL"}
    env.update(environment or {})
    # -o: the virtualenv counts as up to date, so nothing is installed.
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/bin/activate", "run", "VENV=.venv", f"MANAGE={fake_manage}", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_make_run_points_mail_links_at_the_host_and_port_it_serves(fake_manage):
    printed = make_run(fake_manage, "HOST=192.0.2.7", "PORT=8123")
    assert f"[{BASE_URL}] runserver 192.0.2.7:8123" in printed
    assert f"[{BASE_URL}] load_demo_content" in printed


def test_make_run_keeps_a_base_url_given_in_the_environment(fake_manage):
    printed = make_run(fake_manage, "PORT=8123", environment={"WAGTAILADMIN_BASE_URL": "https://admin.example"})
    assert "[https://admin.example] runserver 127.0.0.1:8123" in printed
