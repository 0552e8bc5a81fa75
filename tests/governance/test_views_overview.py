"""The governance overview, the organization chart and the person page."""

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.roles import Role
from governance.models import BodyKind, MemberRole
from tests.factories import (
    BodyFactory,
    BusinessUnitFactory,
    MembershipFactory,
    RaciFactory,
    UserFactory,
)
from tests.helpers import assert_flat_query_count

ALL_ROLES = [role.value for role in Role]
READ_PAGES = [
    "governance:index",
    "governance:organization",
    "governance:body-list",
    "governance:raci",
    "governance:activity-list",
    "governance:business-unit-list",
    "governance:maturity-list",
]

# User, the user's roles, the bodies with their parents, their active members, the units
# their members represent (the CX bubble check); the header's unread notification count. The
# session comes from the cache (cached_db).
ORGANIZATION_QUERIES = 6


@pytest.mark.parametrize("persona", ALL_ROLES, indirect=True)
@pytest.mark.parametrize("page", READ_PAGES)
def test_every_role_reads_the_governance_pages(client, persona, structure, page):
    client.force_login(persona)
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", READ_PAGES)
def test_a_user_without_a_role_is_refused_the_governance_pages(client, no_role_user, page):
    client.force_login(no_role_user)
    assert client.get(reverse(page)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", [*READ_PAGES, "governance:body-create", "governance:maturity-create"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, page):
    url = reverse(page)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_overview_counts_bodies_and_links_to_every_governance_page(client, viewer_user, structure):
    client.force_login(viewer_user)
    response = client.get(reverse("governance:index"))
    assert response.context["overview"]["body_count"] == 5
    assert response.context["overview"]["working_group_count"] == 2
    html = response.content.decode()
    for page in READ_PAGES[1:]:
        assert f'href="{reverse(page)}"' in html
    assert "New governing body" not in html  # a viewer does not configure


def test_organization_chart_shows_the_tiers_top_down(client, viewer_user, structure):
    client.force_login(viewer_user)
    html = client.get(reverse("governance:organization")).content.decode()
    headings = ["Executive sponsor", "Steering committee", "Core CX team", "Working groups"]
    positions = [html.index(f'">{heading} <span class="badge badge--tier-') for heading in headings]
    assert positions == sorted(positions)
    assert html.index("Steering committee</a>") < html.index("Onboarding WG</a>")


def test_organization_chart_lists_members_with_role_unit_and_a_link_to_their_page(
    client, viewer_user, structure, retail
):
    lead = UserFactory(first_name="Kim", last_name="Larsen")
    MembershipFactory(
        person=lead, body=structure["onboarding"], role=MemberRole.LEAD, business_unit=retail
    )
    client.force_login(viewer_user)
    html = client.get(reverse("governance:organization")).content.decode()
    assert f'href="{reverse("governance:person-detail", args=[lead.pk])}">Kim Larsen</a>' in html
    assert '<span class="badge">Lead</span>' in html
    assert "Retail" in html


def test_organization_chart_warns_of_a_committee_drawn_from_too_few_business_units(
    client, viewer_user, structure
):
    unit = BusinessUnitFactory(name="Retail banking")
    MembershipFactory(body=structure["steering"], role=MemberRole.CHAIR, business_unit=unit)
    client.force_login(viewer_user)
    html = client.get(reverse("governance:organization")).content.decode()
    assert 'class="warning-list"' in html
    assert (
        "Members come from 1 business unit; a steering committee should draw on at least 3." in html
    )


def test_organization_chart_shows_a_project_group_and_its_disband_date(
    client, viewer_user, structure
):
    BodyFactory(
        name="Billing project WG",
        parent=structure["steering"],
        kind=BodyKind.PROJECT,
        planned_disband_on=dt.date(2027, 6, 30),
    )
    client.force_login(viewer_user)
    html = client.get(reverse("governance:organization")).content.decode()
    assert "Project-based" in html
    assert "disbands 30 Jun 2027" in html


def test_organization_chart_leaves_out_disbanded_bodies(client, viewer_user, structure):
    BodyFactory(name="Old WG", parent=structure["steering"], disbanded_on=dt.date(2026, 2, 1))
    client.force_login(viewer_user)
    assert "Old WG" not in client.get(reverse("governance:organization")).content.decode()


def test_organization_chart_runs_a_fixed_number_of_queries(client, core_team_user, structure):
    client.force_login(core_team_user)
    steering = structure["steering"]

    def grow_to(size):
        while steering.children.count() < size:
            body = BodyFactory(parent=steering)
            MembershipFactory(body=body, role=MemberRole.LEAD)
            MembershipFactory(body=body)

    queries = assert_flat_query_count(
        fetch=lambda: client.get(reverse("governance:organization")), grow_to=grow_to
    )
    assert queries == ORGANIZATION_QUERIES


def test_person_page_shows_current_and_past_bodies_and_hours(
    client, viewer_user, structure, retail
):
    person = UserFactory(first_name="Olga", last_name="Ivanova")
    MembershipFactory(person=person, body=structure["onboarding"], hours_per_month=16)
    MembershipFactory(person=person, body=structure["complaints"], hours_per_month=4)
    MembershipFactory(
        person=person,
        body=structure["steering"],
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        hours_per_month=8,
    )
    client.force_login(viewer_user)
    response = client.get(reverse("governance:person-detail", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Olga Ivanova</h1>" in html
    assert response.context["profile"].hours_per_month == 20
    assert [m.body for m in response.context["profile"].past_memberships] == [structure["steering"]]
    assert "Past and upcoming" in html


def test_person_page_flags_a_raci_load_above_the_threshold(
    client, viewer_user, structure, settings
):
    settings.CXGOV_RACI_OVERLOAD_THRESHOLD = 1
    person = UserFactory()
    RaciFactory(body=None, person=person, letter="R")
    RaciFactory(body=None, person=person, letter="A")
    client.force_login(viewer_user)
    html = client.get(reverse("governance:person-detail", args=[person.pk])).content.decode()
    assert "Responsible or Accountable for 2 activities, above the limit of 1" in html


def test_person_page_of_nobody_is_not_found(client, viewer_user):
    client.force_login(viewer_user)
    assert client.get(reverse("governance:person-detail", args=[999999])).status_code == 404
