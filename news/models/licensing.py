from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from caching.headers import CacheablePageMixin
from news.models.articles import ArticlePage, Origin
from news.models.site_settings import PublicationSettings
from news.pagination import page_of

NOTICE_FEATURES = ["bold", "italic", "link"]


class LicenceKind(models.TextChoices):
    FREE_FOR_ELIGIBLE = "free-eligible", "Free for eligible news publishers"
    CC_BY_ND_4 = "cc-by-nd-4.0", "Creative Commons BY-ND 4.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved"


class LicensingNoticePage(CacheablePageMixin, Page):
    """The terms under which a body of stories may be read and republished.

    One per licence: our own terms for original reporting, and one per partner
    whose stories we carry. Articles show its short notice; this page shows the
    full terms and lists the stories published under it.
    """

    licensor = models.CharField(
        max_length=200, help_text="Who grants the licence, e.g. “Masthead” or a partner's name."
    )
    licence_kind = models.CharField(max_length=32, choices=LicenceKind.choices, default=LicenceKind.ALL_RIGHTS_RESERVED)
    short_notice = RichTextField(
        features=NOTICE_FEATURES,
        help_text="Shown under every article published under this licence. One or two sentences.",
    )
    full_terms = RichTextField(blank=True, help_text="The complete terms, shown on this page.")
    contact_email = models.EmailField(blank=True, help_text="Where to ask about licensing; shown with the notice.")
    republisher_rules = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="What another outlet must do when it republishes, e.g. keep the byline and link back.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("licensor"), FieldPanel("licence_kind"), FieldPanel("contact_email")], heading="Licence"
        ),
        FieldPanel("short_notice"),
        FieldPanel("full_terms"),
        FieldPanel("republisher_rules"),
    ]

    # Licences are site-wide documents, filed directly under the home page.
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    ARTICLES_PER_PAGE = 20

    class Meta:
        verbose_name = "licensing notice"

    @property
    def allows_republishing(self) -> bool:
        """True when other outlets may copy stories under this licence without asking first."""
        return self.licence_kind in (LicenceKind.FREE_FOR_ELIGIBLE, LicenceKind.CC_BY_ND_4)

    def stories(self, request=None):
        """Readable stories published under this licence, newest first.

        Original stories without a licence of their own fall under the
        site's licence for originals (see ArticlePage.effective_licensing_notice),
        so that licence's page lists them too.
        """
        under_this = Q(licensing_notice=self)
        if PublicationSettings.load(request_or_site=request).originals_licence_id == self.pk:
            under_this |= Q(licensing_notice__isnull=True, origin=Origin.ORIGINAL)
        return ArticlePage.objects.cards().filter(under_this)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles_page"] = page_of(Paginator(self.stories(request), self.ARTICLES_PER_PAGE), request)
        return context
