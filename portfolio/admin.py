"""Admin for the portfolio. The workflow's state (status, approval, health and progress from
status updates, escalations) is read-only here: it moves only through the services."""

from django import forms
from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from cxgov.admin import VersionedAdmin, VersionedAdminForm

from .errors import PortfolioError
from .models import (
    FOCUS_FIELD,
    FocusLimit,
    FocusOverride,
    Initiative,
    Milestone,
    Risk,
    StatusUpdate,
    StrategicPriority,
    TargetLink,
)
from .services import focus_check, initiative_editors_sync


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


class InitiativeAdminForm(VersionedAdminForm):
    """The initiative, with the reason the focus rule asks for when a change takes a working
    group, business unit or owner over its limit (portfolio.services.focus_check)."""

    focus_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when the change takes a working group, business unit or owner "
        "over its focus limit; kept with the initiative.",
    )

    def focus_moves(self) -> list[str]:
        if self.instance._state.adding:
            return []
        return [kind for kind, field in FOCUS_FIELD.items() if field in self.changed_data]

    def _post_clean(self) -> None:
        super()._post_clean()  # the instance now carries the change
        moved = self.focus_moves()
        if moved and not self.errors and not self.cleaned_data.get("focus_reason", "").strip():
            try:  # with no reason the rule only asks: it writes nothing
                focus_check(initiative=self.instance, by=None, reason="", kinds=moved)
            except PortfolioError as refusal:
                self.add_error("focus_reason", refusal.message)


@admin.register(Initiative)
class InitiativeAdmin(VersionedAdmin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    form = InitiativeAdminForm
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
    filter_horizontal = ["priorities", "themes"]
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
        moved = form.focus_moves()
        super().save_model(request, obj, form, change)
        if moved:  # the reason, checked by the form, is kept
            reason = form.cleaned_data.get("focus_reason", "")
            focus_check(initiative=obj, by=request.user, reason=reason, kinds=moved)
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


@admin.register(FocusLimit)
class FocusLimitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "limit", "set_by", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["working_group", "business_unit", "owner", "set_by"]
    autocomplete_fields = ["working_group", "business_unit", "owner"]
    readonly_fields = ["set_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(FocusOverride)
class FocusOverrideAdmin(admin.ModelAdmin):
    """Reasons given for going over a limit: kept as they were given."""

    list_display = ["initiative", "subject", "load", "limit", "by", "at"]
    list_filter = ["kind"]
    list_select_related = ["initiative", "by"]
    search_fields = ["initiative__title", "subject", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
