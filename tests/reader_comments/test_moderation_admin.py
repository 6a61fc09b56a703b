"""Moderating comments through the Wagtail admin: Reviewers act, Editors only look."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from reader_comments.models import Comment
from tests.factories import ArticlePageFactory, publish
from tests.reader_comments.conftest import make_comment

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/snippets/reader_comments/comment/"


def bulk_url(action, comments, next_url=QUEUE_URL):
    ids = "&".join(f"id={c.pk}" for c in comments)
    return f"/admin/bulk/reader_comments/comment/{action}/?{ids}&next={next_url}"


def listed_texts(response):
    rows = BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    return [row.find("td", class_="title").find("a").get_text(" ", strip=True) for row in rows]


@pytest.fixture
def queue(article, section):
    other = publish(ArticlePageFactory(parent=section, title="Harbour strike ends"))
    return {
        "pending": make_comment(article, text="Pending on the bridge story.", status=Comment.Status.PENDING),
        "pending_other": make_comment(
            other,
            text="Pending on the strike story.",
            status=Comment.Status.PENDING,
            name="Dock Worker",
            email="dock@example.org",
        ),
        "approved": make_comment(article, text="Already approved."),
        "spam": make_comment(article, text="Cheap pills here.", status=Comment.Status.SPAM),
        "old_pending": make_comment(
            article,
            text="Pending since last year.",
            status=Comment.Status.PENDING,
            created_at=timezone.now() - timedelta(days=400),
        ),
    }


def test_newsroom_groups_get_comment_permissions_from_the_migration():
    reviewers = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"view_comment", "change_comment", "delete_comment"} <= reviewers
    assert "view_comment" in editors and not {"change_comment", "delete_comment"} & editors


def test_queue_shows_pending_comments_with_their_story(client, comments_reviewer, queue):
    client.force_login(comments_reviewer)
    response = client.get(QUEUE_URL)

    assert response.status_code == 200
    texts = listed_texts(response)
    assert texts[:2] == ["Pending on the strike story.", "Pending on the bridge story."]
    assert "Already approved." not in texts and "Cheap pills here." not in texts
    html = response.content.decode()
    assert "Harbour strike ends" in html and "Bridge reopens after flood" in html


def test_queue_filters_by_status_story_and_date(client, comments_reviewer, queue, article):
    client.force_login(comments_reviewer)
    assert listed_texts(client.get(QUEUE_URL, {"status": "spam"})) == ["Cheap pills here."]
    assert len(listed_texts(client.get(QUEUE_URL, {"status": "any"}))) == 5
    assert set(listed_texts(client.get(QUEUE_URL, {"status": "pending", "article": article.pk}))) == {
        "Pending on the bridge story.",
        "Pending since last year.",
    }
    last_month = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert "Pending since last year." not in listed_texts(client.get(QUEUE_URL, {"created_at_from": last_month}))


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"status": "nonsense"}, "Select a valid choice. nonsense is not one of the available choices."),
        ({"article": "abc"}, "Select a valid choice. That choice is not one of the available choices."),
        ({"created_at_from": "not-a-date"}, "Enter a valid date."),
    ],
)
def test_queue_survives_junk_filters(client, comments_reviewer, queue, params, said):
    """A filter the queue cannot read is named as wrong, and no comment is hidden by it."""
    client.force_login(comments_reviewer)
    response = client.get(QUEUE_URL, params)
    assert response.status_code == 200
    assert said in response.content.decode()
    assert sorted(listed_texts(response)) == sorted(comment.text for comment in queue.values())


def test_queue_page_past_the_end_shows_its_last_page(client, comments_reviewer, queue):
    client.force_login(comments_reviewer)
    for page in ("99", "x"):
        response = client.get(QUEUE_URL, {"p": page})
        assert response.status_code == 200
        assert listed_texts(response) == listed_texts(client.get(QUEUE_URL))
    assert listed_texts(client.get(QUEUE_URL)) == [
        "Pending on the strike story.",
        "Pending on the bridge story.",
        "Pending since last year.",
    ]


def test_queue_search_finds_text_name_and_email(client, comments_reviewer, queue):
    client.force_login(comments_reviewer)
    assert listed_texts(client.get(QUEUE_URL, {"q": "strike"})) == ["Pending on the strike story."]
    assert listed_texts(client.get(QUEUE_URL, {"q": "Dock Worker"})) == ["Pending on the strike story."]
    assert listed_texts(client.get(QUEUE_URL, {"q": "dock@example", "status": "any"})) == [
        "Pending on the strike story."
    ]
    assert len(listed_texts(client.get(QUEUE_URL, {"q": "tomas@example", "status": "any"}))) == 4


def test_reviewer_bulk_approves_through_the_admin(client, comments_reviewer, queue, django_capture_on_commit_callbacks):
    client.force_login(comments_reviewer)
    chosen = [queue["pending"], queue["pending_other"]]

    confirmation = client.get(bulk_url("approve", chosen))
    assert confirmation.status_code == 200
    assert "Publish these comments under their stories?" in confirmation.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url("approve", chosen))

    assert response.status_code == 302 and response["Location"] == QUEUE_URL
    for comment in chosen:
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
        assert comment.moderated_by == comments_reviewer and comment.moderated_at is not None
    assert Comment.objects.get(pk=queue["old_pending"].pk).status == Comment.Status.PENDING


@pytest.mark.parametrize("action, status", [("reject", Comment.Status.REJECTED), ("spam", Comment.Status.SPAM)])
def test_reviewer_bulk_rejects_or_marks_as_spam(client, comments_reviewer, queue, action, status):
    client.force_login(comments_reviewer)
    chosen = [queue["pending"], queue["approved"]]

    client.post(bulk_url(action, chosen))

    assert {Comment.objects.get(pk=c.pk).status for c in chosen} == {status}
    assert Comment.objects.get(pk=queue["pending_other"].pk).status == Comment.Status.PENDING


def test_bulk_approval_shows_the_comment_on_the_cached_story(client, comments_reviewer, queue, article, purges):
    reader = type(client)()
    assert "Pending on the bridge story." not in reader.get(article.url).content.decode()
    purges.forget()

    client.force_login(comments_reviewer)
    client.post(bulk_url("approve", [queue["pending"]]))

    assert purges.paths == {article.url}
    page = reader.get(article.url)
    assert "Pending on the bridge story." in page.content.decode()
    assert "2 Comments" in page.content.decode()


def test_select_all_in_listing_only_sweeps_the_pending_queue(client, comments_reviewer, queue):
    client.force_login(comments_reviewer)
    client.post(f"/admin/bulk/reader_comments/comment/approve/?id=all&next={QUEUE_URL}")
    assert Comment.objects.get(pk=queue["spam"].pk).status == Comment.Status.SPAM
    assert not Comment.objects.pending().exists()


def test_reviewer_moderates_one_comment_in_its_edit_form(client, comments_reviewer, queue):
    client.force_login(comments_reviewer)
    comment = queue["pending"]
    url = reverse("wagtailsnippets_reader_comments_comment:edit", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "approved", "name": comment.name, "text": comment.text})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == comments_reviewer and comment.moderated_at is not None


def test_editor_sees_the_queue_but_cannot_approve(client, comments_editor, queue):
    client.force_login(comments_editor)
    assert client.get(QUEUE_URL).status_code == 200
    inspect_url = reverse("wagtailsnippets_reader_comments_comment:inspect", args=[queue["pending"].pk])
    assert "Pending on the bridge story." in client.get(inspect_url).content.decode()

    confirmation = client.get(bulk_url("approve", [queue["pending"]]))
    assert "You may read these comments but not moderate them" in confirmation.content.decode()
    client.post(bulk_url("approve", [queue["pending"]]))
    client.post(bulk_url("spam", [queue["approved"]]))

    edit_url = reverse("wagtailsnippets_reader_comments_comment:edit", args=[queue["pending"].pk])
    response = client.post(edit_url, {"status": "approved", "name": "x", "text": "x"})
    assert response.status_code in (302, 403)
    assert Comment.objects.get(pk=queue["pending"].pk).status == Comment.Status.PENDING
    assert Comment.objects.get(pk=queue["approved"].pk).status == Comment.Status.APPROVED


def test_nobody_adds_comments_in_the_admin(admin_client, queue):
    assert admin_client.get(QUEUE_URL).status_code == 200
    assert admin_client.get(f"{QUEUE_URL}add/").status_code in (302, 403)
    assert "Add comment" not in admin_client.get(QUEUE_URL).content.decode()


def test_people_outside_the_newsroom_cannot_see_comments(client, django_user_model, queue):
    from tests.reader_comments.conftest import newsroom_user

    outsider = newsroom_user(django_user_model, "olga", "Subscribers")
    client.force_login(outsider)
    assert client.get(QUEUE_URL).status_code in (302, 403)
    assert "Comments awaiting moderation" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("user_fixture", ["comments_reviewer", "comments_editor"])
def test_dashboard_panel_counts_comments_awaiting_moderation(client, request, queue, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    html = client.get("/admin/").content.decode()
    assert "Comments awaiting moderation (3)" in html

    Comment.objects.filter(pk=queue["pending"].pk).update(status=Comment.Status.APPROVED)
    assert "Comments awaiting moderation (2)" in client.get("/admin/").content.decode()
