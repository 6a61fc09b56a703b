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
from django.urls import reverse
from django.utils import timezone

from news.fragments import CACHE_ALIAS
from news.models import Author, PublicationSettings
from reader_comments.forms import TOKEN_SALT
from tests.factories import ArticlePageFactory, AuthorFactory, publish

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


@pytest.fixture
def reported(section, story, originals_licence, photo):
    """The story with an author, a photo in its text and a licence, as readers have already seen it."""
    story.authors.create(author=AuthorFactory(name="Mara Lindqvist", slug="mara-lindqvist"))
    story.body = [
        {"type": "paragraph", "value": "<p>The ferry is back.</p>"},
        {"type": "image", "value": {"image": photo.pk, "caption": "At the quay.", "credit": "Masthead"}},
    ]
    return publish(story)


def story_html(client, story):
    return client.get(story.url).content.decode()


def test_a_renamed_author_shows_at_once_on_their_stories(client, reported):
    assert "Mara Lindqvist" in story_html(client, reported)
    Author.objects.filter(slug="mara-lindqvist").update(name="Mara Lind")
    html = story_html(client, reported)
    assert ">Mara Lind</a>" in html and "Mara Lindqvist" not in html


def test_a_renamed_section_shows_at_once_on_its_stories(client, section, reported):
    story_html(client, reported)
    section.title = "World"
    publish(section)
    html = story_html(client, reported)
    assert ">World</a>" in html and ">World News</a>" not in html


def test_a_changed_licence_shows_at_once_under_its_stories(client, reported, originals_licence):
    story_html(client, reported)
    originals_licence.title = "Reuse our reporting"
    originals_licence.short_notice = "<p>Free to republish with credit.</p>"
    publish(originals_licence)
    html = story_html(client, reported)
    assert "Free to republish with credit." in html and "Full licence terms: Reuse our reporting" in html


def test_a_photo_in_the_text_follows_its_new_description(client, reported):
    other = wagtail_factories.ImageFactory(title="Quay")
    reported.body = [{"type": "image", "value": {"image": other.pk, "caption": "At the quay.", "credit": "Masthead"}}]
    publish(reported)
    story_html(client, reported)
    other.description = "Passengers at the quay"
    other.save()
    assert 'alt="Passengers at the quay"' in story_html(client, reported)


def test_a_new_publication_name_shows_at_once_in_the_story_and_its_head(client, reported):
    story_html(client, reported)
    publication = PublicationSettings.load()
    publication.publication_name = "The Harbour Herald"
    publication.save()
    html = story_html(client, reported)
    assert '"name":"The Harbour Herald"' in html, "JSON-LD names the new publisher"
    assert 'content="The Harbour Herald"' in html, "the social card names it"
    assert "first published by" in html and "The Harbour Herald" in html[html.index('id="republish-html"') :]


def test_a_partners_new_name_shows_at_once_on_its_stories(client, section, partner):
    syndicated = publish(
        ArticlePageFactory(
            parent=section,
            title="Delta towns count the cost",
            slug="delta",
            origin="syndicated",
            partner=partner,
            original_url="https://coastline.example/delta",
        )
    )
    assert "Originally published by" in story_html(client, syndicated)
    partner.name = "Coastline Daily"
    partner.save()
    assert ">Coastline Daily</a>" in story_html(client, syndicated)


def test_a_preview_shows_the_draft_and_leaves_the_live_page_as_it_is(client, admin_client, reported):
    story_html(client, reported)
    reported.title = "Draft headline, not yet approved"
    revision = reported.save_revision()
    preview = admin_client.get(reverse("wagtailadmin_pages:revisions_view", args=(reported.pk, revision.pk)))
    assert "Draft headline, not yet approved" in preview.content.decode()
    live = story_html(client, reported)
    assert "Ferry returns to the harbour" in live and "Draft headline" not in live


def test_a_front_page_card_shows_its_sections_new_name_at_once(client, home, section, story):
    home.body = [{"type": "featured_stories", "value": {"heading": "Top stories", "picks": [story.pk], "count": 1}}]
    publish(home)
    assert "World News" in card_of(client.get("/").content.decode(), story.url)
    section.title = "World"
    publish(section)
    card = card_of(client.get("/").content.decode(), story.url)
    assert '<p class="card__section">World</p>' in card
