from django import template

register = template.Library()


@register.filter
def stories_for(stories_by_block, block_id):
    """The stories prepared for one front-page block (see HomePage.stories_by_block)."""
    return stories_by_block.get(block_id, [])
