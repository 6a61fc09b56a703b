"""`manage.py set_site_address HOST [PORT]`: name the default Wagtail site as readers reach it.

Every absolute address the site hands out (canonical links, Open Graph,
JSON-LD, feeds, sitemaps, robots.txt, purges) is built from the Wagtail
Site's hostname and port, which a fresh database sets to `localhost:80`.
`make run` calls this with its HOST and PORT; in production set the
public name once (here, or under Settings → Sites in the admin).
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the default Wagtail site's hostname and port, from which every absolute address is built."

    def add_arguments(self, parser):
        parser.add_argument("host", help="e.g. news.example.org, or 127.0.0.1 for a local server")
        parser.add_argument("port", nargs="?", type=int, default=80, help="443 behind TLS; default 80")

    def handle(self, host, port, **options):
        host = host.strip().lower()
        if not host or "/" in host or ":" in host:
            raise CommandError(f"{host!r} is not a host name: give the name alone, and the port separately.")
        if not 0 < port < 65536:
            raise CommandError(f"{port} is not a port number.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: run `manage.py migrate` first.")
        if (site.hostname, site.port) != (host, port):
            site.hostname, site.port = host, port
            site.save()  # news.signals forgets the cached sites
        self.stdout.write(f"Absolute addresses now start with {site.root_url}/")
