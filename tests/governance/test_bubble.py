"""The "CX bubble" check: a working group or the core team drawn only from customer-facing
business units, or a steering committee without finance, HR and IT, shows a warning naming
what is missing, on the body's page, on the organization chart and as a health signal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.health import health_readings
from cxgov.roles import Role
from governance import services
from governance.models import BusinessUnit, MemberRole, Tier
from governance.selectors import bubble_checks
from tests.factories import BodyFactory, BusinessUnitFactory, UserFactory

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 1)


@pytest.fixture
def units(db):
    return {
        "retail": BusinessUnitFactory(name="Retail", code="retail", is_customer_facing=True),
        "service": BusinessUnitFactory(name="Service", code="service", is_customer_facing=True),
        "ops": BusinessUnitFactory(name="Operations", code="ops"),
        "finance": BusinessUnitFactory(name="Finance", code="finance", function="finance"),
        "hr": BusinessUnitFactory(name="People", code="hr", function="hr"),
        "it": BusinessUnitFactory(name="Technology", code="it", function="it"),
    }


def seat(admin, body, unit, role=MemberRole.MEMBER):
    return services.membership_create(
        by=admin,
        body=body,
        person=UserFactory(roles=[Role.WORKING_GROUP_MEMBER]),
        role=role,
        business_unit=unit,
        start_date=START,
    )


def test_a_group_drawn_only_from_the_front_line_is_in_a_bubble(admin_user, units):
    group = BodyFactory(name="Complaints WG")
    seat(admin_user, group, units["retail"], MemberRole.LEAD)
    seat(admin_user, group, units["service"])
    check = bubble_checks()[group.pk]
    assert check.in_bubble and check.units == ("Retail", "Service")
    assert check.warning == (
        "CX bubble: every member represents a customer-facing unit (Retail and Service); "
        "missing: a member from a unit behind the experience (such as operations, finance, HR "
        "or IT), who sees the causes the front line does not."
    )
    seat(admin_user, group, units["ops"])  # one from behind the scenes is enough
    assert not bubble_checks()[group.pk].in_bubble


def test_the_core_team_is_checked_like_a_working_group(admin_user, units):
    core = BodyFactory(name="Core CX team", tier=Tier.CORE_TEAM, parent=None)
    seat(admin_user, core, units["service"], MemberRole.LEAD)
    assert bubble_checks()[core.pk].in_bubble


def test_a_steering_committee_names_the_functions_it_lacks(admin_user, units):
    sponsor = BodyFactory(name="Sponsor", tier=Tier.EXECUTIVE_SPONSOR, parent=None)
    steering = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE, parent=sponsor)
    seat(admin_user, steering, units["retail"], MemberRole.CHAIR)
    seat(admin_user, steering, units["finance"])
    check = bubble_checks()[steering.pk]
    assert check.missing == ("HR", "IT")
    assert check.warning.startswith("CX bubble: no member represents HR or IT.")
    seat(admin_user, steering, units["hr"])
    assert bubble_checks()[steering.pk].warning.startswith("CX bubble: no member represents IT.")
    seat(admin_user, steering, units["it"])
    assert not bubble_checks()[steering.pk].in_bubble
    # The sponsor's body is not checked: one person, by design.
    seat(admin_user, sponsor, units["retail"], MemberRole.SPONSOR)
    assert sponsor.pk not in bubble_checks()


def test_past_members_do_not_count(admin_user, units):
    group = BodyFactory(name="Onboarding WG")
    seat(admin_user, group, units["retail"], MemberRole.LEAD)
    gone = seat(admin_user, group, units["ops"])
    services.membership_update(
        membership=gone, by=admin_user, data={"end_date": dt.date(2026, 6, 30)}
    )
    assert bubble_checks()[group.pk].units == ("Retail",)
    empty = BodyFactory(name="Nobody yet")
    assert empty.pk not in bubble_checks()  # no data, no warning


def test_the_checks_read_in_one_query(admin_user, units, django_assert_num_queries):
    for n in range(5):
        group = BodyFactory(name=f"Group {n}")
        seat(admin_user, group, units["retail"], MemberRole.LEAD)
        seat(admin_user, group, units["ops" if n % 2 else "service"])
    with django_assert_num_queries(1):
        checks = bubble_checks()
    assert sum(c.in_bubble for c in checks.values()) == 3  # groups 0, 2 and 4


def test_the_body_page_and_the_chart_show_the_warning(client, admin_user, viewer_user, units):
    group = BodyFactory(name="Complaints WG")
    seat(admin_user, group, units["retail"], MemberRole.LEAD)
    client.force_login(viewer_user)
    page = client.get(reverse("governance:body-detail", args=[group.pk])).content.decode()
    assert "CX bubble: every member represents a customer-facing unit (Retail)" in page
    chart = client.get(reverse("governance:organization")).content.decode()
    assert "CX bubble: every member represents a customer-facing unit (Retail)" in chart


def test_the_health_signal_is_the_share_of_bodies_out_of_a_bubble(admin_user, units):
    # Two groups: one in a bubble (retail only), one not (retail and operations): 1 of 2.
    inside = BodyFactory(name="Inside")
    seat(admin_user, inside, units["retail"], MemberRole.LEAD)
    outside = BodyFactory(name="Outside")
    seat(admin_user, outside, units["retail"], MemberRole.LEAD)
    seat(admin_user, outside, units["ops"])

    def bubble(body=None):
        return next(r for r in health_readings(body=body) if r.signal.key == "bubble")

    assert bubble().value == 0.5
    assert bubble(inside).value == 0.0 and bubble(outside).value == 1.0
    assert bubble(inside).records_url == inside.get_absolute_url()


def test_the_flags_are_set_on_the_business_unit_page_and_api(client, api_client, admin_user):
    client.force_login(admin_user)
    answer = client.post(
        reverse("governance:business-unit-create"),
        {
            "name": "Branches",
            "code": "branches",
            "description": "",
            "is_active": "on",
            "is_customer_facing": "on",
            "function": "",
        },
    )
    assert answer.status_code == 302
    assert BusinessUnit.objects.get(code="branches").is_customer_facing is True
    api_client.force_authenticate(admin_user)
    made = api_client.post(
        "/api/v1/business-units/",
        {"name": "Human resources", "code": "people", "function": "hr"},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["function"] == "hr" and made.json()["is_customer_facing"] is False
    refused = api_client.post(
        "/api/v1/business-units/",
        {"name": "Legal", "code": "legal", "function": "legal"},
        format="json",
    )
    assert refused.status_code == 400 and "function" in refused.json()
    assert not BusinessUnit.objects.filter(code="legal").exists()
