"""The bench runs: each script at its smallest size (SIZE=XS) writes its JSON.

A smoke run, not a measurement: it asserts what the bench produced, never how fast. It runs the
scripts as `make bench` does, in their own processes, on a database of their own (named after
this test's, so parallel runs never share one); wrk is used when it is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

# django_db: the test database (its migrated copy is where each script starts) exists.
pytestmark = [pytest.mark.postgres, pytest.mark.bench, pytest.mark.django_db]

# The pages (homes of each role, VoC, portfolio, line of sight, the pack, cases, the
# organization chart, RACI, the main API lists) and the floor they are held against.
PAGES = {
    "/bench/floor/",
    "/accounts/password/change/",
    "/",
    "/voc/",
    "/voc/metrics/nps/",
    "/portfolio/",
    "/portfolio/board/",
    "/portfolio/roadmap/",
    "/program/line-of-sight/",
    "/voc/cases/",
    "/governance/organization/",
    "/governance/raci/",
    "/api/v1/initiatives/",
    "/api/v1/memberships/",
    "/api/v1/rollups/",
    "/api/v1/responses/",
    "/api/v1/cases/",
    "/api/v1/meetings/",
}


@pytest.fixture
def run_bench(migrated_template, tmp_path):
    """Runs a bench script at XS on a copy of the migrated test database (the migrations took
    a minute a script), returning its JSON."""
    return lambda script, **extra: _run_bench(
        script, tmp_path, BENCH_TEMPLATE_DB=migrated_template or "", **extra
    )


def _run_bench(script: str, tmp_path: Path, **extra: str) -> dict:
    s = connection.settings_dict
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = (
        f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME'].removeprefix('test_')}_bench_{worker}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SIZE": "XS",
        "BENCH_OUT": str(tmp_path),
        "BENCH_VOC_DIR": str(tmp_path / "files"),
        **extra,
    }
    subprocess.run([sys.executable, str(ROOT / "bench" / script)], env=env, check=True)
    kind = {"run.py": "pages", "voc.py": "voc", "themes.py": "themes", "search.py": "search"}[
        script
    ]
    return json.loads((tmp_path / f"XS-{kind}.json").read_text())


def test_the_page_bench_profiles_every_main_page_and_loads_it_beside_the_floor(run_bench):
    wrk = shutil.which("wrk") is not None
    # Every page profiled in process; the floor and one page under wrk (all of them take minutes).
    result = run_bench(
        "run.py",
        BENCH_SECONDS="1" if wrk else "0",
        BENCH_REPEAT="1",
        BENCH_WRK_PAGES="2",
    )
    assert result["size"] == "XS"
    assert result["built"]["responses"] == 2_000
    assert result["machine"]["cpus"] >= 1
    rows = result["pages"]
    assert {row["url"] for row in rows} >= PAGES
    assert {row["user"] for row in rows if row["url"] == "/"} == {
        "core",
        "sponsor",
        "steering",
        "member",
        "viewer",
    }
    assert any(
        row["url"].startswith("/program/line-of-sight/")
        for row in rows
        if row["url"] != "/program/line-of-sight/"
    )
    assert sum(1 for row in rows if row["url"].endswith("/pack/")) == 2
    assert rows[0]["url"] == "/bench/floor/"
    for row in rows:
        assert row["queries"] > 0, row
    if wrk:
        assert [row for row in rows if "wrk" in row] == rows[:2]
        for row in rows[:2]:
            assert "error" not in row["wrk"], row  # every page answered 200 before its run
            assert {"requests_per_s", "p99_ms", "share_of_floor", "load_average_after"} <= set(
                row["wrk"]
            )
        assert rows[0]["wrk"]["share_of_floor"] == 1


def test_the_voc_bench_imports_and_rolls_up_its_smallest_file(run_bench):
    result = run_bench("voc.py")
    [row] = result["results"]
    assert row["size"] == 2_000
    # The rollup's rows and total n are those of the hand-written GROUPING SETS query.
    assert row["same"] is True
    assert row["rollup_rows"] > 0
    # Beside each wall time, the CPU seconds of both sides (None only when the database server
    # runs on another machine, where its process cannot be read).
    for name in ("copy", "import", "rollup", "hand", "incremental"):
        assert row[f"{name}_cpu_s"] is None or row[f"{name}_cpu_s"] > 0, name
    assert set(result["goals"]) == {"import", "memory", "rollup", "incremental", "refusal"}
    # The same file with every hundredth row's score unreadable: refused, each one counted.
    assert row["refused_errors"] == 2_000 // 100 and row["refused_s"] > 0


def test_the_themes_bench_tags_and_scores_every_comment_of_its_smallest_file(run_bench):
    result = run_bench("themes.py")
    [row] = result["results"]
    assert row["size"] == 2_000
    # Every response carries a comment: the import with themes left each one's sentiment to
    # the job (the large-import path), which scored them all.
    assert row["scored"] == 2_000 and row["pending_after"] == 0
    # Tagging alone (the backfill's way) finds the mentions the import tagged.
    assert row["tagged"] == row["mentions"] > 0
    # The import's analysis is timed by step (tagging and rollups: one statement), a part of it.
    assert 0 < row["tag_in_import_s"] <= row["analyse_in_import_s"]
    # Beside each import's wall time, its CPU seconds (None only when the database server runs
    # on another machine).
    for name in ("import_plain_cpu_s", "import_themes_cpu_s"):
        assert row[name] is None or row[name] > 0, name
    assert set(result["goals"]) == {"import", "tagging"}
    assert result["machine"]["cpus"] >= 1 and len(row["load_average"]) == 3


def test_the_search_bench_times_every_query_for_each_person_and_reads_the_gin_index(run_bench):
    result = run_bench("search.py", BENCH_REPEAT="1")
    # A fiftieth of the design's 10,000 initiatives, each with the word every search matches.
    assert result["built"]["initiatives"] == 200
    rows = result["searches"]
    assert {(row["query"], row["user"]) for row in rows} == {
        (q, who)
        for q in ("complaint", "biometric", "onboard", "branch wait", "bench", "zyxwv")
        for who in ("core", "member")
    }
    by = {(row["query"], row["user"]): row for row in rows}
    assert by["bench", "core"]["hits"] > 0 and by["zyxwv", "core"]["hits"] == 0
    # Whether the initiatives' statement read the GIN index, from its plan: at this size a
    # scan of 200 rows is cheaper and the planner may take it; at the design's scale it reads
    # the index (bench/README.md).
    assert {type(row["uses_gin"]) for row in rows} == {bool}
    for row in rows:
        assert row["queries"] > 0 and row["page_ms"] > 0 and row["api_ms"] > 0, row
    assert result["goal_ms"] == 100
