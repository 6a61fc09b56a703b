"""RSS 2.0 feeds of the newest live stories: the whole site, each section, each author and each topic.

Built on Django's syndication framework. Each request first gathers what the
feed says into plain `Channel` and `Entry` records (the framework keeps one
Feed instance for every request, so nothing request-specific may live on it),
then the framework writes them out. Hero images travel as Media RSS elements,
bylines as Dublin Core creators (RSS's own `<author>` must be an email address,
which we do not publish).

A feed is one story query plus three prefetches (authors, tags, renditions)
whatever its length, and it is cached whole like a page and purged when a
story is published or unpublished (news.staleness).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from caching.headers import mark_cacheable
from news.models import ArticlePage, Author, PublicationSettings, SectionPage
from news.models.articles import prefetch_card_renditions
from news.topics import topic_for_slug, topic_stories, topic_url
from text.xml import xml_text

from .links import absolute_url, image_link, site_root_url

FEED_LENGTH = 50
# 16:9, the same rendition the article's structured data lists first.
FEED_IMAGE_SPEC = "fill-1200x675|format-jpeg"
# RSS 2.0 caps a channel image at 144 pixels wide and 400 high.
CHANNEL_LOGO_SPEC = "max-144x400"

MEDIA_RSS_NAMESPACE = "http://search.yahoo.com/mrss/"
DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with a channel logo and each story's hero image as `<media:content>`."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_RSS_NAMESPACE,
            "xmlns:dc": DUBLIN_CORE_NAMESPACE,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        logo = self.feed.get("logo")
        if logo:
            handler.startElement("image", {})
            handler.addQuickElement("url", logo["url"])
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.addQuickElement("width", str(logo["width"]))
            handler.addQuickElement("height", str(logo["height"]))
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if image:
            handler.startElement(
                "media:content",
                {
                    "url": image["url"],
                    "medium": "image",
                    "type": "image/jpeg",
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )
            if image["caption"]:
                handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            handler.endElement("media:content")


@dataclass
class Entry:
    """One story as a feed item, every address absolute."""

    title: str
    link: str
    description: str
    author: str
    published: datetime
    categories: list[str]
    image: dict | None = None


@dataclass
class Channel:
    """What a feed is about: its title, page, description, and the stories it carries."""

    title: str
    link: str
    description: str
    language: str
    feed_url: str
    entries: list[Entry] = field(default_factory=list)
    logo: dict | None = None


def feed_entry(request, story) -> Entry:
    image = None
    if story.hero_image is not None:
        image = image_link(request, story.hero_image, FEED_IMAGE_SPEC)
        image.update(caption=xml_text(story.hero_caption), credit=xml_text(story.hero_credit))
    categories = [story.section.title] if story.section_id else []
    categories += sorted(tag.name for tag in story.tags.all())
    return Entry(
        title=xml_text(story.title),
        link=story.get_full_url(request),
        description=xml_text(story.dek),
        author=xml_text(story.byline_text),
        published=story.date,
        categories=[xml_text(c) for c in categories],
        image=image,
    )


def feed_entries(request, stories: QuerySet) -> list[Entry]:
    """The newest FEED_LENGTH readable stories of `stories`, as feed items, in a fixed number of queries."""
    newest = list(stories.for_reading()[:FEED_LENGTH])
    prefetch_card_renditions(newest)
    return [feed_entry(request, story) for story in newest]


class StoryFeed(Feed):
    """The shared shape of every story feed; subclasses say which stories and what the channel is called."""

    feed_type = MediaRssFeed

    def __call__(self, request, *args, **kwargs):
        return mark_cacheable(super().__call__(request, *args, **kwargs))

    def channel(self, request, publication, **kwargs) -> tuple[dict, QuerySet]:
        """The channel's title, link and description, and the stories it carries."""
        raise NotImplementedError

    def get_object(self, request, **kwargs):
        publication = PublicationSettings.load(request_or_site=request)
        about, stories = self.channel(request, publication, **kwargs)
        logo = image_link(request, publication.logo, CHANNEL_LOGO_SPEC) if publication.logo else None
        return Channel(
            title=xml_text(about["title"]),
            link=about["link"],
            description=xml_text(about["description"] or publication.tagline or publication.publication_name),
            language=publication.google_news_language or "en",
            feed_url=absolute_url(request, request.path),
            entries=feed_entries(request, stories),
            logo=logo,
        )

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.language
        return feed

    def feed_extra_kwargs(self, channel):
        return {"logo": channel.logo}

    def item_extra_kwargs(self, entry):
        return {"image": entry.image}

    def title(self, channel):
        return channel.title

    def link(self, channel):
        return channel.link

    def description(self, channel):
        return channel.description

    def feed_url(self, channel):
        return channel.feed_url

    def items(self, channel):
        return channel.entries

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        # The story's address; a story moved to another section reappears as new
        # in feed readers, which is preferable to a guid nobody can open.
        return entry.link

    def item_guid_is_permalink(self, entry):
        return True

    def item_description(self, entry):
        return entry.description

    def item_author_name(self, entry):
        return entry.author or None

    def item_pubdate(self, entry):
        return entry.published

    def item_categories(self, entry):
        return entry.categories


class LatestStoriesFeed(StoryFeed):
    """Every section's newest stories: the publication's main feed."""

    def channel(self, request, publication, **kwargs):
        about = {
            "title": publication.publication_name,
            "link": site_root_url(request) + "/",
            "description": publication.tagline,
        }
        return about, ArticlePage.objects.cards()


class SectionFeed(StoryFeed):
    """One section's newest stories; unknown, unpublished or restricted sections are not found."""

    def channel(self, request, publication, section_slug=None):
        section = SectionPage.objects.live().public().filter(slug=section_slug).first()
        if section is None:
            raise Http404("No such section.")
        about = {
            "title": f"{section.title} | {publication.publication_name}",
            "link": section.get_full_url(request),
            "description": section.intro,
        }
        return about, ArticlePage.objects.cards().filter(section=section)


class AuthorFeed(StoryFeed):
    """One author's newest stories, for readers who follow a reporter."""

    def channel(self, request, publication, author_slug=None):
        author = get_object_or_404(Author, slug=author_slug)
        about = {
            "title": f"{author.name} | {publication.publication_name}",
            "link": absolute_url(request, author.get_absolute_url()),
            "description": author.role or f"Stories by {author.name}",
        }
        return about, ArticlePage.objects.cards().filter(authors__author=author).distinct()


class TopicFeed(StoryFeed):
    """The newest stories carrying one tag (news.topics); a tag no live story carries is not found."""

    def channel(self, request, publication, topic_slug=None):
        tag = topic_for_slug(topic_slug)
        about = {
            "title": f"{tag.name} | {publication.publication_name}",
            "link": absolute_url(request, topic_url(tag.name)),
            "description": f"Stories about {tag.name}",
        }
        return about, topic_stories(tag)


def site_feed_url() -> str:
    return reverse("distribution:feed")


def section_feed_url(section) -> str:
    return reverse("distribution:section-feed", kwargs={"section_slug": section.slug})


def author_feed_url(author) -> str:
    return reverse("distribution:author-feed", kwargs={"author_slug": author.slug})
