"""The newsroom's words for the review: what a button will do, and what just happened.

Wagtail labels the reviewer's button "Approve and Publish" even when the story
has a go-live time and approving will only schedule it, and confirms any
action with "Page … has been updated.". These say which of the two happens
and when the story reaches readers.
"""

from django.utils import timezone
from django.utils.html import format_html

from news.workflow.upcoming import person


def go_live_wording(moment) -> str:
    """“Tue 3 June at 07:00”: a go-live time as the newsroom reads it, in the site's time zone."""
    return f"{timezone.localtime(moment):%a %-d %B at %H:%M}"


def future_go_live_at(story):
    """The story's go-live time if it is still ahead; None when approving would publish at once."""
    go_live_at = getattr(story, "go_live_at", None)
    if go_live_at and go_live_at > timezone.now():
        return go_live_at
    return None


def approve_label(story, with_comment=False) -> str:
    """“Approve and publish now” or “Approve and schedule for Tue 3 June at 07:00”, from the story as loaded."""
    start = "Approve with comment" if with_comment else "Approve"
    go_live_at = future_go_live_at(story)
    if go_live_at:
        return f"{start} and schedule for {go_live_wording(go_live_at)}"
    return f"{start} and publish now"


def approval_outcome(page) -> str:
    """What an approval just did to `page` (fetched after the approval), for the reviewer's confirmation."""
    title = page.get_admin_display_title()
    scheduled = page.scheduled_revision
    if scheduled is not None:
        return f"Approved and scheduled: “{title}” goes live {go_live_wording(scheduled.approved_go_live_at)}."
    if page.live:
        return f"Approved and published: “{title}” is live now."
    return f"Approved: “{title}” moves on to the next review step."


def changes_requested_outcome(page) -> str:
    return f"Changes requested: “{page.get_admin_display_title()}” goes back to its writer with your comment."


def changes_requested_banner(workflow_state):
    """The reviewer's latest request for changes (who, when, the comment) while the story waits for resubmission.

    Wagtail keeps the comment behind the status icon, in a dialog headed with
    the writer's own name; the writer should read it first thing on opening
    the story. None once the story is resubmitted (the review is running again).
    """
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_NEEDS_CHANGES:
        return None
    request = workflow_state.current_task_state
    if request is None:
        return None
    when = timezone.localtime(request.finished_at)
    comment = request.comment.strip() if request.comment else ""
    return format_html(
        "Changes requested by {} at {}. {} Revise the story, then resubmit it for review.",
        person(request.finished_by),
        f"{when:%H:%M on %-d %B}",
        format_html("Their comment: “{}”", comment) if comment else "They left no comment.",
    )
