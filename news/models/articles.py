from django.core.cache import cache
from django.db import models
from django.db.models import DEFERRED, F, Prefetch, Q, Value, prefetch_related_objects
from django.db.models.functions import Cast
from django.db.models.query import ValuesListIterable
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from caching.headers import CacheablePageMixin, tag_stories
from news.blocks import ArticleBodyBlock
from news.fragments import fingerprint, image_fingerprint
from news.models.authors import Author
from news.models.routing import RoutedPageMixin
from news.models.site_settings import PublicationSettings
from news.pictures import PageRenditions, picture_filters, shared_filters
from news.rich_text import linked_page_ids, linked_pages
from news.workflow.forms import ArticlePageForm


class Origin(models.TextChoices):
    ORIGINAL = "original", "Our own reporting"
    SYNDICATED = "syndicated", "Syndicated from a partner"


PRIVATE_PATHS_CACHE_KEY = "news:private-page-paths"
# news.signals clears the list at once in a shared cache (Redis); processes with a cache of
# their own, and a Redis that missed the clearing while it hung, follow within this time.
PRIVATE_PATHS_CACHE_SECONDS = 300


def private_page_paths() -> list[str]:
    """Tree paths of pages behind a view restriction (password, login, groups), cached.

    Wagtail's `.public()` asks the database for every restriction on each
    call; listings run it on every page view. Restrictions change rarely and
    the signals in news.signals clear this cache when they do.
    """
    paths = cache.get(PRIVATE_PATHS_CACHE_KEY)
    if paths is None:
        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(PRIVATE_PATHS_CACHE_KEY, paths, PRIVATE_PATHS_CACHE_SECONDS)
    return paths


class ArticleQuerySet(PageQuerySet):
    def readable(self):
        """Live stories outside any restricted part of the site (what `.live().public()` gives)."""
        private = Q()
        for path in private_page_paths():
            private |= Q(path__startswith=path)
        queryset = self.live()
        return queryset.exclude(private) if private else queryset

    def cards(self):
        """Readable stories, newest first, with what a story card shows (section, hero image).

        Renditions are not prefetched here: a page that shows cards from
        several lists loads them all at once with `prefetch_card_renditions`.
        """
        return self.readable().select_related("section", "hero_image").order_by("-display_date", "-pk")

    def card_fields(self, *also):
        """Only the columns a story card shows and its address needs, plus `also` (e.g. "body").

        For cards loaded by id (search results, related lists): a story page
        has some fifty columns, and reading every one costs more than the
        query that fetches them. The section's title is read as a column
        (`section_title`) rather than as a section page, which would be a
        second Wagtail page object to build for every card.
        """
        return (
            self.select_related(None)
            .select_related("hero_image")
            .only(*CARD_FIELDS, *(f"hero_image__{name}" for name in CARD_IMAGE_FIELDS), *also)
            .annotate(section_title=F("section__title"))
        )

    def for_reading(self):
        """Stories with everything the article page shows, in a fixed number of queries."""
        return self.for_story_page().prefetch_related(
            Prefetch("authors", queryset=ArticlePageAuthor.objects.select_related("author")),
            "tags",
        )

    def for_story_page(self):
        """Stories with their section and hero photo; `read_credits` adds authors and tags.

        The columns a reader's page never shows (Wagtail's bookkeeping for
        editors and the scheduler, the section's intro, the photo's upload
        details) are left unread: Django's cost of building the query and the
        objects grows with every column, and was most of the page's routing.
        A partner and a licence of the story's own, which most stories have
        not, are read when it has them: joined here as well, they made
        PostgreSQL spend several milliseconds planning every story's query.
        """
        return self.select_related("section", "hero_image").defer(
            *EDITORIAL_PAGE_FIELDS,
            "live_revision",
            *(f"section__{name}" for name in (*EDITORIAL_PAGE_FIELDS, *LINKED_PAGE_FIELDS, "intro")),
            *(f"hero_image__{name}" for name in UNSHOWN_IMAGE_FIELDS),
        )


