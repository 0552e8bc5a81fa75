"""One serializer per governance model. Writes are validated again by the services' full_clean."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cxgov.api.serializers import (
    CharField,
    ModelSerializer,
    PrimaryKeyRelatedField,
    VersionField,
)
from cxgov.people import person_name
from cxgov.validators import MAX_INTEGER, plain_line, plain_text, program_date
from governance.models import (
    OPEN_STATUSES,
    Acknowledgement,
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    BusinessUnit,
    Cadence,
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Decision,
    DepartmentObjective,
    Engagement,
    EngagementTarget,
    GovernanceBody,
    MaturityAssessment,
    Meeting,
    Membership,
    MissionStatement,
    RaciAssignment,
    Standard,
    StandardVersion,
    SuccessStatement,
    maturity,
)
from governance.selectors import body_warnings


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, person) -> str:
        return person_name(person)


class BusinessUnitSerializer(ModelSerializer):
    class Meta:
        model = BusinessUnit
        fields = [
            "id", "name", "code", "description", "is_active", "is_customer_facing", "function",
        ]  # fmt: skip


class GovernanceBodySerializer(ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)
    warnings = serializers.SerializerMethodField(
        help_text="Advice, not errors: e.g. a steering committee drawing on too few business units."
    )
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = GovernanceBody
        fields = [
            "id",
            "name",
            "tier",
            "parent",
            "kind",
            "purpose",
            "formed_on",
            "planned_disband_on",
            "disbanded_on",
            "hours_needed",
            "is_active",
            "member_count",
            "warnings",
        ]
        read_only_fields = ["disbanded_on"]
        validators = []  # the model's clean() and constraints decide, via the service

    def get_warnings(self, body) -> list[str]:
        return body_warnings(body)

    def get_member_count(self, body) -> int:
        members = getattr(body, "active_memberships", None)
        # An empty prefetched list is an answer too: only a body read without it costs a query.
        return len(members) if members is not None else body.memberships.active().count()


class DateActionSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, validators=[program_date], help_text="Defaults to today."
    )


class MembershipEndSerializer(DateActionSerializer):
    version = VersionField(source="version_read")


class MembershipSerializer(ModelSerializer):
    person_detail = PersonSerializer(source="person", read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    version = VersionField()

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "person_detail",
            "body",
            "role",
            "business_unit",
            "start_date",
            "end_date",
            "hours_per_month",
            "is_active",
            "version",
        ]
        validators = []


class ActivitySerializer(ModelSerializer):
    deciders = serializers.SerializerMethodField(
        help_text="Who may decide now: the deciding body's chair (its sponsor or lead) when "
        "chair_decides is on, and the named deciders serving on it."
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "description",
            "position",
            "decided_by",
            "escalates_to",
            "chair_decides",
            "named_deciders",
            "deciders",
        ]
        extra_kwargs = {"named_deciders": {"required": False}}

    @extend_schema_field(PersonSerializer(many=True))
    def get_deciders(self, activity) -> list[dict]:
        deciders = self.context.get("deciders", {})
        return PersonSerializer(deciders.get(activity.pk, []), many=True).data


class RaciAssignmentSerializer(ModelSerializer):
    party_name = serializers.CharField(read_only=True)

    class Meta:
        model = RaciAssignment
        fields = ["id", "activity", "body", "person", "letter", "party_name"]
        validators = []


class MaturityAssessmentSerializer(ModelSerializer):
    answers = serializers.JSONField(
        help_text="An object of question code → answer from 1 (Interested) to 5 (Embedded); "
        "see maturity-assessments/questions/."
    )
    level_name = serializers.CharField(source="get_level_display", read_only=True)
    assessed_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MaturityAssessment
        fields = [
            "id",
            "assessed_on",
            "assessed_by",
            "answers",
            "score",
            "level",
            "level_name",
            "recommendation",
            "stress_jobs",
            "notes",
        ]
        read_only_fields = ["score", "level", "recommendation", "stress_jobs"]


class MaturityQuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    job = serializers.CharField()


def questions_data() -> list[dict]:
    return MaturityQuestionSerializer(maturity.QUESTIONS, many=True).data


class MatrixColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    id = serializers.IntegerField(source="obj.pk")
    load = serializers.IntegerField()
    overloaded = serializers.BooleanField()


class MatrixActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()


class MatrixRowSerializer(serializers.Serializer):
    activity = MatrixActivitySerializer()
    cells = serializers.SerializerMethodField(
        help_text="Column key → letter, for the cells that hold one."
    )
    gaps = serializers.ListField(child=serializers.CharField())

    def get_cells(self, row) -> dict[str, str]:
        return {column.key: letter for column, letter in row.cells if letter}


class RaciMatrixSerializer(serializers.Serializer):
    threshold = serializers.IntegerField()
    gap_count = serializers.IntegerField()
    columns = MatrixColumnSerializer(many=True)
    rows = MatrixRowSerializer(many=True)


# Charters, the CX mission, success statements and objectives


class CharterVersionSerializer(ModelSerializer):
    """A charter version: its six components, linked success statements, and its review."""

    author = PersonSerializer(read_only=True, allow_null=True)
    submitted_by = PersonSerializer(read_only=True, allow_null=True)
    first_approval_by = PersonSerializer(
        read_only=True,
        allow_null=True,
        help_text="A decider who drafted, submitted or serves on the body approved first; "
        "the version waits for a second decider's approval.",
    )
    approved_by = PersonSerializer(read_only=True, allow_null=True)
    rejected_by = PersonSerializer(read_only=True, allow_null=True)
    review_due = serializers.SerializerMethodField(
        help_text="An approved version more than a year old is due for review."
    )
    version = VersionField()

    class Meta:
        model = CharterVersion
        fields = [
            "id",
            "charter",
            "number",
            "status",
            "purpose_vision",
            "goals_scope",
            "roles_responsibilities",
            "decision_authority",
            "meeting_cadence",
            "success_measures",
            "success_statements",
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
            "review_due",
            "version",
        ]
        read_only_fields = [
            "charter",
            "number",
            "status",
            "created_at",
            "submitted_at",
            "first_approval_at",
            "approved_at",
            "rejected_at",
            "review_comment",
            "superseded_at",
        ]
        validators = []

    def get_review_due(self, version) -> bool:
        return version.review_due()


class CharterVersionRefSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)


class CharterSerializer(ModelSerializer):
    approved_version = serializers.SerializerMethodField()
    open_version = serializers.SerializerMethodField(
        help_text="The version being drafted or in review, if any."
    )
    review_due = serializers.SerializerMethodField()

    class Meta:
        model = Charter
        fields = ["id", "body", "created_on", "approved_version", "open_version", "review_due"]
        read_only_fields = ["created_on"]
        validators = []

    def _current(self, charter, statuses) -> CharterVersion | None:
        versions = getattr(charter, "current_versions", None)
        if versions is None:
            versions = list(charter.versions.filter(status__in=statuses))
        return next((v for v in versions if v.status in statuses), None)

    @extend_schema_field(CharterVersionRefSerializer(allow_null=True))
    def get_approved_version(self, charter) -> dict | None:
        version = self._current(charter, {CharterStatus.APPROVED})
        return CharterVersionRefSerializer(version).data if version else None

    @extend_schema_field(CharterVersionRefSerializer(allow_null=True))
    def get_open_version(self, charter) -> dict | None:
        version = self._current(charter, set(OPEN_STATUSES))
        return CharterVersionRefSerializer(version).data if version else None

    def get_review_due(self, charter) -> bool:
        version = self._current(charter, {CharterStatus.APPROVED})
        return bool(version and version.review_due())


class CharterActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_INTEGER,
        help_text="The version number acted on; by default the one the action applies to "
        "(the draft for submit, the version in review for approve and reject, the approved "
        "version for acknowledge).",
    )


class CharterRejectSerializer(CharterActionSerializer):
    comment = CharField(
        validators=plain_text("The comment"),
        help_text="Why the version is rejected, so it can be fixed.",
    )


class MissionSerializer(ModelSerializer):
    author = PersonSerializer(read_only=True, allow_null=True)
    published_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MissionStatement
        fields = [
            "id",
            "number",
            "status",
            "statement",
            "customers",
            "experience",
            "feeling",
            "difference",
            "author",
            "created_at",
            "published_by",
            "published_at",
            "superseded_at",
        ]
        read_only_fields = ["number", "status", "created_at", "published_at", "superseded_at"]
        validators = []


class AcknowledgementSerializer(ModelSerializer):
    class Meta:
        model = Acknowledgement
        fields = ["id", "person", "mission", "charter_version", "acknowledged_at"]
        read_only_fields = fields


class SuccessStatementSerializer(ModelSerializer):
    class Meta:
        model = SuccessStatement
        fields = ["id", "title", "text", "business_unit", "objectives", "created_on"]
        read_only_fields = ["created_on"]
        validators = []


class DepartmentObjectiveSerializer(ModelSerializer):
    class Meta:
        model = DepartmentObjective
        fields = ["id", "business_unit", "text", "owner"]
        validators = []


# Meetings


class CadenceSerializer(ModelSerializer):
    description = serializers.CharField(source="describe", read_only=True)

    class Meta:
        model = Cadence
        fields = [
            "id",
            "body",
            "frequency",
            "monthly_rule",
            "weekday",
            "week_of_month",
            "day_of_month",
            "starts_on",
            "ends_on",
            "time",
            "time_zone",
            "duration_minutes",
            "location",
            "video_link",
            "on_holiday",
            "is_active",
            "description",
        ]
        validators = []


class MeetingSerializer(ModelSerializer):
    local_start = serializers.SerializerMethodField(
        help_text="The start as wall-clock time in the meeting's zone, with its UTC offset."
    )
    is_moved = serializers.BooleanField(read_only=True)
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "cadence",
            "occurrence",
            "starts_at",
            "local_start",
            "duration_minutes",
            "time_zone",
            "location",
            "video_link",
            "status",
            "cancel_reason",
            "opened_at",
            "closed_at",
            "sequence",
            "is_moved",
            "ics_url",
        ]
        read_only_fields = [
            "cadence",
            "occurrence",
            "status",
            "cancel_reason",
            "opened_at",
            "closed_at",
            "sequence",
        ]
        validators = []

    def get_local_start(self, meeting) -> str:
        return meeting.local_start.isoformat()

    def get_ics_url(self, meeting) -> str:
        return reverse("meeting-ics", args=[meeting.pk])


class MeetingCancelSerializer(serializers.Serializer):
    reason = CharField(
        required=False, allow_blank=True, max_length=300, validators=plain_line("The reason")
    )


class AgendaItemSerializer(ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "position",
            "title",
            "description",
            "owner",
            "time_box_minutes",
            "minutes",
        ]
        extra_kwargs = {"position": {"required": False}}


class AttendanceSerializer(ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "meeting", "person", "status"]
        validators = []


class AttendanceRowSerializer(ModelSerializer):
    """One person's attendance, a row of a meeting's attendance call."""

    class Meta:
        model = Attendance
        fields = ["person", "status"]
        validators = []


class MeetingAttendanceSerializer(serializers.Serializer):
    """A meeting's attendance in one call: every row is recorded, or none is."""

    attendance = AttendanceRowSerializer(many=True, allow_empty=False)


