"""Admin for governance. Saves go through the model's full_clean, as in services."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from cxgov.admin import VersionedAdmin, VersionedAdminForm, VersionedInlinesAdmin
from cxgov.dates import today
from cxgov.roles import Role

from . import services
from .models import (
    Acknowledgement,
    ActionItem,
    Activity,
    AgendaItem,
    AgendaTemplateItem,
    BodyGroupMapping,
    BusinessUnit,
    Cadence,
    Charter,
    CharterVersion,
    Commitment,
    Decision,
    DepartmentObjective,
    Engagement,
    EngagementTarget,
    GovernanceBody,
    Holiday,
    MaturityAssessment,
    Meeting,
    MeetingSettings,
    Membership,
    MissionStatement,
    RaciAssignment,
    Standard,
    StandardVersion,
    SuccessStatement,
    check_deciders,
)
from .services import body_seats_resync, holiday_delete, holiday_save, holidays_load

User = get_user_model()


@admin.register(BusinessUnit)
class BusinessUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_customer_facing", "function", "is_active"]
    list_filter = ["is_active", "is_customer_facing", "function"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class MembershipInline(admin.TabularInline):
    """A body's seats, each checked against the version it was drawn at (a seat is Versioned:
    VersionedInlinesAdmin on the body's admin)."""

    model = Membership
    form = VersionedAdminForm
    extra = 0
    autocomplete_fields = ["person", "business_unit"]
    fields = [
        "person", "role", "business_unit", "start_date", "end_date", "hours_per_month",
        "version_read",
    ]  # fmt: skip


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(VersionedInlinesAdmin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "tier", "kind", "parent", "formed_on", "disbanded_on"]
    list_filter = ["tier", "kind", ("disbanded_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "purpose"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    # A state field: a body is disbanded through its workflow (services.body_disband), which
    # also ends its memberships, never by setting the date here.
    readonly_fields = ["disbanded_on"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        # Whoever held a seat before the change (a person replaced, a row deleted) is
        # re-decided too, so a right never outlives its seat.
        before = [f.initial.get("person") for f in formset.initial_forms]
        super().save_formset(request, form, formset, change)
        body_seats_resync(body=form.instance, people=before)


@admin.register(BodyGroupMapping)
class BodyGroupMappingAdmin(SimpleHistoryAdmin):
    """The provider's groups and the seats on bodies they give, applied at each single sign-on
    (a seat that came from a group ends at the person's next sign-in without it; seats added
    by hand are never touched); history kept."""

    list_display = ["group", "body", "role", "business_unit"]
    list_filter = ["role", "body__tier"]
    search_fields = ["group", "body__name"]
    list_select_related = ["body", "business_unit"]
    autocomplete_fields = ["body", "business_unit"]


@admin.register(Membership)
class MembershipAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "business_unit", "start_date", "end_date"]
    list_filter = ["role", "body__tier", "business_unit"]
    readonly_fields = ["sso_group"]
    search_fields = ["person__username", "person__first_name", "person__last_name", "body__name"]
    list_select_related = ["person", "body", "business_unit"]
    autocomplete_fields = ["person", "body", "business_unit"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Leads manage their body: keep the object permission in step, as the services do,
        # for the seat's holder and body before the change as well as after it.
        body_seats_resync(body=obj.body, people=[obj.person_id, form.initial.get("person")])
        before = form.initial.get("body") if change else None
        if before and before != obj.body_id:
            body_seats_resync(
                body=GovernanceBody.objects.get(pk=before), people=[form.initial.get("person")]
            )

    def delete_model(self, request, obj):
        body, person = obj.body, obj.person_id
        super().delete_model(request, obj)
        body_seats_resync(body=body, people=[person])

    def delete_queryset(self, request, queryset):
        seats = list(queryset.values_list("body_id", "person_id"))
        super().delete_queryset(request, queryset)
        for body in GovernanceBody.objects.filter(pk__in={b for b, _ in seats}):
            body_seats_resync(body=body, people=[p for b, p in seats if b == body.pk])


class RaciInline(admin.TabularInline):
    model = RaciAssignment
    extra = 0
    autocomplete_fields = ["body", "person"]


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "code",
            "name",
            "kind",
            "description",
            "position",
            "decided_by",
            "chair_decides",
            "named_deciders",
            "escalates_to",
        ]

    def _post_clean(self) -> None:
        super()._post_clean()  # the model's own rules, with the new values set on the instance
        if "named_deciders" in self.cleaned_data and not self.has_error("decided_by"):
            try:
                check_deciders(activity=self.instance, people=self.cleaned_data["named_deciders"])
            except ValidationError as refusal:
                self._update_errors(refusal)


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    form = ActivityAdminForm
    list_display = [
        "name",
        "code",
        "kind",
        "decided_by",
        "chair_decides",
        "escalates_to",
        "position",
    ]
    list_filter = ["kind", "chair_decides"]
    list_editable = ["position"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["decided_by", "escalates_to"]
    autocomplete_fields = ["decided_by", "escalates_to", "named_deciders"]
    inlines = [RaciInline]


@admin.register(RaciAssignment)
class RaciAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "letter", "body", "person"]
    list_filter = ["letter", "activity__kind"]
    search_fields = ["activity__name", "body__name", "person__username", "person__last_name"]
    list_select_related = ["activity", "body", "person"]
    autocomplete_fields = ["activity", "body", "person"]


@admin.register(MaturityAssessment)
class MaturityAssessmentAdmin(admin.ModelAdmin):
    list_display = ["assessed_on", "level", "score", "assessed_by"]
    list_filter = ["level"]
    list_select_related = ["assessed_by"]
    readonly_fields = ["score", "level", "recommendation", "stress_jobs"]
    date_hierarchy = "assessed_on"


@admin.register(DepartmentObjective)
class DepartmentObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "business_unit", "owner"]
    list_filter = ["business_unit"]
    search_fields = ["text", "business_unit__name"]
    list_select_related = ["business_unit", "owner"]
    autocomplete_fields = ["business_unit", "owner"]


@admin.register(SuccessStatement)
class SuccessStatementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "business_unit", "created_on"]
    list_filter = ["business_unit"]
    search_fields = ["title", "text"]
    list_select_related = ["business_unit"]
    autocomplete_fields = ["business_unit", "objectives"]


