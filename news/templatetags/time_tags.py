"""`{{ when|machine_time }}`: the value of a `<time datetime>` attribute (news.dates), without Django's microseconds."""

from django import template

from news.dates import machine_time

register = template.Library()
register.filter("machine_time", machine_time)
