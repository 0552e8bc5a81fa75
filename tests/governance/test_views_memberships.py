"""Members on a body's page: add and end, in place with htmx or as a plain form."""

import datetime as dt

from django.urls import reverse

from cxgov.dates import today
from governance.models import MemberRole, Membership
from tests.factories import MembershipFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def member_data(person, unit=None, **fields):
    return {
        "person": person.pk,
        "role": MemberRole.MEMBER,
        "business_unit": unit.pk if unit else "",
        "start_date": "2026-02-01",
        "end_date": "",
        "hours_per_month": "6",
        **fields,
    }


def add_url(body):
    return reverse("governance:membership-create", args=[body.pk])


def test_adding_a_member_with_htmx_answers_with_the_members_section(
    client, core_team_user, structure, retail
):
    group = structure["onboarding"]
    person = UserFactory(roles=["Working-group member"], first_name="Olga", last_name="Ivanova")
    client.force_login(core_team_user)
    response = client.post(add_url(group), member_data(person, retail), **HTMX)
    assert response.status_code == 200
    assert response.templates[0].name == "governance/_members.html"
    html = response.content.decode()
    assert b"<html" not in response.content
    assert html.startswith('<section class="card" id="members"')
    assert "Olga Ivanova</a>" in html
    assert 'hx-swap-oob="innerHTML"' in html and "Olga Ivanova joined as member." in html
    assert Membership.objects.get(person=person).body == group


def test_adding_a_member_without_htmx_redirects_to_the_body(
    client, core_team_user, structure, retail
):
    group = structure["onboarding"]
    client.force_login(core_team_user)
    response = client.post(
        add_url(group), member_data(UserFactory(roles=["Working-group member"]), retail)
    )
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()


def test_a_membership_ending_before_it_starts_shows_the_message_and_saves_nothing(
    client, core_team_user, structure, retail
):
    person = UserFactory(roles=["Working-group member"])
    client.force_login(core_team_user)
    data = member_data(person, retail, start_date="2026-05-01", end_date="2026-04-30")
    for extra in (HTMX, {}):
        response = client.post(add_url(structure["onboarding"]), data, **extra)
        assert response.status_code == 200
        form = response.context["member_form"]
        assert form.errors["end_date"] == [
            "The membership ends (30 Apr 2026) before it starts (1 May 2026)."
        ]
        assert 'id="id_end_date_error"' in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()


def test_a_second_active_sponsor_is_refused_next_to_the_role(client, core_team_user, structure):
    sponsor_body = structure["sponsor"]
    MembershipFactory(
        body=sponsor_body,
        role=MemberRole.SPONSOR,
        person__first_name="Evelyn",
        person__last_name="Stone",
    )
    second = UserFactory(roles=["Working-group member"])
    client.force_login(core_team_user)
    response = client.post(
        add_url(sponsor_body), member_data(second, role=MemberRole.SPONSOR), **HTMX
    )
    assert response.context["member_form"].errors["role"] == [
        "Evelyn Stone is already the active executive sponsor; end that membership first."
    ]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Membership.objects.filter(person=second).exists()


def test_a_working_group_member_needs_a_business_unit(client, core_team_user, structure):
    person = UserFactory(roles=["Working-group member"])
    client.force_login(core_team_user)
    response = client.post(add_url(structure["onboarding"]), member_data(person), **HTMX)
    assert response.context["member_form"].errors["business_unit"] == [
        "A working-group member represents a business unit: choose one."
    ]


def test_a_lead_adds_members_to_their_own_group(client, wg_lead, structure, retail):
    client.force_login(wg_lead)
    page = client.get(structure["onboarding"].get_absolute_url())
    assert "Add a member" in page.content.decode()
    response = client.post(
        add_url(structure["onboarding"]),
        member_data(UserFactory(roles=["Working-group member"]), retail),
    )
    assert response.status_code == 302
    assert structure["onboarding"].memberships.count() == 2


def test_a_lead_may_not_add_members_to_another_group(client, wg_lead, structure, retail):
    client.force_login(wg_lead)
    page = client.get(structure["complaints"].get_absolute_url())
    assert "Add a member" not in page.content.decode()
    assert "End membership" not in page.content.decode()
    person = UserFactory(roles=["Working-group member"])
    response = client.post(add_url(structure["complaints"]), member_data(person, retail))
    assert response.status_code == 403
    assert not Membership.objects.filter(person=person).exists()


def test_a_viewer_may_not_add_members(client, viewer_user, structure, retail):
    client.force_login(viewer_user)
    response = client.post(
        add_url(structure["onboarding"]),
        member_data(UserFactory(roles=["Working-group member"]), retail),
    )
    assert response.status_code == 403


def test_adding_a_member_needs_a_post(client, core_team_user, structure):
    client.force_login(core_team_user)
    assert client.get(add_url(structure["onboarding"])).status_code == 405


def test_ending_a_membership_with_htmx_swaps_its_row(client, core_team_user, structure):
    membership = MembershipFactory(body=structure["complaints"], person__first_name="Kim")
    client.force_login(core_team_user)
    url = reverse("governance:membership-end", args=[membership.pk])
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="membership-{membership.pk}">')
    assert f"Ends {today():%-d %b %Y}" in html
    assert "End membership" not in html
    membership.refresh_from_db()
    assert membership.end_date == today()


def test_ending_a_membership_without_htmx_redirects_to_the_body(client, core_team_user, structure):
    membership = MembershipFactory(body=structure["complaints"])
    client.force_login(core_team_user)
    response = client.post(reverse("governance:membership-end", args=[membership.pk]))
    assert response.status_code == 302
    assert response["Location"] == structure["complaints"].get_absolute_url()


def test_ending_a_membership_twice_shows_why_in_the_row(client, core_team_user, structure):
    membership = MembershipFactory(body=structure["complaints"], end_date=dt.date(2026, 6, 30))
    client.force_login(core_team_user)
    response = client.post(reverse("governance:membership-end", args=[membership.pk]), **HTMX)
    assert 'role="alert">This membership already ended on 30 Jun 2026.' in response.content.decode()


def test_a_lead_may_not_end_memberships_of_another_group(client, wg_lead, structure):
    membership = MembershipFactory(body=structure["complaints"])
    client.force_login(wg_lead)
    response = client.post(reverse("governance:membership-end", args=[membership.pk]), **HTMX)
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.end_date is None
