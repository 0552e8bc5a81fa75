"""Moving a body (its tier or parent) re-checks what hangs below it: its children and its seats."""

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import GovernanceBody, MemberRole, Tier
from tests.factories import BodyFactory, MembershipFactory


def test_a_committee_cannot_become_a_sponsor_body_while_working_groups_report_to_it(
    structure, core_team_user
):
    steering = structure["steering"]
    with pytest.raises(ValidationError) as refused:
        services.body_update(
            body=steering,
            by=core_team_user,
            data={"tier": Tier.EXECUTIVE_SPONSOR, "parent": None},
        )
    messages = " ".join(refused.value.message_dict["tier"])
    assert "Onboarding WG" in messages and "Complaints WG" in messages
    assert GovernanceBody.objects.get(pk=steering.pk).tier == Tier.STEERING_COMMITTEE


def test_a_sponsor_body_cannot_become_a_committee_while_it_has_a_sponsor_seat(core_team_user):
    sponsor_body = BodyFactory(name="Sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    MembershipFactory(body=sponsor_body, role=MemberRole.SPONSOR)
    with pytest.raises(ValidationError) as refused:
        services.body_update(
            body=sponsor_body, by=core_team_user, data={"tier": Tier.STEERING_COMMITTEE}
        )
    assert "sponsor" in " ".join(refused.value.message_dict["tier"]).lower()
    assert GovernanceBody.objects.get(pk=sponsor_body.pk).tier == Tier.EXECUTIVE_SPONSOR


def test_a_move_that_breaks_nothing_is_saved(structure, core_team_user):
    group = structure["onboarding"]
    services.body_update(body=group, by=core_team_user, data={"parent": structure["core"]})
    assert GovernanceBody.objects.get(pk=group.pk).parent == structure["core"]
