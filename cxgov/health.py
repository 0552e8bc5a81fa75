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

A page that shows many bodies at once asks `health_board(bodies=...)`: a signal that gives
`measure_all` (every body's value and the program's, from a fixed number of queries) is read
once for all of them, so the page's query count does not grow with the organization. A signal
may also say where its records are (`records(body)`: the address of the meetings, actions or
targets that pull it down).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .registry import Registry

# The period the signals about recent practice look back over (meetings held, actions and
# cases due): a quarter, long enough for a monthly body to have met three times.
HEALTH_WINDOW = dt.timedelta(days=91)

# A signal's values at once: the program's under the key None, each body's under its pk (a
# body left out has no data).
Values = dict[Any, float | None]


@dataclass(frozen=True)
class HealthSignal:
    """One governance-health signal: `measure(body)` is in 0..1 (1 is healthy), or None.

    `measure_all()` gives every value at once (see `Values`); a signal with only
    `measure_all` is measured for one body from it. `records(body)` is the address of the
    records behind the value (body None: the program's)."""

    key: str
    title: str
    definition: str
    weight: float
    measure: Callable[[Any], float | None] | None = None
    measure_all: Callable[[], Values] | None = None
    records: Callable[[Any], str] | None = None

    def __post_init__(self) -> None:
        if self.measure is None and self.measure_all is None:
            raise ValueError(f"health signal {self.key!r} needs measure or measure_all")

    def value(self, body: Any) -> float | None:
        if self.measure is not None:
            return self.measure(body)
        return self.measure_all().get(None if body is None else body.pk)

    def records_url(self, body: Any) -> str:
        return self.records(body) if self.records else ""


health_signals: Registry[HealthSignal] = Registry("governance-health signals")


def register_health_signal(signal: HealthSignal) -> HealthSignal:
    """Add a signal (from an app's `health.py`, imported in its `ready`)."""
    if not signal.weight > 0:
        raise ValueError(f"health signal {signal.key!r} needs a positive weight")
    return health_signals.register(signal.key, signal)


# -- Weights: the registered ones, or an admin's (cxgov.models.HealthWeight) -----------------


def current_weights() -> dict[str, float]:
    """Each registered signal's weight: the admin's where set, else the app's. One query."""
    from .models import HealthWeight

    weights = {signal.key: signal.weight for signal in health_signals}
    for key, weight in HealthWeight.objects.values_list("signal", "weight"):
        if key in weights:  # a row of a signal no longer registered weighs nothing
            weights[key] = weight
    return weights


def weights_refusal(weights: dict[str, float], *, changed: str | None = None) -> dict[str, str]:
    """What is wrong with a set of weights, by field: an unknown signal or a negative or
    non-finite weight names its signal; a set that does not sum to a positive number names
    the weight that was `changed` (else "weights"). Empty when the set is acceptable."""
    errors: dict[str, str] = {}
    for key, weight in weights.items():
        field = "weight" if key == changed else key
        if key not in health_signals:
            errors["signal" if key == changed else key] = (
                f"No governance-health signal is called {key!r}; choose one of "
                f"{', '.join(health_signals.keys())}."
            )
        elif weight is None or not math.isfinite(weight) or weight < 0:
            errors[field] = f"The weight of {health_signals[key].title!r} must be 0 or more."
    if not errors and not sum(weights.values()) > 0:
        errors["weight" if changed else "weights"] = (
            "The weights must sum to a positive number: at least one signal must weigh more "
            "than 0, or there is no score."
        )
    return errors


@dataclass(frozen=True)
class HealthReading:
    signal: HealthSignal
    value: float | None  # None: no data to judge by
    records_url: str = ""
    weight: float | None = None  # the admin's weight, when it differs from the signal's

    @property
    def effective_weight(self) -> float:
        return self.signal.weight if self.weight is None else self.weight

    @property
    def percent(self) -> int | None:
        return None if self.value is None else round(100 * self.value)


