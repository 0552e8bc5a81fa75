"""One serializer per voc model the API shows."""

import json

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from cxgov.api.serializers import (
    CharField,
    ModelSerializer,
    PrimaryKeyRelatedField,
    SlugRelatedField,
    VersionField,
    whole_number,
)
from cxgov.validators import SHORT_TEXT, plain_line, plain_text, program_date
from governance.models import SuccessStatement
from voc import selectors
from voc.models import (
    Alert,
    Channel,
    ClosedLoopCase,
    DimensionKind,
    Granularity,
    ImportJob,
    ImportMode,
    KpiRollup,
    KpiTarget,
    Metric,
    Promise,
    PromiseVerdict,
    Response,
    Segment,
    Theme,
    Touchpoint,
)
from voc.models.themes import THEME_LANGUAGES
from voc.permissions import can_read_case_comment, can_read_comments


class MetricSerializer(ModelSerializer):
    class Meta:
        model = Metric
        fields = [
            "id", "code", "name", "kind", "scale_min", "scale_max", "whole_scores",
            "success_min", "success_max", "direction", "unit", "description",
            "reporting_time_zone", "is_active",
        ]  # fmt: skip


class TouchpointSerializer(ModelSerializer):
    class Meta:
        model = Touchpoint
        fields = [
            "id", "code", "name", "journey_stage", "owner", "business_unit", "description",
            "is_active",
        ]  # fmt: skip


class ChannelSerializer(ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "code", "name", "description", "is_active"]


class SegmentSerializer(ModelSerializer):
    class Meta:
        model = Segment
        fields = ["id", "code", "name", "description", "is_active"]


class RollupSerializer(ModelSerializer):
    small_sample = serializers.BooleanField(read_only=True)

    class Meta:
        model = KpiRollup
        fields = [
            "id", "metric", "granularity", "period_start", "dimension_kind", "dimension_id",
            "n", "promoters", "passives", "detractors", "share_count", "score", "low", "high",
            "small_sample",
        ]  # fmt: skip


class TargetSerializer(ModelSerializer):
    version = VersionField(read_only=True)

    class Meta:
        model = KpiTarget
        fields = [
            "id", "success_statement", "metric", "dimension_kind", "dimension_id",
            "granularity", "baseline_value", "baseline_period_start", "target_value",
            "target_date", "note", "version",
        ]  # fmt: skip


def _help(name: str) -> str:
    return str(KpiTarget._meta.get_field(name).help_text)


class WholeNumberField(serializers.IntegerField):
    """A whole number, refused (not truncated) when given as 7.5, "7.0" or true."""

    def to_internal_value(self, data):
        value = whole_number(data)
        if value is None:
            raise serializers.ValidationError(f"Give a whole number, not {data!r}.", code="invalid")
        return super().to_internal_value(value)


class TargetInputSerializer(serializers.Serializer):
    """What a client sends to set or change a KPI target (the answer is a target as read).
    A target's success statement, metric and scope are fixed once set: changing one is refused
    (remove the target and set a new one); its values, dates, granularity and note may change.
    Unknown keys are refused by name."""

    success_statement = PrimaryKeyRelatedField(
        queryset=SuccessStatement.objects.all(), help_text="The success statement it measures."
    )
    metric = PrimaryKeyRelatedField(queryset=Metric.objects.all(), help_text="The KPI's metric.")
    dimension_kind = serializers.ChoiceField(
        choices=DimensionKind.choices,
        default=DimensionKind.OVERALL,
        help_text="overall, or the kind of dimension value the target is scoped to.",
    )
    dimension_id = WholeNumberField(
        min_value=0,
        default=0,
        help_text="The touchpoint's, channel's, segment's or business unit's id; 0 for overall.",
    )
    granularity = serializers.ChoiceField(
        choices=Granularity.choices, default=Granularity.MONTH, help_text=_help("granularity")
    )
    baseline_value = serializers.FloatField(help_text="The KPI's value in the baseline period.")
    baseline_period_start = serializers.DateField(
        validators=[program_date], help_text=_help("baseline_period_start")
    )
    target_value = serializers.FloatField(help_text="The value to reach.")
    target_date = serializers.DateField(validators=[program_date], help_text=_help("target_date"))
    note = CharField(
        max_length=200,
        allow_blank=True,
        default="",
        validators=plain_line("The note"),
        help_text="Optional.",
    )
    version = VersionField()

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    dict.fromkeys(unknown, "Not a field of a KPI target.")
                )
        return super().to_internal_value(data)


