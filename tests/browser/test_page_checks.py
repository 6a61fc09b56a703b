"""Every page type passes axe-core's WCAG 2.1 A/AA rules at desktop and phone widths and the Nu HTML Checker.

The demo newsroom (`load_demo_content`) supplies one page of each type,
served by the live test server, with the Wagtail site named as that server
(`set_site_address`, as `make run` does). Also here: a phone reader without
JavaScript reaches every section from a story, a story's photo fills its
column, and no address on a page names a host other than the one it was
served at.
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
    from comments.models import Comment
    from home.models import PublicationPage
    from news.models import ArticlePage, Author, LicensingNoticePage
    from news.topics import topic_url

    call_command("load_demo_content", stdout=quiet())
    served = urlsplit(site_url)
    call_command("set_site_address", served.hostname, str(served.port), stdout=quiet())
    call_command("update_index", "--backend", "default", stdout=quiet(), stderr=quiet())
    commented = Comment.objects.filter(status=Comment.Status.APPROVED).values("article")
    syndicated = ArticlePage.objects.live().filter(origin="syndicated", featured=True, pk__in=commented).first()
    original = ArticlePage.objects.live().filter(origin="original", pk__in=commented).first()
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
        "not found": "/no-such-page/",
    }


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


def test_every_page_type_passes_axe_at_desktop_and_phone_widths_and_photos_fill_their_column(new_context, demo_site):
    """axe-core's WCAG 2.1 A/AA rules on each page type at 1366 and 390 px; a story's photo as wide as its column."""
    script = checker_or_skip(axe_script)
    assert_no_wcag_violations(new_context, demo_site, script)
    assert_story_photo_fills_its_column(new_context, demo_site["original story"])


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
    feeds_and_sitemaps = ["/feeds/", "/feeds/sections/world-news/", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt"]
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


def test_every_page_type_is_valid_html_names_its_own_host_and_a_phone_reaches_every_section(
    new_context, site_url, demo_site, tmp_path
):
    """The Nu HTML Checker finds no error; every address names the host served at; sections reachable without JS."""
    request = new_context().request
    assert_valid_html(request, demo_site, tmp_path)
    assert_addresses_name_the_host_served_at(request, site_url, demo_site)
    assert_phone_reader_without_javascript_reaches_every_section(new_context, demo_site["original story"])
