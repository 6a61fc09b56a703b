from django.core.paginator import Paginator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, Page
from wagtail.url_routing import RouteResult

from caching.headers import CacheablePageMixin, tag_stories
from news.models.articles import ArticlePage, card_rows
from news.models.routing import RoutedPageMixin
from news.pagination import page_of
from news.pictures import PageRenditions, picture_filters


class SectionPage(RoutedPageMixin, CacheablePageMixin, Page):
    """A desk of the newsroom, e.g. “World News”: pinned stories, then everything newest first."""

    intro = models.TextField(blank=True, help_text="One or two sentences under the section name.")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "pinned_articles",
            heading="Pinned featured stories",
            label="Pinned story",
            help_text="Shown first, in this order. Empty slots fill with the newest featured stories of the section.",
        ),
    ]

    # A new section is listed in the site's header and footer (home.navigation) unless the editor unticks it.
    show_in_menus_default = True

    # Sections hang off the home page; only articles live inside a section.
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.ArticlePage"]

    ARTICLES_PER_PAGE = 20
    FEATURED_SLOTS = 3

    class Meta:
        verbose_name = "section"

    def featured_articles(self, stories):
        """Pinned live stories in the editors' order, topped up with the newest featured ones.

        `stories` is a queryset of readable article cards (ArticleQuerySet.cards, or `card_rows`).
        """
        pinned = list(stories.filter(pinned_in__page=self).order_by("pinned_in__sort_order")[: self.FEATURED_SLOTS])
        missing = self.FEATURED_SLOTS - len(pinned)
        if missing > 0:
            pinned += list(stories.filter(section=self, featured=True).exclude(pk__in=[a.pk for a in pinned])[:missing])
        return pinned

    def get_context(self, request, *args, **kwargs):
        """The page of the listing asked for and, on the first page only (where they show), the featured stories.

        A featured story is not listed again under Latest, on any page.

        Cards are read as plain rows of only what a card shows (`card_rows`):
        twenty whole story pages, each with its photo, cost several times the
        query that fetches them, and most cards are already drawn. The
        listing is counted without those columns.
        """
        context = super().get_context(request, *args, **kwargs)
        stories = card_rows()
        featured = self.featured_articles(stories)
        featured_ids = [story.pk for story in featured]
        # The listing leaves out the featured stories on every page, so that pages stay in step.
        latest = stories.filter(section=self).exclude(pk__in=featured_ids)
        paginator = Paginator(latest, self.ARTICLES_PER_PAGE)
        paginator.count = ArticlePage.objects.readable().filter(section=self).exclude(pk__in=featured_ids).count()
        listing = page_of(paginator, request)
        if listing.number != 1:
            featured = []
        shown = [*featured, *listing]
        tag_stories(request, [story.pk for story in shown])
        context.update(
            featured_articles=featured,
            articles_page=listing,
            page_renditions=PageRenditions().add_ids((story.hero_image_id for story in shown), picture_filters("card")),
        )
        return context

    def route(self, request, path_components):
        """Find a story in this section with everything its page shows in one go.

        Wagtail's generic routing fetches the child page and then its specific
        fields separately, and each related object on first use; loading them
        here keeps the article page within its query budget.
        """
        if len(path_components) == 1:
            found = ArticlePage.objects.for_story_page().child_of(self).filter(slug=path_components[0]).order_by()[:1]
            for article in found:
                if not article.live:
                    return super().route(request, path_components)
                return RouteResult(article.read_credits())
        return super().route(request, path_components)


class SectionPinnedArticle(Orderable):
    page = ParentalKey(SectionPage, on_delete=models.CASCADE, related_name="pinned_articles")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="pinned_in")

    panels = [PageChooserPanel("article", "news.ArticlePage")]
