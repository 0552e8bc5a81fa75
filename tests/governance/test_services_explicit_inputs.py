"""Services take explicit inputs: an update changes only the fields on its allow-list, and a
state field moves only through its workflow service, whichever door the change comes by."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services
from governance.models import GovernanceBody
from tests.factories import ActivityFactory, MembershipFactory


def test_a_body_update_cannot_set_disbanded_on(structure, core_team_user):
    group = structure["onboarding"]
    with pytest.raises(ValidationError) as refused:
        services.body_update(
            body=group, by=core_team_user, data={"disbanded_on": dt.date(2026, 6, 30)}
        )
    assert "Disband action" in refused.value.message_dict["disbanded_on"][0]
    group.refresh_from_db()
    assert group.disbanded_on is None


def test_a_field_outside_the_allow_list_is_refused_by_name(structure, core_team_user):
    with pytest.raises(ValidationError) as refused:
        services.body_update(
            body=structure["onboarding"], by=core_team_user, data={"id": 999, "purpose": "x"}
        )
    assert refused.value.message_dict == {"id": ["This field cannot be changed here."]}
    assert GovernanceBody.objects.get(pk=structure["onboarding"].pk).purpose == ""


def test_disbanding_through_its_workflow_ends_the_memberships(structure, core_team_user):
    group = structure["complaints"]
    seat = MembershipFactory(body=group)
    services.body_disband(body=group, by=core_team_user, on=dt.date(2026, 6, 30))
    seat.refresh_from_db()
    assert seat.end_date == dt.date(2026, 6, 30)


def test_an_activity_code_is_set_once(core_team_user):
    activity = ActivityFactory(code="journey-mapping")
    with pytest.raises(ValidationError) as refused:
        services.activity_update(activity=activity, by=core_team_user, data={"code": "other"})
    assert "set once" in refused.value.message_dict["code"][0]
    activity.refresh_from_db()
    assert activity.code == "journey-mapping"


def test_an_activity_code_is_derived_from_its_name_by_the_service(core_team_user):
    activity = services.activity_create(by=core_team_user, name="Voice of the Customer Board")
    assert activity.code == "voice-of-the-customer-board"


def test_the_api_refuses_a_changed_activity_code(api_client, core_team_user):
    activity = ActivityFactory(code="journey-mapping")
    api_client.force_authenticate(core_team_user)
    response = api_client.patch(f"/api/v1/activities/{activity.pk}/", {"code": "other"})
    assert response.status_code == 400
    assert "set once" in response.json()["code"][0]
    activity.refresh_from_db()
    assert activity.code == "journey-mapping"


def test_the_admin_shows_disbanded_on_read_only_and_ignores_a_posted_date(
    client, admin_user, structure
):
    group = structure["onboarding"]
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    url = reverse("admin:governance_governancebody_change", args=[group.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="disbanded_on"' not in page.content.decode()
    client.post(
        url,
        {
            "name": group.name,
            "tier": group.tier,
            "parent": group.parent_id,
            "kind": group.kind,
            "formed_on": "2026-01-01",
            "disbanded_on": "2026-06-30",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    group.refresh_from_db()
    assert group.disbanded_on is None
