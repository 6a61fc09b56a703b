"""Every page type passes axe-core's WCAG 2.1 A/AA rules at desktop and phone widths and the Nu HTML Checker.

The demo newsroom (`load_demo_content`) supplies one page of each type,
served by the live test server, with the Wagtail site named as that server
(`set_site_address`, as `make run` does), and a story carrying a correction
and an update, and `/corrections/`. Also here: a phone reader without
JavaScript reaches every section from a story, a phone shows a compact
header and older stories as headlines and times, a story's photo fills its
column, the icons are served, and no address on a page names a host other
than the one it was served at.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import browser_required
from tests.browser.page_checks import CheckerMissing, axe_script, axe_violations, html_errors

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# The reading column (website/static/css/masthead.css, --reading: 46rem at 16 px).
READING_WIDTH = 736


def quiet():
    return open("/dev/null", "w")


def checker_or_skip(get):
    try:
        return get()
    except CheckerMissing as missing:
        if browser_required():
            pytest.fail(f"{missing}; MASTHEAD_BROWSER_REQUIRED is set, so the page checks may not skip")
        pytest.skip(str(missing))


@pytest.fixture
def demo_site(site_url):
    """The demo newsroom, its Wagtail site named as the live server, and one address of each page type."""
    from home.models import PublicationPage
    from news.models import ArticlePage, Author, LicensingNoticePage
    from news.topics import topic_url
    from reader_comments.models import Comment

    call_command("load_demo_content", stdout=quiet())
    served = urlsplit(site_url)
    call_command("set_site_address", served.hostname, str(served.port), stdout=quiet())
    call_command("update_index", "--backend", "default", stdout=quiet(), stderr=quiet())
    commented = Comment.objects.filter(status=Comment.Status.APPROVED).values("article")
    syndicated = ArticlePage.objects.live().filter(origin="syndicated", featured=True, pk__in=commented).first()
    original = ArticlePage.objects.live().filter(origin="original", pk__in=commented).first()
    corrected = add_correction_and_update(ArticlePage.objects.live().filter(origin="original").exclude(pk=original.pk))
    return {
        "home": "/",
        "section": "/world-news/",
        "topic": topic_url(original.sorted_tag_names[0]),
        "original story": original.url,
        "syndicated story": syndicated.url,
        "search with results": "/search/?q=harbour",
        "search without results": "/search/?q=qqqzzzxxx",
        "author": Author.objects.get(slug="mara-lindqvist").get_absolute_url(),
        "licence": LicensingNoticePage.objects.get(slug="republishing-licence").url,
        "publication page": PublicationPage.objects.get(slug="about").url,
        "corrected story": corrected.url,
        "corrections": "/corrections/",
        "not found": "/no-such-page/",
    }


def add_correction_and_update(stories):
    """The newest of `stories` with a correction and an update, published as a reviewer would (in its revision)."""
    from django.utils import timezone

    from corrections.models import NoteKind, StoryNote

    story = stories.order_by("-display_date").first()
    story.notes.add(
        StoryNote(
            kind=NoteKind.CORRECTION,
            text="An earlier version of this story gave the wrong day for the council's vote; it is on Thursday.",
            noted_at=timezone.now(),
        ),
        StoryNote(kind=NoteKind.UPDATE, text="The council has confirmed that the vote will be held in public."),
    )
    story.save_revision().publish()
    return story


def assert_no_wcag_violations(new_context, demo_site, script):
    found = {}
    for viewport in (DESKTOP, PHONE):
        # The site's policy lets only its own scripts run; axe is injected by the test, so CSP is bypassed.
        page = new_context(viewport=viewport, bypass_csp=True).new_page()
        for name, path in demo_site.items():
            response = page.goto(path)
            assert response.status == (404 if name == "not found" else 200), (name, response.status)
            violations = axe_violations(page, script)
            if violations:
                found[f"{name} at {viewport['width']} px ({path})"] = violations
    assert found == {}


def assert_story_photo_fills_its_column(new_context, story_url):
    for viewport in (DESKTOP, PHONE):
        page = new_context(viewport=viewport).new_page()
        page.goto(story_url)
        photo = page.locator("figure.story__hero img")
        image, story, main = (
            photo.bounding_box(),
            page.locator("article.story").bounding_box(),
            page.locator("main").bounding_box(),
        )
        assert abs(image["width"] - story["width"]) <= 1, (viewport, image, story)
        if viewport is DESKTOP:
            assert abs(story["width"] - READING_WIDTH) <= 1, story
        else:
            # On a phone the column is the screen less the page's padding.
            assert main["width"] - 32 <= story["width"] <= viewport["width"], (story, main)
        natural = photo.evaluate("img => img.naturalWidth / img.naturalHeight")
        assert abs(image["width"] / image["height"] - natural) < 0.02, "the photo keeps its shape"


def assert_story_related_list_and_comments_share_one_width(new_context, story_url):
    """The story, its related list and its comments line up in one reading column at both widths."""
    for viewport in (DESKTOP, PHONE):
        page = new_context(viewport=viewport).new_page()
        page.goto(story_url)
        boxes = {part: page.locator(part).bounding_box() for part in ("article.story", "section.related", "#comments")}
        assert all(boxes.values()), boxes
        assert {round(box["x"]) for box in boxes.values()} == {round(boxes["article.story"]["x"])}, (viewport, boxes)
        assert all(abs(box["width"] - boxes["article.story"]["width"]) <= 1 for box in boxes.values()), boxes


def assert_search_thumbnails_are_one_size(new_context):
    """Every result's picture is the same size, so every result's text starts at the same place."""
    for viewport in (DESKTOP, PHONE):
        page = new_context(viewport=viewport).new_page()
        page.goto("/search/?q=harbour")
        pictures = page.locator(".search-result__story > picture img")
        texts = page.locator(".search-result__story > div")
        assert pictures.count() >= 2, pictures.count()
        sizes = {(round(box["width"]), round(box["height"])) for box in map(lambda p: p.bounding_box(), pictures.all())}
        starts = {round(text.bounding_box()["x"]) for text in texts.all()}
        assert len(sizes) == 1 and len(starts) == 1, (viewport, sizes, starts)


# What each card of each list shows (heights of its parts; None when the card has no such part). A phone
# leaves out the picture, section and dek after the first three cards of a list, and after the first of
# a home page section block (website/static/css/masthead.css).
CARDS_SHOWN = """() => Array.from(document.querySelectorAll('main .card-grid'), (grid) => ({
    homeSectionBlock: Boolean(grid.closest('.home-block:not(.home-block--featured)')),
    cards: Array.from(grid.querySelectorAll(':scope > .card'), (card) => {
        const height = (selector) => {
            const element = card.querySelector(selector);
            return element === null ? null : element.getBoundingClientRect().height;
        };
        const image = card.querySelector('picture img');
        return {picture: height('picture'), section: height('.card__section'), dek: height('.card__dek'),
                headline: height('.card__headline a'), time: height('.card__date time'),
                imageWidth: image === null ? null : image.getBoundingClientRect().width,
                cardWidth: card.getBoundingClientRect().width};
    }),
}))"""


def assert_phone_shows_a_compact_header_and_older_stories_as_headlines(new_context):
    for path in ("/", "/world-news/"):
        phone = new_context(viewport=PHONE).new_page()
        phone.goto(path)
        # The header was 175 px for the title, tagline and search box alone; now it holds the sections too.
        assert phone.locator("header.site-header").bounding_box()["height"] <= 140, path
        assert not phone.locator(".site-tagline").is_visible()
        compact = 0
        for grid in phone.evaluate(CARDS_SHOWN):
            with_picture = 1 if grid["homeSectionBlock"] else 3
            for number, card in enumerate(grid["cards"]):
                assert card["headline"] and card["time"], (path, number, card)
                if number < with_picture:
                    assert card["picture"] is None or card["picture"] > 100, (path, number, card)
                    assert card["imageWidth"] is None or abs(card["imageWidth"] - card["cardWidth"]) <= 1, card
                else:
                    compact += 1
                    assert not card["picture"] and not card["dek"] and not card["section"], (path, number, card)
        assert compact >= 4, (path, compact)
        # At desktop width every card keeps its picture.
        desktop = new_context(viewport=DESKTOP).new_page()
        desktop.goto(path)
        cards = [card for grid in desktop.evaluate(CARDS_SHOWN) for card in grid["cards"]]
        assert cards and all(card["picture"] is None or card["picture"] > 100 for card in cards), (path, cards)
        # Each picture as wide as its card, the lead's included.
        widths = [(card["imageWidth"], card["cardWidth"]) for card in cards if card["imageWidth"] is not None]
        assert widths and all(abs(image - card) <= 1 for image, card in widths), (path, widths)


def assert_valid_html(request, demo_site, folder):
    files = []
    for name, path in demo_site.items():
        response = request.get(path)
        assert response.status == (404 if name == "not found" else 200), (name, response.status)
        file = folder / (re.sub(r"\W+", "-", name) + ".html")
        file.write_bytes(response.body())
        files.append(file)
    errors = checker_or_skip(lambda: html_errors(files))
    assert {name: problems for name, problems in errors.items() if problems} == {}


def assert_addresses_name_the_host_served_at(request, site_url, demo_site):
    ours = re.compile(r"https?://(?:localhost|127\.0\.0\.1|testserver|\[::1\])(?::\d+)?(?=[/\"'<\s]|$)")
    feeds_and_sitemaps = [
        "/feeds/",
        "/feeds/sections/world-news/",
        demo_site["topic"].replace("/topics/", "/feeds/topics/"),
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ]
    wrong = {}
    for path in [*demo_site.values(), *feeds_and_sitemaps]:
        others = {found for found in ours.findall(request.get(path).text()) if found != site_url}
        if others:
            wrong[path] = sorted(others)
    assert wrong == {}
    assert f'<link rel="canonical" href="{site_url}/world-news/">' in request.get("/world-news/").text()


def assert_phone_reader_without_javascript_reaches_every_section(new_context, story_url):
    from news.models import SectionPage

    sections = {section.title: section.url for section in SectionPage.objects.live().filter(show_in_menus=True)}
    assert len(sections) >= 6
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    for title, url in sections.items():
        page.goto(story_url)
        page.locator("header nav").get_by_role("link", name=title, exact=True).click()
        page.wait_for_url(f"**{url}")
        assert page.locator("h1").inner_text() == title


def assert_icons_are_served(page, demo_site):
    """Every page links the favicon and touch icon, and the server answers each (and /favicon.ico) with an image."""
    icons = set()
    for path in demo_site.values():
        page.goto(path)
        found = page.eval_on_selector_all(
            "head link[rel~=icon], head link[rel=apple-touch-icon]", "links => links.map(link => link.href)"
        )
        assert any(href.endswith("apple-touch-icon.png") for href in found) and len(found) >= 2, (path, found)
        icons.update(found)
    for address in [*sorted(icons), "/favicon.ico"]:
        response = page.request.get(address)
        assert response.status == 200, (address, response.status)
        assert response.headers["content-type"].startswith("image/"), (address, response.headers["content-type"])


def test_every_page_type_passes_the_reader_page_checks(new_context, site_url, demo_site, tmp_path, subtests):
    """Each check below is reported on its own; the demo newsroom they read is loaded once, for all of them.

    axe-core's WCAG 2.1 A/AA rules on each page type at 1366 and 390 px; a story's photo as wide as its
    column; the story, its related list and comments share one width; search thumbnails are one size; on a
    phone the header is compact and lists go on as headlines and times; cards' pictures fill their cards.
    The Nu HTML Checker finds no error; every address names the host served at; a phone reader without
    JavaScript reaches every section; every page links the favicon and touch icon, and both are served.
    """
    with subtests.test("axe-core at desktop and phone widths"):
        assert_no_wcag_violations(new_context, demo_site, checker_or_skip(axe_script))
    with subtests.test("a story's photo fills its column"):
        assert_story_photo_fills_its_column(new_context, demo_site["original story"])
    with subtests.test("a story, its related list and its comments share one width"):
        assert_story_related_list_and_comments_share_one_width(new_context, demo_site["original story"])
    with subtests.test("search thumbnails are one size"):
        assert_search_thumbnails_are_one_size(new_context)
    with subtests.test("a phone shows a compact header and older stories as headlines"):
        assert_phone_shows_a_compact_header_and_older_stories_as_headlines(new_context)
    request = new_context().request
    with subtests.test("the Nu HTML Checker finds no error"):
        assert_valid_html(request, demo_site, tmp_path)
    with subtests.test("every address names the host served at"):
        assert_addresses_name_the_host_served_at(request, site_url, demo_site)
    with subtests.test("a phone reader without JavaScript reaches every section"):
        assert_phone_reader_without_javascript_reaches_every_section(new_context, demo_site["original story"])
    with subtests.test("the icons are linked and served"):
        assert_icons_are_served(new_context(java_script_enabled=False).new_page(), demo_site)
