"""Corrections and updates: a dated note goes through review, then readers and search engines see it."""

import json
import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from corrections.models import StoryNote
from news.dates import machine_time
from news.models import ArticlePage
from tests.news.workflow_fixtures import SUBMIT, edit_url, story_form, workflow_action_url

pytestmark = pytest.mark.django_db

STORY = "/world-news/bridge-reopens/"
CORRECTION = "An earlier version gave the bridge's length as 300 m; it is 250 m."


def news_article(client):
    soup = BeautifulSoup(client.get(STORY).content, "html.parser")
    for script in soup.head.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle JSON-LD")


def text_at(client, url) -> str:
    """What a reader reads at `url` (entities decoded, so an apostrophe matches)."""
    return BeautifulSoup(client.get(url).content, "html.parser").get_text(" ")


def loaded_revision(client, story) -> dict:
    html = client.get(edit_url(story)).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def note_form(kind, text, when):
    return {"kind": kind, "text": text, "noted_at": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")}


def test_a_correction_needs_review_then_shows_on_the_story_on_corrections_and_in_the_json_ld(
    client, article, editor, reviewer
):
    noted_at = (timezone.now() + timedelta(minutes=5)).replace(second=0, microsecond=0)
    before = news_article(client)
    assert "correction" not in before

    # The editor adds the correction to the live story and submits it for review.
    client.force_login(editor)
    form = story_form(notes=inline_formset([note_form("correction", CORRECTION, noted_at)]))
    response = client.post(edit_url(article), {**form, **loaded_revision(client, article), **SUBMIT})
    assert response.status_code == 302

    # Not yet on the record: readers, /corrections/ and the JSON-LD know nothing of it.
    client.logout()
    assert not StoryNote.objects.exists()
    assert CORRECTION not in text_at(client, STORY)
    assert CORRECTION not in text_at(client, "/corrections/")
    assert "correction" not in news_article(client)

    # The reviewer approves: now it is.
    client.force_login(reviewer)
    response = client.post(workflow_action_url(article, "approve"), {"comment": ""})
    assert response.status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).live
    client.logout()

    story = BeautifulSoup(client.get(STORY).content, "html.parser")
    notes = story.select_one("header .story-notes--correction")
    assert CORRECTION in notes.get_text()
    assert notes.find("time")["datetime"] == machine_time(noted_at)

    assert CORRECTION in text_at(client, "/corrections/")
    assert f'href="{STORY}"' in client.get("/corrections/").content.decode()

    data = news_article(client)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "name": "Correction",
            "text": CORRECTION,
            "datePublished": machine_time(noted_at),
        }
    ]
    assert data["dateModified"] != before["dateModified"]
    assert data["dateModified"] == machine_time(noted_at)


def test_updates_show_below_the_story_and_notes_are_newest_first(client, article, reviewer):
    earlier = timezone.now() - timedelta(hours=3)
    later = timezone.now() - timedelta(hours=1)
    client.force_login(reviewer)
    form = story_form(
        notes=inline_formset(
            [
                note_form("update", "The council confirmed the date.", earlier),
                note_form("update", "Trains run again.", later),
            ]
        )
    )
    response = client.post(edit_url(article), {**form, **loaded_revision(client, article), "action-publish": "Publish"})
    assert response.status_code == 302
    client.logout()

    story = BeautifulSoup(client.get(STORY).content, "html.parser")
    assert story.select_one("header .story-notes") is None  # updates are not corrections: not at the top
    updates = [item.get_text(" ", strip=True) for item in story.select(".story-notes--update li")]
    assert "Trains run again." in updates[0] and "The council confirmed the date." in updates[1]
    listing = client.get("/corrections/").content.decode()
    assert listing.index("Trains run again.") < listing.index("The council confirmed the date.")
    assert [entry["text"] for entry in news_article(client)["correction"]] == [
        "Trains run again.",
        "The council confirmed the date.",
    ]


def test_corrections_page_lists_nothing_from_unpublished_stories(client, article, section):
    StoryNote.objects.create(story=article, kind="correction", text="Live story's note.")
    article.unpublish()
    response = client.get("/corrections/")
    assert response.status_code == 200
    assert "Live story's note." not in text_at(client, "/corrections/")
    assert "No corrections or updates yet." in response.content.decode()


def test_corrections_page_survives_a_junk_page_number(client):
    assert client.get("/corrections/?page=zzz").status_code == 200
