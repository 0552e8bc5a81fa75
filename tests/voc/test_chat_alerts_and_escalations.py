"""KPI alerts and cases escalated to a steering committee reach the bodies' Slack or Teams
channels (an incoming webhook on loopback), once per channel however often the jobs run."""

from __future__ import annotations

import datetime as dt

import pytest

from cxgov.models import ChatChannel, Notification
from governance.models import Tier
from tests.chat_server import incoming_webhook
from tests.factories import BodyFactory
from voc import services
from voc.models import Alert, AlertKind

from .test_case_escalations import calendar_days, open_case, people  # noqa: F401 (fixture)
from .test_targets_and_alerts import TODAY, month, nps_target, statement  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def incoming():
    with incoming_webhook() as server:
        yield server


def channel(incoming, name: str) -> ChatChannel:
    return ChatChannel.objects.create(
        name=name, platform="slack", webhook_url=f"{incoming.url}/{name}"
    )


def test_a_new_alert_is_posted_once_to_the_steering_and_core_team_channels(
    statement,  # noqa: F811 (the fixture imported above)
    incoming,
    deliver,
):
    shared, groups = channel(incoming, "cx-leaders"), channel(incoming, "working-groups")
    BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE, chat_channel=shared)
    BodyFactory(name="Core team", tier=Tier.CORE_TEAM, chat_channel=shared)
    BodyFactory(name="Onboarding", tier=Tier.WORKING_GROUP, chat_channel=groups)
    nps_target(statement)
    month("nps", dt.date(2026, 5, 1), score=30, low=24, high=36, promoters=200, detractors=80,
          passives=120)  # fmt: skip
    month("nps", dt.date(2026, 6, 1), score=18, low=12, high=24, promoters=160, detractors=88,
          passives=152)  # fmt: skip
    with deliver():
        raised = services.alerts_raise(on=TODAY)
        assert services.alerts_raise(on=TODAY) == 0
    alerts = Alert.objects.order_by("pk")
    assert raised == alerts.count() >= 1
    # One channel serves both bodies: each alert once; the working groups' channel hears none.
    assert [p["path"] for p in incoming.posts] == ["/cx-leaders"] * raised
    off = alerts.get(kind=AlertKind.OFF_TRACK)
    texts = [p["json"]["text"] for p in incoming.posts]
    assert any(off.message in text for text in texts)
    assert texts[0].startswith("*KPI alert: Net Promoter Score*")
    assert Notification.objects.filter(channel=shared).count() == raised


def test_a_case_escalated_to_the_committee_is_posted_to_its_channel_once(
    people,  # noqa: F811 (the fixture imported above)
    incoming,
    deliver,
):
    calendar_days()
    steering_room = channel(incoming, "steering")
    people["steering"].chat_channel = steering_room
    people["steering"].save()
    case = open_case(people["touchpoint"])
    late = dt.date(2026, 11, 20)  # past both steps: the lead (a person) and the committee
    with deliver():
        assert services.case_escalations_send(on=late) == {"lead": 1, "steering": 1, "sent": 3}
        assert services.case_escalations_send(on=late)["sent"] == 0
    [post] = incoming.posts
    assert post["path"] == "/steering"
    assert post["json"]["text"].startswith(
        f"*Escalated to the steering committee: closed-loop case {case.pk} "
    )
    assert Notification.objects.get(channel=steering_room).occasion == (
        f"case:{case.pk}:escalated:steering"
    )
