"""Dates in one format on reader pages and in the admin: "5 December 2026, 05:21 GMT", in the newsroom's zone."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation

from tests.factories import ArticlePageFactory, publish

NEWSROOM_FORMAT = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d (GMT|BST)$")


def test_the_copy_is_british_english_in_the_demo_newsrooms_zone():
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"


@pytest.mark.parametrize(
    "moment, written",
    [
        (datetime(2026, 12, 5, 5, 21, tzinfo=UTC), "5 December 2026, 05:21 GMT"),
        (datetime(2026, 7, 1, 17, 5, tzinfo=UTC), "1 July 2026, 18:05 BST"),
    ],
)
def test_a_date_and_time_is_written_the_newsrooms_way(moment, written):
    with translation.override("en-gb"), timezone.override(ZoneInfo("Europe/London")):
        assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == written


def test_the_admin_writes_dates_as_reader_pages_do(client, section):
    story = publish(ArticlePageFactory(parent=section, title="Bridge reopens", slug="bridge-reopens"))
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "not-used")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{section.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    written = [button["data-w-tooltip-content-value"] for button in soup.select(".w-human-readable-date")]
    assert written and all(NEWSROOM_FORMAT.match(value) for value in written), written
    reader = BeautifulSoup(client.get(story.url).content, "html.parser").select_one(".story__date time").get_text()
    assert NEWSROOM_FORMAT.match(reader), reader
