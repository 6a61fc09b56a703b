"""What a reader sees on a story, top to bottom, for our own reporting and for a partner's."""

import pytest
from bs4 import BeautifulSoup

from news.models import Origin, PublicationSettings
from tests.factories import ArticlePageFactory, AuthorFactory, publish


def positions(html, markers):
    """Where each marker first appears in the page's body; fails naming any that are missing.

    The `<head>` repeats the headline and dek for social cards and search engines, so it is skipped.
    """
    html = html[html.find("<body") :]
    found = {marker: html.find(marker) for marker in markers}
    missing = [m for m, at in found.items() if at < 0]
    assert not missing, f"missing from the page: {missing}"
    return [found[m] for m in markers]


@pytest.fixture
def original_story(section, our_licence, image):
    settings = PublicationSettings.load()
    settings.originals_licence = our_licence
    settings.save()
    author = AuthorFactory(name="Mara Lindqvist", slug="mara-lindqvist")
    story = ArticlePageFactory.build(
        title="Ceasefire talks resume in Velmora",
        slug="ceasefire-talks",
        dek="Negotiators met for a third day.",
        featured=True,
        hero_image=image,
        hero_caption="Aid lorries wait at the crossing.",
        hero_credit="Ana Ruiz / Masthead",
        body=[
            {"type": "paragraph", "value": "<p>Talks resumed on Monday, according to Meridian Wire.</p>"},
            {"type": "heading", "value": {"text": "What comes next", "level": "h2"}},
            {"type": "image", "value": {"image": image.pk, "caption": "The border post.", "credit": "Masthead"}},
            {"type": "block_quote", "value": {"quote": "We will keep talking.", "attribution": "A negotiator"}},
            {"type": "pull_quote", "value": {"text": "Closer than ever."}},
        ],
    )
    section.add_child(instance=story)
    story.authors.create(author=author)
    return publish(story)


@pytest.fixture
def syndicated_story(section, partner):
    story = ArticlePageFactory.build(
        title="Flooded delta towns count the cost",
        slug="flooded-delta",
        byline="Coastline Chronicle staff",
        origin=Origin.SYNDICATED,
        partner=partner,
        original_url="https://coastline.example/stories/flooded-delta",
    )
    section.add_child(instance=story)
    return publish(story)


def test_original_story_shows_every_part_in_reading_order(client, original_story, section):
    other = publish(ArticlePageFactory(parent=section, title="Border railway reopens", slug="railway"))
    html = client.get(original_story.url).content.decode()

    order = positions(
        html,
        [
            'class="badge badge--featured">Featured<',
            'badge--section" href="/world-news/">World News</a>',
            '<h1 id="story-headline"',
            "Negotiators met for a third day.",
            'href="/authors/mara-lindqvist/">Mara Lindqvist</a>',
            "<time datetime=",
            "<picture",
            "Aid lorries wait at the crossing.",
            "Ana Ruiz / Masthead",
            "Talks resumed on Monday",
            "<h2>What comes next</h2>",
            "This content is available without charge to any eligible news publisher.",
            "mailto:licensing@example.org",
            'href="/republishing-licence/"',
            "Support independent journalism",
            "Related articles",
            other.title,
            'href="#top">Back to top',
        ],
    )
    assert order == sorted(order)
    assert "Originally published by" not in html


def test_hero_image_has_modern_formats_and_dimensions_so_nothing_shifts(client, original_story):
    soup = BeautifulSoup(client.get(original_story.url).content, "html.parser")
    hero = soup.select_one("figure.story__hero picture")
    types = {source["type"] for source in hero.find_all("source")}
    assert {"image/avif", "image/webp"} <= types
    img = hero.find("img")
    assert img["width"] and img["height"]
    assert img.get("alt") is not None


def test_syndicated_story_credits_the_partner_and_shows_its_notice(client, syndicated_story):
    html = client.get(syndicated_story.url).content.decode()
    order = positions(
        html,
        [
            "By Coastline Chronicle staff",
            "Originally published by",
            'href="https://coastline.example/stories/flooded-delta">Coastline Chronicle</a>',
            "This content created by the Coastline Chronicle is available without charge",
            "mailto:licensing@coastline.example",
            'href="/coastline-licence/"',
            "Support independent journalism",
        ],
    )
    assert order == sorted(order)


def test_syndicated_story_takes_the_partner_licence_when_none_is_chosen(syndicated_story, partner):
    assert syndicated_story.licensing_notice_id == partner.default_licensing_notice_id


def test_featured_badge_only_on_featured_stories(client, article):
    assert "badge--featured" not in client.get(article.url).content.decode()


def test_related_articles_are_the_newest_others_in_the_section(client, section, article):
    older = publish(ArticlePageFactory(parent=section, title="Older story", slug="older"))
    newer = publish(ArticlePageFactory(parent=section, title="Newer story", slug="newer"))
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    related = [a.get_text() for a in soup.select("section.related h3 a")]
    assert related[:2] == [newer.title, older.title]
    assert article.title not in related


def test_draft_story_is_not_served_to_readers(client, section):
    draft = ArticlePageFactory(parent=section, title="Unfinished", slug="unfinished", live=False)
    assert client.get(f"/world-news/{draft.slug}/").status_code == 404
