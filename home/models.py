from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from caching.headers import CacheablePageMixin, tag_stories
from home.blocks import HomeSectionsBlock


class HomePage(CacheablePageMixin, Page):
    """The front page: a stack of featured sections chosen by the editors."""

    intro = models.CharField(max_length=250, blank=True, help_text="A line under the masthead; leave empty for none.")
    body = StreamField(HomeSectionsBlock(), blank=True, help_text="The front page's sections, top to bottom.")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    # One front page per site; it holds the sections and the licences.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "news.LicensingNoticePage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def stories_by_block(self):
        """The stories each front-page block shows, keyed by block id, loaded in a fixed number of queries.

        Featured blocks take the editors' live picks first, then the newest
        featured stories not already shown higher up the page; section blocks
        take their section's newest. All hero renditions load in one query.
        """
        from news.models import ArticlePage
        from news.models.articles import prefetch_card_renditions

        stories = ArticlePage.objects.cards()
        shown, by_block = set(), {}
        for block in self.body:
            if block.block_type == "featured_stories":
                count = block.value["count"]
                picks = [p for p in block.value["picks"] if p is not None and p.live and p.pk not in shown][:count]
                missing = count - len(picks)
                if missing > 0:
                    exclude = shown | {p.pk for p in picks}
                    picks += list(stories.filter(featured=True).exclude(pk__in=exclude)[:missing])
                by_block[block.id] = picks
            elif block.block_type == "section_latest" and block.value["section"] is not None:
                by_block[block.id] = list(stories.filter(section_id=block.value["section"].pk)[: block.value["count"]])
            else:
                continue
            shown.update(p.pk for p in by_block[block.id])
        prefetch_card_renditions([story for block_stories in by_block.values() for story in block_stories])
        return by_block

    def route(self, request, path_components):
        """Reach a section in one query instead of Wagtail's two (generic page, then its specific fields)."""
        if path_components:
            from news.models import SectionPage

            section = SectionPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if section is not None:
                section._cached_parent_obj = self
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories_by_block"] = self.stories_by_block()
        tag_stories(request, [story.pk for stories in context["stories_by_block"].values() for story in stories])
        return context