# What a story's head tags, licensing notice and republish box show (ArticlePage.shown_fingerprint),
# beside its body, hero photo, section, partner, licence, authors, tags and the publication's settings.
SHOWN_STORY_FIELDS = (
    "title",
    "seo_title",
    "search_description",
    "dek",
    "hero_caption",
    "hero_credit",
    "byline",
    "featured",
    "display_date",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "origin",
    "original_url",
    "original_published_at",
)
SHOWN_PARTNER_FIELDS = ("name", "website", "licensing_contact", "search_engine_policy")
SHOWN_NOTICE_FIELDS = ("title", "licence_kind", "short_notice", "contact_email", "republisher_rules")
SHOWN_PUBLICATION_FIELDS = (
    "publication_name",
    "tagline",
    "twitter_handle",
    "facebook_url",
    "mastodon_url",
    "originals_licence_id",
)

# An image's columns that a story's page never reads.
UNSHOWN_IMAGE_FIELDS = ("collection", "created_at", "uploaded_by_user", "file_size", "file_hash")

# Columns of Wagtail's Page for editors and the scheduler, which no reader's page shows.
EDITORIAL_PAGE_FIELDS = (
    "numchild",
    "translation_key",
    "latest_revision",
    "has_unpublished_changes",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "draft_title",
    "owner",
    "show_in_menus",
)
# And those a story's page does not show of its section; its `alias_of` is read (see news.models.routing).
LINKED_PAGE_FIELDS = (
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "live_revision",
    "seo_title",
    "search_description",
)

# What templates/includes/article_card.html and templates/search/result.html read of a story and
# its hero image, and what its address (`pageurl`) needs; `card_fields` adds the section's title.
CARD_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "locale",
    "live",
    "content_type",
    "dek",
    "display_date",
    "first_published_at",
    "latest_revision_created_at",
    "section",
    "hero_image",
)

# What a card's picture reads of the hero image (see news.fragments.image_fingerprint and Wagtail's
# renditions): the image's upload bookkeeping is left unread.
CARD_IMAGE_FIELDS = (
    "title",
    "description",
    "file",
    "width",
    "height",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)

ArticlePageManager = PageManager.from_queryset(ArticleQuerySet)


def story_page_at(home, section_slug, slug):
    """The live story at `/<section_slug>/<slug>/` under the `home` page, as `for_story_page` loads it, or None.

    One query by slug and the story's section, unordered: a story's slug is
    unique within its section. It is read as one plain row (the story's, its
    section's and its hero photo's columns) from a query set up once per
    process, and the three objects are built from it: setting up Django's
    query, some seventy columns through the page tables, and its objects
    cost more than running it. The denormalised `section` is trusted only
    when the tree agrees, so a story that is not where its section says is
    left to Wagtail's own routing.
    """
    found = story_page_rows().filter(
        slug=slug, section__slug=section_slug, depth=home.depth + 2, path__startswith=home.path
    )[:1]
    for row in found:
        story, section = story_page_from_row(row, found.db)
        if section is not None and story.path[: -story.steplen] == section.path:
            return story.routed_under(home, section)
    return None


def story_page_parts():
    """(relation, model, field names) of each part of a story page's row: the story, its section, its hero photo.

    The fields are those `for_story_page` reads.
    """
    section_model = ArticlePage._meta.get_field("section").related_model
    unshown = {
        "": {*EDITORIAL_PAGE_FIELDS, "live_revision"},
        "section": {*EDITORIAL_PAGE_FIELDS, *LINKED_PAGE_FIELDS, "intro"},
        "hero_image": set(UNSHOWN_IMAGE_FIELDS),
    }
    parts = []
    for relation, model in (("", ArticlePage), ("section", section_model), ("hero_image", get_image_model())):
        names = [
            field.name
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in unshown[relation]
        ]
        parts.append((relation, model, ["pk", *names]))
    return parts


_STORY_PAGE_ROWS = {}


def story_page_rows():
    """Live stories as rows of what `for_story_page` reads (see `story_page_at`), set up once per process."""
    if "rows" not in _STORY_PAGE_ROWS:
        parts = story_page_parts()
        columns = [f"{relation}__{name}" if relation else name for relation, _, names in parts for name in names]
        _STORY_PAGE_ROWS["parts"] = parts
        _STORY_PAGE_ROWS["rows"] = ArticlePage.objects.filter(live=True).order_by().values_list(*columns)
    return _STORY_PAGE_ROWS["rows"].all()


