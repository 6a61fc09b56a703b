"""The sizes photos are shown at, and finding their renditions without a query per photo.

Every photo on a reader page is drawn by `{% picture_of image "<size>" %}`
(news.templatetags.picture_tags) at one of the sizes in `PICTURES`, and
other platforms get a story's hero photo at `SOCIAL_CARD_SPEC` and
`JSON_LD_SPECS`; the renditions made when a story is published
(news.renditions) come from the same lists, so a page cannot ask for a size
nobody made.
"""

from collections import defaultdict
from copy import copy
from functools import cache

from wagtail.images import get_image_model
from wagtail.images.models import Filter

# AVIF, WebP and JPEG, each at one and two times the width shown.
PICTURES = {
    # The story's hero on its own page.
    "hero": "format-{avif,webp,jpeg} fill-{640x360,1280x720}",
    # Story cards: sections, the home page, related stories, author and licence pages.
    "card": "format-{avif,webp,jpeg} fill-{400x225,800x450}",
    # The thumbnail beside a search result.
    "search_result": "format-{avif,webp,jpeg} fill-{160x90,320x180}",
    # Photos placed in a story's body, at the body's width.
    "body": "format-{avif,webp,jpeg} width-{640,1280}",
}

# The crops of a story's hero photo handed to other platforms (news.distribution), 1,200 pixels wide:
# the social card, and JSON-LD's 16:9 (feeds use it too), 4:3 and 1:1.
SOCIAL_CARD_SPEC = "fill-1200x630|format-jpeg"
JSON_LD_SPECS = ("fill-1200x675|format-jpeg", "fill-1200x900|format-jpeg", "fill-1200x1200|format-jpeg")


@cache
def picture_filters(size: str) -> tuple[Filter, ...]:
    """Wagtail's filters for one of the PICTURES sizes, made once per process.

    A Filter parses its spec the first time it is used, and Wagtail's own tag
    makes new filters on every render: parsing them again for each photo of
    each page cost more than finding the renditions.
    """
    return tuple(Filter(spec=spec) for spec in Filter.expand_spec(PICTURES[size]))


@cache
def spec_filter(spec: str) -> Filter:
    """The Filter for one spec (a social card's or JSON-LD's crop), made once per process."""
    return Filter(spec=spec)


def shared_filters() -> list[Filter]:
    """The crops of a story's hero photo that its page hands to other platforms (social card, JSON-LD)."""
    return [spec_filter(SOCIAL_CARD_SPEC), *map(spec_filter, JSON_LD_SPECS)]


class PageRenditions:
    """The renditions a page's photos may need, loaded in one query the first time one is needed.

    A page lists its photos and sizes in its context; a picture that is not
    already drawn in the fragment cache (news.fragments) asks for them, and
    the first to ask loads all of them at once, where Wagtail's `get_renditions`
    looks first. A page whose pictures are all kept asks for none.
    """

    def __init__(self):
        self.specs = defaultdict(set)  # image id -> the specs its pictures need
        self.instances = defaultdict(list)  # image id -> every object standing for that image on the page
        self.found = None  # image id -> its renditions at those specs, once loaded

    def add(self, images, filters):
        """Photos the page shows at these filters (Nones, for stories without a photo, are skipped)."""
        for image in images:
            if image is not None:
                self.specs[image.pk].update(f.spec for f in filters)
                self.instances[image.pk].append(image)
        return self

    def add_ids(self, image_ids, filters):
        """Photos the page shows at these filters, by id, for cards whose image objects are built only if drawn."""
        for image_id in image_ids:
            if image_id is not None:
                self.specs[image_id].update(f.spec for f in filters)
        return self

    def load(self):
        """Load the renditions of every listed photo, in one query, the first time any is needed."""
        if self.found is not None:
            return
        self.found = defaultdict(list)
        if not self.specs:
            return
        rendition_model = get_image_model().get_rendition_model()
        specs = set().union(*self.specs.values())
        for rendition in rendition_model.objects.filter(image__in=list(self.specs), filter_spec__in=specs):
            if rendition.filter_spec in self.specs[rendition.image_id]:
                self.found[rendition.image_id].append(rendition)
        for images in self.instances.values():
            for image in images:
                self.hand_to(image)

    def prepare(self, image):
        """Before `image` is drawn: the page's renditions loaded, and handed to it if it is another object for a listed photo.

        (A story's body blocks build their own image objects when they are drawn.)
        """
        self.load()
        if image.pk in self.found and not hasattr(image, "prefetched_renditions"):
            self.hand_to(image)

    def hand_to(self, image):
        # Where Wagtail's `ImageQuerySet.prefetch_renditions` puts them, each knowing its image as it would.
        image.prefetched_renditions = [copy(rendition) for rendition in self.found[image.pk]]
        for rendition in image.prefetched_renditions:
            rendition.image = image
