"""Benchmarks: build data at the design's scale in a throwaway database, time the pages, report.

Run with `make bench` (SQLite) or with DATABASE_URL set (PostgreSQL). It measures and prints;
it never fails on a number. Scale knobs: BENCH_BODIES, BENCH_PEOPLE, BENCH_ACTIVITIES,
BENCH_INITIATIVES.
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
INITIATIVES = int(os.environ.get("BENCH_INITIATIVES", 2000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 5))
MEETINGS_PER_BODY = int(os.environ.get("BENCH_MEETINGS_PER_BODY", 25))


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
    build_portfolio(users=users, groups=groups, units=units, start=start)
    build_meetings(groups, users)
    return core


def build_portfolio(*, users, groups, units, start) -> None:
    """INITIATIVES initiatives across the working groups, units, statuses and healths, each
    serving one or two of eight priorities, with twelve monthly status updates each."""
    import datetime as dt

    from portfolio.models import Initiative, Status, StatusUpdate, StrategicPriority
    from portfolio.services import initiative_permissions_sync

    priorities = StrategicPriority.objects.bulk_create(
        StrategicPriority(title=f"Priority {i}", period="2026", position=i) for i in range(8)
    )
    statuses, healths = list(Status), ["green", "amber", "red", ""]
    today = dt.date.today()
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            title=f"Initiative {n}",
            owner=users[n % len(users)],
            working_group=groups[n % len(groups)],
            business_unit=units[n % len(units)],
            start_date=start + dt.timedelta(days=n % 300),
            target_date=start + dt.timedelta(days=200 + n % 400),
            status=statuses[n % 6],
            health=healths[n % 4],
            progress=n % 101,
            last_update_on=today - dt.timedelta(days=n * 7 % 45),
            needs_help=n % 11 == 0,
            help_reason="Need IT capacity." if n % 11 == 0 else "",
        )
        for n in range(INITIATIVES)
    )
    through = Initiative.priorities.through
    through.objects.bulk_create(
        through(initiative_id=i.pk, strategicpriority_id=priorities[(k + j) % 8].pk)
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
        for month in range(12)
    )
    initiative_permissions_sync()


def build_meetings(groups, users) -> None:
    """A year of fortnightly meetings per working group, a decision and two actions each."""
    import datetime as dt

    from django.utils import timezone

    from governance.models import ActionItem, AgendaItem, Attendance, Decision, Meeting

    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body=body,
            starts_at=now - dt.timedelta(days=14 * (i - 3)),
            time_zone="Europe/London",
        )
        for body in groups
        for i in range(MEETINGS_PER_BODY)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=p, title=f"Item {p}") for m in meetings for p in range(6)
    )
    Decision.objects.bulk_create(
        Decision(
            body=m.body,
            meeting=m,
            text=f"Decision {i}: approve the target",
            decided_on=m.starts_at.date(),
            decided_by=users[i % len(users)],
        )
        for i, m in enumerate(meetings)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            body=m.body,
            meeting=m,
            title=f"Action {i}-{k}",
            owner=users[(i + k) % len(users)],
            due_on=m.starts_at.date() + dt.timedelta(days=14),
        )
        for i, m in enumerate(meetings)
        for k in range(2)
    )
    busy = meetings[0]
    Attendance.objects.bulk_create(
        Attendance(meeting=busy, person=user, status="present") for user in users[:60]
    )


def measure(client: Client, url: str) -> tuple[float, float, int]:
    timings, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:  # an export: time it to the last byte
                b"".join(response.streaming_content)
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
            f"built {BODIES} bodies, {PEOPLE} people, {ACTIVITIES} activities, "
            f"{INITIATIVES} initiatives on "
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
            "/portfolio/",
            "/portfolio/?status=in_progress&stale=true",
            "/portfolio/board/",
            "/portfolio/roadmap/",
            "/portfolio/alignment/",
            "/portfolio/needs-help/",
            "/portfolio/stale/",
            "/portfolio/export.csv",
            "/api/v1/initiatives/",
            "/api/v1/status-updates/",
            "/governance/meetings/",
            "/governance/meetings/1/",
            "/governance/decisions/",
            "/governance/decisions/?q=target",
            "/api/v1/meetings/",
            "/api/v1/decisions/",
            "/api/v1/action-items/?overdue=true",
        ]:
            median, worst, queries = measure(client, url)
            print(f"{url:40} {median:10.1f} {worst:8.1f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
