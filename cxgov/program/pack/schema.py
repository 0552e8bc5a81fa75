"""The KPI pack document's shape, for the OpenAPI schema: a component per section, so a
generated client reads typed data (GET /api/v1/meetings/{id}/pack/).

These serializers only describe the document; the API answers the stored or live JSON
(cxgov/program/pack/document.py) as it is. A section that does not apply to a body's tier has
only its title, `applies` (false) and `reason`, so every other key is optional, and a pack
frozen by an earlier version may lack keys added since; a key added later is allowed
(additional properties). schemathesis holds the answers to this shape
(tests/test_api_fuzz.py) and the generated client parses them (tests/test_api_client.py).
"""

from __future__ import annotations

from rest_framework import serializers

OPTIONAL = {"required": False}


def text(help_text: str = "", **kwargs) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, help_text=help_text, **kwargs)


def number(help_text: str = "") -> serializers.FloatField:
    return serializers.FloatField(required=False, allow_null=True, help_text=help_text)


def whole(help_text: str = "") -> serializers.IntegerField:
    return serializers.IntegerField(required=False, help_text=help_text)


def day(help_text: str = "") -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, help_text=help_text)


class PackMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = text()
    body = text("The body's name.")
    body_id = whole()
    tier = text()
    tier_label = text()
    starts_at = serializers.DateTimeField(required=False)
    local_start = text("The start in the meeting's time zone, as the pack prints it.")
    time_zone = text()


class PackDataAgeSerializer(serializers.Serializer):
    last_import = serializers.DateTimeField(allow_null=True, required=False)
    last_status_update = serializers.DateTimeField(allow_null=True, required=False)


class PackLateSerializer(serializers.Serializer):
    read_at = serializers.DateTimeField(required=False)
    today = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="The sections read as they stand today (they keep no history).",
    )  # fmt: skip


class PackPreviousMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    local_start = text()


class PackSectionSerializer(serializers.Serializer):
    """What every section has; the rest only when it applies to the body's tier."""

    title = serializers.CharField()
    applies = serializers.BooleanField()
    reason = serializers.CharField(
        allow_blank=True,
        help_text="Why the section is empty on this body's pack (blank: it applies).",
    )


class PackListSectionSerializer(PackSectionSerializer):
    total = whole("How many there are; `items` keeps the first 25.")
    hidden = whole("How many the reader may not see were left out.")


class PackReadingSerializer(serializers.Serializer):
    period = day()
    value = number()
    low = number("The 95% interval's low end (null: no interval).")
    high = number()
    n = serializers.IntegerField(required=False, allow_null=True)
    small_sample = serializers.BooleanField(required=False)


class PackChangeSerializer(serializers.Serializer):
    value = number()
    low = number()
    high = number()
    outside_noise = serializers.BooleanField(required=False, allow_null=True)
    small_sample = serializers.BooleanField(required=False)


class PackSeriesPointSerializer(PackReadingSerializer):
    expected = number("The straight path's value at the end of the period.")


class PackProjectionSerializer(serializers.Serializer):
    periods = whole()
    minimum = whole()
    slope = number()
    projected = number()
    standard_error = number()
    probability = number("The chance of reaching the target (null: too few periods).")
    reason = text()


class PackKpiSerializer(serializers.Serializer):
    target_id = serializers.IntegerField()
    metric = text()
    unit = text()
    scope = text()
    granularity = text()
    statement = text("The success statement the target belongs to.")
    higher_is_better = serializers.BooleanField(required=False)
    baseline = number()
    baseline_typed = number()
    baseline_measured = serializers.BooleanField(required=False)
    baseline_note = text()
    target_value = number()
    target_date = day()
    value_range = serializers.ListField(
        child=serializers.FloatField(allow_null=True), required=False,
        help_text="What the KPI can take, [low, high] (null: unbounded).",
    )  # fmt: skip
    status = text()
    status_label = text()
    expected = number()
    latest = PackReadingSerializer(allow_null=True, **OPTIONAL)
    at_last_meeting = PackReadingSerializer(allow_null=True, **OPTIONAL)
    change = PackChangeSerializer(allow_null=True, **OPTIONAL)
    change_note = text()
    series = PackSeriesPointSerializer(many=True, **OPTIONAL)
    projection = PackProjectionSerializer(**OPTIONAL)
    outlook = text()
    disagree = serializers.BooleanField(required=False)


