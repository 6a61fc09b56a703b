"""The article editor form: the syndication rule applied when a story is sent on its way to readers."""

from wagtail.admin.forms import WagtailAdminPageForm

from news.workflow.rules import SYNDICATION_FIELDS, missing_syndication_fields, syndication_rule_message

FIELD_HELP = {
    "partner": "Choose the partner whose story this is.",
    "original_url": "Give the address where the partner first published the story.",
    "licensing_notice": "Choose the licence the story is republished under (or a partner that has a default one).",
}


def going_live_action(data) -> str | None:
    """How the editor's button would move the story towards readers, in words; None for saving a draft.

    Read from the submitted button names, as Wagtail's edit and create views
    do. A draft save stays possible with fields missing: wire copy is often
    saved before its licence is sorted out.
    """
    if data.get("action-submit") or data.get("action-restart-workflow"):
        return "submitted for review"
    if data.get("action-publish"):
        return "published"
    if data.get("action-workflow-action") and data.get("workflow-action-name") == "approve":
        return "approved"
    return None


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        doing = going_live_action(self.data)
        if doing is None:
            return cleaned_data
        missing = missing_syndication_fields(
            syndicated=cleaned_data.get("origin") == "syndicated",
            partner=cleaned_data.get("partner"),
            original_url=cleaned_data.get("original_url"),
            licensing_notice=cleaned_data.get("licensing_notice"),
        )
        if missing:
            # The message up top names every missing field; each field says what to do.
            self.add_error(None, syndication_rule_message(missing, doing))
            for name, _label in SYNDICATION_FIELDS:
                if name in missing and name in self.fields and name not in self.errors:
                    self.add_error(name, FIELD_HELP[name])
        return cleaned_data
