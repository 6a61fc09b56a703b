"""Spam and abuse: each refusal tells the reader why, keeps their text, and stores nothing."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from news.models import ArticlePage
from reader_comments.forms import issue_form_token
from reader_comments.models import MAX_TEXT_LENGTH, Comment
from tests.factories import ArticlePageFactory, publish
from tests.reader_comments.conftest import comment_form_data, make_comment

pytestmark = pytest.mark.django_db


def refusal(response):
    """The form as the reader sees it after a refused post: messages and the fields' values."""
    section = BeautifulSoup(response.content, "html.parser").find(id="comments")
    form = section.find("form")
    return {
        "text": section.text,
        "kept_text": (form or section).find("textarea").text.strip(),
        "name": form.find("input", {"name": "name"}).get("value") if form else None,
    }


def test_filled_honeypot_is_stored_as_spam_outside_the_queue(client, article, post_url):
    response = client.post(post_url, comment_form_data(article, website="https://cheap-pills.example"))

    assert response.status_code == 303
    assert "comment=received" in response["Location"]
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert not Comment.objects.pending().exists()
    assert "No comments yet" in client.get(article.url).content.decode()


def test_honeypot_is_hidden_from_people(client, article):
    section = BeautifulSoup(client.get(article.url).content, "html.parser").find(id="comments")
    trap = section.find("input", {"name": "website"})
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert trap.find_parent(class_="comment-form__trap")["aria-hidden"] == "true"


def test_too_fast_submission_is_refused_and_stores_nothing(client, article, post_url):
    data = comment_form_data(article, token=issue_form_token(article.pk))

    response = client.post(post_url, data)

    assert response.status_code == 400
    shown = refusal(response)
    assert "quicker than anyone can write" in shown["text"]
    assert shown["kept_text"] == data["text"] and shown["name"] == "Ines Okafor"
    assert not Comment.objects.exists()