class DecisionSerializer(ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "body",
            "meeting",
            "agenda_item",
            "text",
            "rationale",
            "decided_on",
            "decided_by",
            "recorded_by",
        ]
        read_only_fields = ["recorded_by"]
        extra_kwargs = {"body": {"required": False}, "decided_on": {"required": False}}


class ActionItemSerializer(ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)
    closed_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "title",
            "body",
            "meeting",
            "agenda_item",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "notes",
            "is_overdue",
            "closed_late",
            "created_by",
        ]
        read_only_fields = ["completed_on", "created_by"]
        extra_kwargs = {"body": {"required": False}, "status": {"required": False}}


class EngagementSerializer(ModelSerializer):
    """One thing a leader did for CX. Executives and steering committee members log their own;
    the core CX team and admins anyone's. `happened_on` in the future is refused."""

    class Meta:
        model = Engagement
        fields = ["id", "person", "kind", "happened_on", "title", "logged_by", "logged_at"]
        read_only_fields = ["logged_by", "logged_at"]
        extra_kwargs = {"happened_on": {"validators": [program_date]}}


class EngagementTargetSerializer(ModelSerializer):
    """Engagements a quarter the executive sponsor asks of a leader: posting again for the same
    person changes it."""

    class Meta:
        model = EngagementTarget
        fields = ["id", "person", "per_quarter", "set_by", "updated_at"]
        read_only_fields = ["set_by", "updated_at"]
        extra_kwargs = {"person": {"validators": []}}
        validators = []  # the model's clean() and constraints decide, via the service


