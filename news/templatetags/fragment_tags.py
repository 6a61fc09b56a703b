"""`{% fragment key "name" %}...{% endfragment %}` and `{% include_kept "template" value ... %}`: HTML drawn once per process.

For parts of a page that depend only on data the page has already loaded:
its view computes `key`, a digest of every value the part shows, and the
part is kept in news.fragments under it (see that module for why nothing
is ever purged). With an empty key the part is drawn afresh every time,
which is what previews get. A part being drawn first loads the renditions
the page lists (`page_renditions`), so its photos and the crops handed to
other platforms cost one query between them, not one each.
"""

from django import template
from django.template.loader import get_template

from news.fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, key, name):
        self.nodelist = nodelist
        self.key = key
        self.name = name

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        return cached_fragment(self.name, key, lambda: self.draw(context))

    def draw(self, context):
        page_renditions = context.get("page_renditions")
        if page_renditions is not None:
            page_renditions.load()
        return self.nodelist.render(context)


@register.tag
def fragment(parser, token):
    tag_name, *bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(f'{tag_name} takes a key and a quoted name: {{% {tag_name} key "name" %}}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[0]), bits[1].strip("\"'"))


@register.simple_tag(takes_context=True)
def include_kept(context, template_name, *shown):
    """`{% include "template" %}` drawn once per process for each set of `shown` values, which must be all it reads.

    For the parts every page repeats, such as the empty search form (which
    reverses two addresses and finds two static files on every page).
    """

    def draw():
        return get_template(template_name).render(context.flatten())

    return cached_fragment("include", (template_name, *shown), draw)