def test_the_refused_form_gets_a_fresh_token_that_works_after_the_minimum_time(client, article, post_url):
    response = client.post(post_url, comment_form_data(article, token=issue_form_token(article.pk)))
    form = BeautifulSoup(response.content, "html.parser").find(id="comment-form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    data["text"] = form.find("textarea").text.strip()

    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        assert client.post(post_url, data).status_code == 303
    assert Comment.objects.get().text == "The bridge closure cost my bakery a month of trade."


@pytest.mark.parametrize(
    "token, message",
    [
        ("", "could not check this form"),
        ("forged:token", "could not check this form"),
        ("\x00\xff binary", "could not check this form"),
    ],
)
def test_missing_or_forged_token_is_refused(client, article, post_url, token, message):
    response = client.post(post_url, comment_form_data(article, token=token))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_token_for_another_story_is_refused(client, article, section, post_url):
    other = publish(ArticlePageFactory(parent=section, title="Other story"))
    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        token = issue_form_token(other.pk)
    response = client.post(post_url, comment_form_data(article, token=token))
    assert response.status_code == 400
    assert "belongs to another story" in response.content.decode()


def test_form_left_open_for_days_is_refused(client, article, post_url):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        token = issue_form_token(article.pk)
    response = client.post(post_url, comment_form_data(article, token=token))
    assert response.status_code == 400
    assert "open for too long" in response.content.decode()


def test_flood_from_one_address_gets_the_slow_down_page(client, article, post_url, comment_settings):
    limit = comment_settings.rate_limit_count
    for n in range(limit):
        response = client.post(post_url, comment_form_data(article, email=f"reader{n}@example.org"))
        assert response.status_code == 303

    response = client.post(post_url, comment_form_data(article, email="another@example.org", text="One more."))

    assert response.status_code == 429
    assert int(response["Retry-After"]) == comment_settings.rate_limit_minutes * 60
    page = BeautifulSoup(response.content, "html.parser")
    assert "slow down" in page.find("h1").text.lower()
    assert page.find("textarea").text.strip() == "One more."
    assert page.find("a", href=f"{article.url}#comments") is not None
    assert Comment.objects.count() == limit


@pytest.mark.parametrize("junk", ["not an address", "999.1.1.1", "<script>", "", "203.0.113.9, unknown"])
def test_a_proxy_header_that_is_not_an_address_still_rate_limits_by_the_connecting_address(
    client, article, post_url, comment_settings, settings, junk
):
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    limit = comment_settings.rate_limit_count
    for n in range(limit):
        response = client.post(
            post_url, comment_form_data(article, email=f"reader{n}@example.org"), HTTP_X_REAL_IP=junk
        )
        assert response.status_code == 303

    response = client.post(post_url, comment_form_data(article, email="another@example.org"), HTTP_X_REAL_IP=junk)

    assert response.status_code == 429
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_flood_from_one_email_over_many_addresses_is_limited(client, article, post_url, comment_settings):
    limit = comment_settings.rate_limit_count
    for n in range(limit):
        client.post(post_url, comment_form_data(article), REMOTE_ADDR=f"198.51.100.{n + 1}")
    response = client.post(post_url, comment_form_data(article), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert Comment.objects.count() == limit


def test_refused_submissions_count_towards_the_limit(client, article, post_url, comment_settings):
    for _ in range(comment_settings.rate_limit_count):
        client.post(post_url, comment_form_data(article, text=""))
    assert client.post(post_url, comment_form_data(article)).status_code == 429
    assert not Comment.objects.exists()


def test_limit_holds_from_stored_comments_when_the_cache_forgets(client, article, post_url, comment_settings):
    """With a per-process cache, another server process has not counted; the stored addresses still do."""
    from django.core.cache import cache

    for n in range(comment_settings.rate_limit_count):
        client.post(post_url, comment_form_data(article, email=f"reader{n}@example.org"))
    cache.clear()
    assert client.post(post_url, comment_form_data(article, email="new@example.org")).status_code == 429


def test_limit_lifts_after_the_window(client, article, post_url, comment_settings):
    for n in range(comment_settings.rate_limit_count):
        client.post(post_url, comment_form_data(article, email=f"reader{n}@example.org"))
    later = timezone.now() + timedelta(minutes=comment_settings.rate_limit_minutes, seconds=1)
    from django.core.cache import cache

    cache.clear()  # the counters' expiry, which the moved clock does not reach inside the cache
    with time_machine.travel(later):
        data = comment_form_data(article, email="later@example.org")
        response = client.post(post_url, data)
        assert response.status_code == 303
        assert "comment=received" in response["Location"]
    assert Comment.objects.count() == comment_settings.rate_limit_count + 1
    later_comment = Comment.objects.get(email="later@example.org")
    assert later_comment.text == data["text"] and later_comment.status == Comment.Status.PENDING


def test_overlong_text_is_refused_with_the_text_kept(client, article, post_url):
    text = "word " * (MAX_TEXT_LENGTH // 5) + "over"
    response = client.post(post_url, comment_form_data(article, text=text))

    assert response.status_code == 400
    shown = refusal(response)
    assert f"Please keep your comment to {MAX_TEXT_LENGTH} characters (it has {len(text)})" in shown["text"]
    assert shown["kept_text"] == text.strip()
    assert not Comment.objects.exists()


def test_text_of_exactly_the_limit_with_browser_line_breaks_is_accepted(client, article, post_url):
    text = ("x" * 99 + "\r\n") * (MAX_TEXT_LENGTH // 100)
    assert client.post(post_url, comment_form_data(article, text=text)).status_code == 303
    assert len(Comment.objects.get().text) <= MAX_TEXT_LENGTH


@pytest.mark.parametrize(
    "missing, message",
    [
        ("name", "Please give your name."),
        ("email", "Please give your email address."),
        ("text", "Please write your comment."),
    ],
)
def test_missing_fields_are_named(client, article, post_url, missing, message):
    data = comment_form_data(article)
    data[missing] = "   "
    response = client.post(post_url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_an_empty_post_is_refused_not_an_error(client, article, post_url):
    response = client.post(post_url, {})
    assert response.status_code == 400
    assert "Please write your comment." in response.content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "not-an-address", "Please give a valid email address."),
        ("name", "N" * 200, "Please shorten your name to 80 characters."),
        ("text", "Hello\x00world", "Null characters are not allowed."),
    ],
)
def test_bad_values_are_refused(client, article, post_url, field, value, message):
    response = client.post(post_url, comment_form_data(article, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_blocklisted_word_or_address_is_refused(client, article, post_url, comment_settings):
    comment_settings.blocklist = "casino\ncheap-pills.example\n"
    comment_settings.save()

    for text in ("Visit the CASINO now", "Buy at https://www.cheap-pills.example/offer"):
        response = client.post(post_url, comment_form_data(article, text=text))
        assert response.status_code == 400
        assert "a word or web address we do not publish" in response.content.decode()
        assert refusal(response)["kept_text"] == text
    # Whole words only: "casinos" is not "casino", "occasion" holds no blocked word.
    assert client.post(post_url, comment_form_data(article, text="On occasion.")).status_code == 303
    assert Comment.objects.count() == 1


def test_story_with_comments_switched_off_refuses_and_keeps_the_text(client, article, post_url):
    ArticlePage.objects.filter(pk=article.pk).update(comments_enabled=False)

    page = client.get(article.url).content.decode()
    assert "Comments are closed on this story." in page and 'id="comment-form"' not in page

    response = client.post(post_url, comment_form_data(article))
    assert response.status_code == 403
    shown = refusal(response)
    assert "Comments on this story are closed" in shown["text"]
    assert shown["kept_text"] == "The bridge closure cost my bakery a month of trade."
    assert not Comment.objects.exists()


def test_comments_close_on_stories_older_than_the_site_setting(client, section, comment_settings):
    comment_settings.close_after_days = 30
    comment_settings.save()
    old = publish(ArticlePageFactory(parent=section, title="Old", display_date=timezone.now() - timedelta(days=31)))
    recent = publish(
        ArticlePageFactory(parent=section, title="Recent", display_date=timezone.now() - timedelta(days=29))
    )

    assert "Comments are closed on this story." in client.get(old.url).content.decode()
    assert client.post(f"/comments/{old.pk}/", comment_form_data(old)).status_code == 403
    assert client.post(f"/comments/{recent.pk}/", comment_form_data(recent)).status_code == 303
    assert list(Comment.objects.values_list("article_id", flat=True)) == [recent.pk]


def test_unknown_draft_or_restricted_story_is_not_found(client, article, section):
    draft = ArticlePageFactory(parent=section, title="Draft", live=False)
    from wagtail.models import PageViewRestriction

    private = publish(ArticlePageFactory(parent=section, title="Private"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    for story_id in (999_999, draft.pk, private.pk):
        assert client.post(f"/comments/{story_id}/", comment_form_data(article)).status_code == 404
    assert client.post(f"/comments/{section.pk}/", comment_form_data(article)).status_code == 404
    assert not Comment.objects.exists()


def test_only_post_is_accepted(client, post_url):
    assert client.get(post_url).status_code == 405


def test_reply_to_an_approved_comment_of_another_story_is_refused(client, article, section, post_url):
    other = publish(ArticlePageFactory(parent=section, title="Other story"))
    foreign = make_comment(other)
    response = client.post(post_url, comment_form_data(article, reply_to=str(foreign.pk)))
    assert response.status_code == 400
    assert Comment.objects.count() == 1
