"""The syndication screens of the admin, driven through their real URLs: partners, Import now, reports, republications."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState

from news.models import ArticlePage, ImportReport, ImportStatus, Republication
from news.models.republications import record_republication
from tests.factories import ArticlePageFactory, SyndicationPartnerFactory, publish

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
PARTNERS = "/admin/news/syndicationpartner/"
REPORTS = "/admin/news/importreport/"
REPUBLICATIONS = "/admin/news/republication/"


def import_url(partner):
    return f"{PARTNERS}import/{partner.pk}/"


@pytest.fixture
def chief(client, db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pass")
    client.force_login(user)
    return user


def admin_user_with(client, *codenames):
    user = get_user_model().objects.create_user("editor", "editor@example.org", "pass")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="news", codename__in=codenames))
    client.force_login(user)
    return user


def denied(response) -> bool:
    """Wagtail's admin answers a forbidden action by sending the user to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(row.get_text(" ").split()) for row in soup.select("table.listing tbody tr")]


def carry_stories(partner, section, live, drafts):
    for n in range(live + drafts):
        story = ArticlePageFactory(
            parent=section, title=f"{partner.name} story {n}", origin="syndicated", partner=partner, live=n < live
        )
        if n < live:
            publish(story)


def test_partner_listing_shows_each_partners_story_counts(client, chief, partner, section):
    other = SyndicationPartnerFactory(name="Highland Ledger", slug="highland-ledger")
    carry_stories(partner, section, live=3, drafts=1)
    carry_stories(other, section, live=1, drafts=0)

    response = client.get(PARTNERS)

    assert response.status_code == 200
    listed = rows(response)
    coastline = next(row for row in listed if row.startswith("Coastline Chronicle"))
    highland = next(row for row in listed if row.startswith("Highland Ledger"))
    assert "3 1 Never" in coastline
    assert "1 0 Never" in highland
    assert "Stories carried" in response.content.decode()