class CommitmentSerializer(ModelSerializer):
    """A working-group member's commitment: what they contribute to the group's goals and plans
    and the hours a month. Posting again for the same body and person changes it; a change of
    the words or hours undoes the agreement unless `agree` is sent again, and only the member
    may send `agree`. A person not serving on the group is refused on `person`."""

    agree = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="The member agrees to it."
    )
    agreed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "body",
            "person",
            "contribution",
            "hours_per_month",
            "manager",
            "agree",
            "agreed",
            "agreed_at",
            "updated_at",
        ]
        read_only_fields = ["agreed_at", "updated_at"]
        validators = []  # the model's clean() and constraints decide, via the service


# The standards library

STANDARD_READ_ONLY = ["file_name", "content_type", "size_bytes", "created_at", "updated_at"]


class StandardSerializer(ModelSerializer):
    """An item of the CX standards library: a definition, a method or a template. Definitions
    and methods are written here as JSON; a template, which needs its file, is published
    through `standards/templates/` and its file replaced through `standards/{id}/file/`
    (multipart). Each change is kept as the item's next version (`versions/`)."""

    version = VersionField()
    file_url = serializers.SerializerMethodField(
        help_text="Where the current version's file is downloaded (null: no file)."
    )

    class Meta:
        model = Standard
        fields = [
            "id", "kind", "title", "text", "owner", "review_on", "file_url", *STANDARD_READ_ONLY,
            "version",
        ]  # fmt: skip
        read_only_fields = STANDARD_READ_ONLY
        extra_kwargs = {"review_on": {"validators": [program_date]}}
        validators = []  # the model's clean() and constraints decide, via the service

    def get_file_url(self, standard) -> str | None:
        if not standard.file:
            return None
        return reverse("governance:standard-file", args=[standard.pk, standard.version])


