"""The story editor and the review actions: the syndication rule, no lost update, and newsroom confirmations."""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import TaskState

from news.models import ArticlePage
from news.workflow.rules import article_missing_syndication_fields, syndication_rule_message
from news.workflow.stale import newer_version, stale_approval_message, stale_save_message
from news.workflow.wording import approval_outcome, changes_requested_banner, changes_requested_outcome


class EditorialWorkflowActionView(WorkflowActionView):
    """Wagtail's approve / request-changes action, refusing to approve a syndicated story that lacks its licensing fields.

    Approving from the dashboard, the page header or a moderation list comes
    here instead of through the editor form, and publishes the latest
    revision; so that revision is what gets checked. The reviewer is sent to
    the editor with the message naming what is missing; the story stays in
    review and nothing is published.
    """

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve":
            refusal = self.approval_refusal()
            if refusal:
                messages.error(request, refusal)
                edit_url = reverse("wagtailadmin_pages:edit", args=(self.object.pk,))
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(request, {"step": "success", "redirect": edit_url})
                return redirect(edit_url)
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        page = self.object.specific_class.objects.get(pk=self.object.pk)
        if self.task_state.status == TaskState.STATUS_APPROVED:
            messages.success(request, approval_outcome(page))
        elif self.task_state.status == TaskState.STATUS_REJECTED:
            messages.success(request, changes_requested_outcome(page))
        return response

    def approval_refusal(self):
        """Why this approval may not go ahead, or None.

        Approval publishes the latest revision. Outside the editor the
        reviewer has read the revision submitted for review (the dashboard's
        preview and comparison show that one), unless the request says which
        revision they loaded; anything saved since (a colleague's edit, a
        partner's correction from a feed import) is refused rather than
        published unread.
        """
        seen = self.request.POST.get("loaded_revision_id") or self.task_state.revision_id
        newer = newer_version(self.object, seen)
        if newer is not None:
            return stale_approval_message(newer)
        missing = article_missing_syndication_fields(self.object.get_latest_revision_as_object())
        if missing:
            return syndication_rule_message(missing, "approved")
        return None


class EditorialEditView(EditView):
    """Wagtail's page editor, refusing a save or a review action made from an out-of-date form.

    Wagtail refuses a stale autosave but lets a stale form post through with
    only a warning in the browser, so a second editor's save (or a reviewer's
    "Approve" from a page opened before a partner's correction arrived)
    silently replaced the newer text. Here every non-autosave post whose
    `loaded_revision_id` is not the latest revision is refused: nothing is
    stored, the person's own changes stay in the form, and the message names
    who saved the newer version with a link to compare. A post that carries
    no loaded revision at all is treated as Wagtail treats it, as up to date.
    """

    def get(self, request, *args, **kwargs):
        banner = changes_requested_banner(self.workflow_state)
        if banner:
            messages.warning(request, banner)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.expects_json_response and not self.page.alias_of_id and self.is_out_of_date:
            return self.refuse_stale_form()
        return super().post(request, *args, **kwargs)

    def refuse_stale_form(self):
        seen = self.request.POST.get("loaded_revision_id", "")
        seen = seen if seen.isdigit() else None
        newer = newer_version(self.page, seen)
        self.form = self.form_class(
            self.request.POST,
            self.request.FILES,
            instance=self.page,
            subscription=self.subscription,
            parent_page=self.parent,
            for_user=self.request.user,
        )
        # The form keeps naming the version it was loaded from, so pressing
        # the button again cannot overwrite the newer one either.
        if seen:
            self.page.latest_revision_id = int(seen)
            self.__dict__["latest_revision_created_at"] = self.request.POST.get("loaded_revision_created_at", "")
        messages.error(
            self.request, stale_save_message(newer) if newer else "Not saved: the story changed after you opened it."
        )
        self.has_unsaved_changes = True
        return self.render_to_response(self.get_context_data(), status=409)

    def add_save_confirmation_message(self):
        if self.action_name == "perform_workflow_action" and self.workflow_action in ("approve", "reject"):
            page = self.page.specific_class.objects.get(pk=self.page.pk)
            outcome = approval_outcome(page) if self.workflow_action == "approve" else changes_requested_outcome(page)
            messages.success(self.request, outcome)
            return
        super().add_save_confirmation_message()


def refuse_bulk_publish_of_incomplete_stories(request, action_type, objects, action):
    """The `before_bulk_action` hook: publishing pages in bulk obeys the syndication rule too.

    Bulk publishing puts each page's latest revision live, and with "include
    descendants" every draft below it; those revisions are what is checked.
    One incomplete story stops the whole batch, so nothing is half-published.
    """
    if action_type != "publish":
        return None
    pages = list(objects)
    form = getattr(action, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += list(page.get_descendants().filter(has_unpublished_changes=True))
    refusals = []
    for page in pages:
        missing = article_missing_syndication_fields(page.get_latest_revision_as_object())
        if missing:
            refusals.append(f"“{page.get_admin_display_title()}”: " + syndication_rule_message(missing, "published"))
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(action.next_url)


class ArticlePageViewSet(PageViewSet):
    """Wagtail's page views for stories: the editor and the workflow action refuse stale forms and apply the syndication rule."""

    workflow_action_view_class = EditorialWorkflowActionView
    edit_view_class = EditorialEditView

    def __init__(self, name="article_pages", **kwargs):
        super().__init__(name, model=ArticlePage, **kwargs)
