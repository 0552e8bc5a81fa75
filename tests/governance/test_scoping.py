"""The scope is the one door for reads: an object outside `for_user` is a 404 on pages and in
the API, for reads and writes alike, never a 403 that confirms it exists."""

import pytest
from django.urls import reverse

from cxgov.roles import Role
from governance import permissions as rules
from governance.models import ActionItem, Decision, GovernanceBody, GovernanceBodyQuerySet, Meeting
from tests.factories import MembershipFactory
from tests.governance.factories import ActionItemFactory, DecisionFactory, MeetingFactory


@pytest.fixture
def hidden(monkeypatch, structure):
    """Narrow the bodies' scope so that the complaints group is out of everyone's sight."""
    hidden_pk = structure["complaints"].pk

    def visible_to(self, user):
        return self.exclude(pk=hidden_pk)

    monkeypatch.setattr(GovernanceBodyQuerySet, "visible_to", visible_to)
    return structure["complaints"]


def test_a_page_answers_404_for_a_body_out_of_scope(client, core_team_user, hidden):
    client.force_login(core_team_user)
    assert client.get(reverse("governance:body-detail", args=[hidden.pk])).status_code == 404
    edit = client.post(reverse("governance:body-edit", args=[hidden.pk]), {"name": "Mine now"})
    assert edit.status_code == 404
    assert GovernanceBody.objects.get(pk=hidden.pk).name == hidden.name


def test_the_api_answers_404_for_a_body_out_of_scope(api_client, core_team_user, hidden):
    api_client.force_authenticate(core_team_user)
    assert api_client.get(f"/api/v1/bodies/{hidden.pk}/").status_code == 404
    response = api_client.patch(f"/api/v1/bodies/{hidden.pk}/", {"name": "Mine now"})
    assert response.status_code == 404
    assert GovernanceBody.objects.get(pk=hidden.pk).name == hidden.name
    listed = {
        row["id"] for row in api_client.get("/api/v1/bodies/?page_size=100").json()["results"]
    }
    assert hidden.pk not in listed


def test_no_role_sees_nothing_through_the_scope(no_role_user, structure):
    assert not GovernanceBody.objects.for_user(no_role_user).exists()


# Visibility as a rule: the meeting querysets' `for_user` asks governance.permissions.


@pytest.mark.parametrize(
    ("persona", "sees_all"),
    [
        (Role.ADMIN, True),
        (Role.CORE_TEAM, True),
        (Role.EXECUTIVE, True),
        (Role.STEERING_COMMITTEE, True),
        (Role.VIEWER, True),
        (Role.WORKING_GROUP_MEMBER, False),
    ],
    indirect=["persona"],
)
def test_the_meeting_visibility_rule_decides_whose_meetings_a_role_sees(
    persona, sees_all, structure
):
    own = MeetingFactory(body=structure["onboarding"])
    other = MeetingFactory(body=structure["complaints"])
    MembershipFactory(person=persona, body=structure["onboarding"])

    assert rules.can_see_all_meetings(persona) is sees_all
    expected = {own, other} if sees_all else {own}
    assert set(Meeting.objects.for_user(persona)) == expected
    decided_elsewhere = DecisionFactory(meeting=other)
    assert Decision.objects.for_user(persona).contains(decided_elsewhere) is sees_all


def test_the_meeting_querysets_ask_the_rule_not_a_role_list(monkeypatch, structure, wg_member_user):
    own = MeetingFactory(body=structure["onboarding"])
    other = MeetingFactory(body=structure["complaints"])
    MembershipFactory(person=wg_member_user, body=structure["onboarding"])
    assert set(Meeting.objects.for_user(wg_member_user)) == {own}

    # Widen the rule alone: the querysets follow it (and narrowing it narrows them back).
    monkeypatch.setattr(rules.can_see_all_meetings, "test", lambda user, obj: True)
    assert set(Meeting.objects.for_user(wg_member_user)) == {own, other}
    item = ActionItemFactory(meeting=other)
    assert list(ActionItem.objects.for_user(wg_member_user)) == [item]
