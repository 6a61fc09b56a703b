"""Sitemaps and robots.txt: search engines find every live page, and Google News the last two days' stories."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from news.distribution import sitemaps
from news.models import PublicationSettings, SearchEnginePolicy
from tests.factories import ArticlePageFactory, SectionPageFactory, publish
from tests.news.distribution_stories import configure_publication, hours_ago, story, syndicated_story

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def news_locations(client):
    return locations(xml(client, "/news-sitemap.xml"))


# sitemap.xml


def test_sitemap_lists_every_live_page_once_with_lastmod(client, home, section, our_licence):
    publish(home)
    first = story(section, "first")
    second = story(section, "second")
    ArticlePageFactory(parent=section, title="Draft", slug="draft", live=False)
    withdrawn = story(section, "withdrawn")
    withdrawn.unpublish()

    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}urlset"
    urls = locations(root)
    expected = [
        "http://localhost/",
        "http://localhost/world-news/",
        "http://localhost/world-news/first/",
        "http://localhost/world-news/second/",
        "http://localhost/republishing-licence/",
    ]
    assert sorted(urls) == sorted(expected)
    assert len(urls) == len(set(urls))
    lastmods = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}
    assert all(lastmods.values())
    assert lastmods[first.full_url] == first.last_published_at.date().isoformat()
    assert lastmods[second.full_url] == second.last_published_at.date().isoformat()


def test_sitemap_leaves_out_pages_behind_a_password(client, home, section):
    from wagtail.models import PageViewRestriction

    hidden = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    story(hidden, "members-only")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    assert not [url for url in locations(xml(client, "/sitemap.xml")) if "/members/" in url]


def test_sitemap_too_big_for_one_file_becomes_an_index_of_its_parts(client, section, monkeypatch):
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 2)
    for n in range(3):
        story(section, f"story-{n}")  # with the home page and the section: 5 pages, 3 parts

    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = locations(index)
    assert parts == [f"http://localhost/sitemap.xml?p={n}" for n in (1, 2, 3)]
    listed = [url for n in (1, 2, 3) for url in locations(xml(client, f"/sitemap.xml?p={n}"))]
    assert len(listed) == len(set(listed)) == 5


@pytest.mark.parametrize("junk", ["0", "9", "abc", "-1", "99999999999999999999"])
def test_sitemap_part_that_does_not_exist_is_not_found(client, section, junk):
    assert client.get(f"/sitemap.xml?p={junk}").status_code == 404


# news-sitemap.xml


def test_news_sitemap_holds_exactly_the_stories_of_the_last_48_hours(client, section):
    story(section, "just-now", published_at=hours_ago(0.1))
    story(section, "yesterday", published_at=hours_ago(24))
    story(section, "almost-two-days", published_at=hours_ago(47.9))
    story(section, "three-days", published_at=hours_ago(72))

    assert news_locations(client) == [
        "http://localhost/world-news/just-now/",
        "http://localhost/world-news/yesterday/",
        "http://localhost/world-news/almost-two-days/",
    ]

    with time_machine.travel(timezone.now() + timedelta(hours=24.5)):
        assert news_locations(client) == ["http://localhost/world-news/just-now/"]
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert news_locations(client) == []


def test_news_sitemap_entry_is_namespaced_with_publication_date_and_title(client, section):
    configure_publication(google_news_name="Masthead Times", google_news_language="de")
    published = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    story(section, "harbour", title="Harbour reopens & ferries return", published_at=published)

    root = xml(client, "/news-sitemap.xml")
    assert root.tag == f"{SITEMAP}urlset"
    [url] = root.findall(f"{SITEMAP}url")
    news = url.find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Masthead Times"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "de"
    assert news.find(f"{NEWS}publication_date").text == published.isoformat()
    assert news.find(f"{NEWS}title").text == "Harbour reopens & ferries return"


def test_news_sitemap_falls_back_to_the_publication_name(client, section):
    story(section, "harbour")
    root = xml(client, "/news-sitemap.xml")
    name = root.find(f"{SITEMAP}url/{NEWS}news/{NEWS}publication/{NEWS}name").text
    assert name == PublicationSettings.load().publication_name


def test_news_sitemap_holds_at_most_1000_stories_newest_first(client, section, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_SITEMAP_LIMIT", 3)
    for n in range(5):
        story(section, f"story-{n}", published_at=hours_ago(n + 1))
    assert news_locations(client) == [f"http://localhost/world-news/story-{n}/" for n in range(3)]


def test_news_sitemap_limit_is_googles_1000(section):
    for n in range(3):
        story(section, f"story-{n}")
    assert sitemaps.NEWS_SITEMAP_LIMIT == 1000
    assert sitemaps.news_sitemap_stories().query.high_mark == 1000


def test_news_sitemap_leaves_out_drafts_and_future_stories(client, section):
    ArticlePageFactory(parent=section, title="Draft", slug="draft", live=False, first_published_at=None)
    story(section, "live", published_at=hours_ago(1))
    story(section, "clock-skew", published_at=timezone.now() + timedelta(hours=2))
    scheduled = ArticlePageFactory(parent=section, title="Embargoed", slug="embargoed", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(hours=1)
    scheduled.save_revision().publish()
    assert news_locations(client) == ["http://localhost/world-news/live/"]


@pytest.mark.parametrize(
    ("policy", "listed"),
    [
        (SearchEnginePolicy.NOINDEX_GOOGLEBOT_NEWS, False),
        (SearchEnginePolicy.CANONICAL_TO_ORIGINAL, False),
        (SearchEnginePolicy.NONE, True),
    ],
)
def test_partner_policy_decides_whether_google_news_lists_our_copy(client, section, partner, policy, listed):
    partner.search_engine_policy = policy
    partner.save()
    story(section, "ours")
    syndicated_story(section, partner, "theirs")
    urls = news_locations(client)
    assert "http://localhost/world-news/ours/" in urls
    assert ("http://localhost/world-news/theirs/" in urls) is listed


def test_control_characters_in_a_headline_do_not_break_the_news_sitemap(client, section):
    story(section, "pasted", title="Pasted\x0c headline")
    root = xml(client, "/news-sitemap.xml")
    assert root.find(f"{SITEMAP}url/{NEWS}news/{NEWS}title").text == "Pasted headline"


# robots.txt


def test_robots_txt_names_both_sitemaps_and_keeps_admin_and_search_out(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Sitemap: http://localhost/news-sitemap.xml" in lines
