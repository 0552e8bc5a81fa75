"""Who exercises a body's decision right is explicit: its chair (unless the right says not) and
the members the right names as deciders, while they serve. A decider who drafted or submitted a
charter version, or serves on its body, approves it only with a second decider named there.

The people: the steering committee has Sam (chair), Mia and Max (members); the sponsor body has
Evelyn (sponsor) and, in some tests, Fred (a member). Hand-worked answers in each test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cxgov.roles import Role
from governance import services
from governance.models import Activity, CharterStatus, MemberRole, who_may_decide
from governance.selectors import decision_rights
from tests.factories import ActivityFactory, UserFactory
from tests.governance.charters_helpers import in_review

pytestmark = pytest.mark.django_db


def seat(admin, body, username, role=MemberRole.MEMBER, roles=(Role.STEERING_COMMITTEE,)):
    person = UserFactory(
        username=username, first_name=username.title(), last_name="", roles=list(roles)
    )
    services.membership_create(
        by=admin,
        body=body,
        person=person,
        role=role,
        start_date=dt.date(2026, 1, 1),
    )
    return person


@pytest.fixture
def committee(structure, admin_user):
    steering = structure["steering"]
    return {
        **structure,
        "admin": admin_user,
        "sam": seat(admin_user, steering, "sam", MemberRole.CHAIR),
        "mia": seat(admin_user, steering, "mia"),
        "max": seat(admin_user, steering, "max"),
        "outsider": seat(admin_user, structure["core"], "olga", roles=[Role.CORE_TEAM]),
    }


def deciders_of(activity) -> list[str]:
    return [p.username for p in who_may_decide(activity=activity)]


def selector_deciders() -> dict[str, list[str]]:
    return {r.activity.code: [p.username for p in r.deciders] for r in decision_rights()}


# Who may decide


def test_the_chair_decides_by_default_and_named_members_join_them(committee):
    right = services.activity_create(
        by=committee["admin"], name="Approve the roadmap", decided_by=committee["steering"]
    )
    assert deciders_of(right) == ["sam"]
    services.activity_update(
        activity=right, by=committee["admin"], data={"named_deciders": [committee["mia"]]}
    )
    assert deciders_of(right) == ["mia", "sam"]
    assert selector_deciders()[right.code] == ["mia", "sam"]


def test_a_right_may_leave_the_chair_out(committee):
    right = services.activity_create(
        by=committee["admin"],
        name="Approve spending",
        decided_by=committee["steering"],
        chair_decides=False,
        named_deciders=[committee["max"]],
    )
    assert deciders_of(right) == ["max"]
    services.activity_update(activity=right, by=committee["admin"], data={"named_deciders": []})
    assert deciders_of(right) == []
    assert selector_deciders()[right.code] == []


def test_a_named_decider_whose_seat_ended_no_longer_decides_but_stays_named(committee):
    right = services.activity_create(
        by=committee["admin"],
        name="Approve the roadmap",
        decided_by=committee["steering"],
        named_deciders=[committee["mia"]],
    )
    seat = committee["mia"].memberships.get()
    services.membership_end(membership=seat, by=committee["admin"], on=dt.date(2026, 2, 1))
    assert deciders_of(right) == ["sam"]
    (row,) = [r for r in decision_rights() if r.activity.pk == right.pk]
    assert [(p.username, p.serving) for p in row.named] == [("mia", False)]
    # Renaming the right does not trip over her: she was named before.
    services.activity_update(activity=right, by=committee["admin"], data={"name": "Roadmap"})
    assert list(right.named_deciders.all()) == [committee["mia"]]


def test_the_selector_gives_who_may_decide_for_every_activity_in_three_queries(
    committee, django_assert_max_num_queries
):
    admin = committee["admin"]
    services.activity_create(by=admin, name="A", decided_by=committee["steering"])
    services.activity_create(
        by=admin, name="B", decided_by=committee["steering"], named_deciders=[committee["mia"]]
    )
    services.activity_create(
        by=admin,
        name="C",
        decided_by=committee["steering"],
        chair_decides=False,
        named_deciders=[committee["max"], committee["mia"]],
    )
    with django_assert_max_num_queries(3):
        rights = selector_deciders()
    for activity in Activity.objects.all():
        assert rights[activity.code] == deciders_of(activity), activity.code
    assert (rights["a"], rights["b"], rights["c"]) == (["sam"], ["mia", "sam"], ["max", "mia"])


# Naming deciders: refused by name on every door


def test_a_named_decider_must_serve_on_the_deciding_body(committee):
    right = ActivityFactory(name="Approve the roadmap", decided_by=committee["steering"])
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            activity=right,
            by=committee["admin"],
            data={"named_deciders": [committee["mia"], committee["outsider"]]},
        )
    assert refused.value.message_dict == {
        "named_deciders": [
            "Olga does not serve on Steering committee; a body names its own members as deciders."
        ]
    }
    assert not right.named_deciders.exists()


def test_a_new_deciding_body_must_seat_the_deciders_already_named(committee):
    right = services.activity_create(
        by=committee["admin"],
        name="Approve the roadmap",
        decided_by=committee["steering"],
        named_deciders=[committee["mia"]],
    )
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            activity=right, by=committee["admin"], data={"decided_by": committee["core"]}
        )
    assert "Mia does not serve on Core CX team" in refused.value.message_dict["named_deciders"][0]
    right.refresh_from_db()
    assert right.decided_by == committee["steering"]
    # Moving the right with new deciders of the new body is fine.
    services.activity_update(
        activity=right,
        by=committee["admin"],
        data={"decided_by": committee["core"], "named_deciders": [committee["outsider"]]},
    )
    assert deciders_of(right) == ["olga"]


def test_naming_deciders_without_a_deciding_body_is_refused(committee):
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            by=committee["admin"], name="Orphan right", named_deciders=[committee["mia"]]
        )
    assert refused.value.message_dict == {
        "named_deciders": ["Choose the deciding body before naming members of it as deciders."]
    }
    assert not Activity.objects.filter(name="Orphan right").exists()


def test_the_api_names_deciders_and_refuses_an_outsider_by_field(committee, api_client):
    api_client.force_login(committee["admin"])
    right = ActivityFactory(name="Approve the roadmap", decided_by=committee["steering"])
    url = f"/api/v1/activities/{right.pk}/"
    bad = api_client.patch(url, {"named_deciders": [committee["outsider"].pk]}, format="json")
    assert bad.status_code == 400
    assert "Olga does not serve on Steering committee" in bad.json()["named_deciders"][0]
    assert not right.named_deciders.exists()
    good = api_client.patch(
        url,
        {"named_deciders": [committee["max"].pk], "chair_decides": False},
        format="json",
    )
    assert good.status_code == 200, good.json()
    body = good.json()
    assert (body["chair_decides"], body["named_deciders"]) == (False, [committee["max"].pk])
    assert [d["id"] for d in body["deciders"]] == [committee["max"].pk]


def test_the_page_names_deciders_and_shows_them_on_the_rights_row(committee):
    client = Client()
    client.force_login(committee["admin"])
    right = ActivityFactory(name="Approve the roadmap", decided_by=committee["steering"])
    form = {
        "name": right.name,
        "kind": right.kind,
        "description": "",
        "position": right.position,
        "decided_by": committee["steering"].pk,
        "chair_decides": "on",
        "named_deciders": [committee["outsider"].pk],
        "escalates_to": "",
    }
    refused = client.post(reverse("governance:activity-edit", args=[right.pk]), form)
    assert refused.status_code == 200
    assert "Olga does not serve on Steering committee" in " ".join(
        refused.context["form"].errors["named_deciders"]
    )
    form["named_deciders"] = [committee["mia"].pk]
    saved = client.post(reverse("governance:activity-edit", args=[right.pk]), form)
    assert saved.status_code == 302
    page = client.get(reverse("governance:activity-list")).content.decode()
    row = page[page.index('<th scope="row">Approve the roadmap') :]
    row = row[: row.index("</tr>")]
    assert "Its chair and named: Mia" in row
    assert ">Mia</a>, <a" in row and ">Sam</a>" in row  # who may decide now


def test_the_admin_refuses_an_outsider_as_a_named_decider(committee):
    admin = committee["admin"]
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    right = ActivityFactory(name="Approve the roadmap", decided_by=committee["steering"])
    response = client.post(
        reverse("admin:governance_activity_change", args=[right.pk]),
        {
            "code": right.code,
            "name": right.name,
            "kind": right.kind,
            "description": "",
            "position": right.position,
            "decided_by": committee["steering"].pk,
            "chair_decides": "on",
            "named_deciders": [committee["outsider"].pk],
            "escalates_to": "",
            "raci-TOTAL_FORMS": "0",
            "raci-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Olga does not serve on Steering committee" in errors["named_deciders"][0]
    assert not right.named_deciders.exists()


# A sponsor approving a charter they authored, or one of their own body


@pytest.fixture
def sponsor_world(chartering):
    """Evelyn (sponsor) alone holds the right to approve charters; Fred sits on the sponsor
    body as a member."""
    fred = seat(chartering["admin"], chartering["sponsor"], "fred", roles=[Role.EXECUTIVE])
    return {**chartering, "fred": fred}


def name_second_decider(world):
    services.activity_update(
        activity=world["approve_charter"],
        by=world["admin"],
        data={"named_deciders": [world["fred"]]},
    )


def test_a_sponsor_approves_another_bodys_charter_alone(sponsor_world):
    version = in_review(sponsor_world)  # the onboarding group's, drafted by the core team
    services.charter_version_approve(version=version, by=sponsor_world["sponsor_person"])
    version.refresh_from_db()
    assert (version.status, version.approved_by, version.first_approval_by) == (
        CharterStatus.APPROVED,
        sponsor_world["sponsor_person"],
        None,
    )


def test_a_sponsor_does_not_approve_their_own_bodys_charter_without_a_second_decider(
    sponsor_world,
):
    version = in_review(sponsor_world, body="sponsor")
    with pytest.raises(PermissionDenied, match="only with a second decider"):
        services.charter_version_approve(version=version, by=sponsor_world["sponsor_person"])
    version.refresh_from_db()
    assert (version.status, version.first_approval_by) == (CharterStatus.IN_REVIEW, None)


def test_with_a_second_decider_named_the_sponsor_signs_first_and_the_second_completes(
    sponsor_world,
):
    name_second_decider(sponsor_world)
    evelyn, fred = sponsor_world["sponsor_person"], sponsor_world["fred"]
    version = in_review(sponsor_world, body="sponsor")
    services.charter_version_approve(version=version, by=evelyn)
    version.refresh_from_db()
    assert (version.status, version.first_approval_by) == (CharterStatus.IN_REVIEW, evelyn)
    with pytest.raises(PermissionDenied):
        services.charter_version_approve(version=version, by=evelyn)  # nobody signs twice
    services.charter_version_approve(version=version, by=fred)
    version.refresh_from_db()
    assert (version.status, version.first_approval_by, version.approved_by) == (
        CharterStatus.APPROVED,
        evelyn,
        fred,
    )


def test_a_sponsor_who_authored_a_charter_needs_the_second_decider_too(sponsor_world):
    name_second_decider(sponsor_world)
    evelyn = sponsor_world["sponsor_person"]
    version = in_review(sponsor_world, body="sponsor", by=evelyn)
    services.charter_version_approve(version=version, by=evelyn)
    version.refresh_from_db()
    assert version.status == CharterStatus.IN_REVIEW
    # A rejection clears the first signature: the redraft is approved afresh.
    services.charter_version_reject(version=version, by=sponsor_world["fred"], comment="Shorter.")
    version.refresh_from_db()
    assert (version.status, version.first_approval_by) == (CharterStatus.DRAFT, None)


def test_the_api_and_the_page_ask_the_same_rule(sponsor_world, api_client):
    evelyn, fred = sponsor_world["sponsor_person"], sponsor_world["fred"]
    version = in_review(sponsor_world, body="sponsor")
    url = f"/api/v1/charters/{version.charter_id}/approve/"
    api_client.force_login(evelyn)
    refused = api_client.post(url)
    assert refused.status_code == 403
    assert "only with a second decider" in refused.json()["detail"]
    name_second_decider(sponsor_world)
    first = api_client.post(url)
    assert first.status_code == 200, first.json()
    assert (first.json()["status"], first.json()["first_approval_by"]["id"]) == (
        "in_review",
        evelyn.pk,
    )
    client = Client()
    client.force_login(fred)
    page = client.get(version.charter.get_absolute_url()).content.decode()
    assert "waits for a second decider" in page and "as the second decider" in page
    client.post(
        reverse("governance:charter-version-approve", args=[version.charter_id, version.number])
    )
    version.refresh_from_db()
    assert (version.status, version.approved_by) == (CharterStatus.APPROVED, fred)
