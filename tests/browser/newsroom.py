"""A small newsroom for the browser journeys: enough stories to search, filter and page through.

Built with the models directly (the journeys exercise the admin, not this
set-up). Two photos are shared by every story so renditions are made once.
Drawing them and encoding their renditions (AVIF above all) cost seconds a
journey; every journey starts from a flushed database, but the files stay in
MEDIA_ROOT, so after the first journey the photos' rows and their renditions'
rows are put back as they were made, naming the same files.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site

from demo.images import draw_photo
from home.models import HomePage
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
from news.workflow import EDITORS, REVIEWERS

PASSWORD = "correct horse battery staple"

# Who may do what in the newsroom: the groups the editorial workflow's migration
# creates (Editors write and submit; Reviewers approve, request changes, publish).
EDITOR_GROUPS = [EDITORS]
REVIEWER_GROUPS = [REVIEWERS]

# World News holds more ferry stories than fit on one page of search results.
WORLD_FERRY_STORIES = 23
POLITICS_FERRY_STORIES = 3


@dataclass
class Newsroom:
    home: HomePage
    world: SectionPage
    politics: SectionPage
    our_licence: LicensingNoticePage
    partner_licence: LicensingNoticePage
    partner: SyndicationPartner
    reporter: Author
    photos: list = field(default_factory=list)
    syndicated_story: ArticlePage | None = None


# The newsroom's photos as first made in this test run: (title, index) -> the photo's row and its renditions' rows.
MADE_PHOTOS: dict[tuple[str, int], tuple[dict, list[dict]]] = {}


def add_photo(title, index):
    Image = get_image_model()
    if (title, index) in MADE_PHOTOS:
        image_row, rendition_rows = MADE_PHOTOS[title, index]
        image = Image.objects.create(**image_row)
        Rendition = Image.get_rendition_model()
        Rendition.objects.bulk_create([Rendition(image=image, **row) for row in rendition_rows])
        return image
    image = Image(title=title, description=title)
    image.file = ImageFile(io.BytesIO(draw_photo(index)), name=f"newsroom-{index}.jpg")
    image.save()
    return image


def keep_photos(photos_by_key):
    """Remember the photos and the renditions publishing made, for the next journey's `add_photo`."""

    def row(instance, leave_out=()):
        fields = instance._meta.concrete_fields
        return {
            f.attname: getattr(instance, f.attname) for f in fields if not f.primary_key and f.attname not in leave_out
        }

    for key, photo in photos_by_key.items():
        if key not in MADE_PHOTOS:
            MADE_PHOTOS[key] = (row(photo), [row(r, leave_out={"image_id"}) for r in photo.renditions.all()])


def add_live_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_newsroom(site_url) -> Newsroom:
    """The newsroom, with the Wagtail site set to the live server's address as it would be in production.

    Absolute links (the copy-and-paste HTML of "Republish this story", feeds,
    canonical links) are built from the site's address, not the request's.
    """
    address = urlsplit(site_url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    home = HomePage.objects.get()
    photo_keys = [("Harbour at dawn", 0), ("River in flood", 2)]
    photos = [add_photo(title, index) for title, index in photo_keys]
    our_licence = add_live_child(
        home,
        LicensingNoticePage(
            title="Republish our journalism",
            slug="republishing-licence",
            licensor="The Masthead Times",
            licence_kind="free-eligible",
            short_notice="<p>This story by The Masthead Times is available without charge to any eligible "
            "news publisher, with credit and a link back.</p>",
            contact_email="licensing@masthead.example",
        ),
    )
    partner_licence = add_live_child(
        home,
        LicensingNoticePage(
            title="Coastline Chronicle licence",
            slug="coastline-licence",
            licensor="Coastline Chronicle",
            licence_kind="free-eligible",
            short_notice="<p>This content created by the Coastline Chronicle is available without charge to any "
            "eligible news publisher.</p>",
            contact_email="licensing@coastline.example",
        ),
    )
    settings = PublicationSettings.load()
    settings.originals_licence = our_licence
    settings.save()

    world = add_live_child(
        home, SectionPage(title="World News", slug="world-news", intro="Reporting from capitals and borders.")
    )
    politics = add_live_child(
        home, SectionPage(title="Politics", slug="politics", intro="Parliament, city hall and power.")
    )
    partner = SyndicationPartner.objects.create(
        name="Coastline Chronicle",
        slug="coastline-chronicle",
        website="https://coastline.example",
        licensing_contact="licensing@coastline.example",
        default_licensing_notice=partner_licence,
        default_section=world,
    )
    reporter = Author.objects.create(name="Ana Ruiz", slug="ana-ruiz", role="Harbour correspondent")

    now = timezone.now()
    for number in range(1, WORLD_FERRY_STORIES + 1):
        add_story(
            world,
            f"Ferry timetable change number {number} splits island towns",
            photos[number % 2],
            now - timedelta(hours=number),
            tags=["ferries", "islands"],
            featured=number <= 2,
            author=reporter,
        )
    for number in range(1, POLITICS_FERRY_STORIES + 1):
        add_story(
            politics,
            f"Council debates ferry subsidy, round {number}",
            photos[number % 2],
            now - timedelta(hours=30 + number),
            tags=["ferries", "budget"],
        )

    syndicated = ArticlePage(
        title="Storm surge floods the old quay",
        slug="storm-surge-floods-the-old-quay",
        dek="Shopkeepers bail out water as the tide peaks a metre above normal.",
        hero_image=photos[1],
        origin=Origin.SYNDICATED,
        partner=partner,
        byline="Coastline Chronicle staff",
        original_url="https://coastline.example/stories/storm-surge",
        original_published_at=now - timedelta(hours=5),
        first_published_at=now - timedelta(hours=2),
        body=[{"type": "paragraph", "value": "<p>The tide rose a metre above normal, the harbour office said.</p>"}],
    )
    add_live_child(world, syndicated)

    home.body = [
        {"type": "featured_stories", "value": {"heading": "Featured", "picks": [], "count": 3}},
        {"type": "section_latest", "value": {"section": world.pk, "heading": "", "count": 4}},
        {"type": "section_latest", "value": {"section": politics.pk, "heading": "", "count": 4}},
        {
            "type": "licensing_promo",
            "value": {
                "heading": "Republish our reporting",
                "text": "Our original stories are free for eligible news publishers to republish, with credit.",
                "notice": our_licence.pk,
            },
        },
    ]
    home.save_revision().publish()
    keep_photos(dict(zip(photo_keys, photos, strict=True)))
    return Newsroom(
        home=home,
        world=world,
        politics=politics,
        our_licence=our_licence,
        partner_licence=partner_licence,
        partner=partner,
        reporter=reporter,
        photos=photos,
        syndicated_story=syndicated,
    )


def add_story(section, headline, photo, published, tags=(), featured=False, author=None):
    story = ArticlePage(
        title=headline,
        dek="Crossings are fewer in winter and islanders say the new times do not fit the school day.",
        hero_image=photo,
        featured=featured,
        first_published_at=published,
        display_date=published,
        body=[{"type": "paragraph", "value": "<p>The ferry operator published the winter timetable on Monday.</p>"}],
    )
    story.tags.add(*tags)
    if author is not None:
        story.authors = [ArticlePageAuthor(author=author)]
    return add_live_child(section, story)


def add_person(username, first_name, last_name, groups):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@masthead.example",
        password=PASSWORD,
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    assert user.groups.count() == len(groups), f"missing groups among {groups}"
    return user
