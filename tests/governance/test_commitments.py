"""Working-group commitments: a member states their contribution and hours and agrees; the
group's page shows who has and who has not, and the agreed hours against the need; a person
not in the group, negative hours, or an agreement on someone else's behalf are refused by name
with nothing saved; the manager is told once; the health signal against a hand-built
organization."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cxgov.health import health_readings
from cxgov.models import Notification
from governance import services
from governance.health import commitments_agreed_share
from governance.models import Commitment, MemberRole, Tier
from governance.notifications import COMMITMENT_AGREED
from governance.selectors import group_commitments
from tests.factories import BodyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
WG = "Working-group member"


@pytest.fixture
def group(db):
    """Onboarding needs 40 hours a month; Lee leads it, Ann and Bo serve; Cy serves elsewhere."""
    body = BodyFactory(name="Onboarding", tier=Tier.WORKING_GROUP, hours_needed=Decimal("40"))
    people = {
        name: UserFactory(username=name, first_name=name.title(), last_name="X", roles=[WG])
        for name in ("lee", "ann", "bo", "cy", "meg")
    }
    MembershipFactory(
        body=body, person=people["lee"], role=MemberRole.LEAD, start_date=dt.date(2026, 1, 1)
    )
    for name in ("ann", "bo"):
        MembershipFactory(body=body, person=people[name], start_date=dt.date(2026, 1, 1))
    MembershipFactory(
        body=BodyFactory(name="Other"), person=people["cy"], start_date=dt.date(2026, 1, 1)
    )
    services.body_permissions_sync()  # the lead's right to manage the group
    return body, people


def state(by, body, person, hours="12", agree=False, manager=None, words="Run the tests."):
    return services.commitment_state(
        by=by, body=body, person=person, contribution=words,
        hours_per_month=Decimal(hours), manager=manager, agree=agree,
    )  # fmt: skip


def test_the_group_shows_who_agreed_and_the_agreed_hours_against_the_need(
    group, django_assert_num_queries
):
    body, p = group
    state(p["ann"], body, p["ann"], "12", agree=True)
    state(p["lee"], body, p["bo"], "10")  # drafted by the lead, not agreed: does not count
    with django_assert_num_queries(2):  # the serving members, their commitments
        page = group_commitments(body=body)
    assert [(r.name, r.agreed) for r in page.rows] == [
        ("Bo X", False),  # not agreed first, then by name
        ("Lee X", False),
        ("Ann X", True),
    ]
    assert page.committed_hours == Decimal("12") and page.hours_short == Decimal("28")


def test_a_person_not_in_the_group_is_refused_on_person_and_nothing_saved(group):
    body, p = group
    with pytest.raises(ValidationError) as refused:
        state(p["cy"], body, p["cy"], agree=True)
    assert refused.value.message_dict["person"] == [
        "Cy X is not a serving member of Onboarding: only its members state a commitment to it."
    ]
    assert not Commitment.objects.exists()


def test_negative_hours_are_refused_on_the_field_and_nothing_saved(group):
    body, p = group
    with pytest.raises(ValidationError) as refused:
        state(p["ann"], body, p["ann"], "-2", agree=True)
    assert "hours_per_month" in refused.value.message_dict
    assert not Commitment.objects.exists()


def test_only_the_member_agrees_and_a_change_asks_them_again(group):
    body, p = group
    with pytest.raises(ValidationError) as refused:
        state(p["lee"], body, p["ann"], agree=True)
    assert refused.value.message_dict["agree"][0].startswith("Only Ann X agrees")
    assert not Commitment.objects.exists()
    commitment = state(p["ann"], body, p["ann"], "12", agree=True)
    assert commitment.agreed
    commitment = state(p["lee"], body, p["ann"], "16")  # the lead raises the hours
    assert not commitment.agreed
    with pytest.raises(PermissionDenied):
        state(p["bo"], body, p["ann"])  # a fellow member may not state Ann's


def test_the_manager_is_told_once_however_often_the_member_agrees(group):
    body, p = group
    state(p["ann"], body, p["ann"], "12", manager=p["meg"])  # not agreed: nobody told yet
    assert not Notification.objects.filter(kind=COMMITMENT_AGREED).exists()
    state(p["ann"], body, p["ann"], "12", manager=p["meg"], agree=True)
    state(p["ann"], body, p["ann"], "14", manager=p["meg"], agree=True)  # agreed again
    (told,) = Notification.objects.filter(kind=COMMITMENT_AGREED)
    assert told.recipient == p["meg"] and "Ann X agreed to contribute to Onboarding" in told.body


def test_the_group_page_shows_the_commitments_and_a_refusal_names_the_field(group, client):
    body, p = group
    state(p["ann"], body, p["ann"], "12", agree=True)
    client.force_login(p["lee"])
    html = client.get(body.get_absolute_url()).content.decode()
    assert "<strong>12 of 40 hours a month</strong> committed" in html
    assert "28 hours short" in html and "1 of 3 agreed" in html
    url = reverse("governance:commitment", args=[body.pk])
    client.force_login(p["cy"])
    answer = client.post(
        url, {"person": p["cy"].pk, "contribution": "Help", "hours_per_month": "3", "agree": "on"}
    )
    assert answer.status_code == 200
    assert "Cy X is not a serving member of Onboarding" in answer.content.decode()
    assert Commitment.objects.count() == 1


def test_the_api_states_one_and_refuses_a_non_member_by_name(group, client):
    body, p = group
    client.force_login(p["bo"])
    url = reverse("commitment-list")
    data = {"body": body.pk, "person": p["bo"].pk, "contribution": "Test", "hours_per_month": "5"}
    answer = client.post(url, data | {"agree": True}, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["agreed"] is True
    client.force_login(p["cy"])
    answer = client.post(url, data | {"person": p["cy"].pk}, content_type="application/json")
    assert answer.status_code == 400 and "person" in answer.json()
    assert Commitment.objects.count() == 1


def test_the_signal_is_the_share_of_working_group_members_who_agreed(db):
    """
        body          tier      serving        agreed
        a             WG        p1, p2, p3     p1 (p2 drafted, not agreed)   1/3
        b             WG        p1, p4         p1, p4                         2/2
        steering      steering  p5             (not a working group)         left out
        empty         WG        nobody                                        no data
    The program: 3 of 5 (p1 counts in each group).
    """
    a, b = BodyFactory(name="A"), BodyFactory(name="B")
    steering = BodyFactory(name="S", tier=Tier.STEERING_COMMITTEE)
    empty = BodyFactory(name="E")
    p = {n: UserFactory(username=f"p{n}", roles=[WG]) for n in range(1, 6)}
    for body, members in ((a, (1, 2, 3)), (b, (1, 4)), (steering, (5,))):
        for n in members:
            MembershipFactory(body=body, person=p[n], start_date=dt.date(2026, 1, 1))
    state(p[1], a, p[1], agree=True)
    state(p[2], a, p[2])
    state(p[1], b, p[1], agree=True)
    state(p[4], b, p[4], agree=True)
    values = commitments_agreed_share()
    assert values[None] == pytest.approx(3 / 5)
    assert values[a.pk] == pytest.approx(1 / 3) and values[b.pk] == 1
    assert steering.pk not in values and empty.pk not in values
    reading = {r.signal.key: r for r in health_readings(body=empty)}["commitments"]
    assert reading.value is None