class AlertSerializer(ModelSerializer):
    meeting_starts_at = serializers.DateTimeField(
        source="meeting.starts_at",
        read_only=True,
        allow_null=True,
        help_text="When the steering committee meeting it is marked for starts (null: none "
        "was scheduled when it was raised).",
    )

    class Meta:
        model = Alert
        fields = [
            "id", "metric", "dimension_kind", "dimension_id", "granularity", "period_start",
            "kind", "target", "message", "raised_at", "for_steering_committee", "meeting",
            "meeting_starts_at",
        ]  # fmt: skip


class SurveyResponseSerializer(ModelSerializer):
    """A response; its comment only for the roles allowed to read comments."""

    # The schema names it SurveyResponse: `Response` is every generated client's own class.

    class Meta:
        model = Response
        fields = [
            "id", "metric", "score", "responded_at", "touchpoint", "channel", "segment",
            "business_unit", "external_id", "comment",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_read_comments(request.user, instance.touchpoint):
            data.pop("comment", None)
        return data


class ImportJobSerializer(ModelSerializer):
    progress = serializers.IntegerField(source="progress_percent", read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id", "status", "format", "original_name", "size_bytes", "created_at",
            "started_at", "finished_at", "mode", "cases_from", "naive_in_reporting_zone",
            "progress", "processed_rows", "total_rows", "inserted_rows", "skipped_rows",
            "cases_opened", "error_count", "errors", "message",
        ]  # fmt: skip
        read_only_fields = fields


class ImportRefusalSerializer(serializers.Serializer):
    """A refused import: nothing was written. A CSV's problems name row and column; JSON
    records' name record and field."""

    detail = serializers.CharField()
    errors = serializers.ListField(
        child=serializers.DictField(),
        help_text='The first 100 problems: {"row", "column", "message"} for CSV, '
        '{"record", "field", "message"} for JSON records.',
    )
    error_count = serializers.IntegerField()


class OptionalBoolean(serializers.BooleanField):
    """A boolean whose default holds in a form or a query string too (DRF reads a missing
    box there as false)."""

    default_empty_html = empty


@extend_schema_field({"type": "string", "description": 'JSON text, e.g. {"score": "Rating"}.'})
class MappingField(serializers.JSONField):
    """Field -> column header, as a JSON object or (in a form or a query string) its text.
    Documented as that text in the query string of a raw text/csv body."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise serializers.ValidationError(
                'Give the mapping as an object of field -> column header, e.g. {"score": "Rating"}.'
            )
        return data


class ImportCaseOptionsSerializer(serializers.Serializer):
    """What an import does about closed-loop cases and dates without an offset."""

    mode = serializers.ChoiceField(
        choices=ImportMode.choices,
        default=ImportMode.LIVE,
        error_messages={"invalid_choice": '"{input}" is not an import mode: live or history.'},
        help_text="history: a backlog, opens no closed-loop case. live: detractors' comments "
        "from `cases_from` on open cases.",
    )
    cases_from = serializers.DateTimeField(
        required=False,
        default=None,
        allow_null=True,
        validators=[program_date],
        help_text="Live imports: responses from this moment open cases; older ones none. "
        "Default: the case service level before now.",
    )
    naive_in_reporting_zone = OptionalBoolean(
        default=False,
        help_text="Read a date and time without an offset in the metric's reporting time zone "
        "(else such a row is refused).",
    )
    all_or_nothing = OptionalBoolean(
        default=True, help_text="Refuse everything if one row is wrong."
    )


MAPPING_HELP = (
    'Field -> column header, e.g. {"score": "Rating"}. Default: the columns named like the '
    "fields (or as people name them: Rating, Response ID, Verbatim...)."
)


class ImportOptionsSerializer(ImportCaseOptionsSerializer):
    """A CSV import's options: the multipart form's fields, or the query string of a raw
    text/csv body."""

    mapping = MappingField(required=False, help_text=MAPPING_HELP)
    delimiter = serializers.ChoiceField(choices=[",", ";", "\t", "|"], required=False)
    metric = SlugRelatedField(
        slug_field="code", queryset=Metric.objects.all(), required=False,
        help_text="The metric of every row when the file has no metric column.",
    )  # fmt: skip


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
class MappingObjectField(MappingField):
    """The mapping as a multipart form's part: a JSON object of strings (a generated client
    sends it as JSON)."""


class ImportInputSerializer(ImportOptionsSerializer):
    file = serializers.FileField(help_text="CSV, UTF-8 (with or without BOM).")
    mapping = MappingObjectField(required=False, help_text=MAPPING_HELP)


class TargetRealismSerializer(serializers.Serializer):
    """How realistic a target is (voc.selectors.realism): the change it asks per period beside
    the largest change its series has shown between consecutive periods, and the responses
    per period needed to tell that change from noise (80% power, 5% significance)."""

    periods = serializers.IntegerField(
        help_text="Periods from the baseline's period to the target date's period."
    )
    asked_per_period = serializers.FloatField(
        help_text="The change asked per period, in the better direction (0 or less: the "
        "baseline already meets the target)."
    )
    largest_change = serializers.FloatField(
        allow_null=True,
        help_text="The largest better-way change between two consecutive periods of the "
        "history (null: no two consecutive periods with a value).",
    )
    largest_change_from = serializers.DateField(
        allow_null=True, help_text="The earlier period of that largest change."
    )
    history_pairs = serializers.IntegerField(help_text="Consecutive periods compared.")
    sample_size_per_period = serializers.IntegerField(
        allow_null=True,
        help_text="Responses each of two periods needs to tell the asked change from noise "
        "(null: nothing to detect, an entered figure, or no spread measured yet).",
    )
    latest_n = serializers.IntegerField(
        allow_null=True, help_text="Responses in the latest completed period."
    )
    stretch = serializers.BooleanField(
        help_text="It asks more per period than the history ever gave; never refused."
    )
    sentence = serializers.CharField(help_text="The figures as the pages write them.")


class TargetStatusSerializer(TargetSerializer):
    """A target with its status from the latest completed period (TARGET_STATUS_RULE): the
    value with its 95% interval and n, and the straight path's expected value. The viewset
    reads every target's rollups once per page and passes them in `readings`."""

    status = serializers.SerializerMethodField()
    latest = serializers.SerializerMethodField()
    expected = serializers.SerializerMethodField(
        help_text="The straight path's value at the end of the latest period (null: no data)."
    )
    expected_today = serializers.SerializerMethodField(help_text="The straight path's value today.")
    scope = serializers.SerializerMethodField(
        help_text='The scope\'s name, as every page writes it: "overall" or '
        '"Touchpoint: Mobile app login".'
    )
    baseline = serializers.FloatField(
        read_only=True,
        help_text="The baseline the path starts from: the KPI's measured value in the baseline "
        "period when it has data, else baseline_value (as typed).",
    )
    baseline_measured = serializers.BooleanField(
        source="baseline_is_measured", read_only=True, help_text="Whether `baseline` is measured."
    )
    baseline_note = serializers.CharField(
        read_only=True, help_text="Says when the typed baseline differs from the measured one."
    )
    realism = serializers.SerializerMethodField()

    class Meta(TargetSerializer.Meta):
        fields = [
            *TargetSerializer.Meta.fields,
            *("scope", "status", "latest", "expected", "expected_today"),
            *("baseline", "baseline_measured", "baseline_note", "realism"),
        ]

    @extend_schema_field(TargetRealismSerializer)
    def get_realism(self, target) -> dict:
        realism = self.context.get("realism", {}).get(target.pk)
        if realism is None:
            realism = selectors.targets_realism([target])[target.pk]
        return TargetRealismSerializer(realism.as_json()).data

    def _reading(self, target):
        return self.context.get("readings", {}).get(target.pk)

    def get_scope(self, target) -> str:
        reading = self._reading(target)
        return (
            reading.scope
            if reading
            else selectors.scope_name(target.dimension_kind, target.dimension_id)
        )

    def get_status(self, target) -> str:
        reading = self._reading(target)
        return reading.status.value if reading else "no_data"

    def get_latest(self, target) -> dict | None:
        reading = self._reading(target)
        row = reading.latest if reading else None
        if row is None or row.score is None:
            return None
        return {
            "granularity": row.granularity,
            "period_start": row.period_start.isoformat(),
            "value": row.score,
            "low": row.low,
            "high": row.high,
            "n": row.n,
            "small_sample": row.small_sample,
        }

    def get_expected(self, target) -> float | None:
        reading = self._reading(target)
        return reading.expected if reading else None

    def get_expected_today(self, target) -> float:
        from cxgov.dates import today

        return target.expected_on(today())


