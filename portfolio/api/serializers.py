"""One serializer per portfolio model. Writes are validated again by the services' full_clean."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from cxgov.api.serializers import (
    CharField,
    ModelSerializer,
    PrimaryKeyRelatedField,
    VersionField,
)
from cxgov.validators import SHORT_TEXT, plain_text, program_date
from governance.models import GovernanceBody, Tier
from portfolio.models import (
    ChangeDirection,
    FocusLimit,
    Initiative,
    Milestone,
    Risk,
    Status,
    StatusUpdate,
    StrategicPriority,
    TargetLink,
)
from voc.models import KpiTarget, Theme


class ScopedInitiativeMixin:
    """An `initiative` field that accepts only initiatives the requesting user can see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if "initiative" in self.fields and request is not None:
            self.fields["initiative"].queryset = Initiative.objects.for_user(request.user)


class StrategicPrioritySerializer(ModelSerializer):
    class Meta:
        model = StrategicPriority
        fields = ["id", "title", "description", "period", "is_active", "position"]


class TargetLinkSerializer(ScopedInitiativeMixin, ModelSerializer):
    """A link from an initiative to a KPI target it moves: the change it expects, by when."""

    target = PrimaryKeyRelatedField(
        queryset=KpiTarget.objects.all(), help_text=TargetLink._meta.get_field("target").help_text
    )
    metric = serializers.IntegerField(
        source="target.metric_id", read_only=True, help_text="The target's metric."
    )
    unit = serializers.CharField(
        source="target.metric.unit", read_only=True, help_text="The metric's unit."
    )
    direction = serializers.ChoiceField(
        choices=ChangeDirection.choices,
        required=False,
        help_text="Defaults to the way the metric gets better; the other way is refused.",
    )

    class Meta:
        model = TargetLink
        fields = [
            "id",
            "initiative",
            "target",
            "metric",
            "expected_change",
            "unit",
            "direction",
            "expected_by",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators = []  # the unique link is the model's constraint, checked by the service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["target"].queryset = KpiTarget.objects.for_user(request.user)


class InitiativeTargetSerializer(ModelSerializer):
    """A link as the initiative shows it (read-only; write through target-links)."""

    class Meta:
        model = TargetLink
        fields = ["id", "target", "expected_change", "direction", "expected_by"]
        read_only_fields = fields


class InitiativeSerializer(ModelSerializer):
    working_group = PrimaryKeyRelatedField(
        queryset=GovernanceBody.objects.filter(tier=Tier.WORKING_GROUP)
    )
    owner = PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    themes = PrimaryKeyRelatedField(
        queryset=Theme.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Ids of the active comment themes it addresses (/api/v1/themes/); the line "
        "of sight shows whether customers mention them less after it starts.",
    )
    is_stale = serializers.SerializerMethodField(
        help_text="In progress with no status update for the configured number of days."
    )
    allowed_moves = serializers.SerializerMethodField(
        help_text="The statuses the workflow allows from here (rights decide who may)."
    )
    targets = InitiativeTargetSerializer(
        source="target_links",
        many=True,
        read_only=True,
        help_text="The KPI targets it moves (change them through /api/v1/target-links/).",
    )
    version = VersionField()
    focus_reason = CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        validators=plain_text("The reason for going over", SHORT_TEXT),
        help_text="Needed when the change takes a working group, business unit or owner over "
        "its focus limit (see /api/v1/focus-limits/); kept with the load and the limit.",
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "description",
            "owner",
            "working_group",
            "business_unit",
            "priorities",
            "themes",
            "driven_by",
            "formed_group",
            "start_date",
            "target_date",
            "progress",
            "budget",
            "expected_benefit",
            "realized_benefit",
            "needs_help",
            "help_reason",
            "status",
            "status_changed_on",
            "status_reason",
            "approved_by",
            "approved_on",
            "health",
            "last_update_on",
            "is_stale",
            "allowed_moves",
            "targets",
            "version",
            "focus_reason",
        ]
        read_only_fields = [
            "progress",
            "status",
            "status_changed_on",
            "status_reason",
            "approved_by",
            "approved_on",
            "health",
            "last_update_on",
        ]
        extra_kwargs = {"business_unit": {"allow_null": False, "required": True}}
        validators = []  # the model's clean() and constraints decide, via the service

    def get_is_stale(self, initiative) -> bool:
        stale = getattr(initiative, "stale_now", None)
        return initiative.is_stale if stale is None else bool(stale)

    def get_allowed_moves(self, initiative) -> list[str]:
        return [str(status) for status in initiative.allowed_moves()]


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Status.choices)
    reason = CharField(
        required=False,
        allow_blank=True,
        default="",
        validators=plain_text("The reason", SHORT_TEXT),
        help_text="Required for on hold and cancel.",
    )
    version = VersionField(source="version_read")
    focus_reason = CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        validators=plain_text("The reason for going over", SHORT_TEXT),
        help_text="Needed when the change takes a working group, business unit or owner over "
        "its focus limit (see /api/v1/focus-limits/); kept with the load and the limit.",
    )


class MilestoneSerializer(ScopedInitiativeMixin, ModelSerializer):
    is_done = serializers.BooleanField(read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "initiative", "title", "due_on", "done_on", "is_done"]
        read_only_fields = ["done_on"]


class MilestoneMarkSerializer(serializers.Serializer):
    done = serializers.BooleanField()
    on = serializers.DateField(
        required=False, validators=[program_date], help_text="Defaults to today."
    )


class StatusUpdateSerializer(ScopedInitiativeMixin, ModelSerializer):
    needs_help = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        write_only=True,
        help_text="true asks the core CX team for help, false withdraws the request.",
    )
    help_reason = CharField(required=False, allow_blank=True, default="", write_only=True)

    class Meta:
        model = StatusUpdate
        fields = [
            "id",
            "initiative",
            "author",
            "reported_on",
            "health",
            "progress",
            "summary",
            "blockers",
            "needs_help",
            "help_reason",
            "created_at",
        ]
        read_only_fields = ["author", "created_at"]


class RiskSerializer(ScopedInitiativeMixin, ModelSerializer):
    owner = PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    severity = serializers.IntegerField(read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "initiative",
            "title",
            "description",
            "likelihood",
            "impact",
            "severity",
            "owner",
            "mitigation",
            "status",
            "escalated_on",
            "escalated_by",
            "escalation_note",
            "steering_reviewed_on",
        ]
        read_only_fields = [
            "escalated_on",
            "escalated_by",
            "escalation_note",
            "steering_reviewed_on",
        ]


class EscalateSerializer(serializers.Serializer):
    note = CharField(
        required=False, allow_blank=True, default="", validators=plain_text("The note", SHORT_TEXT)
    )


class FocusLimitSerializer(ModelSerializer):
    """A limit of active initiatives (approved, in progress, on hold) for one working group,
    business unit or owner, or for every one of its kind when none is named. Who it is for is
    fixed once set; `limit` and `note` may change."""

    working_group = PrimaryKeyRelatedField(
        queryset=GovernanceBody.objects.filter(tier=Tier.WORKING_GROUP),
        required=False,
        allow_null=True,
    )
    owner = PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True
    )
    subject = serializers.CharField(source="subject_label", read_only=True)

    class Meta:
        model = FocusLimit
        fields = [
            "id", "kind", "working_group", "business_unit", "owner", "subject", "limit",
            "note", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["updated_at"]
        extra_kwargs = {"limit": {"min_value": None}}
        validators = []  # the model's clean() and constraints decide, via the service
