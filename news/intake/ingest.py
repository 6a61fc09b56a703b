"""Turning a partner's feed into draft stories that wait for a reviewer.

A run reads the whole feed first; a feed that cannot be read or parsed
stores no story and is reported as failed. Each item is then imported in
its own transaction, so one bad item is reported and skipped while the
others go in. Items are recognised on later runs by their GUID (else their
link): an unchanged item is left alone, a changed one becomes a new draft
revision of its story (never a change to what readers see; a reviewer
publishes it), and every new or changed story is submitted into the
editorial workflow that covers its section.
"""

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.log_actions import log

from corrections.models import NoteKind, StoryNote
from news.blocks import PARAGRAPH_FEATURES
from news.intake.partner_feeds import FeedError, load_feed
from news.models import ArticlePage, ImportedItem, ImportReport, ImportStatus, ItemOutcome, Origin, SectionPage
from text.html import clean_html, plain_text, without_tracking_parameters

logger = logging.getLogger("masthead.syndication")

HEADING_LEVELS = {"h2": "h2", "h3": "h3", "h4": "h3"}


class ImportRefused(FeedError):
    """The partner is not set up for importing (inactive, no feed address, no section)."""


class ItemRejected(Exception):
    """One feed item cannot become a story; the message says why, for the report."""


@dataclass
class FeedItem:
    """What Masthead takes from one feed item, already cleaned."""

    guid: str
    link: str
    title: str
    byline: str
    dek: str
    body_html: str
    published_at: datetime | None
    tags: list[str] = field(default_factory=list)

    @property
    def identity(self) -> str:
        """Hash of the GUID, else of the link: how a later run recognises the item."""
        key = f"guid:{self.guid}" if self.guid else f"link:{self.link}"
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def fingerprint(self) -> str:
        """Hash of everything imported from the item; a different one means the partner changed it."""
        content = [
            self.title,
            self.byline,
            self.dek,
            self.body_html,
            self.link,
            self.published_at.isoformat() if self.published_at else "",
            sorted(self.tags),
        ]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()


RSS_AUTHOR = re.compile(r"^\s*[^\s@()]+@[^\s@()]+\s*\((?P<name>[^()]+)\)\s*$")


def _web_address(url) -> str:
    """An http(s) address without campaign parameters, else "" (no `javascript:` or `file:` links)."""
    if isinstance(url, str) and urlsplit(url.strip()).scheme in ("http", "https"):
        return without_tracking_parameters(url.strip())
    return ""


def _byline(entry) -> str:
    """The author's name: RSS writes “email (Name)”, Atom and dc:creator a name; a bare address is no byline.

    Parsed here because feedparser splits the RSS form at the wrong place
    when the address contains dots.
    """
    raw = entry.get("author") or ""
    rss_form = RSS_AUTHOR.match(raw)
    if rss_form:
        return rss_form.group("name").strip()
    name = (entry.get("author_detail") or {}).get("name") or raw
    return "" if "@" in name and " " not in name.strip() else name


def _entry_html(entry) -> tuple[str, str]:
    """The item's body and its summary as HTML: full content when the feed has it, else the summary."""

    def as_html(detail):
        value = detail.get("value", "")
        if detail.get("type", "text/html") == "text/plain":
            return "".join(f"<p>{escape(line)}</p>" for line in value.split("\n\n") if line.strip())
        return value

    summary = as_html(entry.get("summary_detail") or {"value": entry.get("summary", "")})
    contents = entry.get("content") or []
    html_contents = [c for c in contents if c.get("type") != "text/plain"] or contents
    if html_contents:
        return as_html(html_contents[0]), summary
    return summary, ""


