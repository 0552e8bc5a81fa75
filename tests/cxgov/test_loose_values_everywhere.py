"""The program's rules for loose values hold on every value a person or a file can set.

Every model field a person sets is found by walking the apps' models (a new field is covered by
existing; a field only the system writes is named in SYSTEM_SET with the reason), and every
API input that is no model field by walking the serializer modules. Each is given the loose
value of its kind: a control character and 100,001 characters for text, 1900-01-01 and
9999-12-31 for a date, 2**31 for a whole number, and must refuse it. The model's rules are
what every door runs (forms and services through full_clean, the API's model serializers
copy them); the importer's columns are held to the same rules in
tests/voc/test_import_loose_values.py.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

pytestmark = pytest.mark.django_db

SERIALIZER_MODULES = [
    "governance.api.serializers",
    "voc.api.serializers",
    "portfolio.api.serializers",
    "cxgov.api.notifications",
    "cxgov.program.api",
]

TEXT = ["a\x07b", "x" * 100_001]
DATES = [dt.date(1900, 1, 1), dt.date(9999, 12, 31)]
DATETIMES = ["1900-01-01T10:00:00Z", "9999-12-31T00:00:00Z"]
WHOLE = [2**31]


def classes(modules: list[str], base: type) -> list[type]:
    found = []
    for name in modules:
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, base) and value.__module__ == name:
                found.append(value)
    return found


def loose_values(field) -> list:
    if isinstance(field, serializers.ChoiceField | forms.ChoiceField | forms.TypedChoiceField):
        return []  # a closed list
    if isinstance(field, serializers.DateTimeField | forms.DateTimeField):
        return DATETIMES
    if isinstance(field, serializers.DateField | forms.DateField):
        return [d.isoformat() for d in DATES]
    if isinstance(field, serializers.IntegerField | forms.IntegerField):
        return WHOLE
    if isinstance(field, serializers.CharField | forms.CharField) and not isinstance(
        field, serializers.SlugField | forms.SlugField | forms.EmailField
    ):
        return TEXT
    return []


MODEL_APPS = ["governance", "voc", "portfolio", "cxgov", "program"]
# Model fields no person or file sets: the system writes them (a clock, a counter, a copy of
# another row), so there is nothing to refuse. Everything else is held to the rules.
SYSTEM_SET = {
    "governance.Charter.created_on": "the day the charter is made",
    "governance.CharterVersion.number": "counted by charter_version_create",
    "governance.CharterVersion.created_at": "clock",
    "governance.CharterVersion.submitted_at": "clock",
    "governance.CharterVersion.approved_at": "clock",
    "governance.CharterVersion.first_approval_at": "clock",
    "governance.Commitment.agreed_at": "clock, when the member agrees (commitment_state)",
    "governance.CharterVersion.rejected_at": "clock",
    "governance.CharterVersion.superseded_at": "clock",
    "governance.MissionStatement.number": "counted by the mission service",
    "governance.MissionStatement.created_at": "clock",
    "governance.MissionStatement.published_at": "clock",
    "governance.MissionStatement.superseded_at": "clock",
    "governance.Acknowledgement.acknowledged_at": "clock",
    "governance.Meeting.occurrence": "the cadence's date the meeting was generated for",
    "governance.Meeting.opened_at": "clock",
    "governance.Meeting.closed_at": "clock",
    "governance.Meeting.sequence": "counted for calendar updates",
    "governance.CalendarFeed.token": "generated secret",
    "voc.ClosedLoopCase.opened_on": "the import's day",
    "voc.ClosedLoopCase.due_on": "the opening day plus the response time",
    "voc.ClosedLoopCase.closed_on": "clock",
    "voc.ClosedLoopCase.escalated_to_lead_on": "clock, by the escalation job",
    "voc.ClosedLoopCase.escalated_to_steering_on": "clock, by the escalation job",
    "voc.ImportJob.started_at": "clock",
    "voc.ImportJob.finished_at": "clock",
    "voc.ImportJob.original_name": "the uploaded file's name, shown, never parsed",
    "voc.ImportJob.size_bytes": "measured",
    "voc.ImportJob.delimiter": "one of DELIMITERS, sniffed or chosen from a list",
    "voc.ImportJob.progress": "measured",
    "voc.ImportJob.processed_rows": "counted",
    "voc.ImportJob.cases_opened": "counted",
    "voc.ImportJob.total_rows": "counted",
    "voc.ImportJob.inserted_rows": "counted",
    "voc.ImportJob.skipped_rows": "counted",
    "voc.ImportJob.error_count": "counted",
    "voc.ImportJob.message": "written by the importer",
    "voc.ImportJob.attempts": "counted",
    "voc.ImportMappingPreference.delimiter": "one of DELIMITERS",
    "voc.KpiRollup.period_start": "computed",
    "voc.KpiRollup.dimension_id": "computed",
    "voc.KpiRollup.n": "computed",
    "voc.KpiRollup.promoters": "computed",
    "voc.KpiRollup.passives": "computed",
    "voc.KpiRollup.detractors": "computed",
    "voc.KpiRollup.share_count": "computed",
    "voc.KpiTarget.dimension_id": "the id of a chosen dimension",
    "voc.Alert.dimension_id": "computed",
    "voc.CommentRollup.period_start": "computed",
    "voc.CommentRollup.dimension_id": "computed",
    "voc.ThemeRollup.period_start": "computed",
    "voc.ThemeRollup.dimension_id": "computed",
    "voc.SuggestedTheme.decided_at": "clock",
    "portfolio.FocusOverride.subject": "the name of whose limit it went over, by focus_check",
    "program.HealthSnapshot.month": "the month the snapshot job takes",
    "program.HealthSnapshot.taken_at": "clock",
    "voc.Alert.period_start": "computed",
    "voc.Alert.message": "written by the alert job",
    "voc.WebhookDelivery.delivery_id": "the platform's id, from a delivery whose signature held",
    "voc.WebhookDelivery.body": "the signed delivery as received, kept to replay",
    "voc.WebhookDelivery.message": "written by the importer",
    "portfolio.Initiative.status_changed_on": "clock, by initiative_transition",
    "portfolio.Initiative.approved_on": "clock",
    "portfolio.Initiative.last_update_on": "copied from the latest status update",
    "portfolio.Risk.escalated_on": "clock",
    "portfolio.Risk.steering_reviewed_on": "clock",
    "cxgov.Notification.kind": "a registered kind",
    "cxgov.Notification.occasion": "written by notify",
    "cxgov.Notification.subject": "written by notify",
    "cxgov.Notification.body": "written by notify",
    "cxgov.Notification.html_body": "rendered from the digest's template by notifications_log",
    "cxgov.Notification.link": "written by notify",
    "cxgov.Notification.emailed_at": "clock",
    "cxgov.Notification.read_at": "clock",
    "cxgov.Notification.posted_at": "clock",
    "cxgov.OutboxMessage.task": "a registered task's name, written by outbox.enqueue",
    "cxgov.OutboxMessage.last_error": "the broker's refusal, written by the outbox",
    "cxgov.SsoIdentity.issuer": "the configured issuer, matched by a verified ID token",
    "cxgov.SsoIdentity.subject": "the sub claim of a verified ID token",
    "program.KpiPack.built_at": "clock",
    "program.KpiPack.frozen_at": "clock",
}
AWARE = [dt.datetime(d.year, d.month, d.day, 10, tzinfo=dt.UTC) for d in DATES]


def model_loose_values(field: models.Field) -> list:
    if field.choices or isinstance(field, models.SlugField | models.EmailField):
        return []  # a closed list, or a pattern that admits no control character
    if isinstance(field, models.DateTimeField):
        return AWARE
    if isinstance(field, models.DateField):
        return DATES
    if isinstance(field, models.IntegerField):
        return WHOLE
    if isinstance(field, models.TextField):
        return TEXT
    if isinstance(field, models.CharField):
        return TEXT[:1]  # its length is its max_length, checked by Django
    return []


def person_set_model_fields():
    for app in MODEL_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue  # django-simple-history's copies
            for field in model._meta.concrete_fields:
                auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
                if field.primary_key or field.is_relation or not field.editable or auto:
                    continue
                yield f"{model._meta.label}.{field.name}", field


def test_every_model_field_a_person_sets_refuses_the_loose_values_of_its_kind():
    accepted, checked, seen = [], 0, set()
    for where, field in person_set_model_fields():
        seen.add(where)
        if where in SYSTEM_SET:
            continue
        for value in model_loose_values(field):
            checked += 1
            if not refuses(field.run_validators, value):
                accepted.append(f"{where} took {str(value)[:12]!r}")
    assert checked > 150
    assert not accepted, "\n".join(accepted)
    assert not set(SYSTEM_SET) - seen, "SYSTEM_SET names fields that are gone"


def test_every_api_input_that_is_no_model_field_refuses_the_loose_values_of_its_kind():
    """Action inputs (a case's closing note, a cancellation's reason, a moved date): their
    serializers are not model serializers, so they carry the program's rules themselves."""
    from drf_spectacular.generators import SchemaGenerator

    components = SchemaGenerator().get_schema(request=None, public=True)["components"]
    # The serializers requests are read with: COMPONENT_SPLIT_REQUEST names them "...Request".
    inputs = {
        name.removeprefix("Patched").removesuffix("Request") + "Serializer"
        for name in components["schemas"]
        if name.endswith("Request")
    }
    accepted, checked = [], 0
    for cls in classes(SERIALIZER_MODULES, serializers.Serializer):
        if issubclass(cls, serializers.ModelSerializer) or cls.__name__ not in inputs:
            continue  # a model serializer's fields carry their model's rules (the test above)
        for name, field in cls().fields.items():
            if field.read_only or name.endswith("_id"):
                continue  # an id is looked up, and refused when it names nothing
            for value in loose_values(field):
                checked += 1
                if not refuses(field.run_validation, value):
                    accepted.append(f"{cls.__name__}.{name} took {str(value)[:12]!r}")
    assert checked > 10
    assert not accepted, "\n".join(accepted)


