"""`{% fragment key "name" %}...{% endfragment %}`: the enclosed HTML drawn once per process for each key.

For parts of a page that depend only on data the page has already loaded:
its view computes `key`, a digest of every value the part shows, and the
part is kept in news.fragments under it (see that module for why nothing
is ever purged). With an empty key the part is drawn afresh every time,
which is what previews get. A part being drawn first loads the renditions
the page lists (`page_renditions`), so its photos and the crops handed to
other platforms cost one query between them, not one each.
"""

from django import template

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
