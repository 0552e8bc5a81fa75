"""The CX mission and acknowledgements: one mechanism for the mission and for charters."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import selectors, services
from governance.errors import GovernanceError
from governance.models import Acknowledgement, MissionStatement, MissionStatus
from tests.governance.charters_helpers import approved

pytestmark = pytest.mark.django_db

MISSION = {
    "statement": "Banking that is simple, every time.",
    "customers": "Households and small businesses.",
    "experience": "Clear answers the first time.",
    "feeling": "Confident and respected.",
    "difference": "We fix the cause, not only the complaint.",
}


def publish(world, **changes):
    draft = services.mission_draft(by=world["core"], **{**MISSION, **changes})
    return services.mission_publish(mission=draft, by=world["core"])


def test_the_core_team_drafts_and_publishes_the_mission(chartering):
    mission = publish(chartering)
    assert (mission.number, mission.status) == (1, MissionStatus.PUBLISHED)
    assert mission.published_by == chartering["core"]


def test_publishing_supersedes_the_published_version(chartering):
    first = publish(chartering)
    second = publish(chartering, statement="Simpler still.")
    first.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "published")


@pytest.mark.parametrize("who", ["sponsor_person", "chair", "lead", "member"])
def test_only_configurers_draft_the_mission(chartering, who):
    with pytest.raises(PermissionDenied):
        services.mission_draft(by=chartering[who], **MISSION)
    assert not MissionStatement.objects.exists()


def test_a_mission_missing_an_answer_names_it_and_saves_nothing(chartering):
    with pytest.raises(ValidationError) as refused:
        services.mission_draft(by=chartering["core"], **{**MISSION, "feeling": ""})
    assert "feeling" in refused.value.message_dict
    assert not MissionStatement.objects.exists()


def test_a_published_mission_is_read_only(chartering):
    mission = publish(chartering)
    with pytest.raises(GovernanceError, match="read-only"):
        services.mission_update(
            mission=mission, by=chartering["core"], data={"statement": "Changed."}
        )


def test_a_published_mission_is_not_published_again(chartering):
    mission = publish(chartering)
    with pytest.raises(GovernanceError, match="only a draft"):
        services.mission_publish(mission=mission, by=chartering["core"])


def test_a_member_agrees_to_the_mission_once(chartering):
    mission = publish(chartering)
    services.acknowledge(by=chartering["member"], document=mission)
    with pytest.raises(GovernanceError, match="already acknowledged"):
        services.acknowledge(by=chartering["member"], document=mission)
    assert Acknowledgement.objects.filter(person=chartering["member"]).count() == 1


def test_a_superseded_mission_is_not_acknowledged(chartering):
    first = publish(chartering)
    publish(chartering, statement="Simpler still.")
    with pytest.raises(GovernanceError, match="not the current version"):
        services.acknowledge(by=chartering["member"], document=first)
    assert not Acknowledgement.objects.exists()


def test_a_draft_mission_is_not_acknowledged(chartering):
    draft = services.mission_draft(by=chartering["core"], **MISSION)
    with pytest.raises(GovernanceError, match="not the current version"):
        services.acknowledge(by=chartering["member"], document=draft)


def test_someone_serving_in_no_body_is_not_asked(chartering, viewer_user):
    mission = publish(chartering)
    with pytest.raises(PermissionDenied, match="serving in a governing body"):
        services.acknowledge(by=viewer_user, document=mission)


def test_the_bodys_members_acknowledge_its_approved_charter_the_same_way(chartering):
    version = approved(chartering)
    done = services.acknowledge(by=chartering["member"], document=version)
    assert (done.charter_version, done.mission) == (version, None)
    with pytest.raises(GovernanceError, match="already acknowledged"):
        services.acknowledge(by=chartering["member"], document=version)


def test_a_member_of_another_body_does_not_acknowledge_its_charter(chartering):
    version = approved(chartering)
    with pytest.raises(PermissionDenied):
        services.acknowledge(by=chartering["chair"], document=version)


def test_a_superseded_charter_is_not_acknowledged(chartering):
    first = approved(chartering)
    approved(chartering)
    with pytest.raises(GovernanceError, match="superseded, not the current version"):
        services.acknowledge(by=chartering["member"], document=first)


def test_shares_count_who_agreed_overall_and_per_body(chartering):
    # Serving: sponsor (sponsor body), chair (steering), lead and member (onboarding): 4 people.
    mission = publish(chartering)
    services.acknowledge(by=chartering["lead"], document=mission)
    services.acknowledge(by=chartering["chair"], document=mission)
    services.acknowledge(by=chartering["member"], document=mission)
    page = selectors.mission_page(user=chartering["member"])
    assert (len(page.share.agreed), page.share.asked, page.share.percent) == (3, 4, 75)
    assert page.share.waiting == [chartering["sponsor_person"]]
    by_body = {row.body.name: (len(row.share.agreed), row.share.asked) for row in page.by_body}
    assert by_body == {
        "Executive sponsor": (0, 1),
        "Onboarding WG": (2, 2),
        "Steering committee": (1, 1),
    }
    assert page.acknowledged and not page.may_acknowledge


def test_the_body_page_shows_the_share_who_acknowledged_its_charter(chartering):
    version = approved(chartering)
    services.acknowledge(by=chartering["lead"], document=version)
    summary = selectors.body_charter_summary(body=chartering["onboarding"])
    assert summary["approved"] == version
    assert (len(summary["share"].agreed), summary["share"].asked) == (1, 2)
    assert summary["share"].percent == 50


def test_pending_acknowledgements_list_the_mission_and_the_members_charters(chartering):
    mission = publish(chartering)
    version = approved(chartering)
    pending = selectors.pending_acknowledgements(user=chartering["member"])
    assert (pending.mission, pending.charters) == (mission, [version])
    services.acknowledge(by=chartering["member"], document=mission)
    services.acknowledge(by=chartering["member"], document=version)
    assert not selectors.pending_acknowledgements(user=chartering["member"])


def test_a_new_version_asks_again(chartering):
    first = publish(chartering)
    services.acknowledge(by=chartering["member"], document=first)
    second = publish(chartering, statement="Simpler still.")
    assert selectors.pending_acknowledgements(user=chartering["member"]).mission == second
