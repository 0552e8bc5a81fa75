"""Benchmarks: build data at the design's scale in a throwaway database, time the pages, report.

Run with `make bench` (SQLite) or with DATABASE_URL set (PostgreSQL). It measures and prints;
it never fails on a number. Scale knobs: BENCH_BODIES, BENCH_PEOPLE, BENCH_ACTIVITIES.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxgov.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BODIES = int(os.environ.get("BENCH_BODIES", 200))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", 2000))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", 60))
REPEAT = int(os.environ.get("BENCH_REPEAT", 5))


def build() -> object:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from governance.models import (
        Activity,
        BusinessUnit,
        GovernanceBody,
        Membership,
        RaciAssignment,
        Tier,
    )

    User = get_user_model()
    start = dt.date(2026, 1, 1)
    units = BusinessUnit.objects.bulk_create(
        BusinessUnit(name=f"Unit {i}", code=f"unit-{i}") for i in range(12)
    )
    sponsor = GovernanceBody.objects.create(name="Sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    steering = GovernanceBody.objects.create(
        name="Steering", tier=Tier.STEERING_COMMITTEE, parent=sponsor
    )
    groups = GovernanceBody.objects.bulk_create(
        GovernanceBody(name=f"WG {i}", tier=Tier.WORKING_GROUP, parent=steering, formed_on=start)
        for i in range(BODIES - 2)
    )
    users = User.objects.bulk_create(
        User(username=f"bench{i}", first_name="P", last_name=f"{i}") for i in range(PEOPLE)
    )
    core = User.objects.create_user("bench-core", password="bench-password")
    core.groups.add(Group.objects.get(name="Core team"))
    Membership.objects.bulk_create(
        Membership(
            person=user,
            body=groups[i % len(groups)],
            business_unit=units[i % len(units)],
            start_date=start,
            hours_per_month=4,
        )
        for i, user in enumerate(users)
    )
    activities = Activity.objects.bulk_create(
        Activity(code=f"bench-{i}", name=f"Bench activity {i}", position=1000 + i)
        for i in range(ACTIVITIES)
    )
    RaciAssignment.objects.bulk_create(
        [
            RaciAssignment(activity=a, body=groups[i % len(groups)], letter="A")
            for i, a in enumerate(activities)
        ]
        + [
            RaciAssignment(activity=a, person=users[i], letter="R")
            for i, a in enumerate(activities)
        ]
    )
    return core


def measure(client: Client, url: str) -> tuple[float, float, int]:
    timings, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(timings), max(timings), queries


def main() -> None:
    setup_test_environment()
    settings.SECURE_SSL_REDIRECT = False
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        core = build()
        print(
            f"built {BODIES} bodies, {PEOPLE} people, {ACTIVITIES} activities on "
            f"{connection.vendor} in {time.perf_counter() - started:.1f} s"
        )
        client = Client()
        client.force_login(core)
        print(f"{'page':40} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for url in [
            "/",
            "/governance/organization/",
            "/governance/raci/",
            "/api/v1/bodies/",
            "/api/v1/memberships/",
            "/api/v1/raci/matrix/",
        ]:
            median, worst, queries = measure(client, url)
            print(f"{url:40} {median:10.1f} {worst:8.1f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
