"""Body pages: list, detail, create, edit, disband; who may do which."""

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.roles import Role
from governance import services
from governance.models import BodyKind, GovernanceBody, MemberRole, Tier
from tests.factories import ActivityFactory, BodyFactory, MembershipFactory
from tests.helpers import NOT_CONFIGURERS, assert_flat_query_count


def new_body(**fields):
    return {
        "name": "Billing WG",
        "tier": Tier.WORKING_GROUP,
        "kind": BodyKind.STANDING,
        "formed_on": "2026-03-01",
        "purpose": "",
        "planned_disband_on": "",
        "parent": "",
        **fields,
    }


def edit_data(body, **changes):
    stored = {
        "name": body.name,
        "tier": body.tier,
        "parent": body.parent_id or "",
        "kind": body.kind,
        "formed_on": body.formed_on.isoformat(),
    }
    return new_body(**{**stored, **changes})


# List


def test_body_list_filters_by_tier(client, viewer_user, structure):
    client.force_login(viewer_user)
    response = client.get(reverse("governance:body-list"), {"tier": Tier.WORKING_GROUP})
    assert {b.name for b in response.context["bodies"]} == {"Onboarding WG", "Complaints WG"}


def test_body_list_hides_disbanded_bodies_unless_asked(client, viewer_user, structure):
    BodyFactory(name="Old WG", parent=structure["steering"], disbanded_on=dt.date(2026, 2, 1))
    client.force_login(viewer_user)
    url = reverse("governance:body-list")
    assert "Old WG" not in client.get(url).content.decode()
    assert "Disbanded 1 Feb 2026" in client.get(url, {"disbanded": "on"}).content.decode()


def test_body_list_answers_htmx_with_the_table_alone(client, viewer_user, structure):
    client.force_login(viewer_user)
    url = reverse("governance:body-list")
    partial = client.get(url, {"tier": Tier.CORE_TEAM}, HTTP_HX_REQUEST="true")
    assert [t.name for t in partial.templates][0] == "governance/_body_table.html"
    assert b"<html" not in partial.content
    assert b"Core CX team" in partial.content
    full = client.get(url, {"tier": Tier.CORE_TEAM})
    assert full.templates[0].name == "governance/body_list.html"


def test_body_list_says_what_to_do_when_nothing_matches(client, core_team_user, db):
    client.force_login(core_team_user)
    html = client.get(reverse("governance:body-list")).content.decode()
    assert "No bodies match these filters." in html
    assert "create a body" in html


# Detail


