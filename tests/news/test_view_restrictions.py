"""Stories behind a view restriction (password, sign-in), on the story or on a page above it, stay behind it."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models.articles import PRIVATE_PATHS_CACHE_SECONDS
from tests.factories import ArticlePageFactory, SectionPageFactory, publish

pytestmark = pytest.mark.usefixtures("no_page_cache")

PASSWORD_FORM = 'name="password"'


@pytest.fixture
def story(section):
    return publish(ArticlePageFactory(parent=section, title="Inside the harbour board", slug="harbour-board"))


def restrict(page, kind=PageViewRestriction.PASSWORD):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="harbour")


def test_an_open_story_is_shown(client, story):
    html = client.get(story.url).content.decode()
    assert "Inside the harbour board" in html and PASSWORD_FORM not in html


@pytest.mark.parametrize("where", ["story", "section", "home"])
def test_a_password_on_the_story_or_any_page_above_it_keeps_the_story_behind_it(client, home, section, story, where):
    client.get(story.url)  # routed and drawn once before the restriction, as on a running site
    restrict({"story": story, "section": section, "home": home}[where])
    response = client.get(story.url)
    assert PASSWORD_FORM in response.content.decode()
    assert "The body of the story." not in response.content.decode()
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_sign_in_restriction_sends_readers_to_sign_in(client, section, story):
    restrict(section, PageViewRestriction.LOGIN)
    response = client.get(story.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_alias_of_a_restricted_section_keeps_its_stories_behind_the_password(client, home, section, story):
    restrict(section)
    alias = section.create_alias(parent=home, update_slug="world-news-again", recursive=True)
    story_alias = alias.get_children().get().specific
    assert story_alias.alias_of_id == story.pk
    assert PASSWORD_FORM in client.get(story_alias.url).content.decode()


def test_a_story_in_another_section_is_not_caught_by_a_restriction_elsewhere(client, home, section, story):
    politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    restrict(politics)
    assert PASSWORD_FORM not in client.get(story.url).content.decode()


def test_a_password_on_a_section_or_the_home_page_keeps_the_section_behind_it(client, home, section, story):
    client.get(section.url)
    restrict(home)
    assert PASSWORD_FORM in client.get(section.url).content.decode()


def test_a_restriction_whose_signal_was_missed_keeps_the_story_out_of_listings_within_minutes(client, section, story):
    """A process whose cache missed the change (its own cache, or a Redis that hung) follows within minutes."""
    assert "Inside the harbour board" in client.get(section.url).text
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=story, restriction_type=PageViewRestriction.PASSWORD, password="harbour")]
    )  # no signal: as if this process's cache never heard of it
    assert "Inside the harbour board" in client.get(section.url).text
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=PRIVATE_PATHS_CACHE_SECONDS + 1)):
        assert "Inside the harbour board" not in client.get(section.url).text