# Charters and the mission: states move only through governance.services.charters, so they are
# read-only here; an approved or superseded version (a published or superseded mission) is
# read-only as a whole and cannot be deleted.

CHARTER_WORKFLOW_FIELDS = [
    "charter",
    "number",
    "status",
    "author",
    "created_at",
    "submitted_by",
    "submitted_at",
    "first_approval_by",
    "first_approval_at",
    "approved_by",
    "approved_at",
    "rejected_by",
    "rejected_at",
    "review_comment",
    "superseded_at",
]


class CharterVersionInline(admin.TabularInline):
    model = CharterVersion
    extra = 0
    fields = ["number", "status", "author", "approved_by", "approved_at", "superseded_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Charter)
class CharterAdmin(SimpleHistoryAdmin):
    list_display = ["body", "created_on"]
    list_filter = ["body__tier"]
    list_select_related = ["body"]
    search_fields = ["body__name"]
    readonly_fields = ["body", "created_on"]
    inlines = [CharterVersionInline]

    def has_add_permission(self, request):
        return False  # a charter starts with its first draft (services.charter_version_draft)


@admin.register(CharterVersion)
class CharterVersionAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "author", "approved_by", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["charter__body", "author", "approved_by"]
    search_fields = ["charter__body__name"]
    autocomplete_fields = ["success_statements"]

    def has_add_permission(self, request):
        return False  # drafted through the pages or the API, numbered by the service

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_read_only:
            return [f.name for f in obj._meta.fields if f.name != "id"] + ["success_statements"]
        return CHARTER_WORKFLOW_FIELDS

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_read_only


@admin.register(MissionStatement)
class MissionStatementAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "published_by", "published_at"]
    list_filter = ["status"]
    list_select_related = ["author", "published_by"]
    WORKFLOW = ["number", "status", "author", "created_at", "published_by", "published_at"]

    def has_add_permission(self, request):
        return False  # drafted through the pages or the API, numbered by the service

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_read_only:
            return [f.name for f in obj._meta.fields if f.name != "id"]
        return [*self.WORKFLOW, "superseded_at"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_read_only


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["person", "mission", "charter_version", "acknowledged_at"]
    list_select_related = ["person", "mission", "charter_version__charter__body"]
    list_filter = [("mission", admin.EmptyFieldListFilter)]
    date_hierarchy = "acknowledged_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Meetings. Statuses move through their services (cancel, transition), so they are read-only
# here; the admin sets how far ahead meetings are generated and when reminders go out.


@admin.register(MeetingSettings)
class MeetingSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "horizon_days",
        "meeting_reminder_days",
        "action_due_days",
        "action_overdue_days",
        "holiday_country",
        "holiday_subdivision",
    ]
    actions = ["load_public_holidays"]

    def has_add_permission(self, request):
        return not MeetingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Load this year's and next year's public holidays")
    def load_public_holidays(self, request, queryset):
        year = today().year
        added = holidays_load(by=request.user, years=[year, year + 1])
        config = MeetingSettings.current()
        self.message_user(
            request,
            f"Added {added} public holidays of {config.holiday_country}"
            f"{' ' + config.holiday_subdivision if config.holiday_subdivision else ''} for "
            f"{year} and {year + 1} to the holiday calendar (days already there were kept).",
        )


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The days no body meets. Load a country's public holidays from Meeting settings (its
    action); add the organization's own closures here. Saves go through the services, which
    apply each cadence's holiday rule to the meetings still to come."""

    list_display = ["date", "name", "source"]
    list_filter = ["source"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        holiday_save(by=request.user, holiday=obj)

    def delete_model(self, request, obj):
        holiday_delete(by=request.user, holiday=obj)

    def delete_queryset(self, request, queryset):
        for holiday in queryset:
            holiday_delete(by=request.user, holiday=holiday)


@admin.register(AgendaTemplateItem)
class AgendaTemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "tier", "position", "time_box_minutes"]
    list_filter = ["tier"]
    list_editable = ["position", "time_box_minutes"]


