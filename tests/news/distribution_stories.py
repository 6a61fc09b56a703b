"""Stories arranged for the distribution tests: credited, tagged, illustrated, or a partner's."""

from datetime import timedelta

from django.utils import timezone

from news.models import Origin, PublicationSettings
from tests.factories import ArticlePageFactory, AuthorFactory, publish


def story(section, slug, *, title=None, authors=(), tags=(), hero_image=None, published_at=None, **fields):
    """A live story in `section`, first published at `published_at` (now by default)."""
    page = ArticlePageFactory.build(
        title=title or slug.replace("-", " ").capitalize(),
        slug=slug,
        hero_image=hero_image,
        **fields,
    )
    section.add_child(instance=page)
    for order, name in enumerate(authors):
        page.authors.create(author=AuthorFactory(name=name), sort_order=order)
    if tags:
        page.tags.add(*tags)
        page.save()
    page = publish(page)
    if published_at is not None:
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=published_at, last_published_at=published_at, display_date=published_at
        )
        page.refresh_from_db()
    return page


def syndicated_story(section, partner, slug, **fields):
    fields.setdefault("byline", f"{partner.name} staff")
    fields.setdefault("original_url", f"https://{partner.slug}.example/stories/{slug}")
    return story(section, slug, origin=Origin.SYNDICATED, partner=partner, **fields)


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def configure_publication(logo=None, **values):
    settings = PublicationSettings.load()
    settings.logo = logo
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def photo(title="Harbour at dawn"):
    """A photo large enough for every crop the platforms ask for (Wagtail never enlarges)."""
    import wagtail_factories

    return wagtail_factories.ImageFactory(title=title, file__width=2400, file__height=1600)
