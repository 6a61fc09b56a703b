"""`{% picture_of image "card" sizes="..." loading="lazy" %}`: Wagtail's `{% picture %}` at one of our named sizes.

The sizes are those of news.pictures.PICTURES, the same list the renditions
made at publication come from, so a template cannot ask for a size nobody
made. The HTML is Wagtail's own (`Picture`): `<source>` elements for AVIF and
WebP, a JPEG `<img>` with srcset, width and height.

A picture is drawn once per process and kept in news.fragments under what it
shows (the image's file, size, focal point and alt text, the size and the
attributes): finding six renditions and writing their addresses cost more
than anything else in a story card. When it is not kept, the renditions
come from the page's `page_renditions` (news.pictures.PageRenditions), which
loads those of every photo on the page in one query.
"""

from django import template
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from news.fragments import cached_fragment, image_fingerprint
from news.pictures import PICTURES, picture_filters

register = template.Library()


def picture_html(image, size, attrs, page_renditions=None) -> str:
    """The `<picture>` of `image` at `size` with these `<img>` attributes (see the module's docstring)."""

    def render():
        if page_renditions is not None:
            page_renditions.prepare(image)
        renditions = get_renditions_or_not_found(image, picture_filters(size))
        return Picture(renditions, dict(attrs)).__html__()

    return cached_fragment("picture", (image_fingerprint(image), size, tuple(sorted(attrs.items()))), render)


class PictureOfNode(template.Node):
    def __init__(self, image, size, attrs):
        self.image = image
        self.size = size
        self.attrs = attrs

    def render(self, context):
        image = self.image.resolve(context)
        if not image:
            return ""
        attrs = {name: value.resolve(context) for name, value in self.attrs.items()}
        return picture_html(image, self.size, attrs, context.get("page_renditions"))


@register.tag
def picture_of(parser, token):
    """`{% picture_of <image> "<size>" [attribute=value ...] %}`; attribute values may be variables."""
    tag_name, *bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f'{tag_name} needs an image and a size, e.g. {{% {tag_name} image "card" %}}'
        )
    image, size, *attribute_bits = bits
    size = size.strip("\"'")
    if size not in PICTURES:
        raise template.TemplateSyntaxError(f"{tag_name}: unknown size {size!r}; the sizes are {', '.join(PICTURES)}")
    attrs = {}
    for bit in attribute_bits:
        name, equals, value = bit.partition("=")
        if not equals:
            raise template.TemplateSyntaxError(f"{tag_name}: expected attribute=value, got {bit!r}")
        attrs[name] = parser.compile_filter(value)
    return PictureOfNode(parser.compile_filter(image), size, attrs)
