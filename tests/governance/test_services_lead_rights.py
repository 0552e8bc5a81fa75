"""A lead's right to manage their body follows the seat in the same transaction, for every
kind of change to a membership; the nightly sync is only a repair."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from cxgov.dates import today
from governance import services
from governance.models import MemberRole
from governance.services import MANAGE_BODY
from tests.factories import UserFactory


def can_manage(user, body) -> bool:
    return get_user_model().objects.get(pk=user.pk).has_perm(MANAGE_BODY, body)


@pytest.fixture
def seat(wg_lead, structure):
    return wg_lead.memberships.get(body=structure["onboarding"])


def test_handing_the_seat_to_someone_else_moves_the_right(seat, wg_lead, admin_user):
    successor = UserFactory(roles=["Working-group member"])
    services.membership_update(membership=seat, by=admin_user, data={"person": successor})
    assert not can_manage(wg_lead, seat.body)
    assert can_manage(successor, seat.body)


def test_a_lead_who_becomes_a_member_loses_the_right(seat, wg_lead, admin_user):
    services.membership_update(membership=seat, by=admin_user, data={"role": MemberRole.MEMBER})
    assert not can_manage(wg_lead, seat.body)


def test_a_member_who_becomes_lead_gains_the_right(structure, retail, admin_user):
    person = UserFactory(roles=["Working-group member"])
    seat = services.membership_create(
        by=admin_user,
        body=structure["complaints"],
        person=person,
        business_unit=retail,
        start_date=dt.date(2026, 1, 1),
    )
    assert not can_manage(person, seat.body)
    services.membership_update(membership=seat, by=admin_user, data={"role": MemberRole.LEAD})
    assert can_manage(person, seat.body)


def test_an_end_date_in_the_past_set_by_update_removes_the_right(seat, wg_lead, admin_user):
    services.membership_update(
        membership=seat, by=admin_user, data={"end_date": today() - dt.timedelta(days=1)}
    )
    assert not can_manage(wg_lead, seat.body)


def test_ending_the_seat_as_of_yesterday_removes_the_right(seat, wg_lead, admin_user):
    services.membership_end(membership=seat, by=admin_user, on=today() - dt.timedelta(days=1))
    assert not can_manage(wg_lead, seat.body)


def test_disbanding_the_body_removes_the_right(structure, seat, wg_lead, admin_user):
    services.body_disband(body=structure["onboarding"], by=admin_user, on=today())
    assert not can_manage(wg_lead, structure["onboarding"])


def test_the_old_lead_cannot_change_the_body_through_the_api_after_handing_over(
    api_client, seat, wg_lead, admin_user
):
    successor = UserFactory(roles=["Working-group member"])
    services.membership_update(membership=seat, by=admin_user, data={"person": successor})
    api_client.force_authenticate(wg_lead)
    response = api_client.patch(f"/api/v1/bodies/{seat.body.pk}/", {"purpose": "still mine?"})
    assert response.status_code == 403
    seat.body.refresh_from_db()
    assert seat.body.purpose == ""


def test_creating_a_lead_seat_grants_the_right(structure, retail, admin_user):
    person = UserFactory(roles=["Working-group member"])
    seat = services.membership_create(
        by=admin_user,
        body=structure["complaints"],
        person=person,
        role=MemberRole.LEAD,
        business_unit=retail,
        start_date=dt.date(2026, 1, 1),
    )
    assert can_manage(person, seat.body)


def test_a_start_date_moved_into_the_future_removes_the_right_until_then(seat, wg_lead, admin_user):
    services.membership_update(
        membership=seat, by=admin_user, data={"start_date": today() + dt.timedelta(days=1)}
    )
    assert not can_manage(wg_lead, seat.body)
    services.membership_update(membership=seat, by=admin_user, data={"start_date": today()})
    assert can_manage(wg_lead, seat.body)


@pytest.fixture
def superuser_client(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    return client


def test_handing_the_seat_over_in_the_admin_moves_the_right(
    superuser_client, seat, wg_lead, retail
):
    from django.urls import reverse

    successor = UserFactory(roles=["Working-group member"])
    response = superuser_client.post(
        reverse("admin:governance_membership_change", args=[seat.pk]),
        {
            "person": successor.pk,
            "body": seat.body_id,
            "role": MemberRole.LEAD,
            "business_unit": retail.pk,
            "start_date": seat.start_date.isoformat(),
            "end_date": "",
            "hours_per_month": "0",
            "version_read": seat.version,
        },
    )
    assert response.status_code == 302
    assert not can_manage(wg_lead, seat.body)
    assert can_manage(successor, seat.body)


def test_deleting_a_lead_seat_in_the_admin_removes_the_right(superuser_client, seat, wg_lead):
    from django.urls import reverse

    response = superuser_client.post(
        reverse("admin:governance_membership_delete", args=[seat.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not can_manage(wg_lead, seat.body)


def seat_handed_over(body, seat, successor, retail, *, version_read: int) -> dict:
    """The body admin's form with its one seat handed to `successor`, as drawn at
    `version_read`."""
    return {
        "name": body.name, "tier": body.tier, "parent": body.parent_id, "kind": body.kind,
        "purpose": "", "formed_on": body.formed_on.isoformat(), "planned_disband_on": "",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": seat.pk, "memberships-0-body": body.pk,
        "memberships-0-person": successor.pk, "memberships-0-role": MemberRole.LEAD,
        "memberships-0-business_unit": retail.pk,
        "memberships-0-start_date": seat.start_date.isoformat(),
        "memberships-0-end_date": "", "memberships-0-hours_per_month": "0",
        "memberships-0-version_read": version_read,
    }  # fmt: skip


def test_replacing_the_lead_in_the_body_admin_inline_moves_the_right(
    superuser_client, seat, wg_lead, retail, structure
):
    from django.urls import reverse

    body = structure["onboarding"]
    successor = UserFactory(roles=["Working-group member"])
    response = superuser_client.post(
        reverse("admin:governance_governancebody_change", args=[body.pk]),
        seat_handed_over(body, seat, successor, retail, version_read=seat.version),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not can_manage(wg_lead, body)
    assert can_manage(successor, body)


def test_a_seat_changed_in_the_body_admin_from_a_stale_page_is_refused(
    superuser_client, admin_user, seat, wg_lead, retail, structure
):
    """The body admin's seats are a door like the membership admin: a row drawn at a version
    someone has since changed is refused with what changed, and the seat keeps its holder."""
    from django.urls import reverse

    from governance import services

    body = structure["onboarding"]
    url = reverse("admin:governance_governancebody_change", args=[body.pk])
    page = superuser_client.get(url).content.decode()
    drawn_at = seat.version
    assert f'name="memberships-0-version_read" value="{drawn_at}"' in page
    services.membership_update(by=admin_user, membership=seat, data={"hours_per_month": 6})
    successor = UserFactory(roles=["Working-group member"])
    response = superuser_client.post(
        url, seat_handed_over(body, seat, successor, retail, version_read=drawn_at)
    )
    assert response.status_code == 200
    assert "changed" in str(response.context["inline_admin_formsets"][0].formset.errors)
    seat.refresh_from_db()
    assert (seat.person_id, seat.hours_per_month) == (wg_lead.pk, 6)
    assert can_manage(wg_lead, body)