class StandardVersionSerializer(ModelSerializer):
    """One version of a library item, as it stood after that edit."""

    file_url = serializers.SerializerMethodField(
        help_text="Where this version's file is downloaded (null: no file)."
    )

    class Meta:
        model = StandardVersion
        fields = [
            "number", "title", "text", "owner", "review_on", "file_url", "file_name",
            "content_type", "size_bytes", "edited_by", "edited_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_file_url(self, version) -> str | None:
        return version.file_url() if version.file else None


class StandardTemplateSerializer(serializers.Serializer):
    """A template to publish: its file (PDF, .docx, .xlsx, .pptx, PNG or JPEG, typed by its
    content, under the size limit) with the item's fields."""

    # The model's own rules for its words (a plain line, plain text of a bounded length).
    title = CharField(max_length=200, validators=Standard._meta.get_field("title").validators)
    text = CharField(
        required=False,
        allow_blank=True,
        default="",
        validators=Standard._meta.get_field("text").validators,
    )
    owner = PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    review_on = serializers.DateField(validators=[program_date])
    file = serializers.FileField(help_text=Standard._meta.get_field("file").help_text)


class StandardFileSerializer(serializers.Serializer):
    """A template's new file, with the version of the item the client read."""

    file = serializers.FileField(help_text=Standard._meta.get_field("file").help_text)
    version = VersionField(required=True)