class CaseSerializer(ModelSerializer):
    """A closed-loop case: the response's score, and its comment only for those who may read
    it (the owner, the core team, admins). `owner` is the only field an update changes."""

    score = serializers.FloatField(source="response.score", read_only=True)
    responded_at = serializers.DateTimeField(source="response.responded_at", read_only=True)
    comment = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)
    allowed_statuses = serializers.SerializerMethodField()
    version = VersionField()

    class Meta:
        model = ClosedLoopCase
        fields = [
            "id", "response", "metric", "touchpoint", "business_unit", "owner", "status",
            "opened_on", "due_on", "closed_on", "closing_note", "is_overdue",
            "allowed_statuses", "score", "responded_at", "comment", "escalated_to_lead_on",
            "escalation_lead", "escalated_to_steering_on", "escalation_meeting", "version",
        ]  # fmt: skip
        read_only_fields = [
            "response", "metric", "touchpoint", "business_unit", "status", "opened_on",
            "due_on", "closed_on", "closing_note", "escalated_to_lead_on", "escalation_lead",
            "escalated_to_steering_on", "escalation_meeting",
        ]  # fmt: skip
        extra_kwargs = {"owner": {"allow_null": False, "required": True}}

    def get_comment(self, case) -> str | None:
        request = self.context.get("request")
        if request is None or not can_read_case_comment(request.user, case):
            return None
        return case.response.comment

    def get_allowed_statuses(self, case) -> list[str]:
        return [value for value, _ in case.allowed_status_choices()]


