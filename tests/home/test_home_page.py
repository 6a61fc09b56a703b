"""The front page: editors' picks, topped up with the newest featured stories, and section round-ups."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import ArticlePageFactory, SectionPageFactory, publish


def story(section, title, hours_ago, featured=False):
    return publish(
        ArticlePageFactory(
            parent=section,
            title=title,
            featured=featured,
            display_date=timezone.now() - timedelta(hours=hours_ago),
        )
    )


def block_titles(response, index):
    soup = BeautifulSoup(response.content, "html.parser")
    block = soup.select("section.home-block")[index]
    return [a.get_text() for a in block.select("h3 a")]


@pytest.fixture
def politics(home):
    return publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))


def set_layout(home, blocks):
    home.body = blocks
    publish(home)


def test_featured_block_leads_with_picks_then_fills_with_newest_featured(client, home, section):
    pick = story(section, "Editor's pick", hours_ago=100)
    old_featured = story(section, "Old featured", hours_ago=50, featured=True)
    new_featured = story(section, "New featured", hours_ago=1, featured=True)
    story(section, "Not featured", hours_ago=0)
    set_layout(home, [{"type": "featured_stories", "value": {"heading": "Featured", "picks": [pick.pk], "count": 3}}])
    assert block_titles(client.get("/"), 0) == [pick.title, new_featured.title, old_featured.title]


def test_unpublished_pick_is_skipped_and_its_place_filled(client, home, section):
    pick = story(section, "Withdrawn pick", hours_ago=3)
    featured = story(section, "Featured story", hours_ago=5, featured=True)
    set_layout(home, [{"type": "featured_stories", "value": {"heading": "Featured", "picks": [pick.pk], "count": 1}}])
    pick.unpublish()
    assert block_titles(client.get("/"), 0) == [featured.title]


def test_section_block_shows_the_latest_of_its_section_only(client, home, section, politics):
    story(section, "World story", hours_ago=1)
    newest = story(politics, "Vote tonight", hours_ago=1)
    older = story(politics, "Budget agreed", hours_ago=9)
    set_layout(home, [{"type": "section_latest", "value": {"section": politics.pk, "heading": "", "count": 4}}])
    response = client.get("/")
    assert block_titles(response, 0) == [newest.title, older.title]
    assert 'href="/politics/">Politics</a>' in response.content.decode()


def test_a_story_shown_in_a_featured_block_is_not_repeated_by_the_next_one(client, home, section):
    first = story(section, "First featured", hours_ago=1, featured=True)
    second = story(section, "Second featured", hours_ago=2, featured=True)
    set_layout(
        home,
        [
            {"type": "featured_stories", "value": {"heading": "Top", "picks": [], "count": 1}},
            {"type": "featured_stories", "value": {"heading": "More", "picks": [], "count": 1}},
        ],
    )
    response = client.get("/")
    assert block_titles(response, 0) == [first.title]
    assert block_titles(response, 1) == [second.title]


def test_licensing_promo_links_to_our_licence(client, home, our_licence):
    set_layout(
        home,
        [
            {
                "type": "licensing_promo",
                "value": {"heading": "Republish us", "text": "Free, with credit.", "notice": our_licence.pk},
            }
        ],
    )
    html = client.get("/").content.decode()
    assert "Republish us" in html and f'href="{our_licence.url}"' in html


def test_empty_front_page_still_renders_the_masthead(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert "The Masthead Times" in response.content.decode()


def test_no_story_appears_twice_on_the_home_page(client, home, section, politics):
    lead = story(politics, "Lead story", hours_ago=1, featured=True)
    others = [story(politics, f"Politics {n}", hours_ago=2 + n) for n in range(3)]
    story(section, "World story", hours_ago=1, featured=True)
    set_layout(
        home,
        [
            {"type": "featured_stories", "value": {"heading": "Featured", "picks": [], "count": 2}},
            {"type": "section_latest", "value": {"section": politics.pk, "heading": "", "count": 4}},
            {"type": "section_latest", "value": {"section": section.pk, "heading": "", "count": 4}},
        ],
    )
    response = client.get("/")
    links = [a["href"] for a in BeautifulSoup(response.content, "html.parser").select("main h3 a")]
    assert len(links) == len(set(links)) == 5
    assert block_titles(response, 1) == [s.title for s in others]
    assert lead.title in block_titles(response, 0)
