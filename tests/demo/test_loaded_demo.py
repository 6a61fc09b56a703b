"""The demo as `make run` loads it: committed, so the work queued on commit runs, and served by a live server.

A newcomer who clicks “Import now” on a demo partner sees it work with no
network, because the site serves the partners' feeds; and the demo's stories
come with their photos' renditions. Loading the demo and making those
renditions is the slowest set-up in the suite, so it is done once here and
each check is reported on its own (pytest's subtests).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.models import ArticlePage, ImportStatus, SyndicationPartner
from news.renditions import body_filters, hero_filters
from tests.news.test_renditions import made, spec_pairs
from tests.news.test_syndication_admin import import_url


def assert_live_stories_have_their_renditions():
    story = ArticlePage.objects.live().exclude(hero_image=None).select_related("hero_image").first()
    assert made([story.hero_image]) >= spec_pairs(story.hero_image, hero_filters())
    for photo in story.body_images():
        assert made([photo]) >= spec_pairs(photo, body_filters())
    generated = ArticlePage.objects.filter(slug__startswith="story-").select_related("hero_image")
    assert generated.count() == 20
    assert all(made([story.hero_image]) >= spec_pairs(story.hero_image, hero_filters()) for story in generated)


def assert_each_partner_imports_from_the_feed_the_site_serves(client, site_url):
    client.force_login(get_user_model().objects.get(username="admin"))
    partners = list(SyndicationPartner.objects.all())
    assert len(partners) == 2
    for partner in partners:
        assert partner.feed_url.startswith(f"{site_url}/static/demo/feeds/")
        assert partner.import_every_minutes == 0, "the demo never imports on its own"
        before = ArticlePage.objects.filter(partner=partner).count()

        response = client.post(import_url(partner), follow=True)

        assert response.status_code == 200
        report = partner.import_reports.get()
        assert report.status == ImportStatus.SUCCEEDED, report.message
        assert report.new_count >= 2 and report.failed_count == 0
        assert ArticlePage.objects.filter(partner=partner).count() == before + report.new_count


# The live server answers from another thread, so the test runs outside a transaction; serialized
# rollback gives it the migrations' rows (root page, default site) and leaves them for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_loaded_demo_comes_with_its_renditions_and_its_partners_import_from_the_site(
    live_server, settings, client, subtests
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_content", articles=20, stdout=open("/dev/null", "w"))

    with subtests.test("every live story's photos have their renditions, the generated stories' too"):
        assert_live_stories_have_their_renditions()
    with subtests.test("each demo partner imports its stories from the feed the site serves"):
        assert_each_partner_imports_from_the_feed_the_site_serves(client, live_server.url)