def story_page_from_row(row, db):
    """The story of a `story_page_rows` row with its section and hero photo (None where it has none): (story, section)."""
    built, start = {}, 0
    for relation, model, names in _STORY_PAGE_ROWS["parts"]:
        values = dict(zip(names, row[start : start + len(names)], strict=True))
        start += len(names)
        built[relation] = build_from_row(model, db, values) if values["pk"] is not None else None
    story = built[""]
    for relation in ("section", "hero_image"):
        ArticlePage._meta.get_field(relation).set_cached_value(story, built[relation])
    return story, built["section"]


class CreditRow(models.IntegerChoices):
    """What a row of `credit_rows` is."""

    AUTHOR = 0
    TAG = 1
    NOTE = 2


_CREDIT_PARTS = {}


def credit_rows(story_id):
    """(part, sort order, id, author id, name or text, slug or kind, noted at) of a story's authors, tags and notes.

    One UNION of three queries, each set up once per process and narrowed to
    the story here (Django's cost of setting up their columns and joins was
    more than running them).
    """
    if not _CREDIT_PARTS:
        number, text = models.IntegerField(), models.CharField()
        # Typed, or PostgreSQL takes the authors' and tags' empty dates for text and refuses the notes' dates.
        no_moment = Cast(Value(None), output_field=models.DateTimeField())
        note_model = ArticlePage._meta.get_field("notes").related_model
        _CREDIT_PARTS["authors"] = (
            ArticlePageAuthor.objects.filter(author__isnull=False)
            .order_by()
            .values_list(
                Value(CreditRow.AUTHOR.value, output_field=number),
                "sort_order",
                "pk",
                "author_id",
                "author__name",
                "author__slug",
                no_moment,
            )
        )
        _CREDIT_PARTS["tags"] = ArticlePageTag.objects.order_by().values_list(
            Value(CreditRow.TAG.value, output_field=number),
            Value(None, output_field=number),
            Value(None, output_field=number),
            Value(None, output_field=number),
            "tag__name",
            Value("", output_field=text),
            no_moment,
        )
        _CREDIT_PARTS["notes"] = note_model.objects.order_by().values_list(
            Value(CreditRow.NOTE.value, output_field=number),
            Value(None, output_field=number),
            "pk",
            Value(None, output_field=number),
            "text",
            "kind",
            "noted_at",
        )
    authors = _CREDIT_PARTS["authors"].filter(page_id=story_id)
    tags = _CREDIT_PARTS["tags"].filter(content_object_id=story_id)
    notes = _CREDIT_PARTS["notes"].filter(story_id=story_id)
    return authors.union(tags, notes, all=True)


# A story card as one plain row (`card_rows`): the story's CARD_FIELDS, its section's title and its
# hero photo's CARD_IMAGE_FIELDS, in that order.
CARD_ROW_COLUMNS = (
    "pk",
    *CARD_FIELDS,
    "section__title",
    "hero_image__pk",
    *(f"hero_image__{name}" for name in CARD_IMAGE_FIELDS),
)
# Listings built per set of restricted paths, kept for the process (see `card_rows`); a new set
# (a restriction added or lifted) builds a new one, and the oldest are dropped past a few.
_CARD_ROW_LISTINGS = {}
_CARD_ROW_LISTINGS_KEPT = 8


def card_rows():
    """Readable stories, newest first, as StoryCard rows: filter and slice it like `cards().card_fields()`.

    A listing's cards are nearly always drawn already (news.fragments), and
    then only their values are needed. Reading them as plain rows, from a
    query whose columns and joins are set up once per process (Django's
    cost of adding two dozen columns through the page tables was more than
    running the query), costs a third of loading twenty story pages and
    their photos; the page objects are built only for a card drawn afresh.
    """
    private = tuple(private_page_paths())
    listing = _CARD_ROW_LISTINGS.get(private)
    if listing is None:
        listing = ArticlePage.objects.readable().order_by("-display_date", "-pk").values_list(*CARD_ROW_COLUMNS)
        listing._iterable_class = StoryCardIterable
        if len(_CARD_ROW_LISTINGS) >= _CARD_ROW_LISTINGS_KEPT:
            _CARD_ROW_LISTINGS.clear()
        _CARD_ROW_LISTINGS[private] = listing
    return listing.all()


