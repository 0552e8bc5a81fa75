"""Governance-health signals: each app registers how it measures one side of the program's
health, the kit reads them all for the whole program or for one body.

A signal has a key, a definition a person can check by hand, a weight, and a function of a
body (or None for the whole program) returning a value in 0..1, or None when there is no data
to judge by (never 0: "no data" is not "bad"). An app registers from a `health.py` module its
`AppConfig.ready` imports:

    register_health_signal(HealthSignal(key="raci", title="RACI settled", weight=1.0,
                                        definition="...", measure=raci_settled_share))

`health_readings(body=None)` reads every signal; `health_score(readings)` is their weighted
mean over the signals that had data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .registry import Registry


@dataclass(frozen=True)
class HealthSignal:
    """One governance-health signal: `measure(body)` is in 0..1 (1 is healthy), or None."""

    key: str
    title: str
    definition: str
    weight: float
    measure: Callable[[Any], float | None]


health_signals: Registry[HealthSignal] = Registry("governance-health signals")


def register_health_signal(signal: HealthSignal) -> HealthSignal:
    """Add a signal (from an app's `health.py`, imported in its `ready`)."""
    if not signal.weight > 0:
        raise ValueError(f"health signal {signal.key!r} needs a positive weight")
    return health_signals.register(signal.key, signal)


@dataclass(frozen=True)
class HealthReading:
    signal: HealthSignal
    value: float | None  # None: no data to judge by


def health_readings(*, body: Any = None) -> list[HealthReading]:
    """Every registered signal's value for `body` (the whole program when None)."""
    readings = []
    for signal in health_signals:
        value = signal.measure(body)
        if value is not None and not 0 <= value <= 1:
            # A signal out of range would skew every score silently: refuse it loudly.
            raise ValueError(f"health signal {signal.key!r} measured {value}, outside 0..1")
        readings.append(HealthReading(signal=signal, value=value))
    return readings


def health_score(readings: list[HealthReading]) -> float | None:
    """The weighted mean of the readings that had data; None when none had."""
    measured = [r for r in readings if r.value is not None]
    weight = sum(r.signal.weight for r in measured)
    if not weight:
        return None
    return sum(r.signal.weight * r.value for r in measured) / weight
