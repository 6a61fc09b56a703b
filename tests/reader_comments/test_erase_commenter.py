"""`manage.py erase_commenter EMAIL`: a reader asks to be forgotten."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reader_comments.models import REMOVED_COMMENTER, Comment
from tests.reader_comments.conftest import make_comment

pytestmark = pytest.mark.django_db


def snapshot(comment):
    comment.refresh_from_db()
    return {
        field.attname: getattr(comment, field.attname)
        for field in Comment._meta.concrete_fields
        if field.attname != "id"
    }


@pytest.fixture
def leaver_and_others(article):
    leaver = [
        make_comment(
            article, name="Leaver", email="leaver@example.org", text="First thoughts.", ip_address="198.51.100.1"
        ),
        make_comment(
            article,
            name="Leaver",
            email="leaver@example.org",
            text="Second thoughts.",
            status=Comment.Status.PENDING,
            ip_address="198.51.100.1",
        ),
    ]
    others = [
        make_comment(article, name="Stayer", email="stayer@example.org", text="Mentions leaver@example.org."),
        make_comment(article, name="Replier", email="replier@example.org", parent=leaver[0], ip_address="203.0.113.4"),
    ]
    return leaver, others


def test_erases_name_email_and_address_and_keeps_the_text(client, article, leaver_and_others):
    leaver, others = leaver_and_others
    before = [snapshot(c) for c in others]
    out = StringIO()

    call_command("erase_commenter", "  Leaver@Example.org ", stdout=out)

    assert "2 comment(s) by leaver@example.org anonymised." in out.getvalue()
    for comment in leaver:
        comment.refresh_from_db()
        assert (comment.name, comment.email, comment.ip_address) == ("", "", None)
        assert comment.commenter_removed
    assert [c.text for c in leaver] == ["First thoughts.", "Second thoughts."]
    assert [snapshot(c) for c in others] == before
    html = client.get(article.url).content.decode()
    assert REMOVED_COMMENTER in html and "First thoughts." in html
    assert "Leaver" not in html.replace("leaver@example.org", "")


def test_delete_option_removes_the_comments_and_keeps_other_readers_replies(article, leaver_and_others):
    leaver, others = leaver_and_others

    call_command("erase_commenter", "leaver@example.org", "--delete-comments", stdout=StringIO())

    assert not Comment.objects.filter(pk__in=[c.pk for c in leaver]).exists()
    stayer, replier = others
    assert snapshot(stayer)["text"] == "Mentions leaver@example.org."
    reply = snapshot(replier)
    assert reply["parent_id"] is None
    assert (reply["name"], reply["email"], reply["ip_address"]) == ("Replier", "replier@example.org", "203.0.113.4")


def test_erasing_refreshes_the_cached_story(client, article, leaver_and_others, purges):
    purges.forget()
    call_command("erase_commenter", "leaver@example.org", stdout=StringIO())
    assert purges.paths == {article.url}
    response = client.get(article.url)
    assert REMOVED_COMMENTER in response.content.decode()


def test_unknown_email_changes_nothing(article, leaver_and_others):
    before = [snapshot(c) for c in Comment.objects.all()]
    out = StringIO()
    call_command("erase_commenter", "nobody@example.org", stdout=out)
    assert "nothing to erase" in out.getvalue()
    assert [snapshot(c) for c in Comment.objects.all()] == before


@pytest.mark.parametrize("junk", ["", "not-an-email", "x" * 300])
def test_something_that_is_not_an_email_is_refused(junk, article, leaver_and_others):
    with pytest.raises(CommandError, match="is not an email address"):
        call_command("erase_commenter", junk, stdout=StringIO())
    assert Comment.objects.filter(commenter_removed=True).count() == 0
