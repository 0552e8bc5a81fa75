"""Deterministic survey responses for the benchmarks: the same seed gives the same file.

    python bench/voc_responses.py 1000000 /tmp/responses-1000000.csv

Four survey metrics (NPS, CSAT, CES and a custom mean, `trust`) over 24 months ending at the
start of the current month, in time order as real imports arrive, with a Zipf-like skew across
40 touchpoints (a few busy ones), six channels, five segments and eight business units; a fifth
carry a comment (some with commas, quotes and line breaks), most a pseudonymous customer key.
The dimension codes are those `dimensions()` lists and the metrics those `METRICS` lists, which
the benchmarks create before importing.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys

HEADER = [
    "metric",
    "score",
    "responded_at",
    "external_id",
    "touchpoint",
    "channel",
    "segment",
    "business_unit",
    "comment",
    "customer_key",
]
MONTHS = 24
_today = dt.date.today()
# The end of the range: the start of this month (the same file all month long).
END = dt.datetime(_today.year, _today.month, 1, tzinfo=dt.UTC)
START = dt.datetime(END.year - MONTHS // 12, END.month, 1, tzinfo=dt.UTC)
SPAN_MINUTES = int((END - START).total_seconds() // 60)
# code: (share of responses, the scores' weights from the scale's bottom up, first score)
METRICS = {
    "nps": (4, (2, 1, 1, 1, 2, 3, 4, 8, 14, 20, 22), 0),
    "csat": (3, (5, 7, 12, 36, 40), 1),
    "ces": (2, (3, 4, 6, 10, 20, 30, 27), 1),
    "trust": (1, (1, 1, 2, 3, 5, 8, 12, 14, 10, 6), 1),
}
# The fourth metric the migrations do not ship: a custom mean on 1-10.
TRUST = {
    "code": "trust",
    "name": "Trust (bench)",
    "kind": "custom_mean",
    "scale_min": 1,
    "scale_max": 10,
    "direction": "higher",
}
COMMENTS = [
    "Quick and friendly.",
    "Waited too long on the phone",
    'The agent said "we will call back", nobody did.',
    "Delivery was late, again; refund took weeks",
    "Great app,\nbut the login keeps failing",
    "Easy.",
    "Could not find the cancel button",
]


def dimensions() -> dict[str, list[str]]:
    return {
        "touchpoint": [f"tp-{i:02d}" for i in range(40)],
        "channel": ["web", "app", "phone", "email", "chat", "store"],
        "segment": ["consumer", "smb", "enterprise", "public", "partner"],
        "business_unit": [f"bu-{i}" for i in range(8)],
    }


def rows(
    count: int,
    *,
    seed: int = 11,
    first_id: int = 0,
    start: dt.datetime = START,
    span_minutes: int = SPAN_MINUTES,
):
    rng = random.Random(seed)
    dims = dimensions()
    # Zipf-like weights: the first touchpoints carry most of the traffic.
    tp_weights = [1 / (i + 1) for i in range(len(dims["touchpoint"]))]
    codes = list(METRICS)
    shares = [METRICS[c][0] for c in codes]
    for n, i in enumerate(range(first_id, first_id + count)):
        metric = rng.choices(codes, weights=shares)[0]
        _, weights, lowest = METRICS[metric]
        score = rng.choices(range(lowest, lowest + len(weights)), weights=weights)[0]
        # In time order: the n-th row at its share of the span, give or take a minute.
        minute = span_minutes * n // count
        when = start + dt.timedelta(minutes=minute, seconds=rng.randrange(60))
        comment = rng.choice(COMMENTS) if rng.random() < 0.2 else ""
        yield [
            metric,
            score,
            when.isoformat().replace("+00:00", "Z"),
            f"{metric}-{i}",
            rng.choices(dims["touchpoint"], weights=tp_weights)[0],
            rng.choice(dims["channel"]),
            rng.choice(dims["segment"]),
            rng.choice(dims["business_unit"]) if rng.random() < 0.9 else "",
            comment,
            f"c{rng.randrange(2_000_000):07d}" if rng.random() < 0.8 else "",
        ]


def write(path: str, count: int, **kwargs) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows(count, **kwargs))


if __name__ == "__main__":
    write(sys.argv[2], int(sys.argv[1]))