def test_body_page_shows_members_children_decision_rights_and_history(
    client, viewer_user, structure, retail, core_team_user
):
    steering = structure["steering"]
    MembershipFactory(body=steering, role=MemberRole.CHAIR, person__first_name="Sam")
    ActivityFactory(name="Approve the roadmap", decided_by=steering)
    client.force_login(core_team_user)  # through the page, so history records who
    client.post(
        reverse("governance:body-edit", args=[steering.pk]),
        edit_data(steering, purpose="Steers the program."),
    )
    client.force_login(viewer_user)
    response = client.get(reverse("governance:body-detail", args=[steering.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chair" in html
    assert "Onboarding WG" in html and "Complaints WG" in html  # reporting to it
    assert "Approve the roadmap" in html
    assert "Members come from 1 business unit" in html  # its warning
    history = response.context["detail"].history
    assert history[0].action == "Changed"
    assert history[0].who == core_team_user
    assert history[0].changes == ["Purpose: — → Steers the program."]
    assert "Add a member" not in html  # a viewer does not manage the body


def test_body_page_history_is_capped_at_twenty(client, viewer_user, structure, core_team_user):
    body = structure["onboarding"]
    for n in range(25):
        services.body_update(body=body, by=core_team_user, data={"purpose": f"Purpose {n}"})
    client.force_login(viewer_user)
    response = client.get(reverse("governance:body-detail", args=[body.pk]))
    assert len(response.context["detail"].history) == 20
    assert response.context["detail"].history[-1].changes  # the oldest shown is diffed too


# Create


@pytest.mark.parametrize("persona", [Role.ADMIN.value, Role.CORE_TEAM.value], indirect=True)
def test_configurers_create_a_body(client, persona, structure):
    client.force_login(persona)
    assert client.get(reverse("governance:body-create")).status_code == 200
    response = client.post(
        reverse("governance:body-create"), new_body(parent=structure["steering"].pk)
    )
    body = GovernanceBody.objects.get(name="Billing WG")
    assert response.status_code == 302
    assert response["Location"] == body.get_absolute_url()
    assert body.parent == structure["steering"]


@pytest.mark.parametrize("persona", NOT_CONFIGURERS, indirect=True)
def test_others_may_not_create_bodies(client, persona, structure):
    client.force_login(persona)
    assert client.get(reverse("governance:body-create")).status_code == 403
    assert client.post(reverse("governance:body-create"), new_body()).status_code == 403
    assert not GovernanceBody.objects.filter(name="Billing WG").exists()


def test_create_form_presets_the_tier_and_parent_from_the_link(client, core_team_user, structure):
    client.force_login(core_team_user)
    url = reverse("governance:body-create")
    form = client.get(url, {"parent": structure["steering"].pk}).context["form"]
    assert form["parent"].value() == str(structure["steering"].pk)


def test_a_project_group_without_a_disband_date_is_refused_next_to_the_field(
    client, core_team_user, structure
):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:body-create"),
        new_body(parent=structure["steering"].pk, kind=BodyKind.PROJECT),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["planned_disband_on"] == [
        "A project-based working group needs a planned disband date."
    ]
    assert 'id="id_planned_disband_on_error"' in response.content.decode()
    assert not GovernanceBody.objects.filter(name="Billing WG").exists()


def test_a_working_group_under_the_sponsor_is_refused_next_to_parent(
    client, core_team_user, structure
):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:body-create"), new_body(parent=structure["sponsor"].pk)
    )
    assert response.context["form"].errors["parent"] == [
        "A working group cannot report to the executive sponsor; it reports to "
        "a steering committee or the core CX team."
    ]
    assert not GovernanceBody.objects.filter(name="Billing WG").exists()


# Edit


def test_a_body_made_its_own_ancestor_via_parent_shows_the_message_and_saves_nothing(
    client, core_team_user, structure
):
    # onboarding → steering → sponsor: the steering committee cannot report to onboarding.
    steering = structure["steering"]
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:body-edit", args=[steering.pk]),
        edit_data(steering, parent=structure["onboarding"].pk, purpose="Moved"),
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["parent"]
    assert "a body cannot be its own ancestor" in message
    steering.refresh_from_db()
    assert steering.parent == structure["sponsor"]
    assert steering.purpose == ""
    assert "<h1>Edit Steering committee</h1>" in response.content.decode()


def test_core_team_edits_and_moves_a_body(client, core_team_user, structure):
    group = structure["onboarding"]
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:body-edit", args=[group.pk]),
        edit_data(group, parent=structure["core"].pk, name="Onboarding journey WG"),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.parent) == ("Onboarding journey WG", structure["core"])


def test_a_working_group_lead_edits_their_own_body_but_cannot_move_it(client, wg_lead, structure):
    group = structure["onboarding"]
    client.force_login(wg_lead)
    page = client.get(reverse("governance:body-edit", args=[group.pk]))
    assert page.status_code == 200
    assert page.context["form"].fields["parent"].disabled
    assert page.context["form"].fields["tier"].disabled
    # A posted move is ignored: the locked fields keep the stored values.
    response = client.post(
        reverse("governance:body-edit", args=[group.pk]),
        edit_data(group, parent=structure["core"].pk, purpose="Ten-minute account opening."),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.parent == structure["steering"]
    assert group.purpose == "Ten-minute account opening."


def test_a_working_group_lead_may_not_edit_another_groups_body(client, wg_lead, structure):
    other = structure["complaints"]
    client.force_login(wg_lead)
    url = reverse("governance:body-edit", args=[other.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(other, purpose="Taken over")).status_code == 403
    other.refresh_from_db()
    assert other.purpose == ""


def test_a_viewer_may_not_edit_a_body(client, viewer_user, structure):
    client.force_login(viewer_user)
    assert (
        client.get(reverse("governance:body-edit", args=[structure["core"].pk])).status_code == 403
    )


# Disband


def test_an_empty_post_is_refused_naming_the_required_fields(client, core_team_user, structure):
    """The page binds every POST: nothing posted is a 400 with the fields named, not the form
    drawn afresh as if it had never been sent."""
    body = structure["onboarding"]
    client.force_login(core_team_user)
    response = client.post(reverse("governance:body-edit", args=[body.pk]), {})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["name"] == ["This field is required."]
    assert errors["tier"] == ["This field is required."]
    assert GovernanceBody.objects.get(pk=body.pk).name == body.name


def test_disband_asks_for_confirmation_then_disbands(client, core_team_user, structure):
    group = structure["complaints"]
    MembershipFactory(body=group)
    client.force_login(core_team_user)
    url = reverse("governance:body-disband", args=[group.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Disband Complaints WG?" in page.content.decode()
    group.refresh_from_db()
    assert group.disbanded_on is None
    response = client.post(url, {"disbanded_on": "2026-03-31"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.disbanded_on == dt.date(2026, 3, 31)
    assert group.memberships.get().end_date == dt.date(2026, 3, 31)


def test_a_body_with_active_children_is_not_disbanded(client, core_team_user, structure):
    steering = structure["steering"]
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:body-disband", args=[steering.pk]), {"disbanded_on": "2026-03-31"}
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["disbanded_on"]
    assert "still has active bodies reporting to it" in message
    steering.refresh_from_db()
    assert steering.disbanded_on is None


def test_a_working_group_lead_may_not_disband_their_body(client, wg_lead, structure):
    group = structure["onboarding"]
    client.force_login(wg_lead)
    url = reverse("governance:body-disband", args=[group.pk])
    assert client.post(url, {"disbanded_on": "2026-03-31"}).status_code == 403
    group.refresh_from_db()
    assert group.disbanded_on is None


def test_a_history_restore_gets_the_whole_page_not_the_table(client, viewer_user, structure):
    client.force_login(viewer_user)
    response = client.get(
        reverse("governance:body-list"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert response.templates[0].name == "governance/body_list.html"
    assert "HX-Request" in response["Vary"]


def test_body_page_runs_a_fixed_number_of_queries(client, core_team_user, structure):
    group = structure["onboarding"]
    client.force_login(core_team_user)

    def grow_to(size):
        while group.memberships.count() < size:
            MembershipFactory(body=group)

    assert_flat_query_count(
        fetch=lambda: client.get(reverse("governance:body-detail", args=[group.pk])),
        grow_to=grow_to,
    )