def _published_at(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _tags(entry) -> list[str]:
    """Category names, cleaned, without repeats (tags compare case-insensitively)."""
    names, seen = [], set()
    for category in entry.get("tags") or []:
        name = plain_text(category.get("term") or category.get("label") or "")[:100].strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def item_from_entry(entry) -> FeedItem:
    """The cleaned FeedItem for a feedparser entry; ItemRejected when it cannot become a story."""
    link = _web_address(entry.get("link"))
    guid = (entry.get("id") or "").strip()
    if not guid and not link:
        raise ItemRejected("The item has neither a GUID nor a link, so a later run could not recognise it.")
    title = Truncator(plain_text(entry.get("title", ""))).chars(255)
    if not title:
        raise ItemRejected("The item has no headline.")
    body, summary = _entry_html(entry)
    body_html = clean_html(body, base_url=link)
    if not plain_text(body_html):
        raise ItemRejected("The item has no story text.")
    dek = plain_text(summary) if summary else ""
    if dek and plain_text(body_html).startswith(dek.rstrip(".… ")):
        dek = ""
    return FeedItem(
        guid=guid,
        link=link,
        title=title,
        byline=Truncator(plain_text(_byline(entry))).chars(200),
        dek=Truncator(dek).words(60, truncate="…")[:400],
        body_html=body_html,
        published_at=_published_at(entry),
        tags=_tags(entry),
    )


def body_blocks(html: str) -> list[dict]:
    """StreamField data for the article body: headings and quotations as their own blocks, text as paragraphs.

    Paragraph HTML goes through the rich text editor's own converter, so the
    stored value is exactly what an editor saving the story would store.
    """
    converter = ContentstateConverter(features=PARAGRAPH_FEATURES)
    blocks, pending = [], []

    def flush():
        text = "".join(pending).strip()
        pending.clear()
        if text:
            blocks.append(
                {"type": "paragraph", "value": converter.to_database_format(converter.from_database_format(text))}
            )

    for node in BeautifulSoup(html, "html.parser").contents:
        if isinstance(node, Tag) and node.name in HEADING_LEVELS:
            flush()
            text = " ".join(node.get_text(" ").split())
            if text:
                blocks.append({"type": "heading", "value": {"text": text[:200], "level": HEADING_LEVELS[node.name]}})
        elif isinstance(node, Tag) and node.name == "blockquote":
            flush()
            text = " ".join(node.get_text(" ").split())
            if text:
                blocks.append({"type": "block_quote", "value": {"quote": text, "attribution": ""}})
        elif isinstance(node, NavigableString):
            pending.append(escape(str(node)))
        else:
            pending.append(str(node))
    flush()
    return blocks


def unique_slug(section, title: str) -> str:
    base = slugify(title, allow_unicode=True)[:180] or "story"
    taken = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def fill_article(article: ArticlePage, item: FeedItem, partner):
    article.title = item.title
    article.draft_title = item.title
    article.dek = item.dek
    article.byline = item.byline
    article.body = body_blocks(item.body_html)
    article.origin = Origin.SYNDICATED
    article.partner = partner
    article.original_url = item.link
    article.original_published_at = item.published_at
    if article.licensing_notice_id is None:
        article.licensing_notice = partner.default_licensing_notice
    article.tags.set(item.tags)
    article.partner_version = item.fingerprint


def submit_for_review(article: ArticlePage, user):
    """Start the workflow in force for the story's place in the tree, unless one is already running.

    A story already in review keeps its workflow: approval publishes the
    latest revision, which now includes the partner's change.
    """
    workflow = article.get_workflow()
    if workflow is not None and not article.workflow_in_progress:
        workflow.start(article, user)


def create_article(partner, item: FeedItem, user) -> ArticlePage:
    # Fetched afresh for each item: a rolled-back item leaves a cached section's child count wrong.
    section = SectionPage.objects.get(pk=partner.default_section_id)
    article = ArticlePage(slug=unique_slug(section, item.title), live=False, owner=user)
    fill_article(article, item, partner)
    section.add_child(instance=article)
    article.save_revision(user=user)
    log(instance=article, action="wagtail.create", user=user)
    submit_for_review(article, user)
    return article


def partner_update_note(partner) -> str:
    return f"This story was updated with changes from {partner.name}, which first published it."


def propose_update_note(draft: ArticlePage, partner):
    """Adds a dated "Update" note to a published story's draft, for the reviewer to keep, reword or remove.

    Readers see it only once a reviewer approves the draft. A note this
    import proposed earlier and nobody has published yet is replaced, not
    repeated.
    """
    text = partner_update_note(partner)
    kept = [note for note in draft.notes.all() if note.pk or note.text != text]
    kept.append(StoryNote(kind=NoteKind.UPDATE, text=text, noted_at=timezone.now()))
    draft.notes = kept


def revise_article(article: ArticlePage, partner, item: FeedItem, user) -> ArticlePage:
    """A new draft revision carrying the partner's changes over the latest revision (editors' edits kept).

    A story readers have already seen gets a proposed "Update" note, so the
    change is on the public record once approved.
    """
    draft = article.get_latest_revision_as_object()
    fill_article(draft, item, partner)
    if article.first_published_at is not None:
        propose_update_note(draft, partner)
    draft.save_revision(user=user, log_action=True)
    submit_for_review(draft, user)
    return draft


def remember_item(partner, item: FeedItem, article):
    """Record that this feed item is `article`, so later runs recognise it."""
    return ImportedItem.objects.create(
        partner=partner,
        identity=item.identity,
        guid=item.guid,
        link=item.link,
        article=article,
        fingerprint=item.fingerprint,
    )


def carries(article: ArticlePage, item: FeedItem) -> bool:
    """Whether the story's latest revision (what a reviewer would approve) carries this version of the item.

    The item's fingerprint is stored in the revision the import writes, so
    it goes wherever that text goes: a later revision built on it keeps it
    (an editor's own fixes are not undone), while a revision saved over it
    from older text (a restored revision, a stale save) does not, and the
    next import proposes the partner's version again. Stories imported
    before revisions carried it have none; the import record answers for them.
    """
    carried = article.get_latest_revision_as_object().partner_version
    return carried in ("", item.fingerprint)


def apply_item(partner, item: FeedItem, user) -> tuple[str, ArticlePage | None, str]:
    """Create, revise or leave the story for one item; returns (outcome, story, note)."""
    record = ImportedItem.objects.select_for_update().filter(partner=partner, identity=item.identity).first()
    if record is None:
        existing = ArticlePage.objects.filter(partner=partner, original_url=item.link).first() if item.link else None
        if existing is not None:
            remember_item(partner, item, existing)
            return ItemOutcome.UNCHANGED, existing, "Already on the site (same original address)."
        article = create_article(partner, item, user)
        remember_item(partner, item, article)
        return ItemOutcome.NEW, article, ""
    if record.article_id is None:
        return ItemOutcome.UNCHANGED, None, "The story was deleted by an editor; not imported again."
    article = ArticlePage.objects.get(pk=record.article_id)
    if record.fingerprint == item.fingerprint and carries(article, item):
        return ItemOutcome.UNCHANGED, record.article, ""
    article = revise_article(article, partner, item, user)
    record.fingerprint = item.fingerprint
    record.link = item.link
    record.last_changed_at = timezone.now()
    record.save(update_fields=["fingerprint", "link", "last_changed_at"])
    return ItemOutcome.UPDATED, article, "Added as a new draft revision for review."


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in error.message_dict.items()
        )
    return str(error) or type(error).__name__


