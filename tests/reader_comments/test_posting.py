"""A reader comments on a story: what they see after posting, and what other readers see when."""

import pytest
from bs4 import BeautifulSoup

from news.dates import machine_time
from reader_comments.models import Comment
from reader_comments.moderation import moderate
from tests.reader_comments.conftest import comment_form_data, make_comment

pytestmark = pytest.mark.django_db


def comments_section(response):
    return BeautifulSoup(response.content, "html.parser").find(id="comments")


def test_comments_come_after_related_articles_and_before_back_to_top(client, article, section):
    from tests.factories import ArticlePageFactory, publish

    publish(ArticlePageFactory(parent=section, title="Another story"))
    html = client.get(article.url).content.decode()
    assert html.index("Related articles") < html.index('id="comments"') < html.index("Back to top")


def test_posted_comment_waits_for_moderation_and_is_invisible(client, article, post_url):
    response = client.post(post_url, comment_form_data(article))

    assert response.status_code == 303
    assert response["Location"] == f"{article.url}?comment=received#comments"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.article == article and comment.email == "ines@example.org"

    page = client.get(response["Location"])
    section = comments_section(page)
    assert "Thanks, your comment awaits moderation" in section.text
    assert "No comments yet" in section.find("h2").text
    assert "my bakery" not in page.content.decode()


def test_approved_comment_appears_with_name_date_and_number(client, article, post_url):
    client.post(post_url, comment_form_data(article))
    comment = Comment.objects.get()

    moderate([comment], Comment.Status.APPROVED)

    section = comments_section(client.get(article.url))
    assert section.find("h2").text == "One Comment"
    shown = section.find(id=f"comment-{comment.pk}")
    assert shown.find(class_="comment__number").text == "1."
    assert shown.find(class_="comment__author").text == "Ines Okafor"
    assert shown.find("time")["datetime"] == machine_time(comment.created_at)
    assert "my bakery" in shown.text
    assert "ines@example.org" not in client.get(article.url).content.decode()


@pytest.mark.parametrize(
    "approved, heading",
    [(0, "No comments yet"), (1, "One Comment"), (3, "3 Comments")],
)
def test_count_heading_counts_approved_comments_only(client, article, approved, heading):
    for n in range(approved):
        make_comment(article, text=f"Approved {n}")
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.REJECTED)
    make_comment(article, status=Comment.Status.SPAM)

    assert comments_section(client.get(article.url)).find("h2").text == heading


def test_comments_are_numbered_oldest_first_with_replies_one_level_deep(client, article, post_url):
    first = make_comment(article, name="First reader")
    second = make_comment(article, name="Second reader")

    reply_page = client.get(f"{article.url}?replytocom={first.pk}")
    form = comments_section(reply_page).find("form")
    assert "Reply to First reader" in form.text
    assert form.find("input", {"name": "reply_to"})["value"] == str(first.pk)

    client.post(post_url, comment_form_data(article, name="Replier", reply_to=str(first.pk)))
    reply = Comment.objects.get(name="Replier")
    assert reply.parent == first
    moderate([reply], Comment.Status.APPROVED)

    section = comments_section(client.get(article.url))
    assert section.find("h2").text == "3 Comments"
    numbers = [n.text for n in section.select(".comment__number")]
    assert numbers == ["1.", "1.1.", "2."]
    assert section.find(id=f"comment-{first.pk}").find(id=f"comment-{reply.pk}") is not None
    assert section.find(id=f"comment-{second.pk}").find(class_="comment-list--replies") is None


def test_a_reply_to_a_reply_or_an_unapproved_comment_is_refused_with_the_text_kept(client, article, post_url):
    parent = make_comment(article)
    reply = make_comment(article, parent=parent)
    pending = make_comment(article, status=Comment.Status.PENDING)

    for target in (reply, pending, 999_999):
        target_id = getattr(target, "pk", target)
        response = client.post(post_url, comment_form_data(article, reply_to=str(target_id), text=f"Reply {target_id}"))
        assert response.status_code == 400
        assert "no longer shown" in response.content.decode()
        form = comments_section(response).find("form")
        assert form.find("textarea").text.strip() == f"Reply {target_id}"
        assert form.find("input", {"name": "reply_to"}).get("value", "") == ""
    assert Comment.objects.count() == 3


def test_junk_reply_and_reply_links_are_ignored(client, article, post_url):
    assert client.get(f"{article.url}?replytocom=abc").status_code == 200
    response = client.post(post_url, comment_form_data(article, reply_to="not-a-number"))
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_returning_commenter_is_published_at_once_when_the_setting_allows(client, article, post_url, comment_settings):
    make_comment(article, name="Ines Okafor", email="ines@example.org")

    response = client.post(post_url, comment_form_data(article, email="INES@example.org"))

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert response["Location"] == f"{article.url}?comment=published#comment-{comment.pk}"
    page = client.get(response["Location"])
    assert "Thanks, your comment is published." in page.content.decode()
    assert comments_section(page).find("h2").text == "2 Comments"


def test_same_email_under_another_name_still_waits(client, article, post_url):
    make_comment(article, name="Ines Okafor", email="ines@example.org")
    client.post(post_url, comment_form_data(article, name="Someone Else"))
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_everyone_waits_when_trust_is_off(client, article, post_url, comment_settings):
    comment_settings.trust_returning_commenters = False
    comment_settings.save()
    make_comment(article, name="Ines Okafor", email="ines@example.org")

    client.post(post_url, comment_form_data(article))

    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_html_and_scripts_are_shown_as_text_and_links_get_nofollow_ugc(client, article):
    make_comment(
        article,
        name='<script>alert("name")</script><b>Bold</b>',
        text='<script>alert("text")</script> <img src=x onerror=alert(1)> See https://example.org/report and '
        '<a href="https://evil.example">this</a>.',
    )

    response = client.get(article.url)
    html = response.content.decode()
    section = comments_section(response)

    assert section.find("script") is None and section.find("img") is None and section.find("b") is None
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The pasted <a> tag is shown as text; only bare addresses become links, all of them nofollow ugc.
    assert "&lt;a href=&quot;" in html
    links = section.select(".comment__text a")
    assert [a["href"] for a in links] == ["https://example.org/report", "https://evil.example"]
    assert [a.text for a in links] == ["https://example.org/report", "https://evil.example"]
    assert all(a["rel"] == ["nofollow", "ugc"] for a in links)


def test_no_csrf_token_or_cookie_is_in_the_story_page(client, article):
    response = client.get(article.url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_every_field_help_text_is_read_out_with_its_field(client, article):
    """Screen readers read a field's help through aria-describedby, which must name an element on the page."""
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    described = soup.select("#comment-form [aria-describedby]")
    assert described
    for field in described:
        for target in field["aria-describedby"].split():
            assert soup.find(id=target) is not None, (field.get("name"), target)
