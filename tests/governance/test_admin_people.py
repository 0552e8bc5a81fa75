"""The admin's user list says who holds which role and sits on which body, filters by role,
and reads both in a number of queries that does not grow with the people listed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from cxgov.roles import Role
from governance.models import MemberRole, Membership, Tier
from tests.factories import BodyFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db

URL = reverse("admin:auth_user_changelist")


@pytest.fixture
def staff_client(client, admin_user):
    admin_user.is_superuser = True  # the platform administrator who runs the Django admin
    admin_user.save()
    client.force_login(admin_user)
    return client


def row_of(page: str, username: str) -> str:
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*>{username}</a>(?:(?!</tr>).)*</tr>", page, re.S)
    assert match, f"{username} is not listed"
    return match.group(0)


def test_each_person_shows_their_roles_and_the_bodies_they_serve_on(staff_client):
    steering = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE)
    onboarding = BodyFactory(name="Onboarding WG", parent=steering)
    gone = BodyFactory(name="Old WG", parent=steering)
    wendy = UserFactory(username="wendy", roles=[Role.WORKING_GROUP_MEMBER, Role.VIEWER])
    Membership.objects.create(
        person=wendy, body=onboarding, role=MemberRole.LEAD, start_date=dt.date(2026, 1, 1)
    )
    # A seat that ended is not a body she serves on.
    Membership.objects.create(
        person=wendy,
        body=gone,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    UserFactory(username="nora")
    page = staff_client.get(URL).content.decode()
    wendy_row = row_of(page, "wendy")
    assert "Working-group member" in wendy_row and "Viewer" in wendy_row
    assert "Onboarding WG (lead)" in wendy_row and "Old WG" not in wendy_row
    assert "No role" in row_of(page, "nora")


def test_the_list_filters_by_role(staff_client, steering_user, viewer_user):
    page = staff_client.get(URL, {"role": Role.STEERING_COMMITTEE.value}).content.decode()
    assert steering_user.username in page
    assert f">{viewer_user.username}</a>" not in page
    assert "By role" in staff_client.get(URL).content.decode()


def test_the_list_reads_in_a_flat_number_of_queries(staff_client):
    body = BodyFactory(name="Complaints WG", tier=Tier.WORKING_GROUP)

    def grow(size: int) -> None:
        for n in range(size - Membership.objects.count()):
            person = UserFactory(username=f"p{size}-{n}", roles=[Role.WORKING_GROUP_MEMBER])
            Membership.objects.create(person=person, body=body, start_date=dt.date(2026, 1, 1))

    assert_flat_query_count(fetch=lambda: staff_client.get(URL), grow_to=grow, sizes=(5, 40))
