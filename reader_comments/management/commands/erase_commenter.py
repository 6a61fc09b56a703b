"""Forget a commenter on request: their name, email and IP address go from every comment."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from news.staleness import stale_after_comments_change
from reader_comments.models import Comment


class Command(BaseCommand):
    help = (
        "Erase a commenter's name, email and IP address from every comment they posted. "
        "Their text stays, shown as from a removed commenter, unless --delete-comments is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The commenter's email address (any case).")
        parser.add_argument(
            "--delete-comments",
            action="store_true",
            help="Delete the comments as well. Other readers' replies to them stay, under the story.",
        )

    def handle(self, email, delete_comments=False, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error

        with transaction.atomic():
            comments = Comment.objects.filter(email=email)
            # Readers saw the name on approved comments: those stories' cached pages must go.
            stories = set(comments.filter(status=Comment.Status.APPROVED).values_list("article_id", flat=True))
            if delete_comments:
                count = comments.count()
                # Other readers' replies to these stay, moved up under the story (Comment.parent).
                comments.delete()
                done = "deleted"
            else:
                count = comments.update(name="", email="", ip_address=None, commenter_removed=True)
                done = "anonymised"
            stale_after_comments_change(stories)

        if count:
            self.stdout.write(self.style.SUCCESS(f"{count} comment(s) by {email} {done}."))
        else:
            self.stdout.write(f"No comments by {email}; nothing to erase.")
