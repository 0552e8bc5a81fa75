"""The governance-health weights an admin sets: applied to every score, and a set that does
not sum to a positive number (or names no signal, or a negative weight) refused by name with
nothing written, through the service and through the admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cxgov.health import (
    current_weights,
    health_readings,
    health_score,
    health_signals,
    health_weights_set,
    weights_refusal,
)
from cxgov.models import HealthWeight
from cxgov.roles import Role
from tests.conftest import make_user


def test_the_registered_weights_until_an_admin_sets_one(db):
    assert current_weights() == {s.key: s.weight for s in health_signals}
    health_weights_set(weights={"raci": 3.0, "cases": 0.0})
    weights = current_weights()
    assert weights["raci"] == 3.0 and weights["cases"] == 0.0
    assert {r.signal.key: r.effective_weight for r in health_readings()}["raci"] == 3.0


def test_a_set_summing_to_zero_is_refused_by_name_and_nothing_is_written(db):
    every_zero = dict.fromkeys(health_signals.keys(), 0.0)
    with pytest.raises(ValidationError) as refused:
        health_weights_set(weights=every_zero)
    assert "must sum to a positive number" in refused.value.message_dict["weights"][0]
    assert not HealthWeight.objects.exists()


@pytest.mark.parametrize(
    ("weights", "field", "says"),
    [
        ({"raci": -1.0}, "raci", "'RACI settled' must be 0 or more"),
        ({"raci": float("nan")}, "raci", "must be 0 or more"),
        ({"no-such": 1.0}, "no-such", "No governance-health signal is called 'no-such'"),
    ],
)
def test_a_bad_weight_is_refused_naming_its_signal(db, weights, field, says):
    with pytest.raises(ValidationError) as refused:
        health_weights_set(weights={"meetings": 2.0, **weights})
    assert says in refused.value.message_dict[field][0]
    assert not HealthWeight.objects.exists()  # the good one in the set is not written either


def test_the_refusal_rule_alone():
    assert weights_refusal({"raci": 1.0}) == {}
    assert "weights" in weights_refusal({"raci": 0.0})
    assert "weight" in weights_refusal({"raci": 0.0}, changed="raci")


def test_weights_weigh_the_score(db):
    """Two signals with data: meetings 0.5 (weight 3), raci 1.0 (weight 1) -> 0.625."""
    from cxgov.health import HealthReading

    readings = [
        HealthReading(health_signals["meetings"], 0.5, weight=3.0),
        HealthReading(health_signals["raci"], 1.0, weight=1.0),
        HealthReading(health_signals["cases"], 0.0, weight=0.0),  # weighs nothing at 0
    ]
    assert health_score(readings) == pytest.approx(0.625)


def test_the_admin_refuses_the_last_weight_going_to_zero_by_name(client, db):
    admin = make_user("ada", Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    keys = health_signals.keys()
    for key in keys[:-1]:
        HealthWeight.objects.create(signal=key, weight=0)
    response = client.post("/admin/cxgov/healthweight/add/", {"signal": keys[-1], "weight": "0"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "must sum to a positive number" in errors["weight"][0]
    assert HealthWeight.objects.count() == len(keys) - 1
    response = client.post("/admin/cxgov/healthweight/add/", {"signal": keys[-1], "weight": "2"})
    assert response.status_code == 302
    assert HealthWeight.objects.get(signal=keys[-1]).weight == 2
