"""voc at scale, on PostgreSQL: each figure beside its limit, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cxgov SIZE=M .venv/bin/python bench/voc.py

For each size of SIZE (bench/common.py: S 100,000; M 100,000 and 1,000,000; L also 10,000,000;
BENCH_VOC_SIZES=... overrides): a deterministic file from bench/voc_responses.py, then
- import rows/s through the app's own importer (voc.services.responses, in a fresh process
  whose peak memory is read from the kernel) against a bare COPY of the same file into an
  unindexed table;
- the full rollup (voc.services.rollup_rebuild) against one hand-written GROUPING SETS query
  that gives the same numbers (checked);
- the incremental rollup after 10,000 new responses.
It builds a throwaway test database and drops it at the end. It measures, prints and writes
var/bench/<SIZE>-voc.json; it never fails on a number. Generated files are kept in BENCH_VOC_DIR
(default /tmp/voc-bench).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import boot  # noqa: F401  (Django set up for the bench)
import voc_responses
from common import (
    SIZES,
    Cpu,
    data_dir,
    dimensions_create,
    load_average,
    size_name,
    throwaway_database,
    write_results,
)
from django.db import connection

INCREMENT = 10_000
GOALS = {
    "import": "importer >= 0.5 x bare COPY rows/s (at 1M)",
    "memory": "peak memory at 10M <= 1.2 x at 100k",
    "rollup": "full rollup <= 1.5 x hand-written GROUP BY",
    "incremental": "incremental rollup after 10,000 responses < 1 s",
    "refusal": "a file with 1% bad rows refused in about the good file's import time",
}


def data_file(size: int) -> Path:
    path = data_dir() / f"responses-{voc_responses.END:%Y%m}-{size}.csv"
    if not path.exists():
        started = time.perf_counter()
        voc_responses.write(str(path) + ".part", size)
        os.replace(str(path) + ".part", path)
        print(f"  generated {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def increment_file(size: int) -> Path:
    """10,000 new responses in the last ten days of the range: an everyday import."""
    import datetime as dt

    path = data_dir() / f"increment-{voc_responses.END:%Y%m}-{size}.csv"
    if not path.exists():
        voc_responses.write(
            str(path),
            INCREMENT,
            seed=99,
            first_id=size + 10_000_000,
            start=voc_responses.END - dt.timedelta(days=10),
            span_minutes=10 * 24 * 60,
        )
    return path


# Issue 20: a file with 1% bad rows is refused in about the time a good one is imported.
BAD_EVERY = 100
BAD_UP_TO = 1_000_000  # the sizes this is measured at (10M would add a 10M-row rewrite)


def bad_file(size: int) -> Path:
    """The size's file with every hundredth row's score made unreadable ("x"): 1% bad rows,
    spread over the whole file, so the refusal reads every row as an import does."""
    path = data_dir() / f"bad-{voc_responses.END:%Y%m}-{size}.csv"
    if not path.exists():
        score = voc_responses.HEADER.index("score")
        with (
            open(data_file(size), newline="", encoding="utf-8") as source,
            open(str(path) + ".part", "w", newline="", encoding="utf-8") as out,
        ):
            reader, writer = csv.reader(source), csv.writer(out)
            writer.writerow(next(reader))
            for n, row in enumerate(reader, start=1):
                if n % BAD_EVERY == 0:
                    row[score] = "x"
                writer.writerow(row)
        os.replace(str(path) + ".part", path)
    return path


def run_importer_process(path: Path, db_url: str) -> dict:
    """The app's importer in a fresh process, so its peak memory is its own."""
    env = {**os.environ, "DATABASE_URL": db_url}
    out = subprocess.run(
        [sys.executable, __file__, "--import", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def import_in_this_process(path: str) -> None:
    from voc.errors import ImportRejected
    from voc.services import import_responses

    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = Cpu()
    started = time.perf_counter()
    with open(path, "rb") as source:
        try:
            result = import_responses(source=source)
        except ImportRejected as refusal:
            print(
                json.dumps(
                    {
                        "refused": True,
                        "seconds": time.perf_counter() - started,
                        "cpu_s": cpu.used(),
                        "error_count": refusal.error_count,
                        "first_error": refusal.errors[0] if refusal.errors else str(refusal),
                    }
                )
            )
            return
    seconds = time.perf_counter() - started
    cpu_s = cpu.used()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_s": cpu_s,
                "rows": result.total_rows,
                "inserted": result.inserted,
                "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "baseline_kb": baseline_kb,
            }
        )
    )


