"""Approving from outside the editor: the same syndication rule as the editor form."""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from news.workflow.rules import article_missing_syndication_fields, syndication_rule_message


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
            story = self.object.get_latest_revision_as_object()
            missing = article_missing_syndication_fields(story)
            if missing:
                messages.error(request, syndication_rule_message(missing, "approved"))
                edit_url = reverse("wagtailadmin_pages:edit", args=(self.object.pk,))
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(request, {"step": "success", "redirect": edit_url})
                return redirect(edit_url)
        return super().post(request, *args, **kwargs)


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
    """Wagtail's page views for stories, with the workflow action that applies the syndication rule."""

    workflow_action_view_class = EditorialWorkflowActionView

    def __init__(self, name="article_pages", **kwargs):
        from news.models import ArticlePage

        super().__init__(name, model=ArticlePage, **kwargs)
