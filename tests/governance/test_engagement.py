"""Leadership engagement: executives and steering committee members log what they do for CX,
per person and quarter, against the target the sponsor sets; shown on the sponsor's home. A
day in the future is refused by name, nothing saved. Counts worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cxgov.dates import today
from governance import services
from governance.models import Engagement, EngagementTarget, MemberRole, Tier
from governance.selectors import engagement_quarter, quarter_of
from tests.factories import BodyFactory, BusinessUnitFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 8, 14)  # in Q3 2026: 1 Jul to 30 Sep


@pytest.fixture
def leaders(db, admin_user, executive_user, steering_user):
    """The sponsor (an executive) on the sponsor's body, the steering member on the committee."""
    unit = BusinessUnitFactory(name="Retail", code="retail")
    sponsor_body = BodyFactory(name="Sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    steering = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE, parent=sponsor_body)
    for body, person, role in (
        (sponsor_body, executive_user, MemberRole.SPONSOR),
        (steering, steering_user, MemberRole.CHAIR),
    ):
        services.membership_create(
            by=admin_user, body=body, person=person, role=role, business_unit=unit,
            start_date=dt.date(2026, 1, 1),
        )  # fmt: skip
    return executive_user, steering_user


def log(by, person, kind="workshop", on=DAY, title="Journey mapping"):
    return services.engagement_log(by=by, person=person, kind=kind, happened_on=on, title=title)


def test_quarters_start_in_january_april_july_and_october():
    assert quarter_of(dt.date(2026, 8, 14)) == (dt.date(2026, 7, 1), dt.date(2026, 10, 1))
    assert quarter_of(dt.date(2026, 12, 31)) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    assert quarter_of(dt.date(2026, 1, 1)) == (dt.date(2026, 1, 1), dt.date(2026, 4, 1))


def test_a_future_day_is_refused_by_name_and_nothing_saved(leaders):
    sponsor, _ = leaders
    tomorrow = today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        log(sponsor, sponsor, on=tomorrow)
    assert refused.value.message_dict["happened_on"] == [
        f"{tomorrow:%-d %b %Y} is in the future: log what has happened, on the day it did."
    ]
    assert not Engagement.objects.exists()
    log(sponsor, sponsor, on=today())  # today is fine


def test_leaders_log_their_own_and_the_core_team_anyone(
    leaders, core_team_user, wg_member_user, viewer_user
):
    sponsor, member = leaders
    log(sponsor, sponsor)
    log(member, member)
    log(core_team_user, member)
    with pytest.raises(PermissionDenied):
        log(sponsor, member)
    for person in (wg_member_user, viewer_user):
        with pytest.raises(PermissionDenied):
            log(person, person)
    assert Engagement.objects.count() == 3


def test_only_the_sponsor_and_admins_set_targets(leaders, admin_user, core_team_user):
    sponsor, member = leaders
    services.engagement_target_set(by=sponsor, person=member, per_quarter=3)
    services.engagement_target_set(by=admin_user, person=member, per_quarter=4)  # changes it
    assert EngagementTarget.objects.get(person=member).per_quarter == 4
    for person in (core_team_user, member):
        with pytest.raises(PermissionDenied):
            services.engagement_target_set(by=person, person=member, per_quarter=1)


def test_a_negative_target_is_refused_by_name(leaders):
    sponsor, member = leaders
    with pytest.raises(ValidationError) as refused:
        services.engagement_target_set(by=sponsor, person=member, per_quarter=-1)
    assert refused.value.message_dict["per_quarter"] == [
        "A target is 0 or more engagements a quarter, not -1."
    ]
    assert not EngagementTarget.objects.exists()


def test_the_quarter_counts_per_person_and_kind_against_the_target(leaders, core_team_user):
    # Q3 2026: the sponsor 2 workshops and a customer visit (3, target 3: met); the steering
    # member 1 CX Day (1, target 2: behind). June and October fall outside and do not count.
    sponsor, member = leaders
    log(sponsor, sponsor, "workshop", dt.date(2026, 7, 1))
    log(sponsor, sponsor, "workshop", dt.date(2026, 9, 30))
    log(sponsor, sponsor, "customer_visit", DAY)
    log(sponsor, sponsor, "workshop", dt.date(2026, 6, 30))
    log(member, member, "cx_day", DAY)
    services.engagement_target_set(by=sponsor, person=sponsor, per_quarter=3)
    services.engagement_target_set(by=sponsor, person=member, per_quarter=2)
    quarter = engagement_quarter(on=DAY)
    assert quarter.label == "Q3 2026"
    rows = {row.person: row for row in quarter.rows}
    assert rows[sponsor].counts == {"workshop": 2, "customer_visit": 1}
    assert (rows[sponsor].total, rows[sponsor].met) == (3, True)
    # Kinds in order: listening session, CX Day, workshop, internal communication, visit.
    assert rows[member].by_kind() == [0, 1, 0, 0, 0]
    assert (rows[member].total, rows[member].met) == (1, False)
    assert quarter.rows[0].person == member  # behind first
    assert [r.person for r in quarter.behind] == [member]


def test_a_leader_without_a_target_or_engagement_is_listed_with_none(leaders, core_team_user):
    sponsor, member = leaders
    quarter = engagement_quarter(on=DAY)
    assert {r.person for r in quarter.rows} == {sponsor, member}
    assert all(r.total == 0 and r.met is None for r in quarter.rows)
    assert core_team_user not in {r.person for r in quarter.rows}  # not a leader


def test_the_quarter_reads_in_four_queries(leaders, django_assert_num_queries):
    sponsor, member = leaders
    for n in range(6):
        log(sponsor, sponsor, "listening_session", DAY - dt.timedelta(days=n))
    services.engagement_target_set(by=sponsor, person=member, per_quarter=2)
    with django_assert_num_queries(4):
        engagement_quarter(on=DAY)


def test_the_sponsors_home_shows_the_quarter(client, leaders):
    sponsor, member = leaders
    log(sponsor, sponsor, on=today())
    services.engagement_target_set(by=sponsor, person=member, per_quarter=2)
    client.force_login(sponsor)
    page = client.get("/").content.decode()
    assert f"Leadership engagement, {engagement_quarter().label}" in page
    assert "1 leader behind their target this quarter." in page


def test_the_log_page_refuses_a_future_day_on_the_field(client, leaders):
    sponsor, _ = leaders
    client.force_login(sponsor)
    tomorrow = today() + dt.timedelta(days=1)
    answer = client.post(
        reverse("governance:engagement-log"),
        {
            "person": sponsor.pk,
            "kind": "cx_day",
            "happened_on": tomorrow.isoformat(),
            "title": "CX Day",
        },
    )
    assert f"{tomorrow:%-d %b %Y} is in the future" in answer.content.decode()
    assert not Engagement.objects.exists()
    done = client.post(
        reverse("governance:engagement-log"),
        {"person": sponsor.pk, "kind": "cx_day", "happened_on": today().isoformat(), "title": "X"},
    )
    assert done.status_code == 302 and Engagement.objects.get().logged_by == sponsor


def test_the_api_refuses_a_future_day_by_name(api_client, leaders):
    sponsor, _ = leaders
    api_client.force_authenticate(sponsor)
    tomorrow = today() + dt.timedelta(days=1)
    data = {"person": sponsor.pk, "kind": "workshop", "happened_on": tomorrow.isoformat()}
    refused = api_client.post("/api/v1/engagements/", {**data, "title": "W"}, format="json")
    assert refused.status_code == 400 and "happened_on" in refused.json()
    assert not Engagement.objects.exists()
    data["happened_on"] = today().isoformat()
    made = api_client.post("/api/v1/engagements/", {**data, "title": "W"}, format="json")
    assert made.status_code == 201, made.content
    target = api_client.post(
        "/api/v1/engagement-targets/", {"person": sponsor.pk, "per_quarter": -2}, format="json"
    )
    assert target.status_code == 400 and "per_quarter" in target.json()
