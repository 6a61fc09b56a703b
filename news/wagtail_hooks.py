from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from news.models import Author
from news.syndication.admin import SyndicationAdminGroup


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
