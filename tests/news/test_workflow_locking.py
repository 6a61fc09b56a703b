"""Editors lock their own stories to protect their work, and unlock them; a reviewer's lock still holds against them.

Through the admin's own lock, unlock and edit URLs, as the editor's and the
reviewer's buttons post them.
"""

import re

import pytest

from news.models import ArticlePage
from tests.news.workflow_fixtures import add_url, edit_url, story_form

pytestmark = pytest.mark.django_db


def lock_url(story):
    return f"/admin/pages/{story.pk}/lock/"


def unlock_url(story):
    return f"/admin/pages/{story.pk}/unlock/"


def loaded_revision(client, story) -> dict:
    html = client.get(edit_url(story)).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def latest_headline(story) -> str:
    return ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object().title


def refuse_unlocking(client, story):
    """Wagtail answers an unlock the person may not make by sending them to the dashboard, lock untouched."""
    response = client.post(unlock_url(story), {"next": edit_url(story)})
    assert (response.status_code, response.url) == (302, "/admin/")


@pytest.fixture
def story(client, editor, section):
    client.force_login(editor)
    assert client.post(add_url(section), story_form()).status_code == 302
    return ArticlePage.objects.get(slug="bridge-reopens")


def test_an_editor_locks_their_own_story_keeps_saving_it_and_unlocks_it(client, editor, other_editor, story):
    client.force_login(editor)
    assert "Lock" in client.get(edit_url(story)).content.decode()

    response = client.post(lock_url(story), {"next": edit_url(story)})
    assert (response.status_code, response.url) == (302, edit_url(story))
    story.refresh_from_db()
    assert story.locked and story.locked_by == editor

    # The lock protects the editor's work: a colleague cannot save over it ...
    client.force_login(other_editor)
    client.post(edit_url(story), {**story_form(title="Erin's headline"), **loaded_revision(client, story)})
    assert latest_headline(story) == "Bridge reopens after flood"
    # ... nor lift it.
    refuse_unlocking(client, story)
    story.refresh_from_db()
    assert story.locked

    # The editor who locked it still saves, then unlocks it.
    client.force_login(editor)
    response = client.post(edit_url(story), {**story_form(title="Bridge reopens"), **loaded_revision(client, story)})
    assert response.status_code == 302
    assert latest_headline(story) == "Bridge reopens"
    response = client.post(unlock_url(story), {"next": edit_url(story)})
    assert (response.status_code, response.url) == (302, edit_url(story))
    story.refresh_from_db()
    assert not story.locked


def test_a_reviewers_lock_still_blocks_the_editor(client, editor, reviewer, story):
    client.force_login(reviewer)
    assert client.post(lock_url(story)).status_code == 302
    story.refresh_from_db()
    assert story.locked and story.locked_by == reviewer

    client.force_login(editor)
    response = client.post(edit_url(story), {**story_form(title="Eddie's headline"), **loaded_revision(client, story)})
    assert "The page could not be saved as it is locked." in response.content.decode()
    assert latest_headline(story) == "Bridge reopens after flood"
    refuse_unlocking(client, story)
    story.refresh_from_db()
    assert story.locked and story.locked_by == reviewer
