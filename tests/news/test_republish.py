"""“Republish this story” on our originals, and the tracking image that counts republished copies."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import LicenceKind, Origin, Republication
from tests.factories import ArticlePageFactory, AuthorFactory, LicensingNoticePageFactory, publish


@pytest.fixture
def original(section, originals_licence, image):
    background = publish(ArticlePageFactory(parent=section, title="How the bridge was built", slug="bridge-history"))
    story = ArticlePageFactory.build(
        title="Ceasefire talks resume in Velmora",
        slug="ceasefire-talks",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Talks resumed on <b>Monday</b>; see <a linktype="page" id="{background.pk}">our history</a>.</p>',
            },
            {"type": "heading", "value": {"text": "What comes next", "level": "h2"}},
            {"type": "image", "value": {"image": image.pk, "caption": "The border post.", "credit": "Masthead"}},
            {"type": "block_quote", "value": {"quote": "We will keep talking.", "attribution": "A negotiator"}},
            {"type": "pull_quote", "value": {"text": "Closer than ever."}},
        ],
    )
    section.add_child(instance=story)
    story.authors.create(author=AuthorFactory(name="Mara Lindqvist", slug="mara-lindqvist"))
    return publish(story)


def republish_box(html):
    return BeautifulSoup(html, "html.parser").select_one("details.republish")


def copyable_html(html):
    """The HTML a republisher copies, as they would paste it."""
    return BeautifulSoup(republish_box(html).select_one("#republish-html").get_text(), "html.parser")


def test_original_story_offers_republishing_with_headline_byline_date_body_attribution_and_tracking(
    client, original, originals_licence
):
    html = client.get(original.url).content.decode()

    box = republish_box(html)
    assert box.summary.get_text() == "Republish this story"
    copy = copyable_html(html)
    assert copy.h1.get_text() == "Ceasefire talks resume in Velmora"
    assert copy.find("p").get_text().startswith("By Mara Lindqvist · ")
    assert original.date.strftime("%Y") in copy.find("p").get_text()
    assert "Talks resumed on Monday" in copy.get_text() and copy.find("b").get_text() == "Monday"
    assert copy.find("h2").get_text() == "What comes next"
    assert "We will keep talking." in copy.blockquote.get_text()

    footer = copy.find_all("p")[-1]
    links = {a.get_text(): a["href"] for a in footer.find_all("a")}
    assert "first published by" in footer.get_text()
    assert links["The Masthead Times"] == original.full_url, "the attribution links back to the canonical story"
    assert links[originals_licence.title] == originals_licence.full_url
    assert originals_licence.get_licence_kind_display() in footer.get_text()

    pixel = copy.find("img")
    assert pixel["src"] == f"http://localhost/republished/{original.pk}/pixel.gif"
    assert (pixel["width"], pixel["height"], pixel["alt"]) == ("1", "1", "")

    canonical = BeautifulSoup(box.select_one("#republish-canonical").get_text(), "html.parser").link
    assert canonical["rel"] == ["canonical"] and canonical["href"] == original.full_url


def test_republished_body_keeps_only_basic_tags_and_absolute_links(client, original):
    copy = copyable_html(client.get(original.url).content.decode())
    body_tags = {tag.name for tag in copy.find_all(True)} - {"img"}
    assert body_tags <= {"h1", "h2", "h3", "p", "a", "b", "strong", "em", "i", "ul", "ol", "li", "blockquote", "br"}
    assert len(copy.find_all("img")) == 1, "only the tracking image: our photos are not part of the copy"
    assert "Closer than ever." not in copy.get_text(), "pull quotes repeat the text and are left out"
    history = copy.find("a", string="our history")
    assert history["href"] == "http://localhost/world-news/bridge-history/"
    assert "data-block-key" not in str(copy)


def test_republish_box_reads_without_javascript_and_copy_buttons_only_appear_with_it(client, original):
    box = republish_box(client.get(original.url).content.decode())
    assert box.name == "details" and box.select_one("label[for=republish-html]")
    assert box.select_one("#republish-html").has_attr("readonly")
    assert all(button.has_attr("hidden") for button in box.select("button[data-copy-target]"))


def test_republish_box_is_the_same_for_every_reader(client, original):
    """The page is kept whole by the HTTP cache, so the box must not depend on who asks."""
    first = client.get(original.url)
    again = type(client)().get(original.url)
    assert "public" in again["Cache-Control"]
    assert republish_box(again.content.decode()) == republish_box(first.content.decode()) is not None


def test_syndicated_stories_never_offer_republishing(client, section, partner, partner_licence):
    story = publish(
        ArticlePageFactory(
            parent=section,
            title="Flooded delta towns",
            slug="flooded-delta",
            origin=Origin.SYNDICATED,
            partner=partner,
            original_url="https://coastline.example/stories/flooded-delta",
        )
    )
    assert partner_licence.allows_republishing
    html = client.get(story.url).content.decode()
    assert republish_box(html) is None
    assert "pixel.gif" not in html


@pytest.mark.parametrize("kind", [LicenceKind.ALL_RIGHTS_RESERVED])
def test_originals_under_a_licence_that_does_not_allow_it_offer_no_republishing(client, home, section, kind):
    reserved = publish(LicensingNoticePageFactory(parent=home, title="Reserved", slug="reserved", licence_kind=kind))
    story = publish(ArticlePageFactory(parent=section, title="Exclusive", slug="exclusive", licensing_notice=reserved))
    assert republish_box(client.get(story.url).content.decode()) is None


def test_originals_without_any_licence_offer_no_republishing(client, article):
    assert republish_box(client.get(article.url).content.decode()) is None


def test_creative_commons_originals_offer_republishing(client, home, section):
    cc = publish(LicensingNoticePageFactory(parent=home, title="CC", slug="cc", licence_kind=LicenceKind.CC_BY_ND_4))
    story = publish(ArticlePageFactory(parent=section, title="Open story", slug="open", licensing_notice=cc))
    copy = copyable_html(client.get(story.url).content.decode())
    assert "Creative Commons BY-ND 4.0" in copy.get_text()


# The tracking image


def pixel(client, article, referer=None, **extra):
    headers = {"HTTP_REFERER": referer} if referer else {}
    return client.get(f"/republished/{article.pk}/pixel.gif", **headers, **extra)


def test_tracking_image_counts_views_per_article_and_referring_site(client, original):
    for page in ("/news/ceasefire", "/news/ceasefire?ref=home"):
        response = pixel(client, original, f"https://www.dailyriver.example{page}")
    pixel(client, original, "https://hilltop.example/")

    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    counts = dict(Republication.objects.filter(article=original).values_list("site", "view_count"))
    assert counts == {"www.dailyriver.example": 2, "hilltop.example": 1}
    daily = Republication.objects.get(site="www.dailyriver.example")
    assert daily.first_seen < daily.last_seen


def test_tracking_image_is_one_write_and_never_cached(client, original, settings):
    settings.PAGE_CACHE_SECONDS = 300
    pixel(client, original, "https://dailyriver.example/")  # warms the cached list of our sites
    with CaptureQueriesContext(connection) as queries:
        response = pixel(client, original, "https://dailyriver.example/")
    assert len(queries) == 1
    assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    assert Republication.objects.get().view_count == 2


@pytest.mark.parametrize(
    "referer",
    [
        "http://localhost/admin/pages/3/edit/",  # our admin (the site's host)
        "http://testserver/world-news/ceasefire-talks/",  # our own pages (the host asked for)
        "http://LOCALHOST:8000/admin/",
    ],
)
def test_tracking_image_ignores_our_own_site_and_admin(client, original, referer):
    assert pixel(client, original, referer).status_code == 200
    assert not Republication.objects.exists()


def test_tracking_image_without_a_referrer_counts_an_unknown_site(client, original):
    pixel(client, original)
    assert Republication.objects.get().site_display == "Unknown site (no referrer sent)"


def test_tracking_image_with_a_junk_referrer_counts_an_unknown_site(client, original):
    pixel(client, original, "http://[::1")
    assert Republication.objects.get().site == ""


def test_tracking_image_for_a_syndicated_draft_or_unknown_story_records_nothing(client, section, partner):
    syndicated = publish(ArticlePageFactory(parent=section, title="Theirs", origin="syndicated", partner=partner))
    draft = ArticlePageFactory(parent=section, title="Unpublished", live=False)
    for path in (
        f"/republished/{syndicated.pk}/pixel.gif",
        f"/republished/{draft.pk}/pixel.gif",
        "/republished/987654/pixel.gif",
        f"/republished/{10**30}/pixel.gif",
    ):
        response = client.get(path, HTTP_REFERER="https://dailyriver.example/")
        assert response.status_code == 200, path
    assert not Republication.objects.exists()


def test_tracking_image_only_answers_reads(client, original):
    assert client.post(f"/republished/{original.pk}/pixel.gif").status_code == 405
    assert not Republication.objects.exists()
