"""Every page type can be created through the admin, routed, rendered and previewed, where the tree allows."""

from unittest import mock

from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, PublicationPage
from news.models import ArticlePage, LicensingNoticePage, SectionPage
from tests.factories import ArticlePageFactory, LicensingNoticePageFactory, SectionPageFactory, home_page, publish

# Wagtail's page test helpers sign in with the first of AUTHENTICATION_BACKENDS, django-axes' lockout
# check, which cannot load a signed-in user; these tests sign in with Django's own backend.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@mock.patch("wagtail.test.utils.page_tests.AUTH_BACKEND", MODEL_BACKEND)
class PageTypeTests(WagtailPageTestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pass")
        self.client.force_login(self.user)
        self.home = home_page()
        self.section = publish(SectionPageFactory(parent=self.home, title="World News", slug="world-news"))
        self.licence = publish(LicensingNoticePageFactory(parent=self.home, title="Our licence", slug="our-licence"))

    def test_tree_rules_are_declared_on_the_models(self):
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})
        self.assertAllowedParentPageTypes(LicensingNoticePage, {HomePage})
        self.assertAllowedSubpageTypes(HomePage, {SectionPage, LicensingNoticePage, PublicationPage})
        self.assertAllowedSubpageTypes(SectionPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(Page, ArticlePage)

    def test_only_one_home_page_can_exist(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_editor_can_create_a_section_through_the_admin(self):
        self.assertCanCreate(
            self.home,
            SectionPage,
            nested_form_data(
                {"title": "Politics", "intro": "Parliament and city hall.", "pinned_articles": inline_formset([])}
            ),
        )
        self.assertTrue(SectionPage.objects.filter(slug="politics", live=True).exists())

    def test_editor_can_create_a_licensing_notice_through_the_admin(self):
        self.assertCanCreate(
            self.home,
            LicensingNoticePage,
            nested_form_data(
                {
                    "title": "Partner licence",
                    "licensor": "Coastline Chronicle",
                    "licence_kind": "free-eligible",
                    "short_notice": rich_text("<p>Free for eligible publishers.</p>"),
                    "full_terms": rich_text("<p>The terms.</p>"),
                    "republisher_rules": rich_text(""),
                    "contact_email": "licensing@example.org",
                }
            ),
        )
        self.assertTrue(LicensingNoticePage.objects.filter(slug="partner-licence").exists())

    def test_editor_can_create_an_article_with_body_blocks_and_authors_through_the_admin(self):
        from tests.factories import AuthorFactory

        author = AuthorFactory(name="Mara Lindqvist")
        self.assertCanCreate(
            self.section,
            ArticlePage,
            nested_form_data(
                {
                    "title": "Ceasefire talks resume",
                    "dek": "Negotiators met for a third day.",
                    "authors": inline_formset([{"author": author.pk}]),
                    "notes": inline_formset([]),
                    "byline": "",
                    "body": streamfield(
                        [
                            ("paragraph", rich_text("<p>Talks resumed on Monday.</p>")),
                            ("heading", {"text": "What comes next", "level": "h2"}),
                            ("pull_quote", {"text": "We are closer than ever."}),
                        ]
                    ),
                    "tags": "diplomacy, aid",
                    "origin": "original",
                    "original_url": "",
                    "comments_enabled": "on",
                }
            ),
        )
        article = ArticlePage.objects.get(slug="ceasefire-talks-resume")
        self.assertEqual(article.section, self.section)
        self.assertEqual([a.name for a in article.author_list], ["Mara Lindqvist"])
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["aid", "diplomacy"])
        self.assertEqual([b.block_type for b in article.body], ["paragraph", "heading", "pull_quote"])

    def test_every_page_type_is_routable_and_renderable(self):
        article = publish(ArticlePageFactory(parent=self.section, title="Bridge reopens", slug="bridge-reopens"))
        for page in (self.home, self.section, self.licence, article):
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_section_and_licence_pages_are_previewable(self):
        self.assertPageIsPreviewable(self.section)
        self.assertPageIsPreviewable(self.licence)

    def test_home_page_is_previewable_with_its_sections(self):
        # StreamField editors are built in the browser, so the form data is given here.
        self.assertPageIsPreviewable(
            self.home,
            post_data=nested_form_data(
                {
                    "title": "Home",
                    "slug": "home",
                    "intro": "",
                    "body": streamfield([("section_latest", {"section": self.section.pk, "heading": "", "count": 4})]),
                }
            ),
        )

    def test_article_page_is_previewable_with_unsaved_changes(self):
        article = publish(ArticlePageFactory(parent=self.section, title="Bridge reopens", slug="bridge-reopens"))
        self.assertPageIsPreviewable(
            article,
            post_data=nested_form_data(
                {
                    "title": "Bridge reopens, draft headline",
                    "slug": "bridge-reopens",
                    "dek": "",
                    "authors": inline_formset([]),
                    "notes": inline_formset([]),
                    "byline": "Staff",
                    "body": streamfield([("paragraph", rich_text("<p>Draft text.</p>"))]),
                    "tags": "",
                    "origin": "original",
                }
            ),
        )

    def test_a_new_article_is_previewable_before_its_first_save_with_comments_and_republishing_on(self):
        from django.urls import reverse

        from news.models import PublicationSettings

        settings = PublicationSettings.load()
        settings.originals_licence = self.licence  # free to republish: the story would offer its republish box
        settings.save()
        url = reverse("wagtailadmin_pages:preview_on_add", args=("news", "articlepage", self.section.pk))
        post = nested_form_data(
            {
                "title": "Harbour ferry returns",
                "slug": "harbour-ferry-returns",
                "dek": "",
                "authors": inline_formset([]),
                "notes": inline_formset([]),
                "byline": "Staff",
                "body": streamfield([("paragraph", rich_text("<p>The ferry sails again.</p>"))]),
                "tags": "",
                "origin": "original",
                "comments_enabled": "on",
            }
        )
        self.assertEqual(self.client.post(url, post).json(), {"is_valid": True, "is_available": True})
        response = self.client.get(url)
        self.assertContains(response, "Harbour ferry returns")
        self.assertNotContains(response, "Republish this story")
