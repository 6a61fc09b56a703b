"""Nobody's words are lost: a save or an approval made from an older version of a story is refused.

Wagtail only warns in the browser when someone else saved the story after
the page was opened ("Continue" overwrites their work), and an approval
publishes the story's latest revision whatever the reviewer last read. So a
colleague's fix, or a partner's correction stored by a feed import, could go
out overwritten or unread. These helpers let the editor and the workflow
actions refuse on the server instead, naming who saved the newer version and
linking to the comparison.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from news.workflow.upcoming import person


@dataclass(frozen=True)
class NewerVersion:
    """The story's latest revision, saved after the version someone was working from."""

    page_id: int
    seen_revision_id: int | None
    latest: object  # wagtail.models.Revision

    @property
    def compare_url(self) -> str:
        seen = self.seen_revision_id or "earliest"
        return reverse("wagtailadmin_pages:revisions_compare", args=(self.page_id, seen, self.latest.pk))

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=(self.page_id,))

    @property
    def saved_by(self) -> str:
        """Who saved it, as the newsroom knows them (a partner import saves as its importer account)."""
        return person(self.latest.user)

    @property
    def saved_at(self) -> str:
        return f"{timezone.localtime(self.latest.created_at):%H:%M on %-d %B}"


def newer_version(page, seen_revision_id) -> NewerVersion | None:
    """The latest revision when it is not the one `seen_revision_id` names; None when nothing newer exists.

    `seen_revision_id` is what the person's form was loaded from (the page
    editor's `loaded_revision_id`) or, for an approval outside the editor,
    the revision submitted for review.
    """
    latest = page.get_latest_revision()
    if latest is None or str(latest.pk) == str(seen_revision_id or ""):
        return None
    return NewerVersion(
        page_id=page.pk, seen_revision_id=int(seen_revision_id) if seen_revision_id else None, latest=latest
    )


def stale_save_message(newer: NewerVersion):
    return format_html(
        "Not saved: {} saved a newer version of this story at {}, after you opened it, and saving would "
        'overwrite it. Your changes are still in the form below. <a href="{}">Compare the versions</a>, then '
        '<a href="{}" target="_blank" rel="noopener">open the latest version</a> and make your changes there.',
        newer.saved_by,
        newer.saved_at,
        newer.compare_url,
        newer.edit_url,
    )


def stale_approval_message(newer: NewerVersion):
    return format_html(
        "Not approved: {} saved a newer version of this story at {}, after the version you reviewed. "
        'Approving would publish text you have not read. <a href="{}">Compare the versions</a> or '
        '<a href="{}">open the latest version</a> to review and approve it.',
        newer.saved_by,
        newer.saved_at,
        newer.compare_url,
        newer.edit_url,
    )
