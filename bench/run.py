"""The pages at scale: build the data, profile each page in process, then load it under wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cxgov SIZE=S .venv/bin/python bench/run.py

SIZE (bench/common.py) sets the data: the demo organization (every role, targets, meetings,
KPI packs, cases) grown by `people` people and `initiatives` initiatives across its working
groups, and `responses` survey responses from bench/voc_responses.py (four metrics over 24
months, 40 touchpoints, eight business units) through the importer, then the full rollup.
Then, for every main page and API list:
- in process (Django test client): median time, queries and time in SQL;
- under wrk (when installed and BENCH_SECONDS > 0, default 8 s a page): gunicorn with two sync
  workers and CONN_MAX_AGE 60, 2 threads x 16 connections, each request with a logged-in
  session, beside the floor (a minimal page behind the login wall) in the same run, with the
  load average before and after each page.
It builds a throwaway test database and drops it at the end; it prints and writes
var/bench/<SIZE>-pages.json (BENCH_OUT sets the folder); it never fails on a number.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boot  # noqa: F401  (Django set up for the bench)
import voc_responses
from boot import ROOT
from common import (
    SIZES,
    data_dir,
    dimensions_create,
    load_average,
    serve_plain_http_to_the_test_client,
    size_name,
    throwaway_database,
    write_results,
)
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

REPEAT = int(os.environ.get("BENCH_REPEAT", 5))
SECONDS = int(os.environ.get("BENCH_SECONDS", 8))
# How many pages go under wrk, the floor first (0: all); the suite's smoke run takes two.
WRK_PAGES = int(os.environ.get("BENCH_WRK_PAGES", 0))
PORT = int(os.environ.get("BENCH_PORT", 8199))
# BENCH_KEEP=1 keeps the built database (test_<DATABASE_URL's name>) and measures a kept build
# of the same SIZE again without building; BENCH_ONLY=<regex> measures the matching pages
# only (the floor always), for measuring one change at a time.
KEEP = os.environ.get("BENCH_KEEP") == "1"
ONLY = os.environ.get("BENCH_ONLY")
# The targets, held against the floor measured in the same run.
GOALS = {"share_of_floor": 1 / 3, "p99_ms": 150}


def build(size: dict) -> dict:
    """The demo organization grown to the size; returns the ids the pages need."""
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    people = people_create(size["people"])
    initiatives_create(size["initiatives"], people)
    responses_import(size["responses"])
    return page_ids()


def people_create(count: int) -> list:
    """`count` people, each a member of one working group for one business unit."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from governance.models import BusinessUnit, GovernanceBody, Membership, Tier

    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"bench{i}", first_name="Person", last_name=f"{i}") for i in range(count)
    )
    groups = list(GovernanceBody.objects.filter(tier=Tier.WORKING_GROUP).order_by("pk"))
    units = list(BusinessUnit.objects.order_by("pk"))
    Membership.objects.bulk_create(
        Membership(
            person=user,
            body=groups[i % len(groups)],
            business_unit=units[i % len(units)],
            start_date=max(dt.date(2025, 1, 1), groups[i % len(groups)].formed_on or dt.date.min),
            hours_per_month=4,
        )
        for i, user in enumerate(users)
    )
    return users


def initiatives_create(count: int, people: list) -> None:
    """`count` initiatives across the working groups, units, statuses and healths, each serving
    one or two priorities, with six monthly status updates each."""
    import datetime as dt

    from governance.models import BusinessUnit, GovernanceBody, Tier
    from portfolio.models import Initiative, Status, StatusUpdate, StrategicPriority
    from portfolio.services import initiative_permissions_sync

    groups = list(GovernanceBody.objects.filter(tier=Tier.WORKING_GROUP).order_by("pk"))
    units = list(BusinessUnit.objects.order_by("pk"))
    priorities = list(StrategicPriority.objects.order_by("pk"))
    statuses, healths = list(Status), ["green", "amber", "red", ""]
    today = dt.date.today()
    start = today - dt.timedelta(days=365)
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            title=f"Bench initiative {n}",
            owner=people[n % len(people)],
            working_group=groups[n % len(groups)],
            business_unit=units[n % len(units)],
            start_date=start + dt.timedelta(days=n % 300),
            target_date=start + dt.timedelta(days=200 + n % 400),
            status=statuses[n % len(statuses)],
            health=healths[n % 4],
            progress=n % 101,
            last_update_on=today - dt.timedelta(days=n * 7 % 45),
            needs_help=n % 11 == 0,
            help_reason="Need IT capacity." if n % 11 == 0 else "",
        )
        for n in range(count)
    )
    through = Initiative.priorities.through
    through.objects.bulk_create(
        through(initiative_id=i.pk, strategicpriority_id=priorities[(k + j) % len(priorities)].pk)
        for k, i in enumerate(initiatives)
        for j in range(1 + k % 2)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            initiative=i,
            author=i.owner,
            reported_on=today - dt.timedelta(days=30 * month),
            health=i.health or "green",
            progress=i.progress,
            summary="Monthly update.",
        )
        for i in initiatives
        for month in range(6)
    )
    initiative_permissions_sync()