@admin.register(Cadence)
class CadenceAdmin(admin.ModelAdmin):
    list_display = ["body", "frequency", "time", "time_zone", "is_active"]
    list_filter = ["frequency", "is_active"]
    search_fields = ["body__name"]
    list_select_related = ["body"]
    autocomplete_fields = ["body"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "starts_at", "time_zone", "status"]
    list_filter = ["status", "body__tier"]
    search_fields = ["body__name", "location"]
    list_select_related = ["body"]
    readonly_fields = [
        "status",
        "cancel_reason",
        "opened_at",
        "closed_at",
        "sequence",
        "cadence",
        "occurrence",
    ]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "body", "decided_on", "decided_by"]
    list_filter = ["body"]
    search_fields = ["text", "rationale"]
    list_select_related = ["body", "decided_by"]
    raw_id_fields = ["meeting", "agenda_item", "decided_by", "recorded_by"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_on", "status", "body"]
    list_filter = ["status", "body"]
    search_fields = ["title"]
    list_select_related = ["owner", "body"]
    readonly_fields = ["status", "completed_on"]
    raw_id_fields = ["meeting", "agenda_item", "owner", "created_by"]


# People: Django's user list, with each person's roles and the bodies they serve on today.


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value())
        return queryset


class PersonAdmin(UserAdmin):
    """Who holds which role and sits where, read from two prefetches whatever the page's size."""

    list_display = ["username", "full_name", "email", "roles", "bodies", "is_active"]
    list_filter = [RoleFilter, "is_active", "is_staff", "is_superuser"]

    def get_queryset(self, request):
        serving = (
            Membership.objects.active()
            .filter(body__in=GovernanceBody.objects.active())
            .select_related("body")
            .order_by("body__name", "pk")
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("groups", queryset=Group.objects.order_by("name")),
                Prefetch("memberships", queryset=serving, to_attr="serving"),
            )
        )

    @admin.display(description="Name", ordering="last_name")
    def full_name(self, user) -> str:
        return user.get_full_name()

    @admin.display(description="Roles")
    def roles(self, user) -> str:
        labels = dict(Role.choices)
        return ", ".join(labels.get(g.name, g.name) for g in user.groups.all()) or "No role"

    @admin.display(description="Bodies")
    def bodies(self, user) -> str:
        seats = [f"{m.body.name} ({m.get_role_display().lower()})" for m in user.serving]
        return "; ".join(seats) or "—"


admin.site.unregister(User)
admin.site.register(User, PersonAdmin)


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    """What leaders did for CX; a day in the future is refused by the model."""

    list_display = ["happened_on", "person", "kind", "title", "logged_by"]
    list_filter = ["kind"]
    list_select_related = ["person", "logged_by"]
    search_fields = ["title", "person__username", "person__last_name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["logged_by", "logged_at"]
    date_hierarchy = "happened_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.logged_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EngagementTarget)
class EngagementTargetAdmin(admin.ModelAdmin):
    list_display = ["person", "per_quarter", "set_by", "updated_at"]
    list_select_related = ["person", "set_by"]
    autocomplete_fields = ["person"]
    readonly_fields = ["set_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    """Working-group members' commitments. The model refuses a person not serving on the group
    and negative hours; agreeing is the member's own act on the group's page, so the admin
    shows the agreement but does not set it."""

    list_display = ["body", "person", "hours_per_month", "agreed_at", "manager"]
    list_filter = [("agreed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["body", "person", "manager"]
    search_fields = ["body__name", "person__username", "person__last_name", "contribution"]
    autocomplete_fields = ["body", "person", "manager"]
    readonly_fields = ["agreed_at", "updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class StandardAdminForm(VersionedAdminForm):
    def clean(self):
        cleaned = super().clean()
        if "review_on" in self.changed_data:
            refusal = services.review_date_refusal(cleaned.get("review_on"))
            if refusal:
                self.add_error("review_on", refusal)
        return cleaned


class StandardVersionInline(admin.TabularInline):
    model = StandardVersion
    fields = ["number", "title", "file_name", "owner", "review_on", "edited_by", "edited_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    """The standards library. A save goes through the services, as the pages' do: the file is
    checked by its content, and every change is kept as the item's next version."""

    form = StandardAdminForm
    list_display = ["title", "kind", "owner", "review_on", "version", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["owner"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["owner"]
    fields = ["kind", "title", "text", "file", "owner", "review_on", "version_read"]
    inlines = [StandardVersionInline]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.STANDARD_FIELDS}
        if not data["file"] or not hasattr(data["file"], "content_type"):
            data.pop("file")  # nothing new uploaded: the stored file stays
        if change:
            saved = services.standard_update(
                standard=Standard.objects.get(pk=obj.pk),
                by=request.user,
                data=data,
                version_read=form.cleaned_data.get("version_read"),
            )
        else:
            saved = services.standard_create(
                by=request.user, kind=form.cleaned_data["kind"], **data
            )
        obj.pk, obj.version = saved.pk, saved.version

    def has_delete_permission(self, request, obj=None):
        return False  # initiatives may name it; its versions are the record
