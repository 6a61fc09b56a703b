"""SQL query budgets for reader pages, which must not grow with the amount of content.

Each page is measured with one of everything and with many (tags, authors,
body blocks, photos, related stories, listed stories), twice: warm, as a
running site serves it (the small lookups it keeps in the cache, and the
fragments of pages it has drawn, are there), and cold, right after every
cache was emptied (a restart, or a Redis flushed). The HTTP cache in front
is not involved: every request is rendered.
"""

import pytest
import time_machine
import wagtail_factories
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import ArticlePage, SectionPage, SectionPinnedArticle
from news.pictures import picture_filters
from tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory, home_page, publish
from tests.shared_rows import rows_shared_by_a_class

pytestmark = pytest.mark.usefixtures("no_page_cache")

ARTICLE_BUDGET = 14
SECTION_BUDGET = 12
HOME_BUDGET = 20
# With every cache empty: the site, settings, menus, restricted paths, related lists, renditions
# and drawn fragments are all looked up again. A story's own corrections and updates are read
# with its authors and tags on every view (they are part of what its cached fragments show).
ARTICLE_COLD_BUDGET = 22
SECTION_COLD_BUDGET = 12
HOME_COLD_BUDGET = 16


def rich_story(section, n, images, tag_count, author_count, featured=False):
    photos = [
        {"type": "image", "value": {"image": img.pk, "caption": f"Photo {i}", "credit": "Masthead"}}
        for i, img in enumerate(images)
    ]
    paragraphs = [{"type": "paragraph", "value": f"<p>Paragraph {i}.</p>"} for i in range(len(images) * 3 + 1)]
    story = ArticlePageFactory.build(
        title=f"Story {n}", slug=f"story-{n}", hero_image=images[0], body=paragraphs + photos, featured=featured
    )
    section.add_child(instance=story)
    for a in range(author_count):
        story.authors.create(author=AuthorFactory(name=f"Author {n}-{a}"), sort_order=a)
    story.tags.add(*[f"tag-{t}" for t in range(tag_count)])
    return publish(story)


def populate(section, size):
    """One story of everything (size 1) or many of everything (size 12)."""
    images = [wagtail_factories.ImageFactory(title=f"Photo {i}") for i in range(size)]
    return [
        rich_story(section, n, images, tag_count=size, author_count=min(size, 5), featured=n % 2 == 0)
        for n in range(size * 2)
    ]


def empty_every_cache():
    for alias in settings.CACHES:
        caches[alias].clear()


def measure(client, django_assert_max_num_queries, url, budget, cold_budget):
    # One clock for both renders: the comment form carries the second it was drawn.
    with time_machine.travel(timezone.now(), tick=False):
        return measure_at_one_moment(client, django_assert_max_num_queries, url, budget, cold_budget)


def measure_at_one_moment(client, django_assert_max_num_queries, url, budget, cold_budget):
    client.get(url)  # the first render creates renditions (publishing does, outside tests) and warms lookups
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    empty_every_cache()
    with django_assert_max_num_queries(cold_budget):
        cold = client.get(url)
    assert cold.status_code == 200
    assert cold.content == response.content
    return response


@pytest.fixture(scope="class", params=[1, 12], ids=["one of everything", "many of everything"])
def populated_section(request, django_db_setup, django_db_blocker):
    """World News with `populate`'s stories, built once for the class's tests at each size; gives their ids."""
    with rows_shared_by_a_class(django_db_blocker):
        with django_db_blocker.unblock():
            section = publish(SectionPageFactory(parent=home_page(), title="World News", slug="world-news"))
            stories = populate(section, request.param)
        yield section.pk, [story.pk for story in stories]


class TestPageBudgets:
    """Each test changes what it needs in its own savepoint; the section and its stories are shared."""

    @pytest.fixture
    def section(self, db, populated_section):
        return SectionPage.objects.get(pk=populated_section[0])

    @pytest.fixture
    def stories(self, db, populated_section):
        found = ArticlePage.objects.in_bulk(populated_section[1])
        return [found[pk] for pk in populated_section[1]]

    def test_article_page_within_budget(self, client, stories, django_assert_max_num_queries):
        measure(client, django_assert_max_num_queries, stories[0].url, ARTICLE_BUDGET, ARTICLE_COLD_BUDGET)

    def test_syndicated_article_page_within_budget(self, client, stories, partner, django_assert_max_num_queries):
        ArticlePage.objects.filter(pk=stories[0].pk).update(
            origin="syndicated", partner=partner, original_url="https://example.org/original"
        )
        measure(client, django_assert_max_num_queries, stories[0].url, ARTICLE_BUDGET, ARTICLE_COLD_BUDGET)

    def test_section_page_within_budget(self, client, section, stories, django_assert_max_num_queries):
        for order, story in enumerate(stories[:2]):
            SectionPinnedArticle.objects.create(page=section, article=story, sort_order=order)
        measure(client, django_assert_max_num_queries, section.url, SECTION_BUDGET, SECTION_COLD_BUDGET)

    def test_home_page_within_budget(self, client, home, section, stories, our_licence, django_assert_max_num_queries):
        politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
        populate(politics, 1)
        home.body = [
            {
                "type": "featured_stories",
                "value": {"heading": "Featured", "picks": [s.pk for s in stories[:3]], "count": 5},
            },
            {"type": "section_latest", "value": {"section": section.pk, "heading": "", "count": 4}},
            {"type": "section_latest", "value": {"section": politics.pk, "heading": "", "count": 4}},
            {"type": "licensing_promo", "value": {"heading": "Republish", "text": "Free.", "notice": our_licence.pk}},
        ]
        publish(home)
        measure(client, django_assert_max_num_queries, "/", HOME_BUDGET, HOME_COLD_BUDGET)


def test_a_cold_section_page_loads_every_cards_photo_in_one_query(client, section):
    """Each card with a photo of its own, renditions made at publication, every cache empty: one query for all.

    (The budgets above share one hero photo between every story, so a card
    that looked up its own renditions would cost them a single query.)
    """
    photos = [wagtail_factories.ImageFactory(title=f"Photo {n}") for n in range(8)]
    for n, photo in enumerate(photos):
        publish(ArticlePageFactory(parent=section, title=f"Story {n}", slug=f"story-{n}", hero_image=photo))
    for photo in photos:
        photo.get_renditions(*picture_filters("card"))  # what publishing makes for cards (news.renditions)
    empty_every_cache()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(section.url)
    assert response.status_code == 200
    assert response.content.decode().count("<picture>") == 8
    rendition_queries = [q["sql"] for q in cold.captured_queries if "wagtailimages_rendition" in q["sql"]]
    assert len(rendition_queries) == 1, rendition_queries
    assert len(cold.captured_queries) <= SECTION_COLD_BUDGET
