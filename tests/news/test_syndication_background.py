"""“Import now” answers at once and the import runs in the background, one at a time per partner, within a deadline."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from news.models import ArticlePage, ImportedItem, ImportReport, ImportStatus
from tests.background_work import run_worker, timed
from tests.news.test_syndication_admin import FEEDS, PARTNERS, REPORTS, import_url

pytestmark = pytest.mark.usefixtures("database_queue")


@pytest.fixture
def chief(client, db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pass")
    client.force_login(user)
    return user


def fields_shown(response, label) -> str:
    """The text the partner's page shows under `label`."""
    soup = BeautifulSoup(response.content, "html.parser")
    term = next(dt for dt in soup.select("dl dt") if dt.get_text(strip=True) == label)
    return " ".join(term.find_next_sibling("dd").get_text(" ").split())


def messages_shown(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(m.get_text(" ").split()) for m in soup.select(".messages li")]


def test_import_now_answers_at_once_shows_the_import_waiting_then_its_report(
    client, chief, partner, django_capture_on_commit_callbacks
):
    partner.feed_url = str(FEEDS / "coastline_rss.xml")
    partner.save()

    with django_capture_on_commit_callbacks(execute=True):
        seconds, response = timed(client.post, import_url(partner))

    assert seconds < 1
    report = ImportReport.objects.get()
    partner_page = f"{PARTNERS}inspect/{partner.pk}/"
    assert response.status_code == 302 and response.url == partner_page
    assert report.status == ImportStatus.QUEUED and report.requested_by == chief
    waiting = client.get(partner_page)
    assert "Coastline Chronicle: import started" in " ".join(messages_shown(waiting))
    under_way, latest = fields_shown(waiting, "Import under way"), fields_shown(waiting, "Latest imports")
    assert "Import started: waiting for the background worker (asked for by chief)" in under_way
    assert latest == "Never imported"
    assert "Import started: waiting" in client.get(f"{REPORTS}inspect/{report.pk}/").content.decode()
    assert "Waiting to start" in client.get(PARTNERS).content.decode()
    assert not ArticlePage.objects.exists()

    run_worker()

    report.refresh_from_db()
    assert report.status == ImportStatus.SUCCEEDED and report.new_count == 2
    done = client.get(partner_page)
    assert fields_shown(done, "Import under way") == "None"
    assert "2 new, 0 updated, 0 unchanged, 0 failed (asked for by chief)" in fields_shown(done, "Latest imports")
    assert f'href="{REPORTS}inspect/{report.pk}/"' in done.content.decode()
    assert "Harbour dredging &amp; the fishing fleet" in client.get(f"{REPORTS}inspect/{report.pk}/").content.decode()
    assert set(ArticlePage.objects.values_list("owner", flat=True)) == {chief.pk}


def test_a_second_click_while_an_import_waits_starts_no_second_import(
    client, chief, partner, django_capture_on_commit_callbacks
):
    partner.feed_url = str(FEEDS / "coastline_rss.xml")
    partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(import_url(partner))
        second = client.post(import_url(partner), follow=True)

    assert ImportReport.objects.count() == 1
    assert second.redirect_chain[-1][0] == first.url == f"{PARTNERS}inspect/{partner.pk}/"
    assert "Import started: waiting" in fields_shown(second, "Import under way")
    assert any("is already being imported" in m for m in messages_shown(second))
    run_worker()
    assert ImportReport.objects.get().status == ImportStatus.SUCCEEDED
    assert ArticlePage.objects.count() == 2


def test_import_now_of_a_dripping_feed_answers_at_once_and_fails_at_the_deadline_writing_nothing(
    client, chief, partner, settings, dripping_feed_server, django_capture_on_commit_callbacks
):
    url, bytes_sent = dripping_feed_server
    settings.SYNDICATION_FETCH_TIMEOUT = 5
    partner.feed_url = url
    partner.save()

    with django_capture_on_commit_callbacks(execute=True):
        answered_in, response = timed(client.post, import_url(partner))
    assert answered_in < 1 and response.status_code == 302

    ran_for, _ = timed(run_worker)

    assert 5 <= ran_for < 7, f"the import ran for {ran_for:.1f} s against a 5 s deadline"
    assert bytes_sent[0] >= 2, "the server was still sending when the deadline came"
    report = ImportReport.objects.get()
    assert report.status == ImportStatus.FAILED and report.finished_at is not None
    assert "did not arrive within 5 seconds" in report.message
    assert not ArticlePage.objects.exists() and not ImportedItem.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Import failed: The feed at" in page and "did not arrive within 5 seconds" in page


@pytest.mark.parametrize(
    "feed_url, explained",
    [
        ("http://no-such-partner.invalid/feed.xml", "there is no server by that name"),
        ("http://127.0.0.1:9/feed.xml", "the server refused the connection"),
    ],
)
def test_an_unreachable_feed_is_explained_in_plain_words(
    client, chief, partner, feed_url, explained, django_capture_on_commit_callbacks
):
    partner.feed_url = feed_url
    partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(import_url(partner))
    run_worker()
    report = ImportReport.objects.get()
    assert report.status == ImportStatus.FAILED
    assert report.message.startswith(f"The feed at {feed_url} could not be reached: {explained}")
    assert "Errno" not in report.message
    assert explained in client.get(response.url).content.decode()
