"""Bodies: the tiers' structure, project-based groups, disbanding with history kept."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import services
from governance.errors import GovernanceError
from governance.models import BodyKind, GovernanceBody, Membership, Tier
from tests.factories import BodyFactory, MembershipFactory


def test_core_team_creates_a_working_group_under_the_steering_committee(structure, core_team_user):
    group = services.body_create(
        by=core_team_user,
        name="Billing WG",
        tier=Tier.WORKING_GROUP,
        parent=structure["steering"],
    )
    assert group.pk and group.parent == structure["steering"]
    assert group.history.count() == 1


def test_a_body_that_would_be_its_own_ancestor_is_refused(structure, core_team_user):
    # onboarding → steering → sponsor: the sponsor cannot report to the onboarding group.
    with pytest.raises(ValidationError) as refused:
        services.body_update(
            body=structure["sponsor"], by=core_team_user, data={"parent": structure["onboarding"]}
        )
    message = refused.value.message_dict["parent"][0]
    assert "a body cannot be its own ancestor" in message
    assert GovernanceBody.objects.get(pk=structure["sponsor"].pk).parent_id is None


def test_a_core_team_may_report_to_the_committee_but_not_the_other_way(db, core_team_user):
    committee = BodyFactory(name="Committee", tier=Tier.STEERING_COMMITTEE)
    core = BodyFactory(name="Core", tier=Tier.CORE_TEAM)
    services.body_update(body=core, by=core_team_user, data={"parent": committee})
    other = BodyFactory(name="Committee 2", tier=Tier.STEERING_COMMITTEE)
    with pytest.raises(ValidationError) as refused:
        services.body_update(body=other, by=core_team_user, data={"parent": core})
    assert refused.value.message_dict["parent"] == [
        "A steering committee cannot report to the core CX team; it reports to the executive sponsor."
    ]


def test_a_body_cannot_report_to_itself(structure, core_team_user):
    steering = structure["steering"]
    with pytest.raises(ValidationError) as refused:
        services.body_update(body=steering, by=core_team_user, data={"parent": steering})
    assert refused.value.message_dict["parent"] == ["A body cannot report to itself."]


def test_a_deep_cycle_is_refused_as_its_own_ancestor(db, core_team_user):
    top = BodyFactory(name="Top", tier=Tier.CORE_TEAM)
    middle = BodyFactory(name="Middle", tier=Tier.WORKING_GROUP, parent=top)
    # Bypass tier rules to build a chain of working groups, then close the loop.
    bottom = BodyFactory(name="Bottom", tier=Tier.WORKING_GROUP, parent=middle)
    top.tier = Tier.WORKING_GROUP
    top.parent = bottom
    with pytest.raises(ValidationError) as refused:
        top.full_clean()
    assert "its own ancestor" in refused.value.message_dict["parent"][0]


def test_a_working_group_cannot_report_to_the_sponsor(structure, core_team_user):
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            by=core_team_user, name="Rogue WG", tier=Tier.WORKING_GROUP, parent=structure["sponsor"]
        )
    assert refused.value.message_dict["parent"] == [
        "A working group cannot report to the executive sponsor; "
        "it reports to a steering committee or the core CX team."
    ]
    assert not GovernanceBody.objects.filter(name="Rogue WG").exists()


def test_a_project_based_group_needs_a_disband_date(structure, core_team_user):
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            by=core_team_user,
            name="Project WG",
            tier=Tier.WORKING_GROUP,
            kind=BodyKind.PROJECT,
            parent=structure["steering"],
        )
    assert "planned_disband_on" in refused.value.message_dict


def test_only_working_groups_are_project_based(db, core_team_user):
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            by=core_team_user,
            name="Project committee",
            tier=Tier.STEERING_COMMITTEE,
            kind=BodyKind.PROJECT,
            planned_disband_on=dt.date(2027, 1, 1),
        )
    assert refused.value.message_dict["kind"] == ["Only working groups can be project-based."]


def test_disbanding_ends_open_memberships_and_keeps_history(structure, core_team_user):
    group = structure["onboarding"]
    membership = MembershipFactory(body=group)
    services.body_disband(body=group, by=core_team_user, on=dt.date(2026, 6, 30))
    group.refresh_from_db()
    membership.refresh_from_db()
    assert group.disbanded_on == dt.date(2026, 6, 30)
    assert membership.end_date == dt.date(2026, 6, 30)
    assert not group.is_active
    assert group.history.count() == 2  # created, disbanded
    assert GovernanceBody.objects.active().filter(pk=group.pk).count() == 0
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_body_with_active_children_cannot_be_disbanded(structure, core_team_user):
    with pytest.raises(GovernanceError) as refused:
        services.body_disband(body=structure["steering"], by=core_team_user)
    assert "Onboarding WG" in refused.value.message
    assert GovernanceBody.objects.get(pk=structure["steering"].pk).disbanded_on is None


@pytest.mark.parametrize(
    "persona", ["Executive", "Steering committee", "Working-group member", "Viewer"], indirect=True
)
def test_only_configurers_create_bodies(db, persona):
    with pytest.raises(PermissionDenied):
        services.body_create(by=persona, name="Not allowed", tier=Tier.STEERING_COMMITTEE)
    assert not GovernanceBody.objects.filter(name="Not allowed").exists()


def test_a_working_group_lead_edits_their_group_but_cannot_move_it(structure, wg_lead):
    group = structure["onboarding"]
    services.body_update(body=group, by=wg_lead, data={"purpose": "Ten-minute account opening."})
    assert GovernanceBody.objects.get(pk=group.pk).purpose == "Ten-minute account opening."
    with pytest.raises(PermissionDenied):
        services.body_update(body=group, by=wg_lead, data={"parent": structure["core"]})


def test_a_working_group_lead_cannot_edit_another_group(structure, wg_lead):
    with pytest.raises(PermissionDenied):
        services.body_update(body=structure["complaints"], by=wg_lead, data={"purpose": "Hijacked"})
