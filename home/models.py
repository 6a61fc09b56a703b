from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from caching.headers import CacheablePageMixin, tag_stories
from home.blocks import HomeSectionsBlock, PublicationPageBodyBlock
from news.models import ArticlePage, SectionPage
from news.models.articles import card_rows, story_page_at
from news.pictures import PageRenditions, picture_filters


class HomePage(CacheablePageMixin, Page):
    """The front page: a stack of featured sections chosen by the editors."""

    intro = models.CharField(max_length=250, blank=True, help_text="A line under the masthead; leave empty for none.")
    body = StreamField(HomeSectionsBlock(), blank=True, help_text="The front page's sections, top to bottom.")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    # One front page per site; it holds the sections, the licences and the publication's own pages.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "news.LicensingNoticePage", "home.PublicationPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def stories_by_block(self):
        """The stories each front-page block shows, keyed by block id, loaded in a fixed number of queries.

        No story is shown twice: featured blocks take the editors' live picks
        first, then the newest featured stories, and section blocks their
        section's newest, each skipping what a block higher up the page shows. Each block asks only for the ids of its
        stories; the cards of the whole page are then read in one query with
        only the columns a card shows.
        """

        def newest(**where):
            # The story's own columns are filtered first: SQLite, without statistics, then picks their index.
            return (
                ArticlePage.objects.filter(**where)
                .readable()
                .order_by("-display_date", "-pk")
                .values_list("pk", flat=True)
            )

        shown, ids_by_block = set(), {}
        for block in self.body:
            if block.block_type == "featured_stories":
                count = block.value["count"]
                picks = [p.pk for p in block.value["picks"] if p is not None and p.live and p.pk not in shown][:count]
                missing = count - len(picks)
                if missing > 0:
                    picks += newest(featured=True).exclude(pk__in=shown | set(picks))[:missing]
                ids_by_block[block.id] = picks
            elif block.block_type == "section_latest" and block.value["section"] is not None:
                section_stories = newest(section_id=block.value["section"].pk).exclude(pk__in=shown)
                ids_by_block[block.id] = list(section_stories[: block.value["count"]])
            else:
                continue
            shown.update(ids_by_block[block.id])
        cards = {card.pk: card for card in card_rows().filter(pk__in=shown).order_by()} if shown else {}
        return {block_id: [cards[pk] for pk in ids if pk in cards] for block_id, ids in ids_by_block.items()}

    def route(self, request, path_components):
        """Reach a story, or a section, in one query instead of Wagtail's two per level (generic page, then specific).

        A story's address is its section's slug and its own: the story is
        loaded straight away with everything its page shows. Anything else
        (a section, a licence, a story not live) goes level by level.
        """
        if len(path_components) == 2:
            story = story_page_at(self, *path_components)
            if story is not None:
                return RouteResult(story.read_credits())
        if path_components:
            section = SectionPage.objects.child_of(self).filter(slug=path_components[0]).order_by()[:1]
            for found in section:
                found._cached_parent_obj = self
                return found.routed_under(self).route(request, path_components[1:])
        elif self.get_deferred_fields():
            # Routed from the site's root page without its own fields (caching.sites): read it whole to show it.
            return HomePage.objects.get(pk=self.pk).route(request, path_components)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories_by_block = self.stories_by_block()
        shown = [story for stories in stories_by_block.values() for story in stories]
        tag_stories(request, [story.pk for story in shown])
        context["stories_by_block"] = stories_by_block
        context["page_renditions"] = PageRenditions().add_ids(
            (story.hero_image_id for story in shown), picture_filters("card")
        )
        return context


class PublicationPage(CacheablePageMixin, Page):
    """One of the publication's own pages: About, Contact, Corrections policy, Privacy, Terms.

    Listed in the footer of every page (`home.navigation`) when "Show in
    menus" is ticked, as it is by default for this type.
    """

    intro = models.TextField(
        blank=True,
        help_text="A sentence or two under the title; also what search engines show when no search description is set.",
    )
    body = StreamField(PublicationPageBodyBlock(), blank=True, help_text="The page's text, headings and photos.")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    # New pages of this kind belong in the footer unless the editor says otherwise.
    show_in_menus_default = True

    # Straight under the home page, so its address is short (/about/); nothing lives beneath it.
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "publication page"
