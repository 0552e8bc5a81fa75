"""The operational figures' API: every role reads them; the core team enters a figure for the
whole company or at a touchpoint (its rollup row follows at that scope) and corrects it; bad
input (an unknown touchpoint, a period entered twice, a survey metric, a change of the period)
is a 400 naming the field, with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from voc.models import KpiRollup, OperationalValue

from .factories import TouchpointFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/operational-values/"
APRIL = {"metric": "repeat-contacts", "granularity": "month", "period_start_on": "2026-04-01",
         "value": 18.5}  # fmt: skip


@pytest.fixture
def api(core_team_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(core_team_user)
    return client


@pytest.fixture
def app_login(db):
    return TouchpointFactory(code="app-login", name="Mobile app login")


def written() -> tuple[int, int]:
    return OperationalValue.objects.count(), KpiRollup.objects.count()


def test_a_figure_at_a_touchpoint_is_entered_read_and_corrected(api, app_login, viewer_user):
    answer = api.post(URL, APRIL | {"touchpoint": "app-login", "note": "MI pack"}, format="json")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert {k: body[k] for k in ("metric", "granularity", "period_start", "touchpoint", "value")} == {
        "metric": "repeat-contacts", "granularity": "month", "period_start": "2026-04-01",
        "touchpoint": "app-login", "value": 18.5,
    }  # fmt: skip
    row = KpiRollup.objects.get()
    assert (row.dimension_kind, row.dimension_id, row.score) == ("touchpoint", app_login.pk, 18.5)
    fixed = api.patch(f"{URL}{body['id']}/", {"value": 17.9}, format="json")
    assert fixed.status_code == 200 and fixed.json()["note"] == "MI pack"
    assert KpiRollup.objects.get().score == 17.9
    reader = APIClient()
    reader.force_authenticate(viewer_user)
    listed = reader.get(URL).json()["results"]
    assert [(v["touchpoint"], v["value"]) for v in listed] == [("app-login", 17.9)]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"touchpoint": "nowhere"}, "touchpoint", "Object with code=nowhere does not exist."),
        ({"touchpoint": 7}, "touchpoint", "Give text here, not a number."),
        ({"period_start_on": "1900-01-01"}, "period_start_on", "1990"),
        ({"note": "a\x07b"}, "note", "control"),
        ({"metric": "nps"}, "metric", "Net Promoter Score is scored by customers"),
        ({"period_start_on": "2026-04-15"}, "period_start_on",
         "15 Apr 2026 does not begin a month"),
        ({"value": 1e12}, "value", "less than or equal to 1000000000"),
        ({"note": "two\nlines"}, "note", "line"),
    ],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(
    api, app_login, change, field, message
):
    answer = api.post(URL, APRIL | {"touchpoint": "app-login"} | change, format="json")
    assert answer.status_code == 400
    assert message in " ".join(answer.json()[field])
    assert written() == (0, 0)


def test_a_period_entered_twice_is_refused_on_the_period_and_the_first_stays(api, app_login):
    assert api.post(URL, APRIL | {"touchpoint": "app-login"}, format="json").status_code == 201
    again = api.post(URL, APRIL | {"touchpoint": "app-login", "value": 30}, format="json")
    assert again.status_code == 400
    assert again.json()["period_start_on"] == [
        "Repeat contact rate already has a figure for the month of 1 Apr 2026 at Mobile app "
        "login (18.5): correct that one instead."
    ]
    assert written() == (1, 1) and OperationalValue.objects.get().value == 18.5
    # The whole company's April is another scope.
    assert api.post(URL, APRIL, format="json").status_code == 201


def test_a_correction_cannot_move_the_figure(api, app_login):
    pk = api.post(URL, APRIL, format="json").json()["id"]
    moved = api.patch(f"{URL}{pk}/", {"touchpoint": "app-login", "value": 1}, format="json")
    assert moved.status_code == 400 and "touchpoint" in moved.json()
    figure = OperationalValue.objects.get()
    assert (figure.touchpoint, figure.value, figure.period_start) == (
        None, 18.5, dt.date(2026, 4, 1)
    )  # fmt: skip
