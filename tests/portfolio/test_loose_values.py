"""Loose values in the portfolio, refused by the model's field rules through every door (the
API's serializers, the pages' forms via the services): control characters, over-long text,
dates outside the program's range. Each refusal names the field; nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cxgov.validators import latest_date
from portfolio.models import Initiative, Status, StatusUpdate, StrategicPriority

RANGE = f"choose a date from 1990-01-01 to {latest_date().isoformat()}."


@pytest.fixture
def running(make_initiative):
    return make_initiative(status=Status.IN_PROGRESS, progress=30, health="green")


def test_a_100000_character_summary_is_a_400_naming_the_field_and_the_limit(
    program, running, api_client
):
    api_client.force_login(program.member)
    response = api_client.post(
        "/api/v1/status-updates/",
        {"initiative": running.pk, "health": "amber", "progress": 40, "summary": "s" * 100_000},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "summary": ["The summary is 100,000 characters long; the limit is 10,000."]
    }
    assert not StatusUpdate.objects.exists()


def test_a_control_character_in_a_title_is_a_400_over_the_api(program, running, api_client):
    api_client.force_login(program.member)
    response = api_client.patch(
        f"/api/v1/initiatives/{running.pk}/", {"title": "Faster\x08 onboarding"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["title"] == [
        "The title contains the control character U+0008 at character 7; "
        "it takes a single line of plain text."
    ]
    assert Initiative.objects.get(pk=running.pk).title == running.title


def test_a_control_character_in_an_update_is_refused_next_to_the_field_on_the_page(
    program, running, client
):
    client.force_login(program.member)
    page = client.post(
        reverse("portfolio:update-create", args=[running.pk]),
        {"health": "amber", "progress": 40, "summary": "On track\x1b[31m"},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["summary"] == [
        "The summary contains the control character U+001B at character 9; it takes text."
    ]
    assert not StatusUpdate.objects.exists()


def test_an_over_long_priority_description_is_refused_on_the_page(program, client):
    client.force_login(program.core)
    page = client.post(
        reverse("portfolio:priority-create"),
        {"title": "Loyalty", "description": "d" * 10_001, "period": "2026", "position": 0},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["description"] == [
        "The description is 10,001 characters long; the limit is 10,000."
    ]
    assert not StrategicPriority.objects.filter(title="Loyalty").exists()


@pytest.mark.parametrize("target_date", ["9999-12-31", "0001-01-01"])
def test_an_initiative_dated_outside_the_program_range_is_a_400_giving_the_range(
    program, running, api_client, target_date
):
    api_client.force_login(program.member)
    response = api_client.patch(
        f"/api/v1/initiatives/{running.pk}/", {"target_date": target_date}, format="json"
    )
    assert response.status_code == 400
    assert (
        f"{target_date} is outside the dates this program takes: {RANGE}"
        in (response.json()["target_date"])
    )
    assert Initiative.objects.get(pk=running.pk).target_date == running.target_date


def test_an_initiative_dated_outside_the_range_is_refused_on_the_page(program, running, client):
    client.force_login(program.member)
    form = {
        "title": running.title,
        "working_group": program.onboarding.pk,
        "owner": program.member.pk,
        "business_unit": program.retail.pk,
        "driven_by": "business",
        "start_date": "2026-01-01",
        "target_date": "9999-12-31",
        "version": running.version,
    }
    page = client.post(reverse("portfolio:initiative-edit", args=[running.pk]), form)
    assert page.status_code == 200
    assert (
        f"9999-12-31 is outside the dates this program takes: {RANGE}"
        in (page.context["form"].errors["target_date"])
    )
    assert Initiative.objects.get(pk=running.pk).target_date == running.target_date
