"""Search's real users: governance's bodies and portfolio's initiatives, each result within
what the person may open (a proposal stays its working group's draft)."""

from __future__ import annotations

from cxgov.search import search
from portfolio.models import Initiative


def _found(user, q: str) -> dict[str, list[str]]:
    return {
        results.searchable.key: [str(o) for o in results.objects]
        for results in search(user=user, q=q)
    }


def _opens_every_result(client, user, q: str) -> None:
    """Each result's own page answers 200 to the person who found it."""
    client.force_login(user)
    for results in search(user=user, q=q):
        for obj in results.objects:
            assert client.get(obj.get_absolute_url()).status_code == 200, obj


def test_bodies_are_found_by_name_and_purpose(program, viewer_user):
    program.complaints.purpose = "Close the loop on every complaint"
    program.complaints.save()
    assert _found(viewer_user, "WG")["governance.governancebody"] == [
        "Complaints WG",
        "Onboarding WG",
    ]
    assert _found(viewer_user, "close the LOOP")["governance.governancebody"] == ["Complaints WG"]


def test_a_viewer_never_finds_a_proposal_they_could_not_open(
    client, program, make_initiative, viewer_user
):
    make_initiative(title="Onboarding journey", status="in_progress")
    make_initiative(title="Onboarding proposal", status="proposed")
    assert _found(viewer_user, "onboarding")["portfolio.initiative"] == ["Onboarding journey"]
    _opens_every_result(client, viewer_user, "onboarding")


def test_a_working_group_member_finds_their_groups_proposal_but_not_another_groups(
    client, program, make_initiative
):
    make_initiative(title="Onboarding proposal", status="proposed", group=program.onboarding)
    make_initiative(
        title="Complaints proposal",
        status="proposed",
        group=program.complaints,
        owner=program.other,
    )
    assert _found(program.member, "proposal")["portfolio.initiative"] == ["Onboarding proposal"]
    assert _found(program.other, "proposal")["portfolio.initiative"] == ["Complaints proposal"]
    assert _found(program.core, "proposal")["portfolio.initiative"] == [
        "Complaints proposal",
        "Onboarding proposal",
    ]
    for person in (program.member, program.other):
        _opens_every_result(client, person, "proposal")
        found = {o.pk for r in search(user=person, q="proposal") for o in r.objects}
        assert found <= set(Initiative.objects.for_user(person).values_list("pk", flat=True))


def test_a_person_without_a_role_finds_nothing(program, make_initiative, no_role_user):
    make_initiative(title="Onboarding journey", status="in_progress")
    assert search(user=no_role_user, q="onboarding") == []
