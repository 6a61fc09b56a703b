from django import template

from news.topics import topic_url as address_of_topic

register = template.Library()


@register.simple_tag
def topic_url(name):
    """The address of the topic page of the tag called `name` (news.topics)."""
    return address_of_topic(name)
