"""The syndication screens in the Wagtail admin: partners, import reports, republications.

Built on wagtail-modeladmin. Reports and republication counts are records
of what happened, so nobody creates or edits them by hand: the screens list
and inspect only.
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.shortcuts import redirect
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from news.intake.ingest import ImportRefused
from news.intake.jobs import start_import
from news.models import ImportReport, ImportStatus, Republication, SyndicationPartner

IMPORT_PERMISSION = "news.import_feed"


def user_can_import(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION)


def report_url(report) -> str:
    return reverse("news_importreport_modeladmin_inspect", args=[report.pk])


def partner_url(partner) -> str:
    return reverse("news_syndicationpartner_modeladmin_inspect", args=[partner.pk])


class PartnerButtonHelper(ButtonHelper):
    def import_button(self, pk):
        return {
            "url": reverse("news_syndicationpartner_modeladmin_import", args=[pk]),
            "label": "Import now",
            "classname": self.finalise_classname(["button-secondary"]),
            "title": "Import this partner's feed now",
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if user_can_import(self.request.user) and obj.active:
            buttons.append(self.import_button(obj.pk))
        return buttons


class ImportNowView(InstanceSpecificView):
    """Asks to confirm (GET), then starts an import of the partner's feed as the signed-in editor (POST).

    The import runs in the background (news.intake.jobs): the editor is
    sent at once to its report, which says it is waiting or running and then
    what it did. A partner already being imported is not imported twice; the
    editor is sent to the import under way. The drafts are created by, and
    submitted for review as, the editor who asked for the import, so the page
    history and reviewers' emails name them.
    """

    page_title = "Import now"
    template_name = "news/admin/import_confirm.html"

    def check_action_permitted(self, user):
        return user_can_import(user)

    def post(self, request, *args, **kwargs):
        partner = self.instance
        try:
            report, started = start_import(partner, user=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
            return redirect(self.index_url)
        report.refresh_from_db()  # where tasks run at once (tests), the import has already filled it in
        if not started:
            asked_at = timezone.localtime(report.started_at)
            messages.warning(request, f"{partner.name} is already being imported (asked for at {asked_at:%H:%M}).")
        elif not report.finished:
            messages.success(request, f"{partner.name}: import started. Its report appears here when it is done.")
        elif report.status == ImportStatus.FAILED:
            messages.error(request, f"{partner.name}: {report.summary()}")
        elif report.failed_count:
            messages.warning(request, f"{partner.name}: {report.summary()}. See the report for the reasons.")
        else:
            messages.success(request, f"{partner.name}: {report.summary()}.")
        return redirect(partner_url(partner))


class PartnerInspectView(InspectView):
    """The partner's page: its settings, the import under way (waiting or running) and its latest import reports."""

    RECENT_IMPORTS = 10

    def get_fields_dict(self):
        reports = list(self.instance.import_reports.select_related("requested_by")[: self.RECENT_IMPORTS])
        under_way = [report for report in reports if not report.finished]
        return [
            *super().get_fields_dict(),
            {"label": "Import under way", "value": self.describe(under_way) or "None"},
            {"label": "Latest imports", "value": self.describe([r for r in reports if r.finished]) or "Never imported"},
        ]

    @staticmethod
    def describe(reports):
        return format_html_join(
            "",
            '<p><a href="{}">{}</a>: {} {}</p>',
            (
                (
                    report_url(report),
                    f"{timezone.localtime(report.started_at):%Y-%m-%d %H:%M}",
                    report.summary(),
                    f"(asked for by {report.requested_by.get_username()})" if report.requested_by else "(scheduled)",
                )
                for report in reports
            ),
        )


class SyndicationPartnerAdmin(ModelAdmin):
    model = SyndicationPartner
    menu_label = "Partners"
    menu_icon = "globe"
    button_helper_class = PartnerButtonHelper
    inspect_view_enabled = True
    inspect_view_class = PartnerInspectView
    inspect_view_fields = ("name", "website", "feed_url", "default_section", "import_every_minutes", "active")
    list_display = ("name", "live_stories", "draft_stories", "last_import", "search_engine_policy", "status")
    list_filter = ("active", "search_engine_policy")
    search_fields = ("name", "slug", "website", "licensing_contact")

    def get_queryset(self, request):
        return super().get_queryset(request).with_story_counts()

    def live_stories(self, partner):
        return partner.live_story_count

    live_stories.short_description = "Stories carried"
    live_stories.admin_order_field = "live_story_count"

    def draft_stories(self, partner):
        return partner.draft_story_count

    draft_stories.short_description = "Drafts"
    draft_stories.admin_order_field = "draft_story_count"

    def status(self, partner):
        """In words: modeladmin draws a boolean column with Django admin's icons, which this site does not serve."""
        return "Active" if partner.active else "Paused"

    status.short_description = "Status"
    status.admin_order_field = "active"

    def last_import(self, partner):
        if partner.last_import_at is None:
            return "Never"
        return f"{partner.last_import_at:%Y-%m-%d %H:%M} ({ImportStatus(partner.last_import_status).label})"

    last_import.short_description = "Last import"
    last_import.admin_order_field = "last_import_at"

    def import_view(self, request, instance_pk):
        return ImportNowView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("import"),
                self.import_view,
                name=self.url_helper.get_action_url_name("import"),
            ),
        )


class RecordPermissionHelper(PermissionHelper):
    """Records are listed and inspected, never added, changed or deleted through the admin."""

    def user_can_list(self, user):
        return self.user_has_any_permissions(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ImportReportPermissionHelper(RecordPermissionHelper):
    def user_can_list(self, user):
        """Whoever may import may also read what imports did."""
        return user_can_import(user) or super().user_can_list(user)


class PartnerFilter(SimpleListFilter):
    """Filter by partner. Django's own related-field filter needs django.contrib.admin, which Wagtail does not use."""

    title = "partner"
    parameter_name = "partner"

    def lookups(self, request, model_admin):
        return list(SyndicationPartner.objects.values_list("pk", "name"))

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(partner_id=value) if value and value.isdigit() else queryset


class ImportReportAdmin(ModelAdmin):
    model = ImportReport
    menu_label = "Import reports"
    menu_icon = "doc-full"
    permission_helper_class = ImportReportPermissionHelper
    inspect_view_enabled = True
    inspect_template_name = "news/admin/import_report_inspect.html"
    list_display = ("started_at", "partner", "status", "new_count", "updated_count", "unchanged_count", "failed_count")
    list_filter = ("status", PartnerFilter)
    search_fields = ("partner__name", "source", "message")
    inspect_view_fields = ("partner", "source", "started_at", "finished_at", "requested_by", "status", "message")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner", "requested_by")


class RepublicationAdmin(ModelAdmin):
    model = Republication
    menu_label = "Republications"
    menu_icon = "site"
    permission_helper_class = RecordPermissionHelper
    list_display = ("story", "site_name", "view_count", "first_seen", "last_seen")
    list_filter = ("last_seen",)
    search_fields = ("site", "article__title")
    ordering = ("-last_seen",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def story(self, republication):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailadmin_pages:edit", args=[republication.article_id]),
            republication.article.title,
        )

    story.short_description = "Story"
    story.admin_order_field = "article__title"

    def site_name(self, republication):
        return republication.site_display

    site_name.short_description = "Republished on"
    site_name.admin_order_field = "site"


class SyndicationAdminGroup(ModelAdminGroup):
    menu_label = "Syndication"
    menu_icon = "globe"
    menu_order = 220
    items = (SyndicationPartnerAdmin, ImportReportAdmin, RepublicationAdmin)
