"""Navigation read off the page tree: sections in the header, the publication's pages and more in the footer."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, PublicationPage
from news.models import PublicationSettings
from tests.factories import ArticlePageFactory, SectionPageFactory, publish


def publication_page(home, title, slug, **fields):
    page = PublicationPage(
        title=title,
        slug=slug,
        intro=f"What {title} says.",
        body=[{"type": "paragraph", "value": f"<p>The text of {title}.</p>"}],
        **fields,
    )
    home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def sections(home, section):
    politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics", show_in_menus=True))
    hidden = publish(SectionPageFactory(parent=home, title="Archive", slug="archive", show_in_menus=False))
    section.show_in_menus = True
    publish(section)
    return [section, politics, hidden]


def header_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [(a.get_text(), a["href"], a.get("aria-current")) for a in soup.select("header nav a")]


def test_header_lists_sections_shown_in_menus_in_tree_order(client, sections):
    assert header_links(client.get("/")) == [
        ("Home", "/", "page"),
        ("World News", "/world-news/", None),
        ("Politics", "/politics/", None),
    ]


def test_header_marks_the_section_being_read_and_the_section_of_a_story(client, sections):
    world, politics, _ = sections
    assert ("Politics", "/politics/", "page") in header_links(client.get(politics.url))
    story = publish(ArticlePageFactory(parent=world, title="A world story", slug="a-world-story"))
    links = header_links(client.get(story.url))
    assert ("World News", "/world-news/", "true") in links
    assert ("Home", "/", None) in links


def test_unpublished_sections_are_not_in_the_menu(client, sections):
    sections[1].unpublish()
    assert "Politics" not in [text for text, _, _ in header_links(client.get("/"))]


def test_footer_lists_sections_publication_pages_licence_feed_and_social_links(client, sections, originals_licence):
    publication_page(sections[0].get_parent(), "About us", "about")
    publication_page(sections[0].get_parent(), "Corrections policy", "corrections-policy")
    settings = PublicationSettings.load()
    settings.twitter_handle = "mastheadnews"
    settings.mastodon_url = "https://mastodon.example/@masthead"
    settings.save()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    footer = {a["href"]: a.get_text() for a in soup.select("footer a")}
    assert footer["/world-news/"] == "World News" and footer["/politics/"] == "Politics"
    assert "/archive/" not in footer
    assert footer["/about/"] == "About us" and footer["/corrections-policy/"] == "Corrections policy"
    assert footer[originals_licence.url] == originals_licence.title
    assert "/feeds/" in footer
    assert "https://x.com/mastheadnews" in footer and "https://mastodon.example/@masthead" in footer


def test_every_page_has_one_back_to_top_button(client, sections):
    story = publish(ArticlePageFactory(parent=sections[0], title="A story", slug="a-story"))
    for url in ["/", sections[0].url, story.url]:
        html = client.get(url).content.decode()
        assert html.count("Back to top") == 1, url


def test_publication_page_shows_its_title_intro_and_body(client, home):
    page = publication_page(home, "Privacy", "privacy")
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Privacy" in html
    assert "What Privacy says." in html and "The text of Privacy." in html
    assert page.show_in_menus, "a new publication page is listed in the footer by default"


# Wagtail's page test helpers sign in with the first of AUTHENTICATION_BACKENDS, which is django-axes'
# (it counts failed sign-ins and cannot load a signed-in user); these tests sign in with Django's own.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@mock.patch("wagtail.test.utils.page_tests.AUTH_BACKEND", MODEL_BACKEND)
class PublicationPageTypeTests(WagtailPageTestCase):
    """Editors create publication pages under the home page, and nowhere else."""

    def setUp(self):
        self.client.force_login(
            get_user_model().objects.create_superuser("chief", "chief@example.org", "pass"), MODEL_BACKEND
        )

    def test_created_only_under_the_home_page_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(PublicationPage, {HomePage})
        self.assertAllowedSubpageTypes(PublicationPage, {})

    def test_creatable_in_the_admin(self):
        home = HomePage.objects.get()
        self.assertCanCreate(
            home,
            PublicationPage,
            nested_form_data(
                {
                    "title": "Contact",
                    "slug": "contact",
                    "intro": "How to reach the newsroom.",
                    "body": streamfield([("heading", {"text": "Write to us", "level": "h2"})]),
                }
            ),
        )

    def test_renders_and_previews(self):
        home = HomePage.objects.get()
        page = PublicationPage(title="Terms", slug="terms", intro="The rules.")
        home.add_child(instance=page)
        self.assertPageIsRenderable(page)
        # StreamField editors are built in the browser, so the form data is given here.
        self.assertPageIsPreviewable(
            page,
            post_data=nested_form_data(
                {
                    "title": "Terms",
                    "slug": "terms",
                    "intro": "The rules.",
                    "body": streamfield([("paragraph", rich_text("<p>Be kind.</p>"))]),
                }
            ),
        )
