"""Admin for voc: metric definitions and dimensions are edited here; responses, rollups and
import jobs are read-only (they change only through the importer and the rollup)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cxgov.admin import VersionedAdmin

from .models import (
    Alert,
    CaseSettings,
    Channel,
    ClosedLoopCase,
    CommentRollup,
    ImportJob,
    ImportMappingPreference,
    KpiRollup,
    KpiTarget,
    Metric,
    OperationalValue,
    Promise,
    Segment,
    SuggestedTheme,
    Theme,
    ThemeRollup,
    Touchpoint,
    WebhookDelivery,
    WebhookSource,
)
from .permissions import (
    can_manage_promises,
    can_manage_targets,
    can_manage_themes,
    can_manage_webhook_sources,
)


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "scale_min", "scale_max", "direction", "unit"]
    list_filter = ["kind", "direction", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "journey_stage", "owner", "business_unit", "is_active"]
    list_filter = ["journey_stage", "business_unit", "is_active"]
    list_select_related = ["owner", "business_unit"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["owner", "business_unit"]


@admin.register(Channel, Segment)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active"]
    search_fields = ["name", "code"]


@admin.register(OperationalValue)
class OperationalValueAdmin(admin.ModelAdmin):
    list_display = ["metric", "granularity", "period_start", "touchpoint", "value", "entered_by"]
    list_filter = ["metric", "granularity", "touchpoint"]
    list_select_related = ["metric", "touchpoint", "entered_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KpiRollup)
class KpiRollupAdmin(ReadOnlyAdmin):
    list_display = [
        "metric",
        "granularity",
        "period_start",
        "dimension_kind",
        "dimension_id",
        "n",
        "score",
        "low",
        "high",
    ]
    list_filter = ["metric", "granularity", "dimension_kind"]
    list_select_related = ["metric"]
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "original_name",
        "status",
        "created_by",
        "created_at",
        "mode",
        "inserted_rows",
        "skipped_rows",
        "cases_opened",
        "error_count",
    ]
    list_filter = ["status", "mode"]
    search_fields = ["original_name", "created_by__username"]
    list_select_related = ["created_by"]


@admin.register(ImportMappingPreference)
class ImportMappingPreferenceAdmin(admin.ModelAdmin):
    """Each person's remembered column mapping, offered on their next upload; delete one to
    start that person afresh."""

    list_display = ["user", "default_metric", "updated_at"]
    list_select_related = ["user", "default_metric"]
    readonly_fields = ["updated_at"]


@admin.register(KpiTarget)
class KpiTargetAdmin(VersionedAdmin, SimpleHistoryAdmin):
    """KPI targets, validated by the model (the form runs full_clean); adding, changing and
    deleting ask voc.manage_targets, as the pages and the API do. A target an initiative links
    to cannot be deleted (the admin lists the links)."""

    list_display = [
        "metric",
        "success_statement",
        "dimension_kind",
        "dimension_id",
        "granularity",
        "baseline_value",
        "baseline_period_start",
        "target_value",
        "target_date",
    ]
    list_filter = ["metric", "dimension_kind", "granularity"]
    list_select_related = ["metric", "success_statement"]
    search_fields = ["note", "metric__name", "success_statement__title"]
    autocomplete_fields = ["success_statement"]

    def has_add_permission(self, request):
        return can_manage_targets(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_manage_targets(request.user, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_manage_targets(request.user, obj) and super().has_delete_permission(request, obj)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["message", "kind", "period_start", "raised_at", "meeting"]
    list_filter = ["kind", "metric", "granularity"]
    search_fields = ["message"]
    list_select_related = ["metric", "meeting", "meeting__body"]


@admin.register(CaseSettings)
class CaseSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "service_level_days", "working_days_only"]

    def has_add_permission(self, request):
        return not CaseSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClosedLoopCase)
class ClosedLoopCaseAdmin(VersionedAdmin, SimpleHistoryAdmin):
    """Read here; cases move through their page or the API (case_transition, case_reassign),
    which keep the rules: a note to close, an active owner."""

    list_display = [
        "pk", "metric", "touchpoint", "business_unit", "owner", "status", "due_on",
        "escalated_to_lead_on", "escalated_to_steering_on",
    ]  # fmt: skip
    list_filter = ["status", "metric", "touchpoint", "business_unit"]
    # The response's external id exactly: the survey tool's reference a person pastes.
    search_fields = ["=response__external_id", "owner__username", "owner__last_name"]
    list_select_related = ["metric", "touchpoint", "business_unit", "owner"]
    raw_id_fields = ["response"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookSource)
class WebhookSourceAdmin(SimpleHistoryAdmin):
    """Survey platforms' sources, read here with their history (the secrets never shown); the
    pages (Voice of the customer, Survey platforms) set them up and change them through the
    service, which keeps the rules. Removing one asks voc.manage_webhook_sources."""

    list_display = ["name", "slug", "platform", "is_active", "created_at"]
    list_filter = ["platform", "is_active"]
    search_fields = ["name", "slug"]
    exclude = ["secret", "access_token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return can_manage_webhook_sources(request.user) and super().has_delete_permission(
            request, obj
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["delivery_id", "source", "status", "received_at", "attempts", "responses_added"]
    list_filter = ["status", "source"]
    list_select_related = ["source"]
    search_fields = ["delivery_id"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """Comment themes, read here; the pages (Voice of the customer, Themes) create and change
    them through the service, which re-tags the comments. Removing one (its mentions and
    rollups go with it) asks voc.manage_themes."""

    list_display = ["name", "is_active", "created_by", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return can_manage_themes(request.user) and super().has_delete_permission(request, obj)


@admin.register(CommentRollup)
class CommentRollupAdmin(ReadOnlyAdmin):
    list_display = ["metric", "period_start", "dimension_kind", "dimension_id", "comments",
                    "detractor_comments", "negative", "neutral", "positive"]  # fmt: skip
    list_filter = ["metric", "dimension_kind"]
    list_select_related = ["metric"]
    show_full_result_count = False


@admin.register(ThemeRollup)
class ThemeRollupAdmin(ReadOnlyAdmin):
    list_display = ["theme", "metric", "period_start", "dimension_kind", "dimension_id",
                    "mentions", "detractor_mentions"]  # fmt: skip
    list_filter = ["theme", "metric", "dimension_kind"]
    list_select_related = ["theme", "metric"]
    show_full_result_count = False


@admin.register(SuggestedTheme)
class SuggestedThemeAdmin(ReadOnlyAdmin):
    """Topics found in the unmatched comments; decided on the Comment themes page."""

    list_display = ["label", "status", "comment_count", "theme", "found_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["theme", "decided_by"]


@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin):
    """CX promises, recorded and changed by the core team (voc.manage_promises); the model's
    rules (clean) refuse an operational figure or a retired touchpoint. A promise no longer
    made is set inactive: the check skips it."""

    list_display = ["statement", "touchpoint", "metric", "is_active", "updated_at"]
    list_filter = ["is_active", "metric", "touchpoint"]
    list_select_related = ["touchpoint", "metric"]
    search_fields = ["statement", "note"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return can_manage_promises(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_manage_promises(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
