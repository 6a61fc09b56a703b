from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from news.intake.admin import SyndicationAdminGroup
from news.models import Author
from news.rich_text import CachedPageLinkHandler
from news.workflow.upcoming import UpcomingView
from news.workflow.views import ArticlePageViewSet, refuse_bulk_publish_of_incomplete_stories
from news.workflow.wording import approve_label


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)


# Partners, import reports and republication counts, under one "Syndication" menu.
modeladmin_register(SyndicationAdminGroup)


@hooks.register("register_admin_viewset")
def register_article_page_viewset():
    return ArticlePageViewSet()


hooks.register("before_bulk_action", refuse_bulk_publish_of_incomplete_stories)


@hooks.register("register_admin_urls")
def register_upcoming_url():
    return [path("upcoming/", UpcomingView.as_view(), name="news_upcoming")]


@hooks.register("register_admin_menu_item")
def register_upcoming_menu_item():
    return MenuItem("Upcoming", reverse("news_upcoming"), icon_name="calendar", order=205)


@hooks.register("register_rich_text_features", order=100)
def resolve_page_links_from_the_cache(features):
    """Replaces Wagtail's page link handler (registered at order 0), see news.rich_text."""
    features.register_link_type(CachedPageLinkHandler)


@hooks.register("construct_page_action_menu")
def say_whether_approving_publishes_or_schedules(menu_items, request, context):
    """The reviewer's approve buttons say what approval will do: publish now, or schedule for the go-live time.

    Wagtail labels them "Approve and Publish" whatever the go-live time, and
    its schedule dialog talks of a "Schedule to publish" option reviewers in
    a workflow never see.
    """
    story = context.get("page")
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem) and item.name == "approve" and story is not None:
            item.label = approve_label(story, with_comment=item.launch_modal)
