"""Links to our own stories inside body text cost one query per story page, not two per paragraph."""

import re

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.models import Site

from news.rich_text import LinkedPage, linked_pages
from tests.factories import ArticlePageFactory, publish
from tests.news.test_query_budgets import ARTICLE_BUDGET

pytestmark = pytest.mark.usefixtures("no_page_cache")


def linking_story(section, targets, slug="linking-story"):
    paragraphs = [
        {"type": "paragraph", "value": f'<p>See <a linktype="page" id="{target.pk}">this story</a>.</p>'}
        for target in targets
    ]
    return publish(ArticlePageFactory(parent=section, title="Links everywhere", slug=slug, body=paragraphs))


@pytest.fixture
def targets(section):
    return [publish(ArticlePageFactory(parent=section, title=f"Target {i}", slug=f"target-{i}")) for i in range(12)]


def test_body_links_lead_to_the_linked_stories(client, section, targets):
    story = linking_story(section, targets[:2])
    html = client.get(story.url).content.decode()
    assert f'href="{targets[0].url}"' in html
    assert f'href="{targets[1].url}"' in html


def test_every_linked_page_is_looked_up_once_per_request_in_one_query(section, targets, django_assert_num_queries):
    ids = [target.pk for target in targets]
    Site.get_site_root_paths()  # kept warm on a running site
    # The request's start and end, without Django closing the test's database connection at them.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        with django_assert_num_queries(1):
            pages = linked_pages(ids)
        assert pages == {str(target.pk): LinkedPage(target.url, True, target.title) for target in targets}
        with django_assert_num_queries(0):
            linked_pages(ids)
        request_finished.send(sender=None)
        with django_assert_num_queries(1):
            linked_pages(ids)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("link_count", [1, 12])
def test_article_with_linking_paragraphs_stays_within_budget(
    client, section, targets, django_assert_max_num_queries, link_count
):
    story = linking_story(section, targets[:link_count])
    client.get(story.url)  # renditions and site lookups warm, as on a running site
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        response = client.get(story.url)
    assert len(re.findall(r'<a href="/world-news/target-\d+/">this story</a>', response.content.decode())) == link_count


def test_a_link_follows_its_story_when_the_story_moves(client, section, targets, home):
    from tests.factories import SectionPageFactory

    story = linking_story(section, targets[:1])
    client.get(story.url)
    politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    targets[0].move(politics, pos="last-child")
    html = client.get(story.url).content.decode()
    assert 'href="/politics/target-0/"' in html


def test_a_link_to_an_unpublished_story_stays_in_the_text_but_leaves_the_copy_for_republishers(
    client, section, targets, originals_licence
):
    story = linking_story(section, targets[:1])
    client.get(story.url)
    targets[0].unpublish()
    html = client.get(story.url).content.decode()
    assert '<a href="/world-news/target-0/">this story</a>' in html
    copy = html[html.index('id="republish-html"') :]
    assert "target-0" not in copy[: copy.index("</textarea>")]


def test_a_link_to_a_deleted_story_loses_its_address(client, section, targets):
    story = linking_story(section, targets[:1])
    client.get(story.url)
    targets[0].delete()
    html = client.get(story.url).content.decode()
    assert "target-0" not in html
    assert "this story" in html