def check_partner(partner, source: str | None):
    if not partner.active:
        raise ImportRefused(f"{partner.name} is inactive; make it active in the admin to import its stories.")
    if not (source or partner.feed_url):
        raise ImportRefused(f"{partner.name} has no feed address; give one in the admin or name a feed to import.")
    if partner.default_section_id is None:
        raise ImportRefused(f"{partner.name} has no default section to file its stories in.")


def importer_account():
    """The account imports run as when no person starts them (the command without --user).

    Inactive and without a password: it cannot sign in, it only names who
    created the drafts and submitted them in page history and workflow
    notifications. Username from SYNDICATION_IMPORT_USERNAME.
    """
    User = get_user_model()
    username = settings.SYNDICATION_IMPORT_USERNAME
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        user = User(**{User.USERNAME_FIELD: username}, is_active=False, first_name="Feed", last_name="import")
        user.set_unusable_password()
        user.save()
    return user


def import_feed(partner, source: str | None = None, user=None, report: ImportReport | None = None) -> ImportReport:
    """Import the partner's feed (or `source`, an address or file) and keep the report.

    Raises ImportRefused, storing nothing, when the partner is not set up
    for importing. A feed that cannot be read or parsed gives a report with
    status FAILED and its reason, and no story. `report` is the record of an
    import started earlier (news.intake.jobs), filled in here.
    """
    check_partner(partner, source)
    source = source or partner.feed_url
    if report is None:
        report = ImportReport(partner=partner, source=source, started_at=timezone.now(), requested_by=user)
    try:
        feed = load_feed(source)
    except FeedError as error:
        report.status, report.message = ImportStatus.FAILED, str(error)
        report.finished_at = timezone.now()
        report.save()
        logger.warning("Import from %s failed: %s", source, error)
        return report

    counts = dict.fromkeys(ItemOutcome.values, 0)
    for entry in feed.entries:
        headline = plain_text(entry.get("title", ""))[:255]
        link = _web_address(entry.get("link"))
        try:
            item = item_from_entry(entry)
            with transaction.atomic():
                outcome, article, note = apply_item(partner, item, user)
        except Exception as error:  # one bad item must not stop the others; its reason goes in the report
            if not isinstance(error, (ItemRejected, ValidationError)):
                logger.exception("Feed item %r from %s failed", headline, source)
            outcome, article, note = ItemOutcome.FAILED, None, _reason(error)
        counts[outcome] += 1
        report.items.append(
            {
                "title": headline or "(no headline)",
                "link": link,
                "outcome": str(outcome),
                "reason": note,
                "article_id": article.pk if article else None,
            }
        )
    report.new_count = counts[ItemOutcome.NEW]
    report.updated_count = counts[ItemOutcome.UPDATED]
    report.unchanged_count = counts[ItemOutcome.UNCHANGED]
    report.failed_count = counts[ItemOutcome.FAILED]
    report.status = ImportStatus.PARTLY_FAILED if report.failed_count else ImportStatus.SUCCEEDED
    report.finished_at = timezone.now()
    report.save()
    return report