class CaseTransitionSerializer(serializers.Serializer):
    to_status = CharField(
        max_length=20,
        validators=plain_line("The status"),
        help_text="open, in_progress or closed (see allowed_statuses).",
    )
    note = CharField(
        required=False,
        allow_blank=True,
        validators=plain_text("The note", SHORT_TEXT),
        help_text="Required to close: what was done.",
    )
    version = VersionField(source="version_read")


class WebhookDeliverySerializer(serializers.Serializer):
    """What a survey platform's delivery came to: `stored` (its responses imported, or already
    stored before), `refused` (kept with its reason on the source's page, to replay once the
    source is fixed) or `ignored` (an event that is no finished response; not kept)."""

    status = serializers.ChoiceField(choices=["stored", "refused", "ignored"])
    detail = serializers.CharField()
    delivery = serializers.IntegerField(allow_null=True)
    responses_added = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())


# -- Comment themes and key drivers -------------------------------------------------------------


class ThemeSerializer(ModelSerializer):
    mention_count = serializers.IntegerField(
        read_only=True, help_text="Comments that mention it, all months and metrics."
    )
    detractor_mention_count = serializers.IntegerField(
        read_only=True, help_text="Of them, detractors' (each metric's own rule)."
    )

    class Meta:
        model = Theme
        fields = ["id", "name", "keywords", "languages", "is_active", "mention_count",
                  "detractor_mention_count", "created_at", "updated_at"]  # fmt: skip


class ThemeInputSerializer(serializers.Serializer):
    """What a client sends to create or change a theme; the model's rules decide the rest."""

    name = CharField(
        max_length=80,
        validators=Theme._meta.get_field("name").validators,  # the model's rules, not a copy
        help_text="The theme's name, unique.",
    )
    keywords = serializers.ListField(
        child=CharField(max_length=200),
        help_text="Words and phrases (whole words, any case; a trailing * matches any ending).",
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=list(THEME_LANGUAGES.items())),
        help_text="The languages the keywords are written in (ISO 639-1).",
    )
    is_active = serializers.BooleanField(default=True)