def bare_copy(cursor, path: Path) -> tuple[float, float | None]:
    """The limit: wall seconds and CPU seconds (ours and the server's) of a bare COPY."""
    cursor.execute("DROP TABLE IF EXISTS bench_bare_copy")
    cursor.execute(
        "CREATE TABLE bench_bare_copy (metric text, score float8, responded_at timestamptz, "
        "external_id text, touchpoint text, channel text, segment text, business_unit text, "
        "comment text, customer_key text)"
    )
    cpu = Cpu()
    started = time.perf_counter()
    with open(path, "rb") as source:
        cursor.cursor.copy_expert(
            "COPY bench_bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)", source, size=1 << 20
        )
    seconds = time.perf_counter() - started
    cpu_s = cpu.used()
    cursor.execute("DROP TABLE bench_bare_copy")
    return seconds, cpu_s


HAND_WRITTEN = """
SELECT count(*), sum(n) FROM (
    SELECT count(*) AS n,
           count(*) FILTER (WHERE r.score >= 9) AS promoters,
           count(*) FILTER (WHERE r.score > 6 AND r.score < 9) AS passives,
           count(*) FILTER (WHERE r.score <= 6) AS detractors,
           count(*) FILTER (WHERE r.score BETWEEN m.success_min AND m.success_max) AS share_count,
           sum(r.score) AS total, sum(r.score * r.score) AS total_squares,
           r.metric_id, d.day, d.week, d.month, d.quarter,
           r.touchpoint_id, r.channel_id, r.segment_id, r.business_unit_id,
           GROUPING(r.touchpoint_id, r.channel_id, r.segment_id, r.business_unit_id) AS dims
    FROM voc_response r
    JOIN voc_metric m ON m.id = r.metric_id
    CROSS JOIN LATERAL (SELECT (r.responded_at AT TIME ZONE m.reporting_time_zone)::date AS day) l
    CROSS JOIN LATERAL (SELECT l.day, date_trunc('week', l.day)::date AS week,
                               date_trunc('month', l.day)::date AS month,
                               date_trunc('quarter', l.day)::date AS quarter) d
    GROUP BY GROUPING SETS (
        {sets}
    )
) g
WHERE NOT (dims = 7 AND touchpoint_id IS NULL)
  AND NOT (dims = 11 AND channel_id IS NULL)
  AND NOT (dims = 13 AND segment_id IS NULL)
  AND NOT (dims = 14 AND business_unit_id IS NULL)
"""


def hand_written_sql() -> str:
    sets = []
    for period in ("d.day", "d.week", "d.month", "d.quarter"):
        sets.append(f"(r.metric_id, {period})")
        for dim in ("r.touchpoint_id", "r.channel_id", "r.segment_id", "r.business_unit_id"):
            sets.append(f"(r.metric_id, {period}, {dim})")
    return HAND_WRITTEN.format(sets=",\n        ".join(sets))


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def cpu_timed(fn):
    """(wall seconds, CPU seconds of this process and its server process, value)."""
    cpu = Cpu()
    seconds, value = timed(fn)
    return seconds, cpu.used(), value


