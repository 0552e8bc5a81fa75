"""Deterministic survey responses for the voc benchmarks: the same seed gives the same file.

    python bench/voc_responses.py 1000000 /tmp/responses-1000000.csv

NPS, CSAT and CES responses over three years with a realistic skew across touchpoints
(a few busy ones), channels, segments and business units; a fifth carry a comment (some with
commas, quotes and line breaks), most a pseudonymous customer key. The dimension codes are
those `dimensions()` lists, which the benchmark creates before importing.
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
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SPAN_MINUTES = 3 * 365 * 24 * 60
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
        "touchpoint": [f"tp-{i:02d}" for i in range(20)],
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
    for i in range(first_id, first_id + count):
        metric = rng.choices(("nps", "csat", "ces"), weights=(5, 3, 2))[0]
        if metric == "nps":
            score = rng.choices(range(11), weights=(2, 1, 1, 1, 2, 3, 4, 8, 14, 20, 22))[0]
        elif metric == "csat":
            score = rng.choices(range(1, 6), weights=(5, 7, 12, 36, 40))[0]
        else:
            score = rng.choices(range(1, 8), weights=(3, 4, 6, 10, 20, 30, 27))[0]
        when = start + dt.timedelta(minutes=rng.randrange(span_minutes), seconds=rng.randrange(60))
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
