"""Times as other machines read them: `<time datetime>`, Open Graph's article times, JSON-LD, sitemaps."""

from datetime import datetime

from django.utils import timezone


def machine_time(value) -> str:
    """An ISO 8601 date and time to the second in the site's time zone (TIME_ZONE), or a plain date; "" for nothing.

    Python's and Django's own ISO formats write microseconds
    ("2026-12-05T05:21:07.123456+00:00"), which the HTML checker refuses in
    `<time datetime>`; nobody reads a story's time to the microsecond.
    """
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