def refuses(check, value) -> bool:
    try:
        check(value)
    except (ValidationError, DjangoValidationError):
        return True
    return False


# The probe's examples, end to end through the API: refused, named, nothing written.


def test_a_meeting_starting_9999_12_31_is_a_400_naming_starts_at(api_client, core_team_user):
    from governance.models import Meeting
    from tests.factories import BodyFactory

    body = BodyFactory(name="Loose steering", tier="steering_committee", parent=None)
    api_client.force_login(core_team_user)
    response = api_client.post(
        "/api/v1/meetings/", {"body": body.pk, "starts_at": "9999-12-31T09:00:00Z"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "outside the dates this program takes" in response.json()["starts_at"][0]
    assert not Meeting.objects.filter(body=body).exists()


def test_a_100000_character_closing_note_is_a_400_naming_the_note(api_client, core_team_user):
    from tests.voc.test_case_selectors_and_api import make_case
    from voc.models import ClosedLoopCase

    case = make_case(owner=core_team_user)
    api_client.force_login(core_team_user)
    url = f"/api/v1/cases/{case.pk}/transition/"
    response = api_client.post(url, {"to_status": "closed", "note": "n" * 100_000}, format="json")
    assert response.status_code == 400
    assert response.json()["note"] == ["The note is 100,000 characters long; the limit is 2,000."]
    assert ClosedLoopCase.objects.get(pk=case.pk).status == "open"


def test_the_case_service_refuses_an_over_long_note_for_every_door(core_team_user):
    from tests.voc.test_case_selectors_and_api import make_case
    from voc.errors import VocError
    from voc.services import case_transition

    case = make_case(owner=core_team_user)
    with pytest.raises(VocError) as refused:
        case_transition(case=case, to_status="closed", by=core_team_user, note="n" * 2_001)
    assert refused.value.message == "The closing note is 2,001 characters long; the limit is 2,000."
    case.refresh_from_db()
    assert (case.status, case.closing_note) == ("open", "")


def test_an_activity_position_of_2_to_the_31_is_a_400_naming_the_position(
    api_client, core_team_user
):
    from governance.models import Activity

    api_client.force_login(core_team_user)
    response = api_client.post(
        "/api/v1/activities/",
        {"code": "far-down", "name": "Far down", "position": 2**31},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["position"] == [
        "The position is 2,147,483,648; the most it takes is 10,000."
    ]
    assert not Activity.objects.filter(code="far-down").exists()
