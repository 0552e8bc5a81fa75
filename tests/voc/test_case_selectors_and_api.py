"""Closed-loop counts against the service level (per touchpoint, business unit and working
group), a person's cases, and the cases API: scoped, filtered, moved through its services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cxgov.roles import Role
from governance.models import MemberRole, Tier
from tests.factories import BodyFactory, BusinessUnitFactory, MembershipFactory, UserFactory
from voc import selectors
from voc.models import ClosedLoopCase, Response

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 23)


@pytest.fixture
def owner(db):
    return UserFactory(username="otto", roles=[Role.WORKING_GROUP_MEMBER])


def make_case(*, owner=None, touchpoint=None, unit=None, due=ON, closed=None):
    n = [Response.objects.count()]
    n[0] += 1
    response = Response.objects.create(
        metric=metric("nps"), score=2, comment="Slow.", external_id=f"case-{n[0]}",
        responded_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), touchpoint=touchpoint,
    )  # fmt: skip
    return ClosedLoopCase.objects.create(
        response=response, metric=response.metric, touchpoint=touchpoint, business_unit=unit,
        owner=owner, opened_on=min(due, dt.date(2026, 11, 1)), due_on=due,
        status="closed" if closed else "open", closed_on=closed,
        closing_note="Called." if closed else "",
    )  # fmt: skip


def test_counts_per_touchpoint_and_business_unit_against_the_service_level(owner):
    checkout = TouchpointFactory(code="checkout", name="Checkout")
    delivery = TouchpointFactory(code="delivery", name="Delivery")
    retail = BusinessUnitFactory(name="Retail")
    make_case(touchpoint=checkout, unit=retail, due=ON)  # open, due today: not overdue
    make_case(touchpoint=checkout, unit=retail, due=ON - dt.timedelta(days=1))  # overdue
    make_case(touchpoint=checkout, due=ON, closed=ON)  # closed on its due date: in time
    make_case(touchpoint=delivery, unit=retail, due=ON - dt.timedelta(days=3), closed=ON)  # late
    make_case(unit=retail)  # open, no touchpoint
    rows = {r.name: r for r in selectors.case_counts_by_touchpoint(on=ON)}
    c = rows["Checkout"]
    assert (c.open, c.overdue, c.closed_in_time, c.closed_late, c.total) == (2, 1, 1, 0, 3)
    assert c.in_time_percent == 100
    d = rows["Delivery"]
    assert (d.open, d.overdue, d.closed_in_time, d.closed_late, d.in_time_percent) == (
        0, 0, 0, 1, 0,
    )  # fmt: skip
    assert list(rows)[-1] == "No touchpoint" and rows["No touchpoint"].open == 1
    units = {r.name: r for r in selectors.case_counts_by_business_unit(on=ON)}
    r = units["Retail"]
    assert (r.open, r.overdue, r.closed_late, r.total) == (3, 1, 1, 4)
    assert units["No business unit"].total == 1


def test_counts_per_working_group_follow_the_owners_seats(owner):
    onboarding = BodyFactory(name="Onboarding", tier=Tier.WORKING_GROUP)
    complaints = BodyFactory(name="Complaints", tier=Tier.WORKING_GROUP)
    steering = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE)
    MembershipFactory(person=owner, body=onboarding)
    MembershipFactory(person=owner, body=steering, role=MemberRole.MEMBER)
    other = MembershipFactory(body=complaints).person
    MembershipFactory(
        body=onboarding, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31)
    )  # a former member: counts nowhere
    make_case(owner=owner, due=ON - dt.timedelta(days=1))
    make_case(owner=owner)
    make_case(owner=other)
    make_case()
    rows = {r.name: r for r in selectors.case_counts_by_working_group(on=ON)}
    assert set(rows) == {"Onboarding", "Complaints"}
    assert (rows["Onboarding"].open, rows["Onboarding"].overdue) == (2, 1)
    assert rows["Complaints"].total == 1


@pytest.mark.parametrize("size", [3, 30])
def test_counts_and_my_cases_read_in_a_flat_number_of_queries(owner, size):
    units = [BusinessUnitFactory() for _ in range(3)]
    points = [TouchpointFactory() for _ in range(3)]
    for i in range(size):
        make_case(owner=owner, touchpoint=points[i % 3], unit=units[i % 3])
    with CaptureQueriesContext(connection) as queries:
        selectors.case_counts_by_touchpoint(on=ON)
        selectors.case_counts_by_business_unit(on=ON)
        selectors.case_counts_by_working_group(on=ON)
        selectors.case_summary(user=owner, on=ON)
        mine = list(selectors.my_cases(user=owner))
        [(c.metric.name, c.touchpoint.name, c.business_unit.name) for c in mine]
    # Three counts of two queries, the summary (with the owner's roles) and my cases.
    assert len(queries) == 9 and len(mine) == size


def test_my_cases_are_the_open_ones_i_own_soonest_due_first(owner):
    later = make_case(owner=owner, due=ON + dt.timedelta(days=3))
    sooner = make_case(owner=owner, due=ON)
    make_case(owner=owner, closed=ON)
    make_case(owner=UserFactory())
    assert list(selectors.my_cases(user=owner)) == [sooner, later]


# -- API ---------------------------------------------------------------------------------------


def test_the_owner_lists_only_their_cases_and_another_member_gets_404(api_client, owner):
    mine = make_case(owner=owner)
    make_case(owner=UserFactory())
    api_client.force_authenticate(owner)
    body = api_client.get("/api/v1/cases/").json()
    assert [c["id"] for c in body["results"]] == [mine.pk]
    assert body["results"][0]["comment"] == "Slow." and body["results"][0]["score"] == 2
    stranger = UserFactory(username="sid", roles=[Role.WORKING_GROUP_MEMBER])
    api_client.force_authenticate(stranger)
    assert api_client.get(f"/api/v1/cases/{mine.pk}/").status_code == 404


def test_the_api_filters_cases_by_overdue_and_status(api_client, core_team_user):
    late = make_case(due=dt.date(2020, 1, 1))
    make_case(due=dt.date(2099, 1, 1))
    make_case(due=dt.date(2020, 1, 1), closed=dt.date(2020, 1, 5))
    api_client.force_authenticate(core_team_user)
    body = api_client.get("/api/v1/cases/?overdue=true").json()
    assert [c["id"] for c in body["results"]] == [late.pk]
    assert api_client.get("/api/v1/cases/?status=closed").json()["count"] == 1
    refused = api_client.get("/api/v1/cases/?status=resolved")
    assert refused.status_code == 400 and "status" in refused.json()


def test_the_api_transition_closes_with_a_note_and_refuses_without(api_client, owner):
    case = make_case(owner=owner)
    api_client.force_authenticate(owner)
    url = f"/api/v1/cases/{case.pk}/transition/"
    refused = api_client.post(url, {"to_status": "closed"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["note"] == ["Say what was done for the customer before closing the case."]
    assert ClosedLoopCase.objects.get().status == "open"
    unknown = api_client.post(url, {"to_status": "resolved"}, format="json")
    assert unknown.status_code == 400 and "to_status" in unknown.json()
    done = api_client.post(url, {"to_status": "closed", "note": "Refunded."}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "closed"
    again = api_client.post(url, {"to_status": "open"}, format="json")
    assert again.status_code == 400 and "it is final" in again.json()["to_status"][0]


def test_the_api_reassigns_through_the_service_and_refuses_an_inactive_person(
    api_client, core_team_user, owner
):
    case = make_case(owner=owner)
    api_client.force_authenticate(core_team_user)
    gone = UserFactory(username="gone", roles=[Role.WORKING_GROUP_MEMBER], is_active=False)
    change = {"owner": gone.pk, "version": case.version}
    refused = api_client.patch(f"/api/v1/cases/{case.pk}/", change, format="json")
    assert refused.status_code == 400 and "deactivated" in refused.json()["owner"][0]
    assert ClosedLoopCase.objects.get().owner == owner
    other = UserFactory(username="olga", roles=[Role.WORKING_GROUP_MEMBER])
    change = {"owner": other.pk, "version": case.version}
    moved = api_client.patch(f"/api/v1/cases/{case.pk}/", change, format="json")
    assert moved.status_code == 200 and moved.json()["owner"] == other.pk


def test_the_case_list_reads_in_a_flat_number_of_queries(api_client, core_team_user):
    for _ in range(3):
        make_case(owner=core_team_user, touchpoint=TouchpointFactory())
    api_client.force_authenticate(core_team_user)
    api_client.get("/api/v1/cases/")  # the roles are read once, then kept on the user
    with CaptureQueriesContext(connection) as few:
        api_client.get("/api/v1/cases/")
    for _ in range(30):
        make_case(owner=core_team_user, touchpoint=TouchpointFactory())
    with CaptureQueriesContext(connection) as many:
        assert api_client.get("/api/v1/cases/").json()["count"] == 33
    assert len(many) == len(few)
