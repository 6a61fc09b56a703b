"""The demo newsroom that `make run` loads, and the bulk generator benchmarks use."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, WorkflowState

from demo.accounts import DEMO_ACCOUNTS
from news.models import ArticlePage, Author, ImportStatus, LicensingNoticePage, SectionPage, SyndicationPartner
from news.renditions import body_filters, hero_filters
from reader_comments.models import Comment
from tests.news.test_renditions import made, spec_pairs
from tests.news.test_syndication_admin import import_url

pytestmark = pytest.mark.django_db


def census():
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "sections": SectionPage.objects.count(),
        "licences": LicensingNoticePage.objects.count(),
        "authors": Author.objects.count(),
        "partners": SyndicationPartner.objects.count(),
        "images": get_image_model().objects.count(),
        "revisions": sum(p.revisions.count() for p in Page.objects.all()),
        "users": get_user_model().objects.count(),
        "workflow states": WorkflowState.objects.count(),
        "scheduled revisions": Revision.objects.filter(approved_go_live_at__isnull=False).count(),
    }


def test_negative_article_count_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--articles must be zero or more"):
        call_command("load_demo_content", articles=-5, stdout=open("/dev/null", "w"))


def test_demo_photos_are_different_pictures():
    import hashlib

    from demo.images import SUBJECTS, draw_photo

    assert len({hashlib.sha256(draw_photo(i)).hexdigest() for i in range(len(SUBJECTS))}) == len(SUBJECTS)


def test_demo_copy_has_no_number_disagreement_from_filled_in_topics():
    """A tag such as "floods" filled in as a subject made "floods has become": topics only follow "of"."""
    import re

    from demo import stories

    sentences = stories.OPENINGS + stories.MIDDLES + stories.CLOSINGS
    assert not [s for s in sentences if re.search(r"(?<!of )\{topic\} (has|is|was)\b", s)]


def sign_in(username, password):
    """The user these credentials sign in, through every authentication backend (django-axes needs the request)."""
    return authenticate(RequestFactory().post("/admin/login/"), username=username, password=password)


@pytest.mark.usefixtures("demo_newsroom")
class TestTheDemoNewsroom:
    """Loaded once for the class (`demo_newsroom`, the slowest set-up in the suite); each test's changes are undone before the next."""

    def test_demo_content_is_a_complete_newsroom(self, client):
        assert SectionPage.objects.live().count() >= 6
        assert ArticlePage.objects.live().count() >= 60
        assert ArticlePage.objects.filter(origin="syndicated").values("partner").distinct().count() == 2
        assert ArticlePage.objects.filter(featured=True).exists()
        assert LicensingNoticePage.objects.live().count() >= 3
        assert all(a.hero_image_id for a in ArticlePage.objects.all())
        for path in ["/", "/world-news/", ArticlePage.objects.filter(origin="syndicated").first().url]:
            assert client.get(path).status_code == 200

    def test_loading_twice_leaves_the_same_site(self):
        first = census()
        call_command("load_demo_content", stdout=open("/dev/null", "w"))
        assert census() == first

    def test_generated_articles_are_valid_live_pages_in_the_tree(self, client):
        before = ArticlePage.objects.count()
        call_command("load_demo_content", articles=250, stdout=open("/dev/null", "w"))
        assert ArticlePage.objects.count() == before + 250
        assert Page.find_problems() == ([], [], [], [], [])
        generated = ArticlePage.objects.filter(slug__startswith="story-").order_by("-pk").first()
        assert generated.section is not None
        response = client.get(generated.url)
        assert response.status_code == 200
        assert generated.title in response.content.decode()
        # Section listings count them too.
        section = generated.section
        assert section.numchild == section.get_children().count()

    def test_demo_has_the_publications_own_pages_and_menus_reaching_every_section(self, client):
        from bs4 import BeautifulSoup

        from home.models import PublicationPage

        assert set(PublicationPage.objects.live().values_list("slug", flat=True)) == {
            "about",
            "contact",
            "corrections-policy",
            "privacy",
            "terms",
        }
        soup = BeautifulSoup(client.get("/about/").content, "html.parser")
        header = {a["href"] for a in soup.select("header nav a")}
        assert {section.url for section in SectionPage.objects.live()} <= header
        footer = {a["href"] for a in soup.select("footer a")}
        assert {"/about/", "/contact/", "/corrections-policy/", "/privacy/", "/terms/"} <= footer

    def test_demo_publication_has_a_logo_for_json_ld_and_cards(self, client):
        import json

        from bs4 import BeautifulSoup

        from news.models import PublicationSettings

        assert PublicationSettings.load().logo is not None
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        graph = json.loads(soup.find("script", type="application/ld+json").string)["@graph"]
        assert graph[0]["logo"]["url"].startswith("http://localhost/media/images/")
        assert soup.find("meta", property="og:image")["content"].startswith("http://localhost/media/images/")

    def test_demo_publication_has_a_social_image_for_pages_without_a_photo(self, client):
        from bs4 import BeautifulSoup

        from news.models import PublicationSettings

        publication = PublicationSettings.load()
        assert publication.social_image is not None and publication.social_image != publication.logo
        assert (publication.social_image.width, publication.social_image.height) == (1200, 630)
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        assert soup.find("meta", property="og:image:alt")["content"] == publication.social_image.description
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"

    def test_demo_shows_the_seed_case_a_featured_syndicated_world_news_story_with_one_comment(self, client):
        from bs4 import BeautifulSoup

        from reader_comments.models import Comment

        story = ArticlePage.objects.live().get(
            featured=True, origin="syndicated", section__slug="world-news", comments__status=Comment.Status.APPROVED
        )
        assert Comment.objects.filter(article=story, status=Comment.Status.APPROVED).count() == 1
        soup = BeautifulSoup(client.get(story.url).content, "html.parser")
        labels = soup.select_one(".story__labels").get_text(" ", strip=True)
        assert labels == "Featured World News"
        assert story.partner.name in soup.select_one(".licensing-notice").get_text()
        assert soup.select_one("#comments-heading").get_text() == "One Comment"

    def test_demo_accounts_sign_in_with_their_printed_passwords_and_find_stories_mid_workflow(self, client):
        out = io.StringIO()
        call_command("demo_accounts", stdout=out)
        for account in DEMO_ACCOUNTS:
            assert f"{account.username:<9} {account.password}" in out.getvalue()
            user = sign_in(account.username, account.password)
            assert user is not None
            client.force_login(user)
            assert client.get("/admin/").status_code == 200
        assert sign_in("editor", "editor-demo-2026").groups.get().name == "Editors"
        assert sign_in("reviewer", "reviewer-demo-2026").groups.get().name == "Reviewers"
        assert sign_in("admin", "admin-demo-2026").is_superuser

        # Mid-workflow stories to try them on.
        waiting = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
        story = ArticlePage.objects.get(pk=waiting.object_id)
        assert story.title == "Tramline extension plan goes to public consultation"
        assert waiting.requested_by.username == "editor"
        assert not story.live

        scheduled = ArticlePage.objects.get(slug="observatory-opens-its-archive-of-glass-plate-photographs")
        assert not scheduled.live
        assert scheduled.scheduled_revision.approved_go_live_at is not None

        client.force_login(sign_in("reviewer", "reviewer-demo-2026"))
        content = client.get("/admin/upcoming/").content.decode()
        assert "Tramline extension plan goes to public consultation" in content
        assert "Observatory opens its archive of glass-plate photographs" in content

    def test_loading_the_demo_sends_and_prints_no_mail(self, demo_newsroom):
        assert demo_newsroom.mail == []
        assert "Subject:" not in demo_newsroom.printed
        # The stories mid-workflow are there all the same.
        assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
        assert ArticlePage.objects.get(
            slug="observatory-opens-its-archive-of-glass-plate-photographs"
        ).scheduled_revision

    def test_every_live_storys_photos_have_their_renditions_and_generated_stories_photos_too(
        self, django_capture_on_commit_callbacks
    ):
        story = ArticlePage.objects.live().exclude(hero_image=None).select_related("hero_image").first()
        assert made([story.hero_image]) >= spec_pairs(story.hero_image, hero_filters())
        for photo in story.body_images():
            assert made([photo]) >= spec_pairs(photo, body_filters())

        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo_content", articles=20, stdout=open("/dev/null", "w"))
        generated = ArticlePage.objects.filter(slug__startswith="story-").select_related("hero_image")
        assert generated.count() == 20
        assert all(made([story.hero_image]) >= spec_pairs(story.hero_image, hero_filters()) for story in generated)

    def test_each_demo_partner_imports_its_stories_from_the_feed_the_site_serves(self, client, demo_newsroom):
        """A newcomer who clicks “Import now” on a demo partner sees it work, with no network."""
        client.force_login(get_user_model().objects.get(username="admin"))
        partners = list(SyndicationPartner.objects.all())
        assert len(partners) == 2
        for partner in partners:
            assert partner.feed_url.startswith(f"{demo_newsroom.site_url}/static/demo/feeds/")
            assert partner.import_every_minutes == 0, "the demo never imports on its own"
            before = ArticlePage.objects.filter(partner=partner).count()

            response = client.post(import_url(partner), follow=True)

            assert response.status_code == 200
            report = partner.import_reports.get()
            assert report.status == ImportStatus.SUCCEEDED, report.message
            assert report.new_count >= 2 and report.failed_count == 0
            assert ArticlePage.objects.filter(partner=partner).count() == before + report.new_count

    def test_demo_stories_carry_approved_comments_and_loading_twice_adds_none(self, client):
        syndicated = ArticlePage.objects.live().filter(origin="syndicated").order_by("-display_date").first()
        original = ArticlePage.objects.live().filter(origin="original").order_by("-display_date").first()

        assert "One Comment" in client.get(syndicated.url).content.decode()
        assert "3 Comments" in client.get(original.url).content.decode()
        assert not Comment.objects.exclude(status=Comment.Status.APPROVED).exists()

        call_command("load_demo_content", stdout=open("/dev/null", "w"))
        assert Comment.objects.count() == 4