class StoryCardIterable(ValuesListIterable):
    def __iter__(self):
        for row in super().__iter__():
            yield StoryCard(row, self.queryset.db)


class StoryCard:
    """What a story's card shows, from one row of `card_rows`, with the story page built only if the card is drawn.

    It answers what `{% story_card %}` reads of a story to find its kept card
    (news.templatetags.card_tags); `story()` is the story page, as
    `cards().card_fields()` would have loaded it, with its hero photo.
    """

    def __init__(self, row, db):
        self.db = db
        story_count = 1 + len(CARD_FIELDS)
        self.pk, *values = row[:story_count]
        self.fields = dict(zip(CARD_FIELDS, values, strict=True))
        self.section_title = row[story_count] or ""
        image_pk, *image_values = row[story_count + 1 :]
        self.image_fields = dict(zip(CARD_IMAGE_FIELDS, image_values, strict=True), pk=image_pk)
        self._story = None
        self._hero_image = None

    id = property(lambda self: self.pk)
    title = property(lambda self: self.fields["title"])
    url_path = property(lambda self: self.fields["url_path"])
    dek = property(lambda self: self.fields["dek"])
    hero_image_id = property(lambda self: self.fields["hero_image"])

    @property
    def date(self):
        """As ArticlePage.date."""
        fields = self.fields
        return fields["display_date"] or fields["first_published_at"] or fields["latest_revision_created_at"]

    @property
    def hero_image(self):
        """The hero photo with only what a card's picture reads, built from the row on first use (None without one)."""
        if self._hero_image is None and self.image_fields["pk"] is not None:
            self._hero_image = build_from_row(get_image_model(), self.db, self.image_fields)
        return self._hero_image

    def _get_site_root_paths(self, cache_object=None):
        return Page._get_site_root_paths(self, cache_object)

    def story(self):
        """The story page, with only the card's columns read (and its photo's), built on first use."""
        if self._story is None:
            self._story = build_from_row(ArticlePage, self.db, {"pk": self.pk, **self.fields})
            self._story.section_title = self.section_title
            if self.hero_image is not None:
                self._story.hero_image = self.hero_image
        return self._story


def build_from_row(model, db, values):
    """An instance of `model` as Django loads one with only these fields ({field name: value}), the others deferred.

    `values["pk"]` is the primary key, of the model and of every table it inherits from.
    """
    return model.from_db(
        db,
        None,
        [
            values["pk"] if field.primary_key else values.get(field.name, DEFERRED)
            for field in model._meta.concrete_fields
        ],
    )


