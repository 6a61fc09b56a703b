"""Admin sign-in throttling (django-axes, serving/lockouts.py): after AXES_FAILURE_LIMIT wrong
passwords, the right one is refused from that address for the lock-out period; a superuser
unlocks under Settings → Sign-in lockouts."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.website.production import run_python

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN_URL = "/admin/login/"


@pytest.fixture
def editor_account(db):
    return get_user_model().objects.create_user("desk", "desk@example.org", PASSWORD, is_staff=False)


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def sign_in(client, password, username="desk", **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def guess_wrong(client, times, **extra):
    """`times` wrong passwords: the form again with Wagtail's error, and the lockout page at the limit."""
    for n in range(times):
        response = sign_in(client, f"wrong-{n}", **extra)
        assert response.status_code == (429 if n + 1 >= settings.AXES_FAILURE_LIMIT else 200)


def test_the_defaults_are_five_failures_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(hours=settings.AXES_COOLOFF_TIME) == timedelta(minutes=15)


def test_wrong_passwords_up_to_the_limit_then_the_right_one_is_refused_for_the_lockout_period(
    client, editor_account, limit
):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        guess_wrong(client, limit)

        refused = sign_in(client, PASSWORD)
        assert refused.status_code == 429
        assert "Too many failed sign-ins" in refused.content.decode()
        assert "ask an administrator to unlock it" in refused.content.decode()
        assert int(refused["Retry-After"]) == 15 * 60
        assert not signed_in(client)

        clock.move_to(start + timedelta(minutes=14))
        assert sign_in(client, PASSWORD).status_code == 429
        assert not signed_in(client)

        # Each attempt during a lockout starts the period again, so guessing on keeps it locked.
        clock.move_to(start + timedelta(minutes=14 + 14))
        assert sign_in(client, PASSWORD).status_code == 429

        clock.move_to(start + timedelta(minutes=14 + 14 + 16))
        assert sign_in(client, PASSWORD).status_code == 302
        assert signed_in(client)


def test_one_failure_fewer_than_the_limit_still_signs_in(client, editor_account, limit):
    guess_wrong(client, limit - 1)

    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_is_for_that_username_from_that_address(client, editor_account, limit):
    guess_wrong(client, limit, REMOTE_ADDR="198.51.100.20")

    assert sign_in(client, PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 429
    other_desk = Client()
    assert sign_in(other_desk, PASSWORD, REMOTE_ADDR="198.51.100.21").status_code == 302


def test_behind_a_proxy_the_readers_address_from_the_configured_header_counts(client, editor_account, limit, settings):
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    guess_wrong(client, limit, HTTP_X_FORWARDED_FOR="203.0.113.50")

    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50").status_code == 429
    # Every request arrives from the proxy (REMOTE_ADDR 127.0.0.1); another reader is not locked out.
    assert sign_in(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.51").status_code == 302
    # A forged header that is not an address does not escape the count: the proxy's address counts.
    guess_wrong(client, limit, HTTP_X_FORWARDED_FOR="junk")
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="junk").status_code == 429


def test_a_superuser_sees_the_lockout_and_unlocks_it_in_the_admin(client, admin_client, editor_account, limit):
    guess_wrong(client, limit)
    assert sign_in(client, PASSWORD).status_code == 429

    listing = admin_client.get(reverse("sign_in_lockouts:index"))
    assert listing.status_code == 200
    assert "desk" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="desk")
    assert admin_client.post(reverse("sign_in_lockouts:delete", args=[attempt.pk])).status_code == 302

    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_lockouts_cannot_be_added_or_edited_in_the_admin(admin_client, client, editor_account, limit):
    guess_wrong(client, 1)
    attempt = AccessAttempt.objects.get(username="desk")

    assert admin_client.get(reverse("sign_in_lockouts:add")).status_code in (302, 403)
    assert admin_client.get(reverse("sign_in_lockouts:edit", args=[attempt.pk])).status_code in (302, 403)


def test_an_editor_cannot_see_or_unlock_lockouts(editor_client, client, editor_account, limit):
    guess_wrong(client, limit)
    attempt = AccessAttempt.objects.get(username="desk")

    assert editor_client.get(reverse("sign_in_lockouts:index")).status_code in (302, 403)
    editor_client.post(reverse("sign_in_lockouts:delete", args=[attempt.pk]))
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_the_unlock_command_works_too(client, editor_account, limit):
    guess_wrong(client, limit)
    call_command("axes_reset_username", "desk", stdout=open("/dev/null", "w"))

    assert sign_in(client, PASSWORD).status_code == 302


def test_the_limit_and_the_period_come_from_the_environment():
    done = run_python(
        "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME * 60)",
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="60",
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "60.0"]