def main() -> None:
    from django.db.models import Sum

    from voc.models import KpiRollup
    from voc.services import import_responses, rollup_rebuild, rollup_refresh_touched

    if connection.vendor != "postgresql":
        print("voc bench: needs PostgreSQL (DATABASE_URL=postgres://...); skipped.")
        return
    size_label = size_name()
    sizes = [int(s) for s in os.environ.get("BENCH_VOC_SIZES", "").split(",") if s]
    results = []
    with throwaway_database() as db_url:
        dimensions_create()
        for size in sizes or SIZES[size_label]["voc_sizes"]:
            print(f"\n== {size:,} responses", flush=True)
            path = data_file(size)
            extra = increment_file(size)
            with connection.cursor() as cursor:
                # CASCADE: closed-loop cases (and what hangs off them) reference responses.
                cursor.execute("TRUNCATE voc_response, voc_kpirollup CASCADE")
                copy_s, copy_cpu = bare_copy(cursor, path)
            print(
                f"  bare COPY: {copy_s:.1f} s ({size / copy_s:,.0f} rows/s), "
                f"CPU {cpu_text(copy_cpu)}",
                flush=True,
            )
            imported = run_importer_process(path, db_url)
            assert imported["inserted"] == size, imported
            import_s = imported["seconds"]
            print(
                f"  importer: {import_s:.1f} s ({size / import_s:,.0f} rows/s), "
                f"peak {imported['peak_kb'] / 1024:.0f} MB (baseline after start-up "
                f"{imported['baseline_kb'] / 1024:.0f} MB), CPU {cpu_text(imported['cpu_s'])}",
                flush=True,
            )
            refused = {}
            if size <= BAD_UP_TO:
                refused = run_importer_process(bad_file(size), db_url)
                assert refused.get("refused"), refused
                print(
                    f"  1% bad rows: refused in {refused['seconds']:.1f} s "
                    f"({refused['seconds'] / import_s:.2f} x the good file's import), "
                    f"{refused['error_count']:,} problems; first: {refused['first_error']}",
                    flush=True,
                )
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE voc_response")
            rollup_s, rollup_cpu, _ = cpu_timed(rollup_rebuild)
            rollup_rows = KpiRollup.objects.count()
            rollup_n = KpiRollup.objects.aggregate(n=Sum("n"))["n"]
            print(
                f"  full rollup: {rollup_s:.2f} s ({rollup_rows:,} rows), "
                f"CPU {cpu_text(rollup_cpu)}",
                flush=True,
            )
            with connection.cursor() as cursor:
                hand_s, hand_cpu, (hand_rows, hand_n) = cpu_timed(
                    lambda c=cursor: (c.execute(hand_written_sql()), c.fetchone())[1]
                )
            same = (hand_rows, hand_n) == (rollup_rows, rollup_n)
            print(
                f"  hand-written GROUP BY: {hand_s:.2f} s ({hand_rows:,} rows; "
                f"{'same numbers' if same else f'DIFFERENT: n {hand_n} vs {rollup_n}'}), "
                f"CPU {cpu_text(hand_cpu)}",
                flush=True,
            )
            with open(extra, "rb") as source:
                added_s, result = timed(lambda s=source: import_responses(source=s))
            incremental_s, incremental_cpu, _ = cpu_timed(
                lambda r=result: rollup_refresh_touched(r.touched)
            )
            print(
                f"  +{INCREMENT:,} responses: import {added_s:.2f} s, incremental rollup "
                f"{incremental_s:.3f} s (CPU {cpu_text(incremental_cpu)})",
                flush=True,
            )
            results.append(
                {
                    "size": size,
                    "copy_s": copy_s,
                    "copy_cpu_s": copy_cpu,
                    "import_s": import_s,
                    "import_cpu_s": imported["cpu_s"],
                    "refused_s": refused.get("seconds"),
                    "refused_errors": refused.get("error_count"),
                    "peak_mb": imported["peak_kb"] / 1024,
                    "rollup_s": rollup_s,
                    "rollup_cpu_s": rollup_cpu,
                    "hand_s": hand_s,
                    "hand_cpu_s": hand_cpu,
                    "same": same,
                    "rollup_rows": rollup_rows,
                    "increment_import_s": added_s,
                    "incremental_s": incremental_s,
                    "incremental_cpu_s": incremental_cpu,
                    "load_average": load_average(),
                }
            )
    report(results)
    write_results("voc", size_label, {"goals": GOALS, "results": results})


def cpu_text(seconds: float | None) -> str:
    return "unknown (server not on this machine)" if seconds is None else f"{seconds:.1f} s"


def cpu_ratio(r: dict, ours: str, limit: str) -> str:
    """Our side's CPU seconds against the limit's, as the wall ratio beside it is put."""
    if not r[f"{ours}_cpu_s"] or not r[f"{limit}_cpu_s"]:
        return "-"
    if ours == "import":  # rows/s: the COPY's time over ours
        return f"{r['copy_cpu_s'] / r['import_cpu_s']:.2f}"
    return f"{r[f'{ours}_cpu_s'] / r[f'{limit}_cpu_s']:.2f}"


def report(results: list[dict]) -> None:
    print(
        "\n| responses | bare COPY rows/s | importer rows/s | ratio (goal >= 0.5) | CPU ratio "
        "| importer peak MB | 1% bad rows refused s | of the import "
        "| full rollup s | hand-written s | ratio (goal <= 1.5) | CPU ratio "
        "| incremental s (goal < 1) | load average |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        n = r["size"]
        print(
            f"| {n:,} | {n / r['copy_s']:,.0f} | {n / r['import_s']:,.0f} | "
            f"{r['copy_s'] / r['import_s']:.2f} | {cpu_ratio(r, 'import', 'copy')} | "
            f"{r['peak_mb']:.0f} | "
            + (
                f"{r['refused_s']:.1f} | {r['refused_s'] / r['import_s']:.2f} | "
                if r["refused_s"] is not None
                else "(not run) | | "
            )
            + f"{r['rollup_s']:.2f} | {r['hand_s']:.2f} | "
            f"{r['rollup_s'] / r['hand_s']:.2f} | {cpu_ratio(r, 'rollup', 'hand')} | "
            f"{r['incremental_s']:.3f} | {r['load_average'][0]} |"
        )
    if len(results) > 1:
        print(
            f"\npeak memory {results[-1]['size']:,} / {results[0]['size']:,}: "
            f"{results[-1]['peak_mb'] / results[0]['peak_mb']:.2f} (goal at 10M vs 100k: <= 1.2)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--import":
        import_in_this_process(sys.argv[2])
    else:
        main()
