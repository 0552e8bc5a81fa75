"""What the bench scripts share: the sizes, the throwaway database, the machine, the JSON file.

Imported after django.setup() by bench/run.py and bench/voc.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import platform
import resource
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

# SIZE=XS|S|M|L. XS is the suite's smoke run (tests/test_bench.py). `responses` is the page
# data's size; `voc_sizes` the import and rollup figures' sizes (the first is the memory
# baseline); L measures the import and the rollup only (`responses` None: no page data).
SIZES = {
    "XS": {"responses": 2_000, "people": 30, "initiatives": 30, "voc_sizes": [2_000]},
    "S": {"responses": 100_000, "people": 100, "initiatives": 200, "voc_sizes": [100_000]},
    "M": {
        "responses": 1_000_000,
        "people": 1_000,
        "initiatives": 2_000,
        "voc_sizes": [100_000, 1_000_000],
    },
    "L": {
        "responses": None,
        "people": 0,
        "initiatives": 0,
        "voc_sizes": [100_000, 1_000_000, 10_000_000],
    },
}


def size_name() -> str:
    name = os.environ.get("SIZE", "S").upper()
    if name not in SIZES:
        raise SystemExit(f"SIZE={name}: choose one of {', '.join(SIZES)}")
    return name


def data_dir() -> Path:
    path = Path(os.environ.get("BENCH_VOC_DIR", "/tmp/voc-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def backend_cpu_seconds() -> float | None:
    """CPU seconds the database server's process for this connection has used so far (user
    and system, from /proc), or None when the server is not on this machine. On a shared
    machine the wall time of a statement is mostly waiting for a core; its CPU time is not,
    so a ratio of CPU times holds still while the load moves."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds() -> float:
    """CPU seconds this process has used so far (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Cpu:
    """CPU seconds used from here on by this process and its database server process
    together (None when the server's process cannot be read: not on this machine)."""

    def __init__(self):
        self.backend = backend_cpu_seconds()
        self.process = process_cpu_seconds()

    def used(self) -> float | None:
        backend = backend_cpu_seconds()
        if backend is None or self.backend is None:
            return None
        return backend - self.backend + process_cpu_seconds() - self.process


@functools.cache
def machine() -> dict:
    """The machine and the database server, read once (while the throwaway database exists:
    the database DATABASE_URL names need not)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = cursor.fetchone()[0]
    return {
        "host": platform.node(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3),
        "database": database if connection.vendor == "postgresql" else "SQLite",
    }


@contextlib.contextmanager
def throwaway_database(keep: bool = False):
    """A fresh test database for the run, dropped at the end; yields its URL (for processes the
    bench starts: the importer, gunicorn). With `keep`, the test database of an earlier kept
    run is used as it is (brought up to date by its new migrations) and kept at the end, so a
    build of many minutes is made once and measured many times."""
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    template = os.environ.get("BENCH_TEMPLATE_DB")
    if template and connection.vendor == "postgresql" and not keep:
        _copy_of(template)
    # Not serialized: a kept database may hold the whole build. On a copy (`keepdb`), only the
    # migrations the template lacks run.
    name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=keep or bool(template)
    )
    machine()
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@"
            f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
        )
    else:
        url = f"sqlite:///{name}"
    try:
        yield url
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)


def _copy_of(template: str) -> None:
    """The run's test database made afresh as a copy of `template`, a migrated database
    (`BENCH_TEMPLATE_DB`): the suite's smoke runs start from its own test database's copy, a
    second instead of the migrations' minute each."""
    name = connection.creation._get_test_db_name()
    quote = connection.ops.quote_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")


def write_results(kind: str, size: str, payload: dict) -> Path:
    """var/bench/<SIZE>-<kind>.json (BENCH_OUT sets the folder): the run's figures with the
    machine and the load average beside them."""
    out = Path(os.environ.get("BENCH_OUT", ROOT / "var" / "bench"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{size}-{kind}.json"
    payload = {
        "kind": kind,
        "size": size,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **payload,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nresults: {path}")
    return path


def dimensions_create() -> None:
    """The touchpoints, channels, segments, business units and the fourth metric that
    bench/voc_responses.py writes into its files (those already there are left alone)."""
    import voc_responses

    from governance.models import BusinessUnit
    from voc.models import Channel, JourneyStage, Metric, Segment, Touchpoint

    dims = voc_responses.dimensions()
    Touchpoint.objects.bulk_create(
        (
            Touchpoint(code=c, name=f"Bench touchpoint {c}", journey_stage=JourneyStage.SUPPORT)
            for c in dims["touchpoint"]
        ),
        ignore_conflicts=True,
    )
    Channel.objects.bulk_create(
        (Channel(code=c, name=f"Bench {c}") for c in dims["channel"]), ignore_conflicts=True
    )
    Segment.objects.bulk_create(
        (Segment(code=c, name=f"Bench {c}") for c in dims["segment"]), ignore_conflicts=True
    )
    BusinessUnit.objects.bulk_create(
        (BusinessUnit(code=c, name=f"Bench unit {c}") for c in dims["business_unit"]),
        ignore_conflicts=True,
    )
    Metric.objects.get_or_create(code=voc_responses.TRUST["code"], defaults=voc_responses.TRUST)


def serve_plain_http_to_the_test_client() -> None:
    """What the test client needs of production settings (DEBUG off): plain HTTP, and the
    static files served from their folders without a manifest."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