@transaction.atomic
def health_weights_set(*, weights: dict[str, float]) -> None:
    """Store an admin's set of weights at once: refused whole, naming each signal at fault, or
    the set, when it does not sum to a positive number (weights_refusal)."""
    from .models import HealthWeight

    list(HealthWeight.objects.select_for_update())  # one writer of the set at a time
    refused = weights_refusal(current_weights() | weights)
    if refused:
        raise ValidationError(refused)
    for key, weight in weights.items():
        HealthWeight.objects.update_or_create(signal=key, defaults={"weight": weight})


def _checked(signal: HealthSignal, value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 1:
        # A signal out of range would skew every score silently: refuse it loudly.
        raise ValueError(f"health signal {signal.key!r} measured {value}, outside 0..1")
    return value


def health_readings(*, body: Any = None) -> list[HealthReading]:
    """Every registered signal's value for `body` (the whole program when None), with the
    weight it carries today."""
    weights = current_weights()
    return [
        HealthReading(
            signal=signal,
            value=_checked(signal, signal.value(body)),
            records_url=signal.records_url(body),
            weight=weights[signal.key],
        )
        for signal in health_signals
    ]


def health_score(readings: list[HealthReading]) -> float | None:
    """The weighted mean of the readings that had data; None when none had."""
    measured = [r for r in readings if r.value is not None]
    weight = sum(r.effective_weight for r in measured)
    if not weight:
        return None
    return sum(r.effective_weight * r.value for r in measured) / weight


def score_percent(readings: list[HealthReading]) -> int | None:
    """The score on the 0..100 scale the pages show; None when no signal had data."""
    score = health_score(readings)
    return None if score is None else round(100 * score)


def weakest(readings: list[HealthReading]) -> HealthReading | None:
    """The reading that pulls the score down most: the largest weight times shortfall."""
    measured = [
        r for r in readings if r.value is not None and r.value < 1 and r.effective_weight > 0
    ]
    if not measured:
        return None
    return max(measured, key=lambda r: (r.effective_weight * (1 - r.value), -r.value))


def share(done: int, total: int) -> float | None:
    """`done` of `total` as a value in 0..1; None when there was nothing to count."""
    return done / total if total else None


def shares_by_body(rows: Iterable[tuple[Any, int, int]]) -> Values:
    """Values from (body pk, done, total) rows that partition the program's records: each
    body's share, and the program's from their sums."""
    values: Values = {}
    done_all = total_all = 0
    for body_id, done, total in rows:
        if body_id is not None:
            values[body_id] = share(done, total)
        done_all += done
        total_all += total
    values[None] = share(done_all, total_all)
    return values


@dataclass
class HealthCard:
    """One body's (or, with body None, the whole program's) readings."""

    body: Any
    readings: list[HealthReading] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        return score_percent(self.readings)

    @property
    def weakest(self) -> HealthReading | None:
        return weakest(self.readings)


@dataclass
class HealthBoard:
    program: HealthCard
    bodies: list[HealthCard]


def health_board(*, bodies: Iterable[Any]) -> HealthBoard:
    """The program's card and one card per body: each signal read once for all of them when it
    gives `measure_all` (a fixed number of queries whatever the number of bodies)."""
    bodies = list(bodies)
    weights = current_weights()
    program = HealthCard(body=None)
    cards = [HealthCard(body=body) for body in bodies]
    for signal in health_signals:
        if signal.measure_all is not None:
            values = signal.measure_all()
            program_value = values.get(None)
            body_values = [values.get(body.pk) for body in bodies]
        else:
            program_value = signal.measure(None)
            body_values = [signal.measure(body) for body in bodies]
        weight = weights[signal.key]
        program.readings.append(
            HealthReading(signal, _checked(signal, program_value), signal.records_url(None), weight)
        )
        for card, value in zip(cards, body_values, strict=True):
            card.readings.append(
                HealthReading(
                    signal, _checked(signal, value), signal.records_url(card.body), weight
                )
            )
    return HealthBoard(program=program, bodies=cards)
