"""A page to change a seat's terms: role, business unit, dates, hours."""

from django.urls import reverse

from governance.models import Membership
from tests.factories import MembershipFactory, UserFactory


def test_a_lead_changes_a_members_hours_and_role(client, wg_lead, structure, retail):
    seat = MembershipFactory(
        body=structure["onboarding"],
        business_unit=retail,
        person=UserFactory(roles=["Working-group member"]),  # a secretary must act
    )
    client.force_login(wg_lead)
    url = reverse("governance:membership-edit", args=[seat.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "role": "secretary",
            "business_unit": retail.pk,
            "start_date": "2026-01-01",
            "hours_per_month": "6",
            "version": seat.version,
        },
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.role, seat.hours_per_month) == ("secretary", 6)


def test_an_end_before_the_start_is_shown_on_the_field_and_nothing_is_saved(
    client, core_team_user, structure, retail
):
    seat = MembershipFactory(body=structure["onboarding"], business_unit=retail)
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:membership-edit", args=[seat.pk]),
        {
            "role": "member",
            "business_unit": retail.pk,
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
            "hours_per_month": "9",
            "version": seat.version,
        },
    )
    assert response.status_code == 200
    assert "before it starts" in " ".join(response.context["form"].errors["end_date"])
    stored = Membership.objects.get(pk=seat.pk)
    assert (stored.end_date, stored.hours_per_month) == (None, seat.hours_per_month)


def test_the_lead_of_another_group_is_refused(client, wg_lead, structure, retail):
    seat = MembershipFactory(body=structure["complaints"], business_unit=retail)
    client.force_login(wg_lead)
    response = client.post(
        reverse("governance:membership-edit", args=[seat.pk]),
        {
            "role": "chair",
            "business_unit": retail.pk,
            "start_date": "2026-01-01",
            "hours_per_month": "1",
        },
    )
    assert response.status_code == 403
    assert Membership.objects.get(pk=seat.pk).role == "member"