def responses_import(count: int) -> None:
    from voc.services import import_responses, rollup_rebuild

    dimensions_create()
    path = data_dir() / f"responses-{voc_responses.END:%Y%m}-{count}.csv"
    if not path.exists():
        voc_responses.write(str(path) + ".part", count)
        os.replace(str(path) + ".part", path)
    with open(path, "rb") as source:
        import_responses(source=source)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE voc_response")
    rollup_rebuild()


def is_built(size: dict) -> bool:
    """Whether a kept database holds this size's build (its bench initiatives; the responses
    are imported after them, so a build cut short in the import shows as another size's)."""
    from portfolio.models import Initiative

    found = Initiative.objects.filter(title__startswith="Bench initiative ").count()
    if found and found != size["initiatives"]:
        raise SystemExit(f"the kept database holds {found:,} bench initiatives: drop it")
    return bool(found)


def page_ids() -> dict:
    from cxgov.program.models import KpiPack
    from governance.models import Meeting, MeetingStatus, Tier
    from voc.models import KpiTarget

    steering = Meeting.objects.filter(body__tier=Tier.STEERING_COMMITTEE)
    return {
        "target": KpiTarget.objects.order_by("pk").values_list("pk", flat=True).first(),
        "stored_pack": KpiPack.objects.order_by("-pk").values_list("meeting_id", flat=True).first(),
        "next_meeting": steering.filter(status=MeetingStatus.SCHEDULED)
        .order_by("starts_at")
        .values_list("pk", flat=True)
        .first(),
    }


def pages(ids: dict) -> list[tuple[str, str, str]]:
    """(name, user, url) for every main page and API list."""
    core = "core"
    return [
        ("floor (login wall, nothing else)", core, "/bench/floor/"),
        ("password change form", core, "/accounts/password/change/"),
        *[(f"home ({who})", who, "/") for who in ("core", "sponsor", "steering", "member")],
        ("home (viewer)", "viewer", "/"),
        ("VoC dashboard", core, "/voc/"),
        ("NPS metric page", core, "/voc/metrics/nps/"),
        ("portfolio list", core, "/portfolio/"),
        ("portfolio board", core, "/portfolio/board/"),
        ("roadmap", core, "/portfolio/roadmap/"),
        ("line of sight", core, "/program/line-of-sight/"),
        ("line of sight (one target)", core, f"/program/line-of-sight/{ids['target']}/"),
        ("KPI pack (preview)", "steering", f"/program/meetings/{ids['next_meeting']}/pack/"),
        ("KPI pack (stored)", "steering", f"/program/meetings/{ids['stored_pack']}/pack/"),
        ("closed-loop cases", core, "/voc/cases/"),
        ("organization chart", core, "/governance/organization/"),
        ("RACI", core, "/governance/raci/"),
        ("GET /api/v1/initiatives/", core, "/api/v1/initiatives/"),
        ("GET /api/v1/memberships/", core, "/api/v1/memberships/"),
        ("GET /api/v1/rollups/", core, "/api/v1/rollups/"),
        ("GET /api/v1/responses/", core, "/api/v1/responses/"),
        ("GET /api/v1/cases/", core, "/api/v1/cases/"),
        ("GET /api/v1/meetings/", core, "/api/v1/meetings/"),
    ]


def profile(client: Client, url: str) -> dict:
    """In process: median and worst time, queries and the database's time of the page as
    rendered (the page cache off, the cached panels warm), then the median time and queries
    of the same page from the page cache (cxgov.caching.PageCacheMiddleware)."""
    timings, sql = [], []
    with override_settings(PAGE_CACHE=False):
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    rendered_queries = len(ctx.captured_queries)
    client.get(url)  # kept in the page cache
    cached = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as cached_ctx:
            started = time.perf_counter()
            response = client.get(url)
            cached.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
        "queries": rendered_queries,
        "sql_ms": round(statistics.median(sql), 1),
        "cached_ms": round(statistics.median(cached), 1),
        "cached_queries": len(cached_ctx.captured_queries),
        "from_page_cache": response.get("X-Page-Cache") == "hit",
    }


def gunicorn(db_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "CONN_MAX_AGE": "60",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "false",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers=2",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
            "wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not answer /healthz")


def status_with(url: str, cookie: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        return opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url: str, cookie: str) -> dict:
    before = load_average()
    out = subprocess.run(
        # A 10 s timeout (wrk's own is 2 s) so a slow page's p99 is measured, not cut off.
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{SECONDS}s",
            "--timeout=10s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    unit = {"us": 0.001, "ms": 1, "s": 1000}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", out)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": round(float(p99.group(1)) * unit[p99.group(2)], 1) if p99 else None,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "load_average_before": before,
        "load_average_after": load_average(),
    }