def test_partner_listing_costs_the_same_queries_for_one_partner_or_many(client, chief, partner, section):
    carry_stories(partner, section, live=2, drafts=1)
    client.get(PARTNERS)
    with CaptureQueriesContext(connection) as one:
        client.get(PARTNERS)
    for n in range(6):
        other = SyndicationPartnerFactory(name=f"Partner {n}")
        carry_stories(other, section, live=2, drafts=1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(PARTNERS)
    assert len(rows(response)) == 7
    assert len(many) == len(one)


def test_partner_listing_can_be_searched_and_filtered(client, chief, partner):
    SyndicationPartnerFactory(name="Highland Ledger", slug="highland-ledger", active=False)

    searched = rows(client.get(PARTNERS, {"q": "highland"}))
    assert len(searched) == 1 and searched[0].startswith("Highland Ledger")

    active_only = rows(client.get(PARTNERS, {"active__exact": "1"}))
    assert len(active_only) == 1 and active_only[0].startswith("Coastline Chronicle")


def test_partner_form_has_every_field_the_newsroom_sets(client, chief, partner):
    html = client.get(f"{PARTNERS}edit/{partner.pk}/").content.decode()
    for name in (
        "name",
        "website",
        "feed_url",
        "licensing_contact",
        "default_licensing_notice",
        "default_section",
        "search_engine_policy",
        "active",
    ):
        assert f'name="{name}"' in html, name


def test_import_now_asks_first_then_imports_as_the_editor_and_shows_the_report(client, chief, partner):
    partner.feed_url = str(FEEDS / "coastline_rss.xml")
    partner.save()

    listing = client.get(PARTNERS).content.decode()
    assert f'href="{import_url(partner)}"' in listing and "Import now" in listing
    confirm = client.get(import_url(partner))
    assert (
        confirm.status_code == 200 and "Nothing is published until a reviewer approves it" in confirm.content.decode()
    )
    assert not ArticlePage.objects.exists(), "looking at the confirmation imports nothing"

    response = client.post(import_url(partner), follow=True)

    report = ImportReport.objects.get()
    assert response.redirect_chain[-1][0] == f"{PARTNERS}inspect/{partner.pk}/"
    html = response.content.decode()
    assert "Coastline Chronicle: 2 new, 0 updated, 0 unchanged, 0 failed." in html
    assert f'href="{REPORTS}inspect/{report.pk}/"' in html
    assert "Harbour dredging &amp; the fishing fleet" in client.get(f"{REPORTS}inspect/{report.pk}/").content.decode()
    assert report.requested_by == chief
    assert set(WorkflowState.objects.values_list("requested_by", flat=True)) == {chief.pk}
    assert set(ArticlePage.objects.values_list("owner", flat=True)) == {chief.pk}


def test_import_now_with_an_unreachable_feed_shows_the_failure(client, chief, partner):
    partner.feed_url = "http://127.0.0.1:9/feed.xml"
    partner.save()
    response = client.post(import_url(partner), follow=True)
    assert response.status_code == 200
    assert "could not be reached" in response.content.decode()
    assert ImportReport.objects.get().status == ImportStatus.FAILED
    assert not ArticlePage.objects.exists()


def test_import_now_for_a_partner_without_a_feed_says_so(client, chief, partner):
    response = client.post(import_url(partner), follow=True)
    assert response.redirect_chain[-1][0] == PARTNERS
    assert "has no feed address" in response.content.decode()
    assert not ImportReport.objects.exists()


def test_inactive_partners_offer_no_import_button(client, chief, partner):
    partner.active = False
    partner.save()
    assert import_url(partner) not in client.get(PARTNERS).content.decode()


def test_import_now_needs_the_import_permission(client, partner):
    admin_user_with(client, "view_syndicationpartner")
    assert import_url(partner) not in client.get(PARTNERS).content.decode()
    assert denied(client.post(import_url(partner)))
    assert not ImportReport.objects.exists()


def test_an_editor_with_the_import_permission_imports_and_reads_reports_without_editing_partners(client, partner):
    editor = admin_user_with(client, "import_feed")
    partner.feed_url = str(FEEDS / "coastline_atom.xml")
    partner.save()

    assert client.get(PARTNERS).status_code == 200
    assert denied(client.get(f"{PARTNERS}edit/{partner.pk}/"))
    response = client.post(import_url(partner), follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == f"{PARTNERS}inspect/{partner.pk}/"
    report = ImportReport.objects.get()
    assert f'href="{REPORTS}inspect/{report.pk}/"' in response.content.decode()
    assert "Ferry timetable changes for winter" in client.get(f"{REPORTS}inspect/{report.pk}/").content.decode()
    assert report.requested_by == editor
    assert client.get(REPORTS).status_code == 200


def test_reports_are_listed_and_inspected_but_never_edited(client, chief, partner):
    from news.intake.ingest import import_feed

    report = import_feed(partner, str(FEEDS / "hostile_rss.xml"), user=chief)

    listing = client.get(REPORTS)
    assert listing.status_code == 200
    assert any("Coastline Chronicle" in row and "Some items failed" in row for row in rows(listing))
    inspect = client.get(f"{REPORTS}inspect/{report.pk}/").content.decode()
    assert "2 new, 0 updated, 0 unchanged, 1 failed" in inspect
    assert "The item has no headline." in inspect
    assert f"{REPORTS}create/" not in listing.content.decode()
    assert denied(client.get(f"{REPORTS}create/"))
    assert denied(client.get(f"{REPORTS}edit/{report.pk}/"))
    assert denied(client.post(f"{REPORTS}delete/{report.pk}/"))
    assert ImportReport.objects.filter(pk=report.pk).exists()


def test_republication_counts_are_visible_to_editors(client, chief, article):
    for _ in range(3):
        record_republication(article.pk, "dailyriver.example")
    record_republication(article.pk, "")

    response = client.get(REPUBLICATIONS)

    assert response.status_code == 200
    listed = rows(response)
    assert any(article.title in row and "dailyriver.example 3" in row for row in listed)
    assert any("Unknown site (no referrer sent) 1" in row for row in listed)
    assert denied(client.get(f"{REPUBLICATIONS}create/"))
    assert Republication.objects.count() == 2


def test_republications_can_be_searched_by_site(client, chief, article):
    record_republication(article.pk, "dailyriver.example")
    record_republication(article.pk, "hilltop.example")
    listed = rows(client.get(REPUBLICATIONS, {"q": "hilltop"}))
    assert len(listed) == 1 and "hilltop.example" in listed[0]


def test_reports_can_be_filtered_by_partner_and_status(client, chief, partner):
    from news.intake.ingest import import_feed

    other = SyndicationPartnerFactory(
        name="Highland Ledger", slug="highland-ledger", default_section=partner.default_section
    )
    import_feed(partner, str(FEEDS / "coastline_atom.xml"), user=chief)
    import_feed(other, str(FEEDS / "empty.xml"), user=chief)

    by_partner = rows(client.get(REPORTS, {"partner": str(other.pk)}))
    assert len(by_partner) == 1 and "Highland Ledger" in by_partner[0]
    failed = rows(client.get(REPORTS, {"status__exact": "failed"}))
    assert len(failed) == 1 and "Highland Ledger" in failed[0]
    assert len(rows(client.get(REPORTS, {"partner": "junk"}))) == 2


def test_partner_listing_says_active_or_paused_in_words_not_a_missing_icon(client, chief, partner):
    SyndicationPartnerFactory(name="Valley Gazette", slug="valley-gazette", active=False)
    client.force_login(chief)
    content = client.get(PARTNERS).content.decode()
    assert "icon-yes.svg" not in content and "icon-no.svg" not in content
    assert "Active" in content and "Paused" in content
