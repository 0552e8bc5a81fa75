"""The kit's governance-health registry: every signal read for the whole program or one body,
a score that weighs the signals with data and skips those without, and a value out of range
refused."""

from __future__ import annotations

import pytest

from cxgov import health as kit
from cxgov.health import HealthSignal, health_readings, health_score, register_health_signal
from cxgov.registry import Registry


@pytest.fixture
def registry(monkeypatch, db) -> Registry:
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


class _Body:
    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_the_board_reads_each_signal_once_for_every_body(registry):
    """`measure_all` is asked once for all bodies; a signal without it is asked per body.
    Body 1: all 1.0 (w 1), 0.25 (w 2), per-body 1.0 (w 1) -> (1 + 0.5 + 1) / 4 = 62.5 -> 62.
    Body 2: no data (w 1), 0.5 (w 2), per-body 0.0 (w 1) -> (1 + 0) / 3 = 33.
    The program: 0.5, 0.5, 1.0 -> (0.5 + 1 + 1) / 4 = 62.5 -> 62."""
    calls = []

    def every():
        calls.append("all")
        return {None: 0.5, 1: 1.0}

    register_health_signal(HealthSignal("all", "All", "by hand", 1.0, measure_all=every))
    register_health_signal(
        HealthSignal(
            "pair", "Pair", "by hand", 2.0, measure_all=lambda: {None: 0.5, 1: 0.25, 2: 0.5}
        )
    )
    _signal("each", 1.0, lambda body: 1.0 if body is None or body.pk == 1 else 0.0)
    one, two = _Body(1), _Body(2)
    board = kit.health_board(bodies=[one, two])
    assert calls == ["all"]
    assert [c.score for c in board.bodies] == [62, 33]
    assert board.program.score == 62
    assert board.bodies[1].readings[0].value is None
    # The weakest pulls the score down most: weight times shortfall.
    assert board.bodies[0].weakest.signal.key == "pair"  # 2 x 0.75 against nothing else
    assert (
        board.bodies[1].weakest.signal.key == "each"
    )  # 1 x 1.0 against 2 x 0.5: a tie, lower value
    assert board.program.weakest.signal.key == "pair"  # 2 x 0.5 against 1 x 0.5


def test_a_signal_with_only_measure_all_answers_for_one_body(registry):
    register_health_signal(HealthSignal("all", "All", "by hand", 1.0, measure_all=lambda: {3: 0.2}))
    assert [r.value for r in health_readings(body=_Body(3))] == [0.2]
    assert [r.value for r in health_readings(body=_Body(4))] == [None]


def test_a_signal_needs_a_way_to_be_measured():
    with pytest.raises(ValueError, match="needs measure or measure_all"):
        HealthSignal("none", "None", "by hand", 1.0)


def test_shares_by_body_sum_to_the_programs():
    assert kit.shares_by_body([(1, 1, 2), (2, 0, 0), (None, 3, 4)]) == {
        1: 0.5,
        2: None,
        None: pytest.approx(4 / 6),
    }
