"""Admin sign-in throttling with django-axes: whose address counts, what a locked-out person
reads, and where a superuser unlocks them.

Axes counts failed sign-ins per username and address (AXES_* settings). The address is read
as for the comment rate limit (`COMMENTS_CLIENT_IP_HEADER`, reader_comments.rate_limit.client_ip), so
behind Varnish every guess is not counted against the proxy's own address.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpResponse
from django.utils.html import format_html
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from reader_comments.rate_limit import client_ip

LOCKED_OUT_STATUS = 429


def client_address(request) -> str:
    """The address sign-in failures are counted against (axes needs a string)."""
    return client_ip(request) or ""


def cooloff() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    minutes = round(cooloff().total_seconds() / 60)
    page = format_html(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Too many failed sign-ins</title></head>"
        "<body><h1>Too many failed sign-ins</h1>"
        "<p>This account cannot sign in from your address for {} minutes, after too many wrong passwords. "
        "Try again later, or ask an administrator to unlock it (Settings → Sign-in lockouts).</p></body></html>",
        minutes,
    )
    response = HttpResponse(page, status=LOCKED_OUT_STATUS)
    response["Retry-After"] = str(int(cooloff().total_seconds()))
    return response


class LockoutPermissionPolicy(ModelPermissionPolicy):
    """Failed sign-ins are recorded by axes alone: people may list and delete (unlock) them, never add or edit."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SignInLockoutViewSet(ModelViewSet):
    """Settings → Sign-in lockouts: failed sign-ins by username and address; deleting a row unlocks it."""

    model = AccessAttempt
    icon = "lock"
    menu_label = "Sign-in lockouts"
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    form_fields = ["username"]  # never shown: adding and editing are refused by the permission policy
