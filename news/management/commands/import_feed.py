from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from news.intake.ingest import ImportRefused, import_feed, importer_account
from news.models import ImportStatus, SyndicationPartner


class Command(BaseCommand):
    help = (
        "Import a syndication partner's RSS or Atom feed as draft stories submitted for review. "
        "Prints the report and keeps it for the admin; exits non-zero when the feed cannot be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("partner_slug", help="The partner's short name, as in the admin.")
        parser.add_argument(
            "source", nargs="?", help="Feed address (http/https) or file; defaults to the partner's feed address."
        )
        parser.add_argument(
            "--user",
            help="Username to create and submit the drafts as (default: the inactive 'feed-import' account).",
        )

    def handle(self, partner_slug, source=None, user=None, **options):
        partner = (
            SyndicationPartner.objects.select_related("default_section", "default_licensing_notice")
            .filter(slug=partner_slug)
            .first()
        )
        if partner is None:
            known = ", ".join(SyndicationPartner.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No syndication partner “{partner_slug}”. Known partners: {known}.")
        account = self.account(user) if user else importer_account()
        try:
            report = import_feed(partner, source, user=account)
        except ImportRefused as error:
            raise CommandError(str(error)) from error

        for item in report.items:
            reason = f" — {item['reason']}" if item["reason"] else ""
            self.stdout.write(f"{item['outcome']:>9}  {item['title']}{reason}")
        if report.status == ImportStatus.FAILED:
            raise CommandError(report.summary())
        style = self.style.WARNING if report.failed_count else self.style.SUCCESS
        self.stdout.write(style(f"{partner.name}: {report.summary()} (report #{report.pk})."))

    def account(self, username):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user “{username}”.")
        return user
