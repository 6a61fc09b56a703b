from django import template

from home.navigation import site_navigation as read_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The header's and footer's menus (home.navigation), read once per request however often a template asks."""
    request = context.get("request")
    if request is None:
        return read_navigation(None)
    if not hasattr(request, "masthead_navigation"):
        request.masthead_navigation = read_navigation(request, context.get("page"))
    return request.masthead_navigation
