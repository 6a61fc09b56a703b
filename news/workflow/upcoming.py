"""The "Upcoming" admin view: what is about to go live and what waits for a reviewer, day by day.

Wagtail has no editorial calendar; newsrooms keep asking for one. This view
is the smallest useful one: stories scheduled to go live (an approved
revision with a go-live time) grouped by the day they go live, and stories
waiting for review grouped by the day they were submitted, each linking to
its editor. It reads a fixed number of queries however many stories there
are.
"""

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, Revision, WorkflowState, get_default_page_content_type


@dataclass(frozen=True)
class UpcomingStory:
    page_id: int
    title: str
    section: str
    when: datetime
    who: str
    note: str = ""

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=(self.page_id,))


@dataclass(frozen=True)
class Day:
    day: date
    stories: list


def by_day(stories) -> list[Day]:
    """Stories grouped under their local calendar day, in time order."""
    ordered = sorted(stories, key=lambda story: story.when)
    return [Day(day, list(group)) for day, group in groupby(ordered, key=lambda story: timezone.localdate(story.when))]


def parent_titles(pages) -> dict[int, str]:
    """Each page's parent title (its section, for a story), in one query."""
    parent_paths = {page.pk: page.path[: -page.steplen] for page in pages}
    titles = dict(Page.objects.filter(path__in=set(parent_paths.values())).values_list("path", "title"))
    return {pk: titles.get(path, "") for pk, path in parent_paths.items()}


def person(user) -> str:
    if user is None:
        return "someone no longer on staff"
    return user.get_full_name() or user.get_username()


def submitters(page_ids) -> dict[int, object]:
    """Who submitted each page's most recently approved review, in one query.

    The scheduled revision's own author is often the reviewer (a fix made
    while reviewing), but the newsroom credits the writer who sent it in.
    """
    states = (
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_APPROVED,
            base_content_type=get_default_page_content_type(),
            object_id__in=[str(pk) for pk in page_ids],
        )
        .select_related("requested_by")
        .order_by("created_at")
    )
    return {int(state.object_id): state.requested_by for state in states}


def scheduled_stories() -> list[UpcomingStory]:
    """Approved revisions waiting for their go-live time (what `publish_scheduled` will publish).

    "By" is the writer who submitted the story for review; a story a
    reviewer scheduled directly, without a review, is credited to them.
    """
    revisions = list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False)
        .select_related("user")
        .order_by("approved_go_live_at")
    )
    pages = Page.objects.in_bulk([int(revision.object_id) for revision in revisions])
    sections = parent_titles(pages.values())
    submitted_by = submitters(pages)
    return [
        UpcomingStory(
            page_id=page.pk,
            title=revision.object_str or page.draft_title,
            section=sections[page.pk],
            when=revision.approved_go_live_at,
            who=person(submitted_by[page.pk] if page.pk in submitted_by else revision.user),
            note="replaces the live version" if page.live else "",
        )
        for revision in revisions
        if (page := pages.get(int(revision.object_id))) is not None
    ]


def waiting_stories() -> list[UpcomingStory]:
    """Pages in a workflow whose current task is still open."""
    states = list(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=get_default_page_content_type()
        )
        .select_related("requested_by", "current_task_state__task", "current_task_state__revision")
        .order_by("created_at")
    )
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    sections = parent_titles(pages.values())
    stories = []
    for state in states:
        page = pages.get(int(state.object_id))
        if page is None:
            continue
        task_state = state.current_task_state
        wanted = task_state.revision.content.get("go_live_at") if task_state and task_state.revision else None
        note = task_state.task.name if task_state else ""
        if wanted:
            note += f" · wants to go live {timezone.localtime(datetime.fromisoformat(wanted)):%-d %b %H:%M}"
        stories.append(
            UpcomingStory(
                page_id=page.pk,
                title=page.draft_title,
                section=sections[page.pk],
                when=state.created_at,
                who=person(state.requested_by),
                note=note,
            )
        )
    return stories


class UpcomingView(WagtailAdminTemplateMixin, TemplateView):
    """Scheduled and waiting stories for everyone with admin access (editors and reviewers alike)."""

    template_name = "news/admin/upcoming.html"
    page_title = "Upcoming"
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scheduled_days"] = by_day(scheduled_stories())
        context["waiting_days"] = by_day(waiting_stories())
        return context
