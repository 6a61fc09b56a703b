"""What readers see of a partner's story and of a licence: the credit, the notice with its contact, the stories listed."""

from datetime import UTC, datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from news.models import Origin, PublicationSettings
from tests.factories import ArticlePageFactory, AuthorFactory, LicensingNoticePageFactory, publish

ARTICLE_BUDGET = 15


@pytest.fixture
def syndicated(section, partner):
    return publish(
        ArticlePageFactory(
            parent=section,
            title="Flooded delta towns count the cost",
            slug="flooded-delta",
            byline="Coastline Chronicle staff",
            origin=Origin.SYNDICATED,
            partner=partner,
            original_url="https://coastline.example/stories/flooded-delta",
            original_published_at=datetime(2024, 4, 12, 8, 30, tzinfo=UTC),
        )
    )


def test_syndicated_story_credits_the_partner_with_the_original_link_and_date(client, syndicated):
    soup = BeautifulSoup(client.get(syndicated.url).content, "html.parser")
    origin = soup.select_one(".story__origin")
    assert " ".join(origin.get_text().split()) == "Originally published by Coastline Chronicle on 12 April 2024."
    assert origin.a["href"] == "https://coastline.example/stories/flooded-delta"
    assert origin.time["datetime"] == "2024-04-12T09:30:00+01:00"  # the same moment, in the newsroom's zone


def test_syndicated_story_shows_the_partners_notice_and_contact_line(client, syndicated):
    notice = BeautifulSoup(client.get(syndicated.url).content, "html.parser").select_one(".licensing-notice")
    text = " ".join(notice.get_text().split())
    assert "This content created by the Coastline Chronicle is available without charge" in text
    assert "For licensing opportunities contact licensing@coastline.example." in text
    assert notice.select_one(".licensing-notice__contact a")["href"] == "mailto:licensing@coastline.example"


def test_partner_contact_is_shown_when_its_notice_names_none(client, syndicated, partner, partner_licence):
    partner_licence.contact_email = ""
    publish(partner_licence)
    partner.licensing_contact = "rights@coastline.example"
    partner.save()
    contact = BeautifulSoup(client.get(syndicated.url).content, "html.parser").select_one(".licensing-notice__contact")
    assert contact.a["href"] == "mailto:rights@coastline.example"


def test_original_story_shows_no_partner_credit(client, article):
    assert "Originally published by" not in client.get(article.url).content.decode()


def test_licence_page_lists_its_stories_twenty_to_a_page(client, section, partner, partner_licence):
    for n in range(23):
        ArticlePageFactory(parent=section, title=f"Partner story {n:02d}", origin="syndicated", partner=partner)
    for story in ArticlePageFactory._meta.model.objects.all():
        publish(story)

    first = BeautifulSoup(client.get(partner_licence.url).content, "html.parser")
    second = BeautifulSoup(client.get(partner_licence.url, {"page": "2"}).content, "html.parser")

    assert len(first.select(".story-list li")) == 20
    assert len(second.select(".story-list li")) == 3
    assert "Page 2 of 2" in second.get_text()


@pytest.mark.parametrize("junk", ["x", "0", "-3", "99999999999999", "2%00", "1e3", ""])
def test_licence_page_with_a_junk_page_number_never_fails(client, section, partner, partner_licence, junk):
    publish(ArticlePageFactory(parent=section, title="Partner story", origin="syndicated", partner=partner))
    response = client.get(f"{partner_licence.url}?page={junk}")
    assert response.status_code == 200
    assert "Partner story" in response.content.decode()


def test_our_licence_page_lists_originals_that_fall_under_it_by_default(client, section, our_licence):
    settings = PublicationSettings.load()
    settings.originals_licence = our_licence
    settings.save()
    original = publish(ArticlePageFactory(parent=section, title="Our own reporting", slug="ours"))
    elsewhere = publish(
        LicensingNoticePageFactory(parent=our_licence.get_parent(), title="Other terms", slug="other-terms")
    )
    publish(ArticlePageFactory(parent=section, title="Under other terms", slug="other", licensing_notice=elsewhere))

    html = client.get(our_licence.url).content.decode()
    assert original.title in html
    assert "Under other terms" not in html


def test_original_article_with_republish_box_stays_within_its_query_budget(
    client, section, our_licence, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    site_settings = PublicationSettings.load()
    site_settings.originals_licence = our_licence
    site_settings.save()
    images = [wagtail_factories.ImageFactory(title=f"Photo {i}") for i in range(6)]
    others = [publish(ArticlePageFactory(parent=section, title=f"Other {n}", hero_image=images[n])) for n in range(4)]
    links = "".join(f'<a linktype="page" id="{other.pk}">{other.title}</a> ' for other in others)
    story = ArticlePageFactory.build(
        title="A long story",
        slug="long-story",
        hero_image=images[0],
        # Links to other stories in one paragraph: each linked paragraph costs the page itself a
        # batch of queries, the republish copy one batch for the whole body.
        body=[{"type": "paragraph", "value": f"<p>Paragraph 0: {links}</p>"}]
        + [{"type": "paragraph", "value": f"<p>Paragraph {i}.</p>"} for i in range(1, 12)]
        + [{"type": "heading", "value": {"text": f"Part {i}", "level": "h2"}} for i in range(6)]
        + [{"type": "image", "value": {"image": img.pk, "caption": "", "credit": ""}} for img in images],
    )
    section.add_child(instance=story)
    for n in range(5):
        story.authors.create(author=AuthorFactory(name=f"Author {n}"), sort_order=n)
    story.tags.add(*[f"tag-{n}" for n in range(12)])
    publish(story)

    client.get(story.url)
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        response = client.get(story.url)
    assert 'class="republish"' in response.content.decode()
