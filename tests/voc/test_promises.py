"""The promise check with hand-worked numbers: responses built by hand at a touchpoint, rolled
up by the real rollup, each promise judged against the KPI target there by the status rule
(TARGET_STATUS_RULE); a contradicted one told to the core team once per promise and period;
too little data says so; the pages, the API and the admin refuse bad input naming the field.

The target of every case: CES (a mean, higher is better) at the touchpoint, baseline 5.0 in
January 2026 to 6.0 on 1 Jan 2027 (365 days). The check runs on 10 Jul 2026, so the last
complete month is June; its last day, 30 Jun, is 180 days in, and the path expects
5 + 1 * 180 / 365 = 5.493151 there."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from scipy import stats as scipy_stats

from cxgov.models import Notification
from governance.models import SuccessStatement
from tests.voc.factories import TouchpointFactory, metric
from voc import services
from voc.models import KpiTarget, Promise, PromiseVerdict, Response
from voc.notifications import PROMISE_CONTRADICTED
from voc.selectors import promise_board

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 7, 10)
EXPECTED = 5 + 1 * 180 / 365


def t_interval(scores: list[int]) -> tuple[float, float, float]:
    """Mean and Student's t 95% interval, with scipy as the reference."""
    n = len(scores)
    mean = sum(scores) / n
    variance = sum((x - mean) ** 2 for x in scores) / (n - 1)
    half = scipy_stats.t.ppf(0.975, n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def answers(touchpoint, scores: list[int]) -> None:
    Response.objects.bulk_create(
        Response(
            metric=metric("ces"),
            score=s,
            touchpoint=touchpoint,
            responded_at=dt.datetime(2026, 6, 1 + i % 28, 12, tzinfo=dt.UTC),
            external_id=f"{touchpoint.code}-{i}",
        )
        for i, s in enumerate(scores)
    )


def ces_target(touchpoint) -> KpiTarget:
    return KpiTarget.objects.create(
        success_statement=SuccessStatement.objects.get_or_create(title="Effortless", text="x")[0],
        metric=metric("ces"),
        dimension_kind="touchpoint",
        dimension_id=touchpoint.pk,
        baseline_value=5.0,
        baseline_period_start=dt.date(2026, 1, 1),
        target_value=6.0,
        target_date=dt.date(2027, 1, 1),
    )


# Contradicted: 20 scored 4 and 20 scored 5: mean 4.5, sample variance 40 * 0.25 / 39 =
# 0.25641, standard error 0.080064, t(0.975, 39) = 2.022691: 4.338 to 4.662, wholly below 5.493.
CONTRADICTED = [4] * 20 + [5] * 20
# Kept: 30 scored 6 and 10 scored 5: mean 5.75, on or beyond the 5.493 expected.
KEPT = [6] * 30 + [5] * 10
# Within the noise: 21 scored 5 and 19 scored 6: mean 5.475, short of 5.493, but the interval
# (half-width 2.022691 * sqrt(0.25577 / 40) = 0.1617) reaches 5.637, past it.
WITHIN_NOISE = [5] * 21 + [6] * 19
# Too little data: 10 responses (fewer than 30), all scored 2: far below, yet not judged.
TOO_FEW = [2] * 10


@pytest.fixture
def promises():
    made = {}
    for name, scores, with_target in [
        ("contradicted", CONTRADICTED, True),
        ("kept", KEPT, True),
        ("within", WITHIN_NOISE, True),
        ("few", TOO_FEW, True),
        ("silent", [], True),
        ("untargeted", CONTRADICTED, False),
    ]:
        touchpoint = TouchpointFactory(code=f"tp-{name}", name=f"Touchpoint {name}")
        answers(touchpoint, scores)
        if with_target:
            ces_target(touchpoint)
        made[name] = Promise.objects.create(
            statement=f"We promise {name}.", touchpoint=touchpoint, metric=metric("ces")
        )
    services.rollup_rebuild()
    return made


def by_name(promises) -> dict:
    readings = {r.promise.pk: r for r in promise_board(on=ON)}
    return {name: readings[p.pk] for name, p in promises.items()}


def test_each_promise_is_judged_against_its_target_with_hand_worked_numbers(promises):
    r = by_name(promises)
    assert r["contradicted"].verdict == PromiseVerdict.CONTRADICTED
    mean, low, high = t_interval(CONTRADICTED)
    rollup = r["contradicted"].rollup
    assert rollup.period_start == dt.date(2026, 6, 1) and rollup.n == 40
    assert rollup.score == pytest.approx(4.5)
    assert (rollup.low, rollup.high) == pytest.approx((low, high), abs=1e-6)
    assert (low, high) == pytest.approx((4.338, 4.662), abs=1e-3)
    assert r["contradicted"].expected == pytest.approx(EXPECTED)
    assert r["kept"].verdict == PromiseVerdict.KEPT
    assert r["kept"].rollup.score == pytest.approx(5.75)
    mean, low, high = t_interval(WITHIN_NOISE)
    assert mean < EXPECTED < high  # short, but the interval reaches the path
    assert r["within"].verdict == PromiseVerdict.WITHIN_NOISE
    assert r["few"].verdict == PromiseVerdict.TOO_LITTLE_DATA
    assert r["few"].rollup.n == 10
    assert "fewer than the 30 responses a judgement needs" in r["few"].sentence
    assert r["silent"].verdict == PromiseVerdict.TOO_LITTLE_DATA and r["silent"].rollup is None
    assert "the promise cannot be checked" in r["silent"].sentence
    assert r["untargeted"].verdict == PromiseVerdict.NO_TARGET
    assert "Contradicted: " in r["contradicted"].sentence
    assert "4.3 to 4.7, n = 40" in r["contradicted"].sentence


def test_the_check_reads_three_queries_whatever_the_number_of_promises(
    promises, django_assert_num_queries
):
    with django_assert_num_queries(3):
        assert len(promise_board(on=ON)) == 6


def test_a_contradicted_promise_is_told_to_the_core_team_once_per_promise_and_period(
    promises, core_team_user, steering_user
):
    assert services.promises_check(on=ON) == 1
    assert services.promises_check(on=ON) == 0  # a doubled beat sends nothing more
    sent = Notification.objects.filter(kind=PROMISE_CONTRADICTED)
    assert [(n.recipient, n.occasion) for n in sent] == [
        (core_team_user, f"promise:{promises['contradicted'].pk}:month:2026-06-01")
    ]
    assert "We promise contradicted." in sent[0].body and "outside the noise" in sent[0].body
    # A promise no longer made is not checked.
    Promise.objects.filter(pk=promises["contradicted"].pk).update(is_active=False)
    Notification.objects.all().delete()
    assert services.promises_check(on=ON) == 0


def test_the_promises_page_shows_each_reality_to_every_role(promises, client, viewer_user):
    # Read today, long after June: no promise's metric has a response in the last complete
    # month, and the page says so rather than judging.
    client.force_login(viewer_user)
    page = client.get(reverse("voc:promise-list")).content.decode()
    assert page.count("“We promise ") == 6
    assert "<strong>0 kept</strong>, <strong>0 contradicted</strong>" in page
    assert page.count('<span class="badge badge--muted">Too little data</span>') == 6
    assert reverse("voc:promise-create") not in page  # a viewer only reads


def test_the_steering_pack_says_what_is_kept_and_what_is_not(promises):
    from cxgov.program.pack.document import pack_build
    from governance.models import Meeting, Tier
    from tests.factories import BodyFactory

    steering = BodyFactory(tier=Tier.STEERING_COMMITTEE)
    at = dt.datetime(2026, 7, 10, 9, tzinfo=dt.UTC)
    meeting = Meeting.objects.create(body=steering, starts_at=at, time_zone="UTC")
    section = pack_build(meeting=meeting, as_of=at)["sections"]["promises"]
    assert section["applies"] and section["total"] == 6
    assert section["counts"] == {
        "kept": 1, "within_noise": 1, "contradicted": 1, "too_little_data": 2, "no_target": 1,
    }  # fmt: skip
    first = section["items"][0]
    assert first["statement"] == "We promise contradicted." and first["verdict"] == "contradicted"
    assert first["reading"]["n"] == 40 and first["reading"]["value"] == pytest.approx(4.5)
    wg = Meeting.objects.create(body=BodyFactory(), starts_at=at, time_zone="UTC")
    assert not pack_build(meeting=wg, as_of=at)["sections"]["promises"]["applies"]


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# -- Writes: every door refuses bad input by name, nothing written ----------------------------


def test_an_operational_figure_is_refused_by_the_service(core_team_user):
    touchpoint = TouchpointFactory()
    with pytest.raises(Exception) as refused:
        services.promise_create(
            by=core_team_user, statement="Churn stays low.", touchpoint=touchpoint,
            metric=metric("churn"),
        )  # fmt: skip
    assert "operational figure" in str(refused.value) and not Promise.objects.exists()


def test_the_page_records_a_promise_and_refuses_bad_input_naming_the_field(client, core_team_user):
    client.force_login(core_team_user)
    touchpoint = TouchpointFactory()
    url = reverse("voc:promise-create")
    bad = client.post(url, {"statement": "", "touchpoint": touchpoint.pk, "metric": "x"})
    assert bad.status_code == 200 and not Promise.objects.exists()
    assert "This field is required." in bad.content.decode()
    refused = client.post(
        url,
        {"statement": "Churn stays low.", "touchpoint": touchpoint.pk,
         "metric": metric("churn").pk, "is_active": "on"},
    )  # fmt: skip
    assert refused.status_code == 200 and not Promise.objects.exists()
    made = client.post(
        url,
        {"statement": "We answer in one day.", "touchpoint": touchpoint.pk,
         "metric": metric("ces").pk, "is_active": "on"},
    )  # fmt: skip
    assert made.status_code == 302
    promise = Promise.objects.get()
    assert promise.created_by == core_team_user
    edit = reverse("voc:promise-edit", args=[promise.pk])
    again = client.post(
        edit, {"statement": "", "touchpoint": touchpoint.pk, "metric": metric("ces").pk}
    )
    assert again.status_code == 200
    promise.refresh_from_db()
    assert promise.statement == "We answer in one day."


def test_the_api_refuses_bad_input_naming_the_field_and_writes_nothing(core_team_user, viewer_user):
    touchpoint = TouchpointFactory()
    client = as_user(core_team_user)
    url = reverse("promise-list")
    for body, field in [
        ({"touchpoint": touchpoint.pk, "metric": metric("ces").pk}, "statement"),
        ({"statement": "Fast.", "touchpoint": 999_999, "metric": metric("ces").pk}, "touchpoint"),
        ({"statement": "Fast.", "touchpoint": touchpoint.pk, "metric": metric("churn").pk},
         "metric"),
        ({"statement": "Fast.", "touchpoint": touchpoint.pk, "metric": metric("ces").pk,
          "colour": "red"}, "colour"),
    ]:  # fmt: skip
        answer = client.post(url, body, format="json")
        assert answer.status_code == 400 and field in answer.json(), answer.json()
    assert not Promise.objects.exists()
    made = client.post(
        url, {"statement": "Fast.", "touchpoint": touchpoint.pk, "metric": metric("ces").pk},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201
    assert made.json()["reading"]["verdict"] == "too_little_data"
    assert as_user(viewer_user).get(url).json()["results"][0]["statement"] == "Fast."
    refused = as_user(viewer_user).patch(
        reverse("promise-detail", args=[made.json()["id"]]), {"statement": "x"}, format="json"
    )
    assert refused.status_code == 403
