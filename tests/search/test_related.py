"""Related articles under a story: found by search, re-ranked, filled from the section, cached per story."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from search.related import RELATED_COUNT, find_related, related_articles
from tests.factories import ArticlePageFactory, SectionPageFactory, publish
from tests.search.conftest import add_story


def titles(stories):
    return [story.title for story in stories]


@pytest.fixture
def ferry_story(section):
    return add_story(section, "Ferry crossing delayed by storm", slug="ferry-delayed", tags=["transport", "storms"])


def test_stories_sharing_words_and_tags_rank_first_then_the_section_fills_the_list(ferry_story, section, politics):
    add_story(section, "Gardening club opens", slug="gardening", days_ago=0)  # newest, unrelated
    add_story(politics, "Ferry fares rise again", slug="fares", tags=["transport"], days_ago=3)
    add_story(section, "Storm closes ferry crossing", slug="storm-closes", tags=["transport", "storms"], days_ago=5)
    related = related_articles(ferry_story)
    assert titles(related) == [
        "Storm closes ferry crossing",
        "Ferry fares rise again",
        "Gardening club opens",
    ]


def test_a_story_sharing_tags_and_words_outranks_one_sharing_a_word(ferry_story, section):
    add_story(section, "Ferry museum reopens", slug="museum", days_ago=1)
    add_story(section, "Harbour crossing shut by storm", slug="shut", tags=["storms", "transport"], days_ago=20)
    assert titles(related_articles(ferry_story))[:2] == ["Harbour crossing shut by storm", "Ferry museum reopens"]


def test_the_story_itself_drafts_unpublished_and_private_stories_never_appear(ferry_story, section, home):
    ArticlePageFactory(parent=section, title="Ferry storm draft", slug="ferry-draft", live=False)
    add_story(section, "Ferry storm withdrawn", slug="ferry-withdrawn", tags=["storms"]).unpublish()
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    add_story(members, "Ferry storm for members", slug="ferry-members", tags=["storms"])
    add_story(section, "Ferry storm report", slug="ferry-report")
    assert titles(related_articles(ferry_story)) == ["Ferry storm report"]


def test_a_story_with_nothing_in_common_gets_the_newest_of_its_section(section):
    lonely = add_story(section, "Zzyzx", slug="zzyzx", days_ago=9)
    for n in range(RELATED_COUNT + 1):
        add_story(section, f"Story {n}", slug=f"story-{n}", days_ago=n)
    assert titles(related_articles(lonely)) == [f"Story {n}" for n in range(RELATED_COUNT)]


def test_a_newly_published_story_appears_once_the_cached_list_expires(ferry_story, section):
    assert related_articles(ferry_story) == []
    add_story(section, "Storm ferry chaos continues", slug="chaos", tags=["storms"], days_ago=0)
    assert related_articles(ferry_story) == []  # still the cached list
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.RELATED_ARTICLES_CACHE_SECONDS + 1)):
        assert titles(related_articles(ferry_story)) == ["Storm ferry chaos continues"]


def test_republishing_a_story_recomputes_its_own_list(ferry_story, section):
    add_story(section, "Velmora elections called", slug="velmora", tags=["elections"], days_ago=30)
    for n in range(RELATED_COUNT):
        add_story(section, f"Filler {n}", slug=f"filler-{n}", days_ago=n)
    assert "Velmora elections called" not in titles(related_articles(ferry_story))
    ferry_story.tags.add("elections")
    publish(ferry_story)
    assert titles(related_articles(ferry_story))[0] == "Velmora elections called"


def test_an_unpublished_story_leaves_cached_lists_at_once(ferry_story, section):
    gone = add_story(section, "Storm ferry chaos", slug="chaos", tags=["storms"])
    assert titles(related_articles(ferry_story)) == ["Storm ferry chaos"]
    gone.unpublish()
    assert related_articles(ferry_story) == []


def test_cached_list_costs_at_most_two_queries(ferry_story, section, django_assert_max_num_queries):
    for n in range(8):
        add_story(section, f"Storm ferry update {n}", slug=f"update-{n}", tags=["storms", "transport"])
    expected = titles(related_articles(ferry_story))
    assert len(expected) == RELATED_COUNT
    with django_assert_max_num_queries(2):
        assert titles(related_articles(ferry_story)) == expected


def test_a_smaller_list_is_served_from_a_cached_larger_one(ferry_story, section, django_assert_max_num_queries):
    for n in range(3):
        add_story(section, f"Storm ferry update {n}", slug=f"update-{n}", tags=["storms"])
    full = titles(related_articles(ferry_story, limit=3))
    with django_assert_max_num_queries(2):
        assert titles(related_articles(ferry_story, limit=2)) == full[:2]


def test_article_page_shows_the_search_backed_list(client, ferry_story, section, politics):
    add_story(section, "Gardening club opens", slug="gardening", days_ago=0)
    add_story(politics, "Storm ferry chaos", slug="chaos", tags=["storms"], days_ago=4)
    soup = BeautifulSoup(client.get(ferry_story.url).content, "html.parser")
    shown = [a.get_text() for a in soup.select("section.related h3 a")]
    assert shown == ["Storm ferry chaos", "Gardening club opens"]


def test_uncached_computation_matches_the_cached_answer(ferry_story, section):
    add_story(section, "Storm ferry chaos", slug="chaos", tags=["storms"])
    assert titles(find_related(ferry_story)) == titles(related_articles(ferry_story))


def test_a_shared_tag_outranks_a_closer_text_match(ferry_story, section):
    add_story(section, "Ferry crossing delayed again", slug="again", body_text="Storms hit transport and the crossing.")
    add_story(section, "Harbour shut", slug="shut", tags=["storms"])
    assert titles(related_articles(ferry_story))[:2] == ["Harbour shut", "Ferry crossing delayed again"]


def test_among_equal_matches_the_same_section_ranks_first(ferry_story, section, politics):
    add_story(politics, "Ferry news", slug="ferry-politics", days_ago=1)
    add_story(section, "Ferry news", slug="ferry-world", days_ago=1)
    assert [story.section_id for story in related_articles(ferry_story)[:2]] == [section.pk, politics.pk]


def test_among_equal_matches_the_newer_ranks_first(ferry_story, politics):
    add_story(politics, "Ferry news", slug="ferry-old", days_ago=90)
    add_story(politics, "Ferry news", slug="ferry-new", days_ago=1)
    assert [story.slug for story in related_articles(ferry_story)[:2]] == ["ferry-new", "ferry-old"]
