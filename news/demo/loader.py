"""Builds the demo newsroom. Every step looks for what exists first, so running it twice changes nothing."""

import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from home.models import HomePage
from news.demo import stories as copy
from news.demo.accounts import ensure_demo_accounts
from news.demo.images import ensure_demo_images
from news.demo.logo import ensure_demo_logo, ensure_demo_social_image
from news.demo.publication_pages import ensure_publication_pages
from news.demo.workflow_examples import ensure_workflow_examples
from news.models import (
    ArticlePage,
    ArticlePageAuthor,
    Author,
    LicensingNoticePage,
    Origin,
    PublicationSettings,
    SectionPage,
    SyndicationPartner,
)
from news.renditions import make_live_story_renditions
from reader_comments.demo import ensure_demo_comments

OUR_LICENCE_SLUG = "republishing-licence"


def home_page() -> HomePage:
    site = Site.objects.get(is_default_site=True)
    return site.root_page.specific


def child_by_slug(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def ensure_child(parent, model, slug, **fields):
    """The child page with this slug, created and published when missing."""
    page = child_by_slug(parent, model, slug)
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
    return page


def ensure_licences(home):
    ours = ensure_child(
        home,
        LicensingNoticePage,
        OUR_LICENCE_SLUG,
        title="Republish our journalism",
        licensor="The Masthead Times",
        licence_kind="free-eligible",
        short_notice=(
            "<p>This story by The Masthead Times is available without charge to any eligible news publisher, "
            "with credit and a link back.</p>"
        ),
        full_terms=(
            "<p>You may republish our original stories online or in print, free of charge, if you credit "
            "The Masthead Times and the author, keep the text unchanged (except to shorten it or to reflect "
            "the passage of time), and link back to the original.</p>"
            "<p>You may not republish photographs unless they are credited to The Masthead Times, nor sell "
            "our stories separately.</p>"
        ),
        contact_email="licensing@masthead.example",
        republisher_rules="<ul><li>Keep the byline.</li><li>Link to the original story.</li><li>Do not change the headline's meaning.</li></ul>",
    )
    notices = {}
    for partner in copy.PARTNERS:
        notices[partner["slug"]] = ensure_child(
            home,
            LicensingNoticePage,
            slugify(partner["notice_title"]),
            title=partner["notice_title"],
            licensor=partner["name"],
            licence_kind=partner["licence_kind"],
            short_notice=partner["short_notice"],
            full_terms=f"<p>Stories from {partner['name']} are republished here under the partner's licence. "
            "Ask the partner before republishing them elsewhere.</p>",
            contact_email=partner["licensing_contact"],
        )
    return ours, notices


def ensure_sections(home):
    return {
        slug: ensure_child(home, SectionPage, slug, title=title, intro=intro) for title, slug, intro in copy.SECTIONS
    }


def ensure_authors(images):
    authors = {}
    for index, (name, slug, role, bio) in enumerate(copy.AUTHORS):
        author, _ = Author.objects.get_or_create(
            slug=slug, defaults={"name": name, "role": role, "bio": bio, "photo": images[index % len(images)]}
        )
        authors[slug] = author
    return authors


def demo_feed_url(slug) -> str:
    """Where the site serves a demo partner's feed from its own static files, so imports work offline."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{settings.STATIC_URL}news/demo-feeds/{slug}.xml"


def ensure_partners(sections, notices):
    """The demo partners, each importing from a feed the site serves itself; never imported on a schedule."""
    partners = {}
    for spec in copy.PARTNERS:
        partner, _ = SyndicationPartner.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "website": spec["website"],
                "feed_url": demo_feed_url(spec["slug"]),
                "licensing_contact": spec["licensing_contact"],
                "search_engine_policy": spec["policy"],
                "default_section": sections[spec["section"]],
                "default_licensing_notice": notices[spec["slug"]],
            },
        )
        partners[spec["slug"]] = partner
    return partners


def story_body(rng, headline, tags, image):
    """A story body of paragraphs, a subheading, a quote and a photo, built from the demo sentences."""
    fill = {
        "day": rng.choice(copy.DAYS),
        "who": rng.choice(copy.VOICES),
        "topic": tags[0] if tags else "the question",
        "wire": copy.WIRE,
    }

    def paragraph(sentences):
        return {"type": "paragraph", "value": "<p>" + " ".join(s.format(**fill) for s in sentences) + "</p>"}

    middles = rng.sample(copy.MIDDLES, 5)
    return [
        paragraph([rng.choice(copy.OPENINGS), middles[0]]),
        paragraph(middles[1:3]),
        {"type": "heading", "value": {"text": "What people are saying", "level": "h2"}},
        paragraph([middles[3]]),
        {
            "type": "image",
            "value": {"image": image.pk, "caption": headline.split(" as ")[0] + ".", "credit": "Masthead photo"},
        },
        {
            "type": "block_quote",
            "value": {"quote": "We want this done properly, not quickly.", "attribution": fill["who"]},
        },
        paragraph([middles[4], rng.choice(copy.CLOSINGS)]),
    ]


def ensure_stories(sections, authors, partners, images, now):
    rng = random.Random(2026)
    created = 0
    for index, (section_slug, headline, dek, tags, featured) in enumerate(copy.STORIES):
        section = sections[section_slug]
        slug = slugify(headline)[:80]
        if child_by_slug(section, ArticlePage, slug) is not None:
            continue
        published = now - timedelta(hours=6 + index * 17)
        partner = partners.get(copy.SYNDICATED.get(slug, ""))
        hero = images[index % len(images)]
        article = ArticlePage(
            title=headline,
            slug=slug,
            dek=dek,
            hero_image=hero,
            hero_caption=f"{hero.description}.",
            hero_credit=partner.name if partner else "Masthead photo",
            featured=featured,
            body=story_body(rng, headline, tags, images[(index + 5) % len(images)]),
            first_published_at=published,
            display_date=published,
            comments_enabled=True,
        )
        if partner:
            article.origin = Origin.SYNDICATED
            article.partner = partner
            article.byline = f"{partner.name} staff"
            article.original_url = f"{partner.website}/stories/{slug}"
            article.original_published_at = published - timedelta(hours=3)
        else:
            article.authors = [ArticlePageAuthor(author=authors[copy.SECTION_AUTHORS[section_slug]])]
        section.add_child(instance=article)
        article.tags.add(*tags)
        article.save_revision().publish()
        created += 1
    return created


def ensure_home_layout(home, sections, our_licence):
    """Give the front page its sections, unless editors have already arranged it."""
    if len(home.body):
        return
    home.title = "The Masthead Times"
    home.body = [
        {"type": "featured_stories", "value": {"heading": "Featured", "picks": [], "count": 5}},
        *(
            {"type": "section_latest", "value": {"section": sections[slug].pk, "heading": "", "count": 4}}
            for slug in ("world-news", "politics", "business", "climate")
        ),
        {
            "type": "licensing_promo",
            "value": {
                "heading": "Republish our reporting",
                "text": "Our original stories are free for eligible news publishers to republish, with credit.",
                "notice": our_licence.pk,
            },
        },
        *(
            {"type": "section_latest", "value": {"section": sections[slug].pk, "heading": "", "count": 4}}
            for slug in ("science-health", "culture")
        ),
    ]
    home.save_revision().publish()


def ensure_settings(our_licence):
    settings = PublicationSettings.load()
    if settings.originals_licence_id is None:
        settings.originals_licence = our_licence
        settings.twitter_handle = settings.twitter_handle or "mastheadtimes"
        settings.google_news_name = settings.google_news_name or settings.publication_name
        settings.save()


@transaction.atomic
def load_demo_content(stdout=None):
    """Create the demo newsroom where it is missing; returns how many stories were added."""
    now = timezone.now()
    home = home_page()
    images = ensure_demo_images()
    our_licence, notices = ensure_licences(home)
    sections = ensure_sections(home)
    ensure_publication_pages(home, ensure_child)
    authors = ensure_authors(images)
    partners = ensure_partners(sections, notices)
    ensure_settings(our_licence)
    ensure_demo_logo()
    ensure_demo_social_image()
    created = ensure_stories(sections, authors, partners, images, now)
    ensure_home_layout(home_page(), sections, our_licence)
    ensure_demo_comments(
        {
            origin.value: ArticlePage.objects.live().filter(origin=origin).order_by("-display_date").first()
            for origin in Origin
        }
    )
    users = ensure_demo_accounts()
    created += ensure_workflow_examples(sections, users, images, now)
    # Publishing makes a story's renditions once it commits; so does loading the demo, for
    # every live story, so that the first reader after `make run` waits for none.
    transaction.on_commit(make_live_story_renditions.enqueue)
    return created
