"""Blank commenters' IP addresses once the rate limit no longer needs them.

Every new comment already does this for older ones; run this command from
cron (e.g. hourly) so that a site where nobody comments forgets them too.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reader_comments.models import Comment, CommentSettings


class Command(BaseCommand):
    help = "Erase the IP address of comments older than the comment rate limit window."

    def handle(self, **options):
        window = CommentSettings.load().rate_limit_window
        count = Comment.objects.forget_ip_addresses_before(timezone.now() - window)
        self.stdout.write(f"Forgot the IP address of {count} comment(s) older than {window}.")
