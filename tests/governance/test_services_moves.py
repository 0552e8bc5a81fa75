"""Moving a body (its tier or parent) re-checks what hangs below it: its children and its seats."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import GovernanceBody, MemberRole, Tier
from tests.factories import MembershipFactory


def sponsor_body_disbanded(structure) -> None:
    """The program's sponsor body was disbanded, so the committee may take its tier: a program
    has one sponsor body at a time."""
    GovernanceBody.objects.filter(pk=structure["sponsor"].pk).update(
        disbanded_on=dt.date(2026, 2, 1)
    )


def test_a_committee_cannot_become_a_sponsor_body_while_working_groups_report_to_it(
    structure, core_team_user
):
    steering = structure["steering"]
    sponsor_body_disbanded(structure)
    with pytest.raises(ValidationError) as refused:
        services.body_update(
            body=steering,
            by=core_team_user,
            data={"tier": Tier.EXECUTIVE_SPONSOR, "parent": None},
        )
    messages = " ".join(refused.value.message_dict["tier"])
    assert "Onboarding WG" in messages and "Complaints WG" in messages
    assert GovernanceBody.objects.get(pk=steering.pk).tier == Tier.STEERING_COMMITTEE


def test_a_core_team_cannot_become_a_working_group_while_its_members_represent_no_unit(
    structure, core_team_user
):
    core = structure["core"]
    MembershipFactory(body=core, role=MemberRole.MEMBER, business_unit=None)
    with pytest.raises(ValidationError) as refused:
        services.body_update(
            body=core,
            by=core_team_user,
            data={"tier": Tier.WORKING_GROUP, "parent": structure["steering"]},
        )
    assert "business unit" in " ".join(refused.value.message_dict["tier"])
    assert GovernanceBody.objects.get(pk=core.pk).tier == Tier.CORE_TEAM


def test_a_move_that_breaks_nothing_is_saved(structure, core_team_user):
    group = structure["onboarding"]
    services.body_update(body=group, by=core_team_user, data={"parent": structure["core"]})
    assert GovernanceBody.objects.get(pk=group.pk).parent == structure["core"]


def test_the_api_refuses_a_move_naming_what_breaks(api_client, core_team_user, structure):
    steering = structure["steering"]
    sponsor_body_disbanded(structure)
    api_client.force_login(core_team_user)
    response = api_client.patch(
        f"/api/v1/bodies/{steering.pk}/",
        {"tier": Tier.EXECUTIVE_SPONSOR, "parent": None},
        format="json",
    )
    assert response.status_code == 400
    tier = response.json()["tier"]
    assert tier[0] == "This change breaks what depends on the body."
    assert [line.split(":")[0] for line in tier[1:]] == ["Complaints WG", "Onboarding WG"]
    assert GovernanceBody.objects.get(pk=steering.pk).tier == Tier.STEERING_COMMITTEE


def test_the_admin_refuses_a_move_that_breaks_what_hangs_below(client, admin_user, structure):
    from django.urls import reverse

    steering = structure["steering"]
    sponsor_body_disbanded(structure)
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:governance_governancebody_change", args=[steering.pk]),
        {
            "name": steering.name,
            "tier": Tier.EXECUTIVE_SPONSOR,
            "parent": "",
            "kind": steering.kind,
            "purpose": "",
            "formed_on": steering.formed_on.isoformat(),
            "planned_disband_on": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["tier"]
    assert errors[0] == "This change breaks what depends on the body."
    assert "Onboarding WG" in " ".join(errors)
    assert GovernanceBody.objects.get(pk=steering.pk).tier == Tier.STEERING_COMMITTEE
