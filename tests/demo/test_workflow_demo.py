"""The demo newsroom comes with people to try the workflow with, and stories mid-workflow."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import WorkflowState

from demo.accounts import DEMO_ACCOUNTS
from news.models import ArticlePage

pytestmark = pytest.mark.django_db


def sign_in(username, password):
    """The user these credentials sign in, through every authentication backend (django-axes needs the request)."""
    return authenticate(RequestFactory().post("/admin/login/"), username=username, password=password)


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=io.StringIO())


def test_demo_accounts_sign_in_with_their_printed_passwords_and_find_stories_mid_workflow(demo, client):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    for account in DEMO_ACCOUNTS:
        assert f"{account.username:<9} {account.password}" in out.getvalue()
        user = sign_in(account.username, account.password)
        assert user is not None
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
    assert sign_in("editor", "editor-demo-2026").groups.get().name == "Editors"
    assert sign_in("reviewer", "reviewer-demo-2026").groups.get().name == "Reviewers"
    assert sign_in("admin", "admin-demo-2026").is_superuser

    # Mid-workflow stories to try them on.
    waiting = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    story = ArticlePage.objects.get(pk=waiting.object_id)
    assert story.title == "Tramline extension plan goes to public consultation"
    assert waiting.requested_by.username == "editor"
    assert not story.live

    scheduled = ArticlePage.objects.get(slug="observatory-opens-its-archive-of-glass-plate-photographs")
    assert not scheduled.live
    assert scheduled.scheduled_revision.approved_go_live_at is not None

    client.force_login(sign_in("reviewer", "reviewer-demo-2026"))
    content = client.get("/admin/upcoming/").content.decode()
    assert "Tramline extension plan goes to public consultation" in content
    assert "Observatory opens its archive of glass-plate photographs" in content


def test_demo_accounts_says_when_the_accounts_are_not_loaded_yet(db):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert "(not created yet: run load_demo_content)" in out.getvalue()
