"""The comment form on a story kept whole by the HTTP cache, and that copy purged by moderation."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from reader_comments.models import Comment
from reader_comments.moderation import moderate
from tests.reader_comments.conftest import make_comment

pytestmark = pytest.mark.django_db


def form_as_a_browser_sends_it(response, **typed):
    """The fields of the comment form in `response`, filled in as a reader would."""
    form = BeautifulSoup(response.content, "html.parser").find(id="comment-form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    data.update(typed)
    return form["action"], data


def test_posting_works_from_a_page_another_reader_got_from_the_cache(article):
    cached = Client().get(article.url)  # what Varnish keeps and hands to every later reader
    assert "public" in cached["Cache-Control"]
    action, data = form_as_a_browser_sends_it(
        cached, name="Second Reader", email="second@example.org", text="Written on a cached page."
    )

    # A minute later, from a third browser with no cookies at all.
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        response = Client(enforce_csrf_checks=True).post(action, data)

    assert response.status_code == 303
    assert not response.cookies
    comment = Comment.objects.get()
    assert (comment.name, comment.status, comment.article_id) == ("Second Reader", "pending", article.pk)


def test_the_thanks_message_is_shown_without_cookies_and_can_be_cached(article):
    reader = Client()
    response = reader.get(f"{article.url}?comment=received")
    assert "Thanks, your comment awaits moderation" in response.content.decode()
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_a_pending_comment_leaves_the_cached_page_alone(article, purges):
    purges.forget()
    make_comment(article, status=Comment.Status.PENDING)
    assert not purges.urls


@pytest.mark.parametrize(
    "before, after",
    [
        (Comment.Status.PENDING, Comment.Status.APPROVED),
        (Comment.Status.APPROVED, Comment.Status.REJECTED),
        (Comment.Status.APPROVED, Comment.Status.SPAM),
    ],
)
def test_approving_or_removing_a_comment_refreshes_the_cached_story(client, article, before, after, purges):
    comment = make_comment(article, status=before, text="A comment that comes and goes.")
    purges.forget()

    moderate([comment], after)

    assert purges.paths == {article.url}
    response = client.get(article.url)
    assert ("A comment that comes and goes." in response.content.decode()) == (after == Comment.Status.APPROVED)


def test_editing_or_deleting_an_approved_comment_refreshes_the_cached_story(client, article, purges):
    comment = make_comment(article, text="Original wording.")
    purges.forget()
    comment.text = "Edited by a moderator."
    comment.save()
    assert purges.paths == {article.url}
    assert "Edited by a moderator." in client.get(article.url).content.decode()

    purges.forget()
    comment.delete()
    assert purges.paths == {article.url}
    response = client.get(article.url)
    assert "No comments yet" in response.content.decode()


def test_ip_addresses_are_kept_only_for_the_rate_limit_window(client, article, comment_settings):
    window = timedelta(minutes=comment_settings.rate_limit_minutes)
    old = make_comment(article, ip_address="198.51.100.7", created_at=timezone.now() - window - timedelta(seconds=1))
    recent = make_comment(article, ip_address="198.51.100.8", created_at=timezone.now() - window / 2)

    call_command("forget_commenter_ips", stdout=open("/dev/null", "w"))

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert recent.ip_address == "198.51.100.8"
    assert (old.name, old.email, old.text) == ("Tomas Berg", "tomas@example.org", "Good reporting.")


def test_each_new_comment_forgets_addresses_older_than_the_window(client, article, post_url, comment_settings):
    from tests.reader_comments.conftest import comment_form_data

    old = make_comment(article, ip_address="198.51.100.7", created_at=timezone.now() - timedelta(days=1))
    client.post(post_url, comment_form_data(article), REMOTE_ADDR="203.0.113.5")

    old.refresh_from_db()
    assert old.ip_address is None
    assert Comment.objects.latest("pk").ip_address == "203.0.113.5"


def test_the_reader_address_comes_from_the_configured_proxy_header(client, article, post_url, settings):
    from tests.reader_comments.conftest import comment_form_data

    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    client.post(post_url, comment_form_data(article), HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.77")
    client.post(post_url, comment_form_data(article, email="b@example.org"), HTTP_X_FORWARDED_FOR="not an address")
    # A header that holds no address counts the connecting address (the proxy's, shared by every
    # such sender) rather than none, which would leave the sender without a per-address limit.
    assert list(Comment.objects.order_by("pk").values_list("ip_address", flat=True)) == ["203.0.113.77", "127.0.0.1"]
