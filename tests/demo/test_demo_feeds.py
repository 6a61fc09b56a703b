"""A newcomer who clicks “Import now” on a demo partner sees it work, with no network: the site serves the feeds."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.models import ArticlePage, ImportStatus, SyndicationPartner
from tests.news.test_syndication_admin import import_url


# The live server answers from another thread, so the test runs outside a transaction; serialized
# rollback gives it the migrations' rows (root page, default site) and leaves them for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_demo_partner_imports_its_stories_from_the_feed_the_site_serves(live_server, settings, client):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    client.force_login(get_user_model().objects.get(username="admin"))

    partners = list(SyndicationPartner.objects.all())
    assert len(partners) == 2
    for partner in partners:
        assert partner.feed_url.startswith(f"{live_server.url}/static/demo/feeds/")
        assert partner.import_every_minutes == 0, "the demo never imports on its own"
        before = ArticlePage.objects.filter(partner=partner).count()

        response = client.post(import_url(partner), follow=True)

        assert response.status_code == 200
        report = partner.import_reports.get()
        assert report.status == ImportStatus.SUCCEEDED, report.message
        assert report.new_count >= 2 and report.failed_count == 0
        assert ArticlePage.objects.filter(partner=partner).count() == before + report.new_count
