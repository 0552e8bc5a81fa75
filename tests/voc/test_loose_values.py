"""Loose values in voc, refused by the model's field rules: the admin (where metrics and
dimensions are edited) and the operational-figure service refuse control characters,
over-long text and dates outside the program's range, naming the field."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cxgov.validators import latest_date
from voc.models import Channel, OperationalValue
from voc.services import operational_value_record

from .factories import metric

pytestmark = pytest.mark.django_db


def test_an_operational_figure_dated_0001_is_refused_naming_the_period(core_team_user):
    with pytest.raises(ValidationError) as refused:
        operational_value_record(
            by=core_team_user,
            metric=metric("churn"),
            granularity="month",
            period_start_on=dt.date(1, 1, 1),
            value=1.8,
        )
    assert refused.value.message_dict["period_start_on"] == [
        "0001-01-01 is outside the dates this program takes: "
        f"choose a date from 1990-01-01 to {latest_date().isoformat()}."
    ]
    assert not OperationalValue.objects.exists()


def test_an_operational_figure_note_takes_one_plain_line(core_team_user):
    with pytest.raises(ValidationError) as refused:
        operational_value_record(
            by=core_team_user,
            metric=metric("churn"),
            granularity="month",
            period_start_on=dt.date(2026, 3, 1),
            value=1.8,
            note="Churn\nspike",
        )
    assert "U+000A at character 6" in refused.value.message_dict["note"][0]
    assert not OperationalValue.objects.exists()


def test_the_admin_refuses_a_100000_character_description_naming_the_limit(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:voc_channel_add"),
        {"code": "kiosk", "name": "Kiosk", "description": "k" * 100_000, "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["description"] == [
        "The description is 100,000 characters long; the limit is 10,000."
    ]
    assert not Channel.objects.filter(code="kiosk").exists()


def test_the_admin_refuses_a_control_character_in_a_name(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:voc_channel_add"), {"code": "kiosk", "name": "Ki\x1fosk", "description": ""}
    )
    assert response.status_code == 200
    assert "U+001F" in str(response.context["adminform"].form.errors["name"])
    assert not Channel.objects.filter(code="kiosk").exists()
