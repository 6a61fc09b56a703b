"""People and helpers for the editorial workflow tests: an editor, a reviewer, and the admin's forms and URLs."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.workflow import EDITORS, REVIEWERS


def newsroom_user(username, group_name=None, **fields):
    """A user with an email address (notifications need one), in the group the migration created."""
    user = get_user_model().objects.create_user(username, f"{username}@masthead.example", "pw", **fields)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return newsroom_user("eddie", EDITORS, first_name="Eddie", last_name="Writer")


@pytest.fixture
def other_editor(db):
    return newsroom_user("erin", EDITORS, first_name="Erin", last_name="Writer")


@pytest.fixture
def reviewer(db):
    return newsroom_user("rita", REVIEWERS, first_name="Rita", last_name="Checker")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def story_form(title="Bridge reopens after flood", **fields):
    """What the article editor posts, with our own reporting's defaults; pass fields to change them."""
    data = {
        "title": title,
        "slug": fields.pop("slug", "bridge-reopens"),
        "dek": "Why this story matters.",
        "hero_caption": "",
        "hero_credit": "",
        "authors": inline_formset([]),
        "comments": inline_formset([]),
        "notes": inline_formset([]),
        "byline": "Staff reporter",
        "body": streamfield([("paragraph", rich_text("<p>The bridge reopened on Monday.</p>"))]),
        "tags": "",
        "display_date": "",
        "origin": "original",
        "partner": "",
        "original_url": "",
        "original_published_at": "",
        "licensing_notice": "",
        "comments_enabled": "on",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


def add_url(section):
    return f"/admin/pages/add/news/articlepage/{section.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def workflow_action_url(page, action):
    page.refresh_from_db()
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{page.current_workflow_task_state.pk}/"


SUBMIT = {"action-submit": "Submit for moderation"}
PUBLISH = {"action-publish": "Publish"}
