"""Activities and decision rights: who decides, where it escalates, who may decide now."""

import pytest
from django.urls import reverse

from governance.models import Activity, MemberRole, who_may_decide
from tests.factories import ActivityFactory, BodyFactory, MembershipFactory, UserFactory
from tests.helpers import NOT_CONFIGURERS, assert_flat_query_count


def activity_data(**fields):
    return {
        "name": "Run the journey lab",
        "code": "",
        "kind": "custom",
        "description": "",
        "position": "50",
        "decided_by": "",
        "escalates_to": "",
        **fields,
    }


def test_activity_list_shows_who_decides_where_it_escalates_and_who_may_decide_now(
    client, viewer_user, structure
):
    steering = structure["steering"]
    chair = UserFactory(first_name="Sam", last_name="Patel")
    MembershipFactory(body=steering, person=chair, role=MemberRole.CHAIR)
    MembershipFactory(body=steering, role=MemberRole.MEMBER)  # members do not decide
    decision = ActivityFactory(
        name="Approve the roadmap",
        kind="decision",
        decided_by=steering,
        escalates_to=structure["sponsor"],
    )
    ActivityFactory(name="Approve spending", kind="decision", decided_by=structure["core"])
    client.force_login(viewer_user)
    response = client.get(reverse("governance:activity-list"))
    rights = {r.activity.name: r.deciders for g in response.context["groups"] for r in g[2]}
    assert rights["Approve the roadmap"] == list(who_may_decide(activity=decision)) == [chair]
    assert rights["Approve spending"] == []
    html = response.content.decode()
    assert "Sam Patel</a>" in html
    assert "Core CX team has no active chair, sponsor or lead" in html


def test_activity_list_groups_jobs_categories_decisions_and_others(client, viewer_user, db):
    client.force_login(viewer_user)
    groups = client.get(reverse("governance:activity-list")).context["groups"]
    assert [(kind.value, len(rights)) for kind, _heading, rights in groups] == [
        ("job", 5),
        ("category", 8),
        ("decision", 2),
        ("custom", 0),
    ]


def test_activity_list_runs_a_fixed_number_of_queries(client, viewer_user, db):
    client.force_login(viewer_user)

    def grow_to(size):
        while Activity.objects.count() < size + 15:
            body = BodyFactory()
            MembershipFactory(body=body, role=MemberRole.LEAD)
            ActivityFactory(decided_by=body, escalates_to=BodyFactory())

    assert_flat_query_count(
        fetch=lambda: client.get(reverse("governance:activity-list")), grow_to=grow_to
    )


def test_core_team_adds_an_activity_and_its_code_comes_from_the_name(
    client, core_team_user, structure
):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:activity-create"), activity_data(decided_by=structure["core"].pk)
    )
    assert response.status_code == 302
    activity = Activity.objects.get(name="Run the journey lab")
    assert (activity.code, activity.decided_by) == ("run-the-journey-lab", structure["core"])


@pytest.mark.parametrize("persona", NOT_CONFIGURERS, indirect=True)
def test_others_may_not_add_or_edit_activities(client, persona, db):
    activity = Activity.objects.first()
    client.force_login(persona)
    assert client.get(reverse("governance:activity-create")).status_code == 403
    assert client.post(reverse("governance:activity-create"), activity_data()).status_code == 403
    edit = reverse("governance:activity-edit", args=[activity.pk])
    assert client.post(edit, activity_data(name="Renamed")).status_code == 403
    assert not Activity.objects.filter(name__in=["Run the journey lab", "Renamed"]).exists()


def test_escalating_to_the_deciding_body_is_refused_next_to_the_field(
    client, core_team_user, structure
):
    activity = Activity.objects.get(code="storyline")
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:activity-edit", args=[activity.pk]),
        activity_data(
            name=activity.name,
            decided_by=structure["core"].pk,
            escalates_to=structure["core"].pk,
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["escalates_to"] == [
        "A decision escalates to a different body than the one deciding."
    ]
    activity.refresh_from_db()
    assert activity.decided_by is None


def test_core_team_changes_decision_rights(client, core_team_user, structure):
    activity = Activity.objects.get(code="approve-initiative")
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:activity-edit", args=[activity.pk]),
        activity_data(
            name=activity.name,
            kind="decision",
            decided_by=structure["steering"].pk,
            escalates_to=structure["sponsor"].pk,
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.decided_by, activity.escalates_to) == (
        structure["steering"],
        structure["sponsor"],
    )
    assert activity.code == "approve-initiative"  # the code is set once