class DriverQuerySerializer(serializers.Serializer):
    metric = SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.exclude(kind="operational"),
        help_text="The metric whose detractors are compared: nps, csat, ces...",
    )
    months = serializers.ChoiceField(
        choices=[1, 3, 6, 12], default=3, help_text="How many months, up to `until`."
    )
    until = serializers.DateField(
        required=False, help_text="A day in the last month; default: the latest with comments."
    )
    touchpoint = SlugRelatedField(
        slug_field="code",
        queryset=Touchpoint.objects.all(),
        required=False,
        help_text="One touchpoint's comments only (its code); default: all.",
    )


class _ShareSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text="Percent.")
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class DriverSerializer(serializers.Serializer):
    theme = serializers.IntegerField(source="theme.pk")
    theme_name = serializers.CharField(source="theme.name")
    detractors = serializers.IntegerField(help_text="Detractors' comments.")
    detractor_mentions = serializers.IntegerField()
    others = serializers.IntegerField(help_text="The other comments.")
    other_mentions = serializers.IntegerField()
    detractor_share = _ShareSerializer()
    other_share = _ShareSerializer()
    difference = serializers.FloatField(
        source="value", allow_null=True, help_text="Detractors' share minus the others', points."
    )
    low = serializers.SerializerMethodField(help_text="95% interval (Newcombe), low end.")
    high = serializers.SerializerMethodField(help_text="95% interval (Newcombe), high end.")
    n = serializers.IntegerField()
    small_sample = serializers.BooleanField()
    drives_down = serializers.BooleanField(help_text="The interval lies above zero.")

    def get_low(self, driver) -> float | None:
        return driver.difference.low if driver.difference else None

    def get_high(self, driver) -> float | None:
        return driver.difference.high if driver.difference else None


class DriverTableSerializer(serializers.Serializer):
    metric = serializers.CharField(source="metric.code")
    first_month = serializers.DateField(allow_null=True, help_text="null: no comments yet.")
    last_month = serializers.DateField(allow_null=True)
    touchpoint = serializers.IntegerField(source="touchpoint_id", allow_null=True)
    detractors = serializers.IntegerField()
    others = serializers.IntegerField()
    drivers = DriverSerializer(many=True, help_text="Ranked: the largest excess first.")


class CorrelationQuerySerializer(serializers.Serializer):
    experience = SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.exclude(kind="operational"),
        help_text="The experience metric's code: nps, csat, ces...",
    )
    operational = SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.filter(kind="operational"),
        help_text="The operational figure's code: churn, repeat-contacts...",
    )
    granularity = serializers.ChoiceField(
        choices=["week", "month", "quarter"], default="month", help_text="The period length."
    )
    periods = serializers.IntegerField(
        min_value=3, max_value=120, default=24, help_text="Up to this many latest paired periods."
    )
    touchpoint = SlugRelatedField(
        slug_field="code",
        queryset=Touchpoint.objects.all(),
        required=False,
        help_text="Both series at one touchpoint (its code): the experience metric there and "
        "the operational figures entered there; default: the whole company's.",
    )


class CorrelationFigureSerializer(serializers.Serializer):
    value = serializers.FloatField(help_text="-1 to 1.")
    low = serializers.FloatField(allow_null=True, help_text="95% interval (Fisher's z), low end.")
    high = serializers.FloatField(allow_null=True, help_text="null with 3 periods.")
    n = serializers.IntegerField(help_text="Paired periods it rests on.")


class PairedPeriodSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    experience = serializers.FloatField()
    operational = serializers.FloatField()


class CorrelationSerializer(serializers.Serializer):
    experience = serializers.CharField(source="experience.code")
    operational = serializers.CharField(source="operational.code")
    granularity = serializers.CharField()
    scope = serializers.CharField(help_text="'overall' or the touchpoint's name.")
    n = serializers.IntegerField(help_text="Paired periods.")
    weak = serializers.BooleanField(help_text="Fewer than 8 periods: weak evidence.")
    pearson = CorrelationFigureSerializer()
    spearman = CorrelationFigureSerializer(help_text="Interval with Fieller's 1.06 factor.")
    pairs = PairedPeriodSerializer(many=True, help_text="Oldest first.")


