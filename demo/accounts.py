"""The demo newsroom's people: an editor, a reviewer and an administrator to try the workflow with.

The passwords are for a local demo only; `make run` prints them. Accounts that
already exist are left as they are (a changed password stays changed).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from news.workflow import EDITORS, REVIEWERS


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    does: str
    first_name: str
    last_name: str
    group: str | None = None
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@masthead.example"


DEMO_ACCOUNTS = (
    DemoAccount("editor", "editor-demo-2026", "writes stories and submits them for review", "Elena", "Marsh", EDITORS),
    DemoAccount(
        "reviewer", "reviewer-demo-2026", "approves, schedules or sends stories back", "Rafael", "Okafor", REVIEWERS
    ),
    DemoAccount("admin", "admin-demo-2026", "administers everything", "Ada", "Quill", superuser=True),
)


def ensure_demo_accounts() -> dict:
    """The demo users by username, created where missing and kept in their group."""
    User = get_user_model()
    users = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                email=account.email,
                first_name=account.first_name,
                last_name=account.last_name,
                is_staff=account.superuser,
                is_superuser=account.superuser,
            )
            user.set_password(account.password)
            user.save()
        if account.group:
            group, _ = Group.objects.get_or_create(name=account.group)
            user.groups.add(group)
        users[account.username] = user
    return users
