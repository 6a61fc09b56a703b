"""Pages that know, once routed, every page above them: their view restrictions are then checked in one query."""

from wagtail.models import PageViewRestriction


class RoutedPageMixin:
    """For page types the home page routes to (HomePage.route) with the pages above them in hand.

    Wagtail checks a page's view restrictions by loading its ancestors first,
    to find any alias among them (an alias takes its original's
    restrictions), then their restrictions: two queries on every view. A
    page routed from a home page just under Wagtail's root (which is never an
    alias) has every page above it in `pages_above`; when neither they nor
    the page is an alias, the restrictions on the page's path and its
    prefixes are the same answer, found in one query. Anything else (pages
    reached another way, aliases) is left to Wagtail.
    """

    pages_above = None

    def get_view_restrictions(self):
        if self.pages_above is None or self.alias_of_id or any(page.alias_of_id for page in self.pages_above):
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)

    def routed_under(self, *pages_above):
        """Record the pages above this one, from the home page down, when they are all of them."""
        if pages_above and pages_above[0].depth == 2 and pages_above[-1].depth == self.depth - 1:
            self.pages_above = pages_above
        return self
