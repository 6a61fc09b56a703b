from django.core.management.base import BaseCommand, CommandError

from demo.bulk import generate_articles
from demo.loader import load_demo_content


class Command(BaseCommand):
    help = (
        "Create the demo newsroom (sections, licences, partners, authors, 60 stories, images). "
        "Safe to run again: existing content is kept and nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also insert N generated stories in bulk, for benchmarks (run update_index afterwards).",
        )

    def handle(self, *args, articles=0, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        created = load_demo_content(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new stories)."))
        if articles:
            added = generate_articles(articles, stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS(f"Inserted {added} generated stories."))
