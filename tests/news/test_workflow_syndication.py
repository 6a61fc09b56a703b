"""A syndicated story cannot be submitted, approved or published without its partner, original URL and licence.

The editor is told which fields are missing, in the editor; saving a draft
stays possible.
"""

import pytest
from django.contrib.messages import get_messages
from wagtail.models import WorkflowState

from news.models import ArticlePage
from tests.factories import ArticlePageFactory, SyndicationPartnerFactory
from tests.news.workflow_fixtures import (
    PUBLISH,
    SUBMIT,
    add_url,
    edit_url,
    story_form,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

ALL_MISSING = (
    "A syndicated story cannot be submitted for review without its partner, original URL and licensing notice."
)


def syndicated_form(**fields):
    return story_form(title="Harbour strike ends", slug="harbour-strike-ends", origin="syndicated", **fields)


def test_submitting_a_syndicated_story_without_its_licensing_fields_names_them(editor_client, section):
    response = editor_client.post(add_url(section), {**syndicated_form(), **SUBMIT})
    assert response.status_code == 200
    content = response.content.decode()
    assert ALL_MISSING in content
    # Each field says what it needs, beside the field.
    form = response.context["form"]
    assert set(form.errors) >= {"partner", "original_url", "licensing_notice"}
    assert not ArticlePage.objects.filter(slug="harbour-strike-ends").exists()
    assert not WorkflowState.objects.exists()


def test_a_syndicated_story_missing_fields_can_still_be_saved_as_a_draft(editor_client, section):
    response = editor_client.post(add_url(section), syndicated_form())
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="harbour-strike-ends")
    assert story.is_syndicated and not story.live

    # Resubmitting the saved draft is refused the same way, and the draft is untouched.
    response = editor_client.post(edit_url(story), {**syndicated_form(dek="Changed dek"), **SUBMIT})
    assert response.status_code == 200
    assert ALL_MISSING in response.content.decode()
    story.refresh_from_db()
    assert story.current_workflow_state is None
    assert story.get_latest_revision_as_object().dek == "Why this story matters."


def test_only_the_missing_field_is_named(editor_client, section, partner):
    # The partner's default licence stands in for the story's own.
    response = editor_client.post(add_url(section), {**syndicated_form(partner=partner.pk), **SUBMIT})
    assert response.status_code == 200
    assert "A syndicated story cannot be submitted for review without its original URL." in response.content.decode()
    assert set(response.context["form"].errors) == {"__all__", "original_url"}


def test_a_partner_without_a_default_licence_needs_one_on_the_story(editor_client, section):
    partner = SyndicationPartnerFactory(name="Inland Courier", slug="inland-courier")
    response = editor_client.post(
        add_url(section),
        {**syndicated_form(partner=partner.pk, original_url="https://inland-courier.example/strike"), **SUBMIT},
    )
    assert "cannot be submitted for review without its licensing notice." in response.content.decode()


def test_a_complete_syndicated_story_is_submitted(editor_client, section, partner):
    response = editor_client.post(
        add_url(section),
        {**syndicated_form(partner=partner.pk, original_url="https://coastline.example/strike"), **SUBMIT},
    )
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="harbour-strike-ends")
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert story.licensing_notice == partner.default_licensing_notice


def test_our_own_reporting_needs_no_partner(editor_client, section):
    response = editor_client.post(add_url(section), {**story_form(), **SUBMIT})
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="bridge-reopens")
    assert story.origin == "original" and story.partner is None and story.original_url == ""
    assert story.get_parent().specific == section
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def story_in_review_missing_its_url(section, partner, editor):
    """A syndicated draft put into review without the editor form, as a feed import does."""
    story = ArticlePageFactory(
        parent=section,
        title="Harbour strike ends",
        slug="harbour-strike-ends",
        live=False,
        origin="syndicated",
        partner=partner,
        original_url="",
    )
    story.save_revision(user=editor)
    story.get_workflow().start(story, editor)
    return story


def test_reviewer_cannot_approve_a_syndicated_story_missing_fields_from_the_action_url(
    reviewer_client, section, partner, editor
):
    story = story_in_review_missing_its_url(section, partner, editor)
    response = reviewer_client.post(workflow_action_url(story, "approve"), {"comment": ""})
    assert response.status_code == 302
    assert response.url == edit_url(story)
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "A syndicated story cannot be approved without its original URL."
    ]
    story.refresh_from_db()
    assert not story.live
    assert story.current_workflow_task_state.status == "in_progress"


def test_the_approve_modal_sends_the_reviewer_to_the_editor(reviewer_client, section, partner, editor):
    story = story_in_review_missing_its_url(section, partner, editor)
    response = reviewer_client.post(
        workflow_action_url(story, "approve"), {"comment": "Fine"}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.json()["step"] == "success"
    assert response.json()["redirect"] == edit_url(story)
    story.refresh_from_db()
    assert not story.live


def test_reviewer_cannot_approve_it_from_the_editor_either(reviewer_client, section, partner, editor):
    story = story_in_review_missing_its_url(section, partner, editor)
    response = reviewer_client.post(
        edit_url(story),
        {
            **syndicated_form(partner=partner.pk),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 200
    assert "A syndicated story cannot be approved without its original URL." in response.content.decode()
    story.refresh_from_db()
    assert not story.live


def test_reviewer_fills_the_field_in_and_approves(reviewer_client, section, partner, editor):
    story = story_in_review_missing_its_url(section, partner, editor)
    response = reviewer_client.post(
        edit_url(story),
        {
            **syndicated_form(partner=partner.pk, original_url="https://coastline.example/strike"),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live
    assert story.original_url == "https://coastline.example/strike"


def test_reviewer_cannot_publish_it_directly(reviewer_client, section):
    response = reviewer_client.post(add_url(section), {**syndicated_form(), **PUBLISH})
    assert response.status_code == 200
    assert "A syndicated story cannot be published without its partner" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="harbour-strike-ends").exists()


def test_reviewer_cannot_bulk_publish_it(reviewer_client, section, partner, editor):
    story = story_in_review_missing_its_url(section, partner, editor)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={story.pk}"
    response = reviewer_client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    assert "A syndicated story cannot be published without its original URL" in " ".join(
        str(m) for m in get_messages(response.wsgi_request)
    )
    story.refresh_from_db()
    assert not story.live


def test_bulk_publishing_a_section_with_its_drafts_obeys_the_rule(reviewer_client, section, partner, editor):
    story = story_in_review_missing_its_url(section, partner, editor)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={section.pk}"
    response = reviewer_client.post(url, {"include_descendants": "on"})
    assert response.status_code == 302
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "“Harbour strike ends”: A syndicated story cannot be published without its original URL." in messages
    story.refresh_from_db()
    assert not story.live


def test_restarting_the_review_obeys_the_rule_too(reviewer_client, section, partner, editor):
    story = story_in_review_missing_its_url(section, partner, editor)
    response = reviewer_client.post(
        edit_url(story), {**syndicated_form(partner=partner.pk), "action-restart-workflow": "Restart"}
    )
    assert response.status_code == 200
    assert "A syndicated story cannot be submitted for review without its original URL." in response.content.decode()
    assert WorkflowState.objects.filter(object_id=str(story.pk)).count() == 1
