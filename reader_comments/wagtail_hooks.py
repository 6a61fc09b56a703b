"""Comment moderation in the Wagtail admin.

A "Comments" menu item opens the moderation queue: pending comments, newest
first, each with its story, searchable and filterable by status, story and
date, with bulk approve, reject and mark-as-spam. Reviewers act on the queue;
Editors see it read-only (migration 0002 grants the permissions). The
dashboard says how many comments wait.
"""

import django_filters
from django.db.models import Exists, OuterRef
from django.shortcuts import get_list_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import classproperty
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from news.models import ArticlePage
from reader_comments.models import Comment
from reader_comments.moderation import moderate

ANY_STATUS = "any"


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Comments come from readers only: nobody adds or copies one in the admin, superusers included."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(Comment, CommentPermissionPolicy(Comment))


def stories_with_comments(request):
    """Only stories that have comments: a choice among every story ever published would be unusable."""
    return (
        ArticlePage.objects.filter(Exists(Comment.objects.filter(article=OuterRef("pk"))))
        .only("id", "title")
        .order_by("title")
    )


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[*Comment.Status.choices, (ANY_STATUS, "Any status")],
        empty_label=None,
        method="filter_status",
    )
    article = django_filters.ModelChoiceFilter(label="Story", queryset=stories_with_comments)
    created_at = django_filters.DateFromToRangeFilter(label="Posted", widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = ["status", "article", "created_at"]

    def filter_status(self, queryset, name, value):
        return queryset if value == ANY_STATUS else queryset.filter(status=value)


class CommentIndexView(IndexView):
    """The moderation queue: pending comments unless another status is chosen."""

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if not kwargs["data"].get("status"):
            data = kwargs["data"].copy()
            data["status"] = Comment.Status.PENDING
            kwargs["data"] = data
        return kwargs

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("article")


class StoryColumn(Column):
    cell_template_name = "reader_comments/admin/story_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["story"] = instance.article
        return context


class CommentViewSet(SnippetViewSet):
    model = Comment
    index_view_class = CommentIndexView
    icon = "comment"
    menu_label = "Comments"
    menu_name = "comments"
    menu_order = 230
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = CommentFilterSet
    search_fields = ["text", "name", "email"]
    list_per_page = 50
    list_display = [
        "__str__",  # the text, linking to the moderation form (Reviewers) or the read-only view (Editors)
        StoryColumn("article", label="Story"),
        Column("display_name", label="Name"),
        Column("email", label="Email"),
        StatusTagColumn(
            "get_status_display", label="Status", sort_key="status", primary=lambda c: c.status == "approved"
        ),
        DateColumn("created_at", label="Posted", sort_key="created_at"),
    ]
    inspect_view_fields = [
        "article",
        "parent",
        "name",
        "email",
        "text",
        "status",
        "created_at",
        "ip_address",
        "moderated_at",
        "moderated_by",
    ]


register_snippet(CommentViewSet)


@hooks.register("after_edit_snippet")
def record_moderator(request, instance):
    """A comment saved in its edit form counts as moderated by whoever saved it, as the bulk actions record."""
    if isinstance(instance, Comment):
        Comment.objects.filter(pk=instance.pk).update(moderated_at=timezone.now(), moderated_by=request.user)


class ModerateCommentsBulkAction(SnippetBulkAction):
    """Set the chosen comments' status; only users who may change comments (Reviewers) can."""

    template_name = "reader_comments/admin/confirm_bulk_moderate.html"
    new_status = None
    question = ""
    button_text = ""

    @classproperty
    def models(cls):
        return [Comment]

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.select_related("article"), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" means the whole queue; an approve-all must
        # never sweep up comments already rejected or marked as spam.
        return Comment.objects.pending().values_list("pk", flat=True)

    def check_perm(self, comment):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", comment)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return moderate(objects, cls.new_status, user=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} comment(s) {self.done_text}."


class ApproveCommentsBulkAction(ModerateCommentsBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected comments"
    action_priority = 10
    new_status = Comment.Status.APPROVED
    question = "Publish these comments under their stories?"
    button_text = "Yes, approve"
    done_text = "approved and published"


class RejectCommentsBulkAction(ModerateCommentsBulkAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject the selected comments"
    action_priority = 20
    new_status = Comment.Status.REJECTED
    question = "Reject these comments? Readers will not see them; approved ones come down."
    button_text = "Yes, reject"
    done_text = "rejected"


class SpamCommentsBulkAction(ModerateCommentsBulkAction):
    display_name = "Mark as spam"
    action_type = "spam"
    aria_label = "Mark the selected comments as spam"
    action_priority = 25
    new_status = Comment.Status.SPAM
    question = "Mark these comments as spam? Readers will not see them; approved ones come down."
    button_text = "Yes, mark as spam"
    done_text = "marked as spam"


for action_class in (ApproveCommentsBulkAction, RejectCommentsBulkAction, SpamCommentsBulkAction):
    hooks.register("register_bulk_action", action_class)


class CommentsAwaitingModerationPanel(Component):
    """Dashboard panel: "Comments awaiting moderation (N)" with the newest few."""

    name = "comments_awaiting_moderation"
    template_name = "reader_comments/admin/dashboard_panel.html"
    order = 205
    shown = 5

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pending = Comment.objects.pending()
        count = pending.count()
        context.update(
            {
                "count": count,
                "heading": f"Comments awaiting moderation ({count})",
                "comments": list(pending.select_related("article").order_by("-created_at", "-pk")[: self.shown]),
                "queue_url": reverse(Comment.snippet_viewset.get_url_name("list")),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_comments_panel(request, panels):
    if policy_registry.get_by_type(Comment).user_has_permission(request.user, "view"):
        panels.append(CommentsAwaitingModerationPanel())
