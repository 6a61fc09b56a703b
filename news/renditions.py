"""A story's image renditions, made when it is published rather than when it is first read.

Reader pages show photos at the sizes of news.pictures.PICTURES, and other
platforms get the crops named in news.distribution (social cards, JSON-LD,
feeds). `hero_filters` and `body_filters` list all of them for a story: its
hero photo in every size a page shows it at (the story's own page, cards,
search results, social card, JSON-LD, feeds) and each photo in its body.

Wagtail makes a missing rendition in the request that first asks for it,
which for a new story's page with three formats of each size meant seconds
of Pillow work while a reader waited. `make_story_renditions` makes them
when the story is published instead: a task (background.tasks: run by the
worker, tried again if it fails) enqueued once the publication commits, so
a failure cannot undo the publication and a reader who arrives first
usually finds them made.
"""

import logging
from functools import partial

from django.db import transaction
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.signals import page_published

from background.tasks import retried_task
from news.distribution.rss import FEED_IMAGE_SPEC
from news.models import ArticlePage
from news.pictures import picture_filters, shared_filters, spec_filter

logger = logging.getLogger("masthead.renditions")

# A story's hero photo is shown at all of these sizes; the photos in its body at BODY_SIZES.
HERO_SIZES = ("hero", "card", "search_result")
BODY_SIZES = ("body",)


def hero_filters() -> list[Filter]:
    """Every rendition of a story's hero image that reader pages and other platforms use."""
    shown = [f for size in HERO_SIZES for f in picture_filters(size)]
    return list(dict.fromkeys([*shown, *shared_filters(), spec_filter(FEED_IMAGE_SPEC)]))


def body_filters() -> list[Filter]:
    return [f for size in BODY_SIZES for f in picture_filters(size)]


def make_renditions(hero_images=(), body_images=()) -> int:
    """Make the renditions of these images that do not exist yet; returns how many images were checked.

    Each image's existing renditions are found in one query and the missing
    ones made together, reading the original file once.
    """
    wanted = [(image, hero_filters()) for image in dict.fromkeys(hero_images)]
    wanted += [(image, body_filters()) for image in dict.fromkeys(body_images)]
    for image, filters in wanted:
        try:
            image.get_renditions(*filters)
        except SourceImageIOError:
            logger.warning("No renditions for image %s: its original file cannot be read", image.pk)
    return len(wanted)


def make_story_renditions_now(story) -> int:
    """Make the renditions of one story's hero image and body photos."""
    heroes = [story.hero_image] if story.hero_image is not None else []
    return make_renditions(heroes, story.body_images())


def body_image_ids(body) -> set[int]:
    """The ids of the photos in a stored story body, read from its raw data without building the blocks."""
    return {
        item["value"]["image"]
        for item in body.raw_data
        if item.get("type") == "image" and isinstance(item.get("value"), dict) and item["value"].get("image")
    }


def make_renditions_for_live_stories() -> int:
    """Make the missing renditions of every live story's images (the demo loader's last step).

    Stories share photos, so this works image by image: one query for the
    images, one for their renditions, then only the missing ones are made.
    """
    stories = ArticlePage.objects.live()
    hero_ids = set(stories.exclude(hero_image=None).values_list("hero_image", flat=True))
    body_ids = {pk for body in stories.values_list("body", flat=True) for pk in body_image_ids(body)}
    images = get_image_model().objects.filter(pk__in=hero_ids | body_ids).prefetch_related("renditions").in_bulk()
    return make_renditions(
        [images[pk] for pk in sorted(hero_ids) if pk in images],
        [images[pk] for pk in sorted(body_ids) if pk in images],
    )


@retried_task()
def make_story_renditions(story_id: int):
    """Make the renditions of a published story's images (see the module's docstring)."""
    story = ArticlePage.objects.select_related("hero_image").filter(pk=story_id).first()
    if story is None:
        return 0
    return make_story_renditions_now(story)


@retried_task()
def make_live_story_renditions():
    """Make the missing renditions of every live story's images (after loading demo or generated stories)."""
    return make_renditions_for_live_stories()


@receiver(page_published)
def make_renditions_once_published(sender, instance, **kwargs):
    """A published story's renditions are made as soon as its publication commits."""
    if isinstance(instance.specific_deferred, ArticlePage):
        transaction.on_commit(partial(make_story_renditions.enqueue, instance.pk))