# -- Operational figures -----------------------------------------------------------------------


class OperationalValueSerializer(serializers.Serializer):
    """An operational figure: entered once per metric, period and touchpoint (none: the whole
    company). The service decides what is allowed and names the field it refuses."""

    id = serializers.IntegerField(read_only=True)
    metric = SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.all(),
        help_text="The operational metric's code: churn, handle-time, repeat-contacts...",
    )
    granularity = serializers.ChoiceField(
        choices=Granularity.choices, help_text="The period the figure covers."
    )
    period_start_on = serializers.DateField(
        write_only=True,
        validators=[program_date],
        help_text="The first day of the period: the 1st of a month, a Monday for a week, the "
        "1st of January, April, July or October for a quarter.",
    )
    period_start = serializers.DateField(read_only=True)
    touchpoint = SlugRelatedField(
        slug_field="code",
        queryset=Touchpoint.objects.all(),
        required=False,
        allow_null=True,
        help_text="The touchpoint it is measured at (its code); null: the whole company.",
    )
    value = serializers.FloatField(
        min_value=-1e9, max_value=1e9, help_text="In the metric's unit (% for a rate)."
    )
    note = CharField(
        required=False, allow_blank=True, max_length=200, validators=plain_line("The note")
    )
    entered_by = serializers.IntegerField(source="entered_by_id", read_only=True, allow_null=True)
    entered_at = serializers.DateTimeField(read_only=True)


class OperationalValueCorrectionSerializer(OperationalValueSerializer):
    """A correction: the value and the note; the metric, period and touchpoint stay."""

    metric = serializers.CharField(source="metric.code", read_only=True)
    granularity = serializers.CharField(read_only=True)
    period_start_on = None
    touchpoint = serializers.CharField(source="touchpoint.code", read_only=True, allow_null=True)


# -- CX promises ----------------------------------------------------------------------------------


class PromiseReadingSerializer(serializers.Serializer):
    """The promise check of the last complete period (voc.selectors.promise_readings)."""

    verdict = serializers.ChoiceField(
        choices=PromiseVerdict.choices,
        help_text="kept; within_noise (short of the target's path, the interval reaches it); "
        "contradicted (the whole 95% interval falls short: flagged to the core team); "
        "too_little_data (no response or fewer than the minimum sample: not judged); "
        "no_target (no KPI target for the metric at the touchpoint).",
    )
    sentence = serializers.CharField(help_text="The verdict as the pages say it.")
    granularity = serializers.ChoiceField(choices=Granularity.choices)
    period_start = serializers.DateField(help_text="The last complete period read.")
    value = serializers.FloatField(allow_null=True, source="rollup.score", default=None)
    low = serializers.FloatField(allow_null=True, source="rollup.low", default=None)
    high = serializers.FloatField(allow_null=True, source="rollup.high", default=None)
    n = serializers.IntegerField(source="rollup.n", default=0)
    small_sample = serializers.BooleanField(source="rollup.small_sample", default=False)
    target = serializers.IntegerField(allow_null=True, source="target.pk", default=None)
    expected = serializers.FloatField(
        allow_null=True, help_text="What the target's path expects in the period."
    )


class PromiseSerializer(ModelSerializer):
    touchpoint = PrimaryKeyRelatedField(queryset=Touchpoint.objects.all())
    metric = PrimaryKeyRelatedField(queryset=Metric.objects.all())
    note = CharField(
        required=False, allow_blank=True, validators=plain_text("The note", SHORT_TEXT)
    )
    reading = serializers.SerializerMethodField()

    class Meta:
        model = Promise
        fields = ["id", "statement", "touchpoint", "metric", "note", "is_active", "reading",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(PromiseReadingSerializer)
    def get_reading(self, promise: Promise) -> dict:
        reading = self.context.get("readings", {}).get(promise.pk)
        if reading is None:
            reading = selectors.promise_readings(Promise.objects.filter(pk=promise.pk))[0]
        return PromiseReadingSerializer(reading).data
