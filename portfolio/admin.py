"""Admin for the portfolio. The workflow's state (status, approval, health and progress from
status updates, escalations) is read-only here: it moves only through the services."""

from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from cxgov.admin import VersionedAdmin

from .models import Initiative, Milestone, Risk, StatusUpdate, StrategicPriority, TargetLink
from .services import initiative_editors_sync


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "period", "position", "is_active"]
    list_filter = ["is_active", "period"]
    search_fields = ["title", "description"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class TargetLinkInline(admin.TabularInline):
    model = TargetLink
    extra = 0
    raw_id_fields = ["target"]
    fields = ["target", "expected_change", "direction", "expected_by", "note"]


@admin.register(Initiative)
class InitiativeAdmin(VersionedAdmin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "status",
        "health",
        "working_group",
        "business_unit",
        "owner",
        "target_date",
        "needs_help",
    ]
    list_filter = ["status", "health", "needs_help", "driven_by", "working_group", "business_unit"]
    search_fields = ["title", "description"]
    list_select_related = ["working_group", "business_unit", "owner"]
    autocomplete_fields = ["owner", "working_group", "business_unit", "formed_group"]
    filter_horizontal = ["priorities"]
    readonly_fields = [
        "status",
        "status_changed_on",
        "status_reason",
        "approved_by",
        "approved_on",
        "health",
        "progress",
        "last_update_on",
    ]
    inlines = [MilestoneInline, TargetLinkInline]

    def save_model(self, request, obj, form, change):
        obj.full_clean()
        super().save_model(request, obj, form, change)
        # The working group may have changed: its members, and only they, edit it.
        initiative_editors_sync(initiative=obj)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    list_display = ["initiative", "reported_on", "health", "progress", "author"]
    list_filter = ["health"]
    list_select_related = ["initiative", "author"]
    search_fields = ["initiative__title", "summary", "blockers"]
    date_hierarchy = "reported_on"

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # updates are history: written once


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "likelihood", "impact", "status", "escalated_on"]
    list_filter = ["status", ("escalated_on", admin.EmptyFieldListFilter)]
    list_select_related = ["initiative"]
    search_fields = ["title", "initiative__title"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["escalated_on", "escalated_by", "escalation_note", "steering_reviewed_on"]


@admin.register(TargetLink)
class TargetLinkAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "target", "expected_change", "direction", "expected_by"]
    list_filter = ["direction", "target__metric"]
    list_select_related = ["initiative", "target__metric"]
    search_fields = ["initiative__title", "target__metric__name", "note"]
    autocomplete_fields = ["initiative"]
    raw_id_fields = ["target"]  # voc registers no KpiTarget admin to search in
