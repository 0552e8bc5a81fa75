"""RACI: one letter per party and activity, exactly one Accountable per activity."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from governance import services
from governance.models import RaciAssignment
from tests.factories import ActivityFactory, RaciFactory, UserFactory


def test_assigning_a_letter_creates_then_changes_then_clears_the_cell(structure, core_team_user):
    activity = ActivityFactory()
    core = structure["core"]
    services.raci_assign(by=core_team_user, activity=activity, body=core, letter="R")
    services.raci_assign(by=core_team_user, activity=activity, body=core, letter="C")
    assert list(RaciAssignment.objects.values_list("letter", flat=True)) == ["C"]
    assert services.raci_assign(by=core_team_user, activity=activity, body=core, letter="") is None
    assert not RaciAssignment.objects.exists()


def test_second_accountable_is_refused_and_nothing_saved(structure, core_team_user):
    activity = ActivityFactory(name="Quarterly business review")
    services.raci_assign(
        by=core_team_user, activity=activity, body=structure["steering"], letter="A"
    )
    with pytest.raises(ValidationError) as refused:
        services.raci_assign(
            by=core_team_user, activity=activity, body=structure["core"], letter="A"
        )
    assert refused.value.message_dict["letter"] == [
        "Quarterly business review already has an Accountable (Steering committee); "
        "an activity has exactly one. Change that one first."
    ]
    assert RaciAssignment.objects.filter(activity=activity).count() == 1


def test_the_database_also_refuses_a_second_accountable(structure):
    activity = ActivityFactory()
    RaciFactory(activity=activity, body=structure["core"], letter="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        RaciAssignment.objects.create(activity=activity, body=structure["steering"], letter="A")


def test_a_person_can_hold_a_letter(structure, core_team_user):
    activity, person = ActivityFactory(), UserFactory()
    assignment = services.raci_assign(
        by=core_team_user, activity=activity, person=person, letter="R"
    )
    assert assignment.party == person


def test_an_assignment_names_a_body_or_a_person_not_both(structure, core_team_user):
    # One rule (governance.models.check_one_party) for the model, the service and the API.
    with pytest.raises(ValidationError, match="either a body or a person"):
        services.raci_assign(
            by=core_team_user,
            activity=ActivityFactory(),
            body=structure["core"],
            person=UserFactory(),
            letter="R",
        )


def test_the_database_refuses_an_assignment_with_neither_body_nor_person(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RaciAssignment.objects.create(activity=ActivityFactory(), letter="I")


@pytest.mark.parametrize("persona", ["Steering committee", "Viewer"], indirect=True)
def test_only_configurers_edit_the_matrix(structure, persona):
    with pytest.raises(PermissionDenied):
        services.raci_assign(
            by=persona, activity=ActivityFactory(), body=structure["core"], letter="R"
        )


def test_a_deactivated_account_gets_no_letter(structure, core_team_user):
    person = UserFactory(first_name="Gone", last_name="Away", is_active=False)
    with pytest.raises(ValidationError) as refused:
        services.raci_assign(
            by=core_team_user, activity=ActivityFactory(), person=person, letter="R"
        )
    assert refused.value.message_dict["person"] == ["Gone Away's account is deactivated."]