def prefetch_card_renditions(articles):
    """Load the renditions of every card's hero image in one query.

    Without it each card asks for its own renditions: twenty cards, twenty
    queries on a cold cache.
    """
    images = [a.hero_image for a in articles if a.hero_image is not None]
    if images:
        prefetch_related_objects(images, "renditions")


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(RoutedPageMixin, CacheablePageMixin, Page):
    """A story: our own reporting, or a partner's republished under its licence."""

    dek = models.TextField(
        blank=True, max_length=400, help_text="The line under the headline that says why the story matters."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.CharField(max_length=300, blank=True, help_text="What the photo shows, in a sentence.")
    hero_credit = models.CharField(max_length=120, blank=True, help_text="Photographer and agency.")
    byline = models.CharField(
        max_length=200,
        blank=True,
        help_text="Free-text byline for wire copy (e.g. “Staff and agencies”). Used when no authors are chosen.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    featured = models.BooleanField(default=False, help_text="Featured stories fill the front page and section tops.")
    body = StreamField(ArticleBodyBlock(), blank=True)
    display_date = models.DateTimeField(
        null=True, blank=True, help_text="The date readers see. Leave empty to use the first publication time."
    )

    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.ORIGINAL)
    partner = models.ForeignKey(
        "news.SyndicationPartner", null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    original_url = models.URLField(blank=True, max_length=500, help_text="Where the partner first published the story.")
    original_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the partner first published it."
    )
    # Kept in each revision, so it says which version of the partner's item that revision
    # carries: a feed import compares it with the item to tell a change the story lacks.
    partner_version = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the partner's feed item this version of the story carries (feed imports only).",
    )
    licensing_notice = models.ForeignKey(
        "news.LicensingNoticePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Leave empty to use the partner's licence (syndicated) or our own (original).",
    )
    comments_enabled = models.BooleanField(default=True, help_text="Let readers comment on this story.")

    # Denormalised from the page tree so listings and search filters need no tree
    # walk; kept in step by save() and the page-moved signal.
    section = models.ForeignKey(
        "news.SectionPage", null=True, editable=False, on_delete=models.SET_NULL, related_name="articles"
    )

    objects = ArticlePageManager()

    # Holds a syndicated story back from review and publication until its
    # partner, original URL and licence are filled in (drafts still save).
    base_form_class = ArticlePageForm

    # The newsroom calls the title a headline (Wagtail's panel says "Page title").
    content_panels = [
        TitleFieldPanel(
            "title",
            heading="Headline",
            placeholder="Headline*",
            help_text="The headline as readers will see it; it also makes the story's address.",
        ),
        FieldPanel("dek"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")])],
            heading="Hero image",
        ),
        MultiFieldPanel(
            # Several authors chosen at once from one chooser, then ordered.
            [MultipleChooserPanel("authors", label="Author", chooser_field_name="author"), FieldPanel("byline")],
            heading="Byline",
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("featured"), FieldPanel("display_date")], heading="Listing"),
        MultiFieldPanel(
            [
                FieldPanel("origin"),
                FieldPanel("partner"),
                FieldPanel("original_url"),
                FieldPanel("original_published_at"),
                PageChooserPanel("licensing_notice", "news.LicensingNoticePage"),
            ],
            heading="Origin and licence",
        ),
        FieldPanel("comments_enabled"),
        # Dated corrections and updates (corrections.StoryNote), reviewed with the story like any change.
        InlinePanel("notes", heading="Corrections and updates", label="Correction or update"),
    ]

    # The headline (Page's "title") is boosted and autocompleted by Page.search_fields.
    # Tags and section are indexed as flat text through methods: Elasticsearch's
    # more_like_this cannot look inside nested fields, and the database backend
    # would file a related "title" under the headline.
    search_fields = Page.search_fields + [
        index.SearchField("dek"),
        index.SearchField("body"),
        index.SearchField("tag_names"),
        index.RelatedFields("authors", [index.RelatedFields("author", [index.SearchField("name")])]),
        index.SearchField("section_title"),
        index.FilterField("section"),
        index.FilterField("featured"),
        index.FilterField("origin"),
        index.FilterField("partner"),
        index.FilterField("display_date"),
    ]

    # A story always belongs to exactly one section.
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"
        indexes = [
            models.Index(fields=["section", "-display_date"], name="article_section_date"),
            models.Index(fields=["-display_date"], name="article_date"),
            models.Index(fields=["featured", "-display_date"], name="article_featured_date"),
        ]

    @property
    def is_syndicated(self) -> bool:
        return self.origin == Origin.SYNDICATED

    @property
    def date(self):
        """The date shown to readers: the editor's display date, else the first publication time."""
        return self.display_date or self.first_published_at or self.latest_revision_created_at

    @property
    def status_string(self):
        """Wagtail's status ("draft", "live + draft") says "changes requested" while the story waits for its writer.

        Wagtail calls a story sent back by its reviewer a plain draft; the
        explorer, the dashboard and the status panel then hide that the writer
        has work to do.
        """
        state = self.current_workflow_state
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            return "live + changes requested" if self.live else "changes requested"
        return super().status_string

    @property
    def author_list(self) -> list:
        """The credited Author snippets, in the editor's order (as `read_credits` read them, else the prefetched links)."""
        if "_credited_authors" in self.__dict__:
            return self._credited_authors
        return [link.author for link in self.authors.all() if link.author_id]

    @property
    def sorted_tag_names(self) -> list[str]:
        """The story's tags, alphabetically (as `read_credits` read them, else the prefetched tags)."""
        if "_tag_names" in self.__dict__:
            return self._tag_names
        return sorted(tag.name for tag in self.tags.all())

    def read_credits(self):
        """Read the story's authors (name and address), tag names and notes (corrections, updates) in one light query.

        For the story's own page, which shows nothing else of them: building
        the link, author and tag objects of a prefetch cost twice as much, and
        a query of their own for the notes, which most stories have none of,
        cost as much as the rest. They come as rows of one UNION, each saying
        which it is (`CreditRow`): an author row carries its place in the
        editor's order, a tag row only its name, a note row its kind, text and
        date. Previews never come here, so they show the draft's authors, tags
        and notes.
        """
        author_rows, tag_names, notes = [], [], []
        note_model = self._meta.get_field("notes").related_model
        for part, sort_order, pk, author_pk, text, slug, noted_at in credit_rows(self.pk):
            if part == CreditRow.AUTHOR:
                author_rows.append((sort_order if sort_order is not None else -1, pk, author_pk, text, slug))
            elif part == CreditRow.TAG:
                tag_names.append(text)
            else:
                notes.append(note_model(pk=pk, story_id=self.pk, kind=slug, text=text, noted_at=noted_at))
        author_rows.sort()
        self._credited_authors = [Author(pk=pk, name=name, slug=slug) for _, _, pk, name, slug in author_rows]
        self._tag_names = sorted(tag_names)
        self._story_notes = sorted(notes, key=lambda note: (note.noted_at, note.pk), reverse=True)
        return self

    @property
    def byline_text(self) -> str:
        """“By A, B and C”-ready names: the authors when chosen, else the free-text byline."""
        names = [author.name for author in self.author_list]
        if not names:
            return self.byline
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def effective_licensing_notice(self):
        """The notice shown under the story: its own, else the partner's, else the site's licence for originals."""
        return self.licensing_notice_for()

    def licensing_notice_for(self, request=None):
        """`effective_licensing_notice`, reading the site settings the page's template has already loaded for `request`."""
        if self.licensing_notice_id:
            return self.licensing_notice
        if self.is_syndicated:
            return self.partner.default_licensing_notice if self.partner_id else None
        return PublicationSettings.load(request_or_site=request).originals_licence

    def section_id_from_tree(self):
        if not self.path or self.depth is None or self.depth < 2:
            return None
        parent_path = self.path[: -self.steplen]
        sections = self._meta.get_field("section").related_model.objects  # SectionPage's module imports this one
        return sections.filter(path=parent_path).values_list("pk", flat=True).first()

    def save(self, *args, **kwargs):
        if self.path:
            self.section_id = self.section_id_from_tree()
        if self.display_date is None and self.first_published_at is not None:
            self.display_date = self.first_published_at
        if self.licensing_notice_id is None and self.is_syndicated and self.partner_id:
            self.licensing_notice_id = self.partner.default_licensing_notice_id
        return super().save(*args, **kwargs)

    def tag_names(self) -> str:
        """The tags as one line of text, for the search index."""
        return " ".join(tag.name for tag in self.tags.all())

    @property
    def section_title(self) -> str:
        """The section's name, for cards and the search index ("World News" finds its stories).

        Cards loaded by `card_fields` read it with the story (set below), so
        they need no section object.
        """
        if "_section_title" in self.__dict__:
            return self._section_title or ""
        return self.section.title if self.section_id else ""

    @section_title.setter
    def section_title(self, title):
        self._section_title = title

    @classmethod
    def get_indexed_objects(cls):
        """Stories with what their index entry reads, loaded in bulk, so `update_index` makes no query per story.

        modelsearch prefetches the `authors` links but not the Author behind
        each one, so its prefetch is replaced rather than added to.
        """
        return (
            super()
            .get_indexed_objects()
            .prefetch_related(None)
            .select_related("section")
            .prefetch_related("tags", Prefetch("authors", queryset=ArticlePageAuthor.objects.select_related("author")))
        )

    def body_images(self):
        """The images placed in the body, in order (loads them all in one query)."""
        return [
            block.value["image"]
            for block in self.body
            if block.block_type == "image" and block.value["image"] is not None
        ]

    def raw_blocks(self, block_type) -> list:
        """The stored values of the body's blocks of one type, read without building the blocks."""
        return [item.get("value") for item in self.body.raw_data if item.get("type") == block_type]

    def body_photos(self) -> dict:
        """{id: image} for the photos in the body, in one query, read from the stored blocks."""
        ids = {value.get("image") for value in self.raw_blocks("image") if isinstance(value, dict)}
        ids.discard(None)
        return get_image_model().objects.in_bulk(ids) if ids else {}

    def ids_of_linked_pages(self, licensing_notice) -> list[str]:
        """Our pages the story's page links to: from its text, its related-links boxes and its licence's text."""
        rich_texts = [html for html in self.raw_blocks("paragraph") if isinstance(html, str)]
        if licensing_notice is not None:
            rich_texts += [licensing_notice.short_notice, licensing_notice.republisher_rules]
        ids = [page_id for html in rich_texts for page_id in linked_page_ids(html)]
        for box in self.raw_blocks("related_links"):
            for link in box.get("links", []) if isinstance(box, dict) else []:
                value = link.get("value", link) if isinstance(link, dict) else {}
                if isinstance(value, dict) and value.get("page"):
                    ids.append(str(value["page"]))
        return ids

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notice = self.licensing_notice_for(request)
        photos = self.body_photos()
        # One query for every page the story links to; the rich text handler reads it (news.rich_text).
        links = linked_pages(self.ids_of_linked_pages(notice))
        # Every rendition the story may show (hero, body photos, the hero's crops for social cards
        # and JSON-LD), loaded in one query if any picture is not already drawn. The related list
        # under it is the search app's (search.templatetags.related_tags).
        context["page_renditions"] = (
            PageRenditions()
            .add([self.hero_image], [*picture_filters("hero"), *shared_filters()])
            .add(photos.values(), picture_filters("body"))
        )
        context["licensing_notice"] = notice
        context["story_corrections"] = [note for note in self.story_notes if note.kind == "correction"]
        context["story_updates"] = [note for note in self.story_notes if note.kind == "update"]
        tag_stories(request, [self.pk])
        if not getattr(request, "is_preview", False):
            context["story_fingerprint"] = self.shown_fingerprint(request, notice, photos, links)
        return context

    def shown_fingerprint(self, request, licensing_notice, photos, links) -> str:
        """A digest of everything the story's own parts of its page show.

        Those parts (the story itself, its head tags: canonical and feed links,
        social card, JSON-LD) are most of what drawing the page costs, and show
        only the values listed here, all loaded with the story: its fields and
        body, hero and body photos, section, partner, licence, authors, tags,
        the publication's settings and the pages it links to. They are kept in
        news.fragments under this digest (templates/news/article_page.html), so
        an edited story, author, section, licence, partner, photo or setting,
        or a linked page that moved or went, makes a new digest. Embedded
        posts are keyed by their address.
        """
        publication = PublicationSettings.load(request_or_site=request)
        site = Site.find_for_request(request)
        partner = self.partner if self.partner_id else None
        notice = licensing_notice
        section = self.section if self.section_id else None
        return fingerprint(
            (
                site.root_url if site is not None else request.get_host(),
                self.pk,
                self.url_path,
                tuple(getattr(self, name) for name in SHOWN_STORY_FIELDS),
                list(self.body.raw_data),
                image_fingerprint(self.hero_image),
                tuple(sorted((pk, image_fingerprint(image)) for pk, image in photos.items())),
                (section.title, section.slug, section.url_path) if section else None,
                tuple(getattr(partner, name) for name in SHOWN_PARTNER_FIELDS) if partner else None,
                (notice.pk, notice.url_path, *(getattr(notice, name) for name in SHOWN_NOTICE_FIELDS))
                if notice
                else None,
                tuple((author.name, author.slug) for author in self.author_list),
                tuple(self.sorted_tag_names),
                tuple(getattr(publication, name) for name in SHOWN_PUBLICATION_FIELDS),
                image_fingerprint(publication.logo) if publication.logo_id else None,
                image_fingerprint(publication.social_image) if publication.social_image_id else None,
                tuple(sorted(links.items())),
                tuple((note.kind, note.text, note.noted_at) for note in self.story_notes),
            )
        )

    @property
    def story_notes(self) -> list:
        """The story's corrections and updates (corrections.StoryNote), newest first, read once per instance.

        Works on a stored story (one query) and on a preview's or revision's
        in-memory copy alike, which is how a note under review is previewed.
        """
        if not hasattr(self, "_story_notes"):
            self._story_notes = sorted(self.notes.all(), key=lambda note: (note.noted_at, note.pk or 0), reverse=True)
        return self._story_notes


class ArticlePageAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey("news.Author", on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("author")]