def main() -> None:
    from django.contrib.auth import get_user_model

    label = size_name()
    size = SIZES[label]
    if size["responses"] is None:
        print(f"SIZE={label} measures the import and the rollup only (bench/voc.py).")
        return
    serve_plain_http_to_the_test_client()
    settings.ROOT_URLCONF = "floor"  # the site and the floor, as the bench's gunicorn serves
    results, built = [], {}
    with throwaway_database(keep=KEEP) as db_url:
        started = time.perf_counter()
        kept = KEEP and is_built(size)
        ids = page_ids() if kept else build(size)
        built = {**{k: v for k, v in size.items() if k != "voc_sizes"}, "seconds": 0.0}
        built["seconds"] = round(time.perf_counter() - started, 1)
        built["kept"] = kept
        print(f"built SIZE={label} ({built}) on {connection.vendor}", flush=True)
        users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO)}
        clients = {}
        for name in DEMO:
            clients[name] = Client()
            clients[name].force_login(users[name])
        print(
            f"{'page':36} {'median ms':>9} {'SQL ms':>7} {'queries':>7} "
            f"{'cached ms':>9} {'queries':>7}"
        )
        for name, who, url in pages(ids):
            if ONLY and not (url == "/bench/floor/" or re.search(ONLY, name)):
                continue
            row = {"page": name, "user": who, "url": url, **profile(clients[who], url)}
            print(
                f"{name:36} {row['median_ms']:9.1f} {row['sql_ms']:7.1f} {row['queries']:7d} "
                f"{row['cached_ms']:9.1f} {row['cached_queries']:7d}",
                flush=True,
            )
            results.append(row)
        if SECONDS > 0 and shutil.which("wrk") and connection.vendor == "postgresql":
            load(db_url, clients, results)
        else:
            print("\nwrk: skipped (needs wrk, PostgreSQL and BENCH_SECONDS > 0)")
    markdown(results)
    write_results(
        "pages",
        label,
        {"built": built, "goals": GOALS, "wrk_seconds": SECONDS, "pages": results},
    )


DEMO = ("core", "sponsor", "steering", "member", "viewer")


def markdown(results: list[dict]) -> None:
    """The summary table bench/README.md shows, each figure beside its goal."""
    print(
        "\n| page | rendered ms | SQL ms | queries | from the page cache ms | queries | req/s "
        "| p99 ms (goal < 150) "
        "| share of the floor (goal >= 0.33) | timeouts | load average |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        w = r.get("wrk") or {}
        print(
            f"| {r['page']} | {r['median_ms']:.0f} | {r['sql_ms']:.0f} | {r['queries']} | "
            f"{r['cached_ms']:.1f}{'' if r['from_page_cache'] else ' (not kept)'} | "
            f"{r['cached_queries']} | "
            + (
                f"{w['requests_per_s']:.1f} | {w['p99_ms'] or 0:.0f} | "
                f"{w['share_of_floor']:.2f} | {w['timeouts']} | {w['load_average_after'][0]:.1f} |"
                if "requests_per_s" in w
                else " | | | | |"
            )
        )


def load(db_url: str, clients: dict, results: list[dict]) -> None:
    """Every page under wrk, the floor first; each row gets its share of the floor."""
    # The session and the CSRF cookie a browser holds after its first page: the page cache
    # answers only a request with both (cxgov.caching.PageCacheMiddleware).
    cookies = {
        who: "; ".join(
            f"{name}={c.cookies[name].value}"
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
            if name in c.cookies
        )
        for who, c in clients.items()
    }
    # The sessions the test client wrote are in this process's transaction-free database.
    server = gunicorn(db_url)
    try:
        print(
            f"\nwrk 2 threads x 16 connections, {SECONDS} s a page\n"
            f"{'page':36} {'req/s':>8} {'p99 ms':>7} {'floor':>6} {'load':>5}"
        )
        floor = None
        for row in results[:WRK_PAGES] if WRK_PAGES else results:
            url = f"http://127.0.0.1:{PORT}{row['url']}"
            status = status_with(url, cookies[row["user"]])
            if status != 200:
                row["wrk"] = {"error": f"status {status} before the run"}
                print(f"{row['page']:36} status {status}: not measured", flush=True)
                continue
            row["wrk"] = wrk(url, cookies[row["user"]])
            floor = floor or row["wrk"]["requests_per_s"]
            row["wrk"]["share_of_floor"] = round(row["wrk"]["requests_per_s"] / floor, 3)
            w = row["wrk"]
            print(
                f"{row['page']:36} {w['requests_per_s']:8.1f} {w['p99_ms'] or 0:7.1f} "
                f"{w['share_of_floor']:6.2f} {w['load_average_after'][0]:5.1f}",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
