"""Demo users, one per role, with known passwords, and the clock the demo replays its year on.
Each app adds its own data in its demo.py."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from .roles import Role

DEMO_PASSWORD = "demo-password"

# username, first name, last name, role, title
DEMO_USERS = [
    ("admin", "Alex", "Admin", Role.ADMIN, "Platform administrator"),
    ("core", "Carol", "Chen", Role.CORE_TEAM, "Head of customer experience"),
    ("sponsor", "Evelyn", "Stone", Role.EXECUTIVE, "Chief operating officer"),
    ("steering", "Sam", "Patel", Role.STEERING_COMMITTEE, "Director, retail banking"),
    ("member", "Maya", "Lopez", Role.WORKING_GROUP_MEMBER, "Onboarding product manager"),
    ("viewer", "Victor", "Vance", Role.VIEWER, "Internal auditor"),
]

# More people who sit on bodies (demo-password too), by role.
DEMO_PEOPLE = [
    ("priya", "Priya", "Nair", Role.STEERING_COMMITTEE),
    ("tom", "Tom", "Becker", Role.STEERING_COMMITTEE),
    ("lena", "Lena", "Okafor", Role.STEERING_COMMITTEE),
    ("raj", "Raj", "Kumar", Role.STEERING_COMMITTEE),
    ("ines", "Ines", "Moreau", Role.CORE_TEAM),
    ("dev", "Dev", "Shah", Role.CORE_TEAM),
    ("olga", "Olga", "Ivanova", Role.WORKING_GROUP_MEMBER),
    ("ben", "Ben", "Adeyemi", Role.WORKING_GROUP_MEMBER),
    ("kim", "Kim", "Larsen", Role.WORKING_GROUP_MEMBER),
    ("jose", "José", "Ruiz", Role.WORKING_GROUP_MEMBER),
    ("hana", "Hana", "Sato", Role.WORKING_GROUP_MEMBER),
]


def seed_users() -> dict[str, object]:
    User = get_user_model()
    groups = {g.name: g for g in Group.objects.all()}
    # One hash for every demo login: they share the one published password, and the hasher's
    # work (a third of a second each) was most of this function's time.
    password = make_password(DEMO_PASSWORD)
    people = {}
    rows = [(u, f, last, role) for u, f, last, role, _ in DEMO_USERS] + DEMO_PEOPLE
    for username, first, last, role in rows:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
        )
        if created:
            user.password = password
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        user.groups.add(groups[role.value])
        people[username] = user
    return people


@contextmanager
def happened_at(moment: dt.datetime | dt.date) -> Iterator[dt.datetime]:
    """Run the block as if it were `moment` (a date: 09:00 UTC that day, never in the future),
    so what the services write in it (approval times, "today" dates, `auto_now_add` fields and
    django-simple-history's records) is dated when it happened in the demo's story, not when
    the demo was seeded. For the demo only: it replaces Django's clock for the block."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(9, 0), tzinfo=dt.UTC)
    moment = min(moment, timezone.now())
    with mock.patch.object(timezone, "now", return_value=moment):
        yield moment
