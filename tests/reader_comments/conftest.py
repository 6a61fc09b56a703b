from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from reader_comments.forms import issue_form_token
from reader_comments.models import Comment, CommentSettings


def token_from_the_past(article, seconds=60):
    """The form token a reader would have got when the page was rendered `seconds` ago."""
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds)):
        return issue_form_token(article.pk)


def comment_form_data(article, **overrides):
    """What a reader's browser sends after taking a minute to write."""
    data = {
        "name": "Ines Okafor",
        "email": "ines@example.org",
        "text": "The bridge closure cost my bakery a month of trade.",
        "token": token_from_the_past(article),
        "reply_to": "",
        "website": "",
    }
    data.update(overrides)
    return data


def make_comment(article, **fields):
    fields.setdefault("name", "Tomas Berg")
    fields.setdefault("email", "tomas@example.org")
    fields.setdefault("text", "Good reporting.")
    fields.setdefault("status", Comment.Status.APPROVED)
    return Comment.objects.create(article=article, **fields)


@pytest.fixture
def post_url(article):
    return f"/comments/{article.pk}/"


@pytest.fixture
def comment_settings(db):
    return CommentSettings.load()


def newsroom_user(django_user_model, username, group_name):
    """A user in the Editors or Reviewers group, with the admin access the workflow gives them."""
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@masthead.example", password="password"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def comments_reviewer(django_user_model):
    """A Reviewer, who moderates comments (a different person from the workflow tests' `reviewer`)."""
    return newsroom_user(django_user_model, "rita", "Reviewers")


@pytest.fixture
def comments_editor(django_user_model):
    """An Editor, who may look at the comments queue but not moderate it."""
    return newsroom_user(django_user_model, "eddie", "Editors")
