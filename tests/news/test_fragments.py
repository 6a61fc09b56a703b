"""Story cards, pictures and the comment form are drawn once per process, yet never shown out of date.

Pages are read with the page cache off, so every request renders; the
fragment cache (news.fragments) is warm after the first request.
"""

import re
from datetime import timedelta

import pytest
import time_machine
import wagtail_factories
from django.core import signing
from django.core.cache import caches
from django.utils import timezone

from comments.forms import TOKEN_SALT
from news.fragments import CACHE_ALIAS
from tests.factories import ArticlePageFactory, publish

pytestmark = pytest.mark.usefixtures("no_page_cache")


@pytest.fixture(autouse=True)
def empty_fragment_cache():
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def photo(db):
    return wagtail_factories.ImageFactory(title="Harbour at dawn")


@pytest.fixture
def story(section, photo):
    return publish(
        ArticlePageFactory(parent=section, title="Ferry returns to the harbour", slug="ferry", hero_image=photo)
    )


def card_of(html, url):
    """The card linking to `url` in a listing's HTML, or None."""
    for card in re.findall(r'<article class="card.*?</article>', html, re.DOTALL):
        if f'href="{url}"' in card:
            return card
    return None


def test_a_card_shows_a_new_headline_at_once(client, section, story):
    assert "Ferry returns to the harbour" in card_of(client.get(section.url).content.decode(), story.url)
    story.title = "Ferry service resumes after storm"
    publish(story)
    card = card_of(client.get(section.url).content.decode(), story.url)
    assert "Ferry service resumes after storm" in card and "Ferry returns" not in card


def test_a_story_taken_down_leaves_every_listing_at_once(client, home, section, story):
    client.get(section.url)
    client.get("/")
    story.unpublish()
    assert card_of(client.get(section.url).content.decode(), story.url) is None
    assert "Ferry returns to the harbour" not in client.get("/").content.decode()


def test_a_picture_follows_a_new_focal_point_and_alt_text(client, section, story, photo):
    before = card_of(client.get(section.url).content.decode(), story.url)
    photo.focal_point_x, photo.focal_point_y, photo.focal_point_width, photo.focal_point_height = 10, 10, 20, 20
    photo.description = "Passengers board the first ferry"
    photo.save()
    after = card_of(client.get(section.url).content.decode(), story.url)
    assert after != before
    assert 'alt="Passengers board the first ferry"' in after
    assert set(re.findall(r"/media/images/[^\s\"]+", after)).isdisjoint(re.findall(r"/media/images/[^\s\"]+", before))


def test_a_listing_drawn_from_kept_cards_is_the_same_page(client, section, story):
    first = client.get(section.url).content.decode()
    assert client.get(section.url).content.decode() == first


def test_the_kept_comment_form_carries_a_token_issued_for_each_page(client, story):
    def token(html):
        return re.search(r'name="token" value="([^"]+)"', html).group(1)

    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = token(client.get(story.url).content.decode())
        clock.shift(timedelta(minutes=5))
        second = token(client.get(story.url).content.decode())
    assert first != second
    issued = [signing.Signer(salt=TOKEN_SALT).unsign_object(t)["t"] for t in (first, second)]
    assert issued[1] - issued[0] == 300


def test_pages_are_drawn_in_full_when_the_fragment_cache_fails(client, section, story, monkeypatch):
    expected = client.get(section.url).content.decode()
    fragments = caches[CACHE_ALIAS]

    def broken(*args, **kwargs):
        raise ConnectionError("cache unavailable")

    monkeypatch.setattr(fragments, "get", broken)
    monkeypatch.setattr(fragments, "set", broken)
    response = client.get(section.url)
    assert response.status_code == 200
    assert response.content.decode() == expected
    assert client.get(story.url).status_code == 200
