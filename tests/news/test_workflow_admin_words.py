"""What editors and reviewers read in the admin and in the review mail is the newsroom's English, not Wagtail's.

"Headline", not "Page title"; "In review", not "In moderation"; "Changes
requested", never "rejected"; no "submitted for moderation" and no "Your
pages and snippets in a workflow". Read as a person reads the page: its
visible text and its placeholders, not the markup's names.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from news.models import ArticlePage
from tests.news.workflow_fixtures import SUBMIT, add_url, edit_url, story_form, workflow_action_url

pytestmark = pytest.mark.django_db

WAGTAILS_WORDS = re.compile(
    r"page title|in moderation|for moderation|moderation stage|pages and snippets in a workflow|reject", re.I
)


def what_people_read(html) -> str:
    """The page's visible text, its placeholders and its tooltips, as one string."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    shown = [soup.get_text(" ")]
    for name in ("placeholder", "title", "aria-label"):
        shown += [tag[name] for tag in soup.find_all(attrs={name: True})]
    return " ".join(" ".join(shown).split())


def wagtails_words(text) -> list[str]:
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in WAGTAILS_WORDS.finditer(text)]


def test_the_review_reads_in_the_newsrooms_words_from_first_save_to_changes_requested(
    client, editor, reviewer, section
):
    client.force_login(editor)
    new_story = what_people_read(client.get(add_url(section)).content)
    assert "Headline*" in new_story and "Headline" in new_story
    assert wagtails_words(new_story) == []

    mail.outbox.clear()
    response = client.post(add_url(section), {**story_form(), **SUBMIT}, follow=True)
    submitted = what_people_read(response.content)
    assert "Created and submitted for review: “Bridge reopens after flood” now waits for a reviewer." in submitted
    assert wagtails_words(submitted) == []
    story = ArticlePage.objects.get(slug="bridge-reopens")

    # The reviewers' mail says what waits for them.
    [request] = mail.outbox
    assert request.to == [reviewer.email]
    assert request.subject == 'For review: "Bridge reopens after flood" waits for "Reviewer approval"'
    assert wagtails_words(request.subject + request.body) == []
    for html, _type in request.alternatives:
        assert wagtails_words(what_people_read(html)) == []

    explorer = what_people_read(client.get(f"/admin/pages/{section.pk}/").content)
    assert "in review" in explorer
    dashboard = what_people_read(client.get("/admin/").content)
    assert "Your stories in review" in dashboard
    editing = what_people_read(client.get(edit_url(story)).content)
    assert "In review" in editing
    for page in (explorer, dashboard, editing):
        assert wagtails_words(page) == []

    client.force_login(reviewer)
    assert wagtails_words(what_people_read(client.get("/admin/").content)) == []
    assert wagtails_words(what_people_read(client.get(edit_url(story)).content)) == []
    mail.outbox.clear()
    client.post(workflow_action_url(story, "reject"), {"comment": "Name the engineer."})
    for message in mail.outbox:
        assert wagtails_words(message.subject + message.body) == []

    # Sent back, the story says "changes requested" wherever the writer looks, never "rejected" nor "draft".
    client.force_login(editor)
    explorer = what_people_read(client.get(f"/admin/pages/{section.pk}/").content)
    assert "Current page status: changes requested" in explorer
    dashboard = what_people_read(client.get("/admin/").content)
    assert "Current page status: changes requested" in dashboard
    history = what_people_read(client.get(f"/admin/pages/{story.pk}/history/").content)
    assert "Changes requested at “Reviewer approval”" in history
    for page in (
        explorer,
        dashboard,
        history,
        what_people_read(client.get(edit_url(story)).content),
        what_people_read(client.get(f"/admin/pages/{story.pk}/workflow_history/").content),
    ):
        assert wagtails_words(page) == []
