"""Comment themes at scale, on PostgreSQL: tagging in SQL, sentiment, and the import with themes
against the import without, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cxgov SIZE=S .venv/bin/python bench/themes.py

For each size of SIZE (XS 2,000; S 100,000; M 100,000 and 1,000,000; L the same as M;
BENCH_THEME_SIZES=... overrides), a deterministic file from bench/voc_responses.py in which
every response carries a comment (one to three phrases from a bank's customers), then:
- the import without themes: voc.services.import_responses, as bench/voc.py times it;
- the import with the demo's five themes: the same, with what an import job runs inside its
  transaction after the insert (voc.services.comments_analyse: themes tagged in SQL, the
  new comments and mentions added to the monthly rollups, one statement a batch; sentiment
  left to its job, the large-import path: the bench lowers SENTIMENT_INLINE_MAX below every
  size), that statement timed apart; each import in wall time and in CPU (this process and
  its database server process: on a shared machine the CPU ratio holds still while the
  load moves);
- tagging alone: the five themes over every comment, as the backfill tags (mentions removed
  first);
- sentiment alone: voc.services.comments_sentiment (the job a large import queues): VADER over
  every comment in batches, then the months' rollups; only up to BENCH_SENTIMENT_MAX comments
  (default 100,000: VADER scores about 700 a second here, 1,000,000 would take half an hour).
"Inline" (sentiment inside the import, as before) is reported as the import with themes plus
the sentiment job's time: the same work, done in the import's transaction.
It builds a throwaway test database and drops it at the end; it measures, prints and writes
var/bench/<SIZE>-themes.json with the machine and the load average; it never fails on a
number. Generated files are kept in BENCH_VOC_DIR (default /tmp/voc-bench).
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import time
from pathlib import Path

import boot  # noqa: F401  (Django set up for the bench)
import voc_responses
from common import (
    Cpu,
    data_dir,
    dimensions_create,
    load_average,
    size_name,
    throwaway_database,
    write_results,
)
from django.db import connection

SIZES = {"XS": [2_000], "S": [100_000], "M": [100_000, 1_000_000], "L": [100_000, 1_000_000]}
GOALS = {
    "import": "the import with themes (tagged in SQL, sentiment after commit) within the "
    "import's time budget: <= 1.2 x the import without themes",
    "tagging": "1,000,000 comments tagged in SQL (five themes) in less time than their import",
}

# Phrases a bank's customers write; a comment is one to three of them.
PHRASES = [
    "Quick and friendly.",
    "Waited too long on the phone",
    "I was on hold for half an hour",
    "The queue at the branch was out of the door",
    "Great app, but the login keeps failing",
    "Locked out again after the update",
    "Nobody told me the transfer was delayed",
    "They kept me informed at every step",
    "I had to repeat my details to three departments",
    "Could not find the cancel button",
    "Lovely staff, very helpful",
    "Terrible service and a rude agent",
    "The fee was refunded in one call",
    "Statements arrive late every month",
    "Easy.",
]

THEMES = {
    "App login": ["login", "log in", "locked out", "fingerprint", "face login"],
    "Branch queues": ["queue*", "cashier", "waited forty minutes"],
    "Call waiting times": ["on hold", "engaged", "took two calls", "half an hour"],
    "Repeating ourselves": ["repeat*", "same documents twice", "three departments"],
    "Kept informed": ["no update", "nobody told me", "chase", "delayed", "kept me informed"],
}


def commented_file(size: int) -> Path:
    """bench/voc_responses.py's rows, each with a comment of one to three phrases."""
    path = data_dir() / f"commented-{voc_responses.END:%Y%m}-{size}.csv"
    if path.exists():
        return path
    started = time.perf_counter()
    rng = random.Random(23)
    comment_at = voc_responses.HEADER.index("comment")
    with open(str(path) + ".part", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(voc_responses.HEADER)
        for row in voc_responses.rows(size, seed=23):
            row[comment_at] = " ".join(rng.sample(PHRASES, rng.randint(1, 3)))
            writer.writerow(row)
    os.replace(str(path) + ".part", path)
    print(f"  generated {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def empty_responses() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE voc_response, voc_kpirollup, voc_thememention, voc_commentrollup, "
            "voc_themerollup CASCADE"
        )


class StepClock:
    """Each statement's time, put to the step of comments_analyse it belongs to (read from
    the statement: the tagging and rollup increments' own SQL, one statement on PostgreSQL),
    the rest to "other"."""

    STEPS = {"tag": "WITH c AS"}

    def __init__(self):
        self.seconds = dict.fromkeys((*self.STEPS, "other"), 0.0)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            step = next((k for k, head in self.STEPS.items() if sql.startswith(head)), "other")
            self.seconds[step] += time.perf_counter() - started


def main() -> None:
    from voc.models import Response, Theme, ThemeMention
    from voc.services import (
        comments_analyse,
        comments_sentiment,
        import_responses,
        response_watermark,
    )
    from voc.services import themes as theme_services

    if connection.vendor != "postgresql":
        print("themes bench: needs PostgreSQL (DATABASE_URL=postgres://...); skipped.")
        return
    size_label = size_name()
    sizes = [int(s) for s in os.environ.get("BENCH_THEME_SIZES", "").split(",") if s]
    repeat = int(os.environ.get("BENCH_REPEAT", "1"))
    sentiment_max = int(os.environ.get("BENCH_SENTIMENT_MAX", "100000"))
    # Every size takes the large-import path (sentiment after commit), the one measured.
    theme_services.SENTIMENT_INLINE_MAX = 0
    results = []
    with throwaway_database():
        dimensions_create()
        for size in sizes or SIZES[size_label]:
            print(f"\n== {size:,} comments", flush=True)
            path = commented_file(size)
            runs = []
            for run in range(repeat):
                # The import without themes (the mentions go first, with the responses: a
                # theme's delete would otherwise load each of them to cascade).
                empty_responses()
                Theme.objects.all().delete()
                cpu = Cpu()
                with open(path, "rb") as source:
                    plain_s, plain = timed(lambda s=source: import_responses(source=s))
                plain_cpu = cpu.used()
                # The import with themes: what an import job runs inside its transaction.
                empty_responses()
                for name, keywords in THEMES.items():
                    Theme.objects.create(name=name, keywords=keywords, languages=["en"])
                watermark = response_watermark()
                analysed, clock = {}, StepClock()

                def after_insert(result, watermark=watermark, analysed=analysed, clock=clock):
                    with connection.execute_wrapper(clock):
                        analysed["seconds"], analysed["outcome"] = timed(
                            lambda: comments_analyse(
                                after_id=watermark, touched=result.touched, added=result.inserted
                            )
                        )

                cpu = Cpu()
                with open(path, "rb") as source:
                    themed_s, _ = timed(
                        lambda s=source: import_responses(source=s, after_insert=after_insert)
                    )
                themed_cpu = cpu.used()
                cpu_ratio = themed_cpu / plain_cpu if plain_cpu and themed_cpu else None
                runs.append(
                    {
                        "import_plain_s": plain_s,
                        "import_themes_s": themed_s,
                        "ratio": themed_s / plain_s,
                        "import_plain_cpu_s": plain_cpu,
                        "import_themes_cpu_s": themed_cpu,
                        "ratio_cpu": cpu_ratio,
                        "analyse_in_import_s": analysed["seconds"],
                        "tag_in_import_s": clock.seconds["tag"],
                        "load_average": load_average(),
                    }
                )
                print(
                    f"  run {run + 1}: without themes {plain_s:.1f} s ({plain.inserted:,} rows); "
                    f"with themes {themed_s:.1f} s, ratio {themed_s / plain_s:.2f} (analysis "
                    f"{analysed['seconds']:.2f} s, of which tagging and rollups "
                    f"{clock.seconds['tag']:.2f}); CPU {plain_cpu or 0:.2f} and "
                    f"{themed_cpu or 0:.2f} s, ratio {cpu_ratio or 0:.2f}; load {load_average()}",
                    flush=True,
                )
            mentions = ThemeMention.objects.count()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE voc_response")
            # Tagging alone, over every comment, as the backfill does.
            with connection.cursor() as cursor:  # a delete would load each mention to signal
                cursor.execute("TRUNCATE voc_thememention")
            tag_s, tagged = timed(lambda: theme_services._tag_themes(Theme.objects.all()))
            print(
                f"  tagging alone (5 themes, SQL): {tag_s:.1f} s ({tagged:,} mentions)", flush=True
            )
            # Sentiment alone: the job a large import queues.
            sentiment_s = sentiment = pending = None
            if size <= sentiment_max:
                sentiment_s, sentiment = timed(lambda: comments_sentiment(after_id=0))
                pending = Response.objects.filter(sentiment_score__isnull=True).count()
                print(
                    f"  sentiment job (VADER, batches): {sentiment_s:.1f} s "
                    f"({sentiment['scored']:,} scored, {size / sentiment_s:,.0f}/s; "
                    f"{pending} left)",
                    flush=True,
                )
            median = {
                key: None
                if any(r[key] is None for r in runs)
                else statistics.median(r[key] for r in runs)
                for key in runs[0]
                if key != "load_average"
            }
            results.append(
                {
                    "size": size,
                    **median,
                    "runs": runs,
                    "mentions": mentions,
                    "tag_s": tag_s,
                    "tagged": tagged,
                    "sentiment_s": sentiment_s,
                    "scored": sentiment["scored"] if sentiment else None,
                    "pending_after": pending,
                    "load_average": load_average(),
                }
            )
    report(results)
    write_results("themes", size_label, {"goals": GOALS, "results": results})


def report(results: list[dict]) -> None:
    print(
        "\n| comments | runs | import without themes s | with themes s | ratio (goal <= 1.2) "
        "| CPU without s | CPU with s | CPU ratio | analysis s | of which tagging and rollups s "
        "| tagging alone s | sentiment job s | load average |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        sentiment = "-" if r["sentiment_s"] is None else f"{r['sentiment_s']:.1f}"
        cpu = [f"{r[k]:.2f}" if r[k] is not None else "-" for k in
               ("import_plain_cpu_s", "import_themes_cpu_s", "ratio_cpu")]  # fmt: skip
        print(
            f"| {r['size']:,} | {len(r['runs'])} | {r['import_plain_s']:.1f} | "
            f"{r['import_themes_s']:.1f} | {r['ratio']:.2f} | {' | '.join(cpu)} | "
            f"{r['analyse_in_import_s']:.2f} | {r['tag_in_import_s']:.2f} | {r['tag_s']:.1f} | "
            f"{sentiment} | {', '.join(str(x) for x in r['load_average'])} |"
        )


if __name__ == "__main__":
    main()
