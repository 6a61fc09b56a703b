"""RSS feeds: the site's, each section's and each author's carry live stories in a form feed readers accept."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory, publish
from tests.news.distribution_stories import configure_publication, photo, story


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    feed.raw = response.content.decode()
    return feed


@pytest.fixture
def image(db):
    return photo()


@pytest.fixture
def illustrated_story(section, image):
    return story(
        section,
        "harbour-reopens",
        title="Harbour reopens & ferries return",
        dek="The first ferry in a month left at dawn.",
        authors=["Mara Lindqvist", "Tomas Ek"],
        tags=["Ferries", "Storms"],
        hero_image=image,
        hero_caption="The ferry leaves the quay.",
        hero_credit="Ana Ruiz / Masthead",
    )


def test_site_feed_item_carries_every_field_a_feed_reader_shows(client, illustrated_story, image):
    configure_publication(logo=image, publication_name="The Masthead Times", google_news_language="en")
    feed = parse(client, "/feeds/")

    assert feed.feed.title == "The Masthead Times"
    assert feed.feed.link == "http://localhost/"
    assert feed.feed.language == "en"
    assert '<atom:link href="http://localhost/feeds/" rel="self"/>' in feed.raw
    assert feed.feed.image.href.startswith("http://localhost/media/")
    [entry] = feed.entries
    assert entry.title == "Harbour reopens & ferries return"
    assert entry.link == "http://localhost/world-news/harbour-reopens/"
    assert entry.id == entry.link
    assert '<guid isPermaLink="true">http://localhost/world-news/harbour-reopens/</guid>' in feed.raw
    assert entry.summary == "The first ferry in a month left at dawn."
    assert entry.author == "Mara Lindqvist and Tomas Ek"
    assert entry.published_parsed is not None
    assert [tag.term for tag in entry.tags] == ["World News", "Ferries", "Storms"]
    [media] = entry.media_content
    assert media["url"].startswith("http://localhost/media/images/")
    assert media["url"].endswith(".jpg")
    assert (media["medium"], media["width"], media["height"]) == ("image", "1200", "675")
    assert entry.media_credit[0]["content"] == "Ana Ruiz / Masthead"


def test_pub_date_is_rfc_822(client, section):
    story(section, "dated", published_at=timezone.now().replace(year=2025, month=3, day=4, hour=5, minute=6, second=7))
    body = client.get("/feeds/").content.decode()
    assert "<pubDate>Tue, 04 Mar 2025 05:06:07 +0000</pubDate>" in body


def test_wire_story_is_credited_to_its_byline(client, section):
    story(section, "wire", byline="Staff and agencies")
    assert parse(client, "/feeds/").entries[0].author == "Staff and agencies"


def test_feeds_are_newest_first_and_hold_the_newest_fifty(client, section):
    now = timezone.now()
    for n in range(52):
        story(section, f"story-{n}", published_at=now - timedelta(minutes=n))
    entries = parse(client, "/feeds/").entries
    assert len(entries) == 50
    assert entries[0].link.endswith("/story-0/")
    assert entries[-1].link.endswith("/story-49/")


def test_drafts_and_future_scheduled_stories_never_appear(client, section, illustrated_story):
    ArticlePageFactory(parent=section, title="Unfinished draft", slug="draft", live=False)
    scheduled = ArticlePageFactory(parent=section, title="Embargoed story", slug="embargoed", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live  # waiting for its go-live time

    for url in ["/feeds/", "/feeds/sections/world-news/", "/feeds/authors/mara-lindqvist/"]:
        titles = [entry.title for entry in parse(client, url).entries]
        assert "Unfinished draft" not in titles and "Embargoed story" not in titles


def test_unpublished_story_leaves_the_feed(client, illustrated_story):
    illustrated_story.unpublish()
    assert parse(client, "/feeds/").entries == []


def test_section_feed_carries_only_that_section(client, home, section, illustrated_story):
    politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics", intro="Who governs."))
    story(politics, "vote-count")
    feed = parse(client, "/feeds/sections/politics/")
    assert feed.feed.title.startswith("Politics")
    assert feed.feed.link == "http://localhost/politics/"
    assert feed.feed.description == "Who governs."
    assert [entry.link for entry in feed.entries] == ["http://localhost/politics/vote-count/"]


def test_author_feed_carries_only_their_stories(client, section, illustrated_story):
    story(section, "someone-else", authors=["Another Reporter"])
    feed = parse(client, "/feeds/authors/tomas-ek/")
    assert feed.feed.title.startswith("Tomas Ek")
    assert feed.feed.link == "http://localhost/authors/tomas-ek/"
    assert [entry.title for entry in feed.entries] == [illustrated_story.title]


def test_author_without_stories_has_an_empty_feed(client, db):
    AuthorFactory(name="New Hire")
    assert parse(client, "/feeds/authors/new-hire/").entries == []


@pytest.mark.parametrize("url", ["/feeds/sections/no-such-section/", "/feeds/authors/nobody/"])
def test_unknown_section_or_author_feed_is_not_found(client, section, url):
    assert client.get(url).status_code == 404


def test_unpublished_section_has_no_feed(client, section):
    section.unpublish()
    assert client.get("/feeds/sections/world-news/").status_code == 404


def test_control_characters_pasted_into_a_story_do_not_break_the_feed(client, section):
    story(section, "pasted", title="Pasted\x0b headline\x1f", dek="A dek\x08 with junk")
    entry = parse(client, "/feeds/").entries[0]
    assert entry.title == "Pasted headline"
    assert entry.summary == "A dek with junk"


def test_markup_in_a_headline_reaches_readers_as_text(client, section):
    story(section, "markup", title="Q&A: <script>alert(1)</script> explained")
    assert parse(client, "/feeds/").entries[0].title == "Q&A: <script>alert(1)</script> explained"


def test_pages_announce_their_feeds(client, section, illustrated_story):
    html = client.get(illustrated_story.url).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="The Masthead Times" href="http://localhost/feeds/">'
        in html
    )
    assert (
        'type="application/rss+xml" title="World News | The Masthead Times" href="http://localhost/feeds/sections/world-news/">'
        in html
    )
    section_html = client.get(section.url).content.decode()
    assert 'href="http://localhost/feeds/sections/world-news/"' in section_html
    author_html = client.get("/authors/mara-lindqvist/").content.decode()
    assert (
        'type="application/rss+xml" title="Mara Lindqvist | The Masthead Times" href="http://localhost/feeds/authors/mara-lindqvist/">'
        in author_html
    )
    assert 'href="http://localhost/feeds/"' in client.get("/").content.decode()