class PackKpiSectionSerializer(PackSectionSerializer):
    rule = text("How a target's status is read.")
    items = PackKpiSerializer(many=True, **OPTIONAL)


class PackInitiativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = text()
    status = text()
    health = text("green, amber or red; blank: no status update yet.")
    health_label = text()
    health_then = text("Its health at the last meeting (the turned initiatives).")
    working_group = text()
    business_unit = text()
    owner = text()
    last_update_on = day()
    last_summary = text()
    blockers = text()
    help_reason = text()


class PackInitiativeSectionSerializer(PackListSectionSerializer):
    items = PackInitiativeSerializer(many=True, **OPTIONAL)


class PackRiskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = text()
    initiative = text()
    initiative_id = serializers.IntegerField(required=False, allow_null=True)
    severity = whole()
    severity_band = text()
    owner = text()
    escalated_on = day()
    escalated_by = text()
    note = text()
    mitigation = text()


class PackRiskSectionSerializer(PackListSectionSerializer):
    items = PackRiskSerializer(many=True, **OPTIONAL)


class PackAlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    metric = text()
    kind = text()
    period = day()
    message = text()
    raised_at = serializers.DateTimeField(required=False)


class PackAlertSectionSerializer(PackListSectionSerializer):
    items = PackAlertSerializer(many=True, **OPTIONAL)


class PackDecisionSerializer(serializers.Serializer):
    kind = text()
    title = text()
    detail = text()
    initiative_id = serializers.IntegerField(required=False)
    charter_version_id = serializers.IntegerField(required=False)


class PackDecisionSectionSerializer(PackListSectionSerializer):
    items = PackDecisionSerializer(many=True, **OPTIONAL)


class PackActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = text()
    owner = text()
    due_on = day()
    days_overdue = whole()
    status = text()


class PackActionSectionSerializer(PackListSectionSerializer):
    items = PackActionSerializer(many=True, **OPTIONAL)


class PackCaseCountsSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The working group or business unit.")
    name = text()
    open = whole()
    overdue = whole()
    closed_in_time = whole()
    closed_late = whole()
    total = whole()
    in_time_percent = number()


class PackCaseSectionSerializer(PackSectionSerializer):
    service_level = text()
    by_working_group = PackCaseCountsSerializer(many=True, **OPTIONAL)
    by_business_unit = PackCaseCountsSerializer(many=True, **OPTIONAL)
    total = whole()
    open = whole()


class PackEscalatedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    metric = text()
    touchpoint = text()
    business_unit = text()
    owner = text()
    lead = text()
    opened_on = day()
    due_on = day()
    escalated_on = day()
    days_overdue = whole()


class PackEscalatedCaseSectionSerializer(PackListSectionSerializer):
    items = PackEscalatedCaseSerializer(many=True, **OPTIONAL)


class PackUnownedGapSerializer(serializers.Serializer):
    target_id = serializers.IntegerField()
    metric = text()
    scope = text()
    status_label = text()
    latest = PackReadingSerializer(allow_null=True, **OPTIONAL)
    expected = number()
    target_value = number()
    target_date = day()
    inactive_links = whole("Links from initiatives that are not active.")


class PackUnalignedInitiativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = text()
    status = text()
    health = text("green, amber or red; blank: no status update yet.")
    health_label = text()
    working_group = text()
    owner = text()


class PackLineOfSightSectionSerializer(PackSectionSerializer):
    unowned = PackUnownedGapSerializer(many=True, **OPTIONAL)
    unaligned = PackUnalignedInitiativeSerializer(many=True, **OPTIONAL)
    unaligned_total = whole()
    total = whole()
    hidden = whole()
    unavailable = text()


class PackDriverSerializer(serializers.Serializer):
    metric = text()
    metric_code = text()
    detractors = text("Who the metric's detractors are: 'detractors (0-6)'.")
    theme_id = serializers.IntegerField()
    theme = text()
    value = number("Detractors' share mentioning it minus the others', in points.")
    low = number("95% interval (Newcombe), low end.")
    high = number("95% interval (Newcombe), high end.")
    n = whole("Comments on both sides.")
    small_sample = serializers.BooleanField()
    drives_down = serializers.BooleanField(help_text="The interval lies above zero.")
    previous = number("The same figure over the three months before the last meeting.")
    change = number("value - previous, in points; null without a last meeting or figure.")


