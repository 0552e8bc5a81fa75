"""The kit's governance-health registry: every signal read for the whole program or one body,
a score that weighs the signals with data and skips those without, and a value out of range
refused."""

from __future__ import annotations

import pytest

from cxgov import health as kit
from cxgov.health import HealthSignal, health_readings, health_score, register_health_signal
from cxgov.registry import Registry


@pytest.fixture
def registry(monkeypatch) -> Registry:
    """An empty registry in place of the one the apps filled, for the mechanism alone."""
    fresh: Registry[HealthSignal] = Registry("governance-health signals")
    monkeypatch.setattr(kit, "health_signals", fresh)
    return fresh


def _signal(key: str, weight: float, measure) -> HealthSignal:
    return register_health_signal(
        HealthSignal(
            key=key, title=key, definition=f"{key} by hand", weight=weight, measure=measure
        )
    )


def test_governance_registers_the_raci_signal():
    signal = kit.health_signals["raci"]
    assert signal.weight > 0
    assert "exactly one Accountable and at least one Responsible" in signal.definition


def test_signals_are_read_for_the_body_asked_and_weighed_where_they_have_data(registry):
    _signal("half", 1.0, lambda body: 0.5)
    _signal("body", 3.0, lambda body: 1.0 if body == "steering" else 0.0)
    _signal("silent", 10.0, lambda body: None)  # no data weighs nothing
    readings = health_readings(body="steering")
    assert [(r.signal.key, r.value) for r in readings] == [
        ("half", 0.5),
        ("body", 1.0),
        ("silent", None),
    ]
    assert health_score(readings) == pytest.approx((1 * 0.5 + 3 * 1.0) / 4)  # 0.875
    assert health_score(health_readings(body=None)) == pytest.approx((1 * 0.5 + 3 * 0.0) / 4)


def test_no_signal_with_data_is_no_score(registry):
    _signal("silent", 1.0, lambda body: None)
    assert health_score(health_readings()) is None
    assert health_score([]) is None


def test_a_value_outside_zero_to_one_is_refused(registry):
    _signal("broken", 1.0, lambda body: 1.5)
    with pytest.raises(ValueError, match="'broken' measured 1.5, outside 0..1"):
        health_readings()


def test_a_signal_without_a_positive_weight_is_refused(registry):
    with pytest.raises(ValueError, match="positive weight"):
        _signal("weightless", 0, lambda body: 1.0)
    assert len(registry) == 0
