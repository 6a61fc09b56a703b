"""Factories for arranging tests: pages are created in the real tree and published."""

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify

from home.models import HomePage
from news.models import ArticlePage, Author, LicensingNoticePage, SectionPage, SyndicationPartner


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    role = "Correspondent"


class SectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    intro = "Stories from the desk."


class LicensingNoticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LicensingNoticePage

    title = factory.Sequence(lambda n: f"Licence {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    licensor = "Masthead"
    licence_kind = "free-eligible"
    short_notice = "<p>This content is available without charge to any eligible news publisher.</p>"
    contact_email = "licensing@example.org"


class SyndicationPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyndicationPartner

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example")
    licensing_contact = factory.LazyAttribute(lambda o: f"licensing@{o.slug}.example")


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    dek = "Why this story matters."
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>The body of the story.</p>"}])
    first_published_at = factory.LazyFunction(timezone.now)


def home_page() -> HomePage:
    """The front page created by the home app's data migration."""
    return HomePage.objects.get()


def publish(page):
    """Publish the page's current state as a revision, as the admin does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page