class PackDriverSectionSerializer(PackListSectionSerializer):
    items = PackDriverSerializer(many=True, **OPTIONAL)
    first_month = day()
    last_month = day()


class PackWeakestSignalSerializer(serializers.Serializer):
    title = serializers.CharField()
    percent = whole("The signal's value, 0 to 100.")
    url = serializers.CharField(help_text="The records that pull it down.")


class PackHealthSectionSerializer(PackSectionSerializer):
    score = whole("The program's governance-health score, 0 to 100 (null: no signal has data).")
    change = serializers.IntegerField(
        required=False, allow_null=True, help_text="Against the last monthly snapshot."
    )
    since = day("The month of the snapshot compared with.")
    weakest = PackWeakestSignalSerializer(allow_null=True, **OPTIONAL)


class PackLeaderEngagementSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = text()
    count = whole("CX engagements logged in the quarter.")
    target = serializers.IntegerField(
        required=False, allow_null=True, help_text="The sponsor's target a quarter (null: none)."
    )
    met = serializers.BooleanField(
        required=False, allow_null=True, help_text="count >= target; null without a target."
    )


class PackEngagementSectionSerializer(PackListSectionSerializer):
    quarter = text("The quarter counted: 'Q4 2026'.")
    items = PackLeaderEngagementSerializer(many=True, **OPTIONAL)
    behind = whole("Leaders behind their target.")


class PackPromiseSerializer(serializers.Serializer):
    promise_id = serializers.IntegerField()
    statement = text("The promise as customers read it.")
    touchpoint = text()
    metric = text()
    verdict = text(
        "kept, within_noise, contradicted (the whole 95% interval short of the target's "
        "path), too_little_data or no_target."
    )
    verdict_label = text()
    sentence = text("The verdict, with the value, its interval and n.")
    period = day("The last complete period read.")
    reading = PackReadingSerializer(allow_null=True, **OPTIONAL)
    expected = number("What the target's path expects in the period.")


class PackPromiseCountsSerializer(serializers.Serializer):
    kept = whole()
    within_noise = whole()
    contradicted = whole()
    too_little_data = whole()
    no_target = whole()


class PackPromiseSectionSerializer(PackSectionSerializer):
    items = PackPromiseSerializer(many=True, **OPTIONAL)
    total = whole("Active promises.")
    counts = PackPromiseCountsSerializer(**OPTIONAL)


class PackSectionsSerializer(serializers.Serializer):
    kpis = PackKpiSectionSerializer(**OPTIONAL)
    initiatives = PackInitiativeSectionSerializer(**OPTIONAL)
    needs_help = PackInitiativeSectionSerializer(**OPTIONAL)
    risks = PackRiskSectionSerializer(**OPTIONAL)
    alerts = PackAlertSectionSerializer(**OPTIONAL)
    decisions = PackDecisionSectionSerializer(**OPTIONAL)
    actions = PackActionSectionSerializer(**OPTIONAL)
    cases = PackCaseSectionSerializer(**OPTIONAL)
    escalated_cases = PackEscalatedCaseSectionSerializer(**OPTIONAL)
    flags = PackLineOfSightSectionSerializer(**OPTIONAL)
    drivers = PackDriverSectionSerializer(**OPTIONAL)
    health = PackHealthSectionSerializer(**OPTIONAL)
    engagement = PackEngagementSectionSerializer(**OPTIONAL)
    promises = PackPromiseSectionSerializer(**OPTIONAL)


class PackDocumentSerializer(serializers.Serializer):
    version = whole("The document's version.")
    meeting = PackMeetingSerializer(**OPTIONAL)
    as_of = serializers.DateTimeField(required=False, help_text="When the data was read.")
    data_age = PackDataAgeSerializer(**OPTIONAL)
    late = PackLateSerializer(allow_null=True, **OPTIONAL)
    since = serializers.DateTimeField(required=False, help_text="The last meeting's start.")
    previous_meeting = PackPreviousMeetingSerializer(allow_null=True, **OPTIONAL)
    sections = PackSectionsSerializer()
