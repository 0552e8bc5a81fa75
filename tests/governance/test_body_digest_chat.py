"""A body's weekly digest in its chat channel (an incoming webhook on loopback): its next
meeting and its action items overdue or due within the week, once per ISO week however
often beat fires."""

from __future__ import annotations

import datetime as dt

import pytest

from cxgov.models import ChatChannel
from governance import services
from governance.models import ActionItem, Tier
from tests.chat_server import incoming_webhook
from tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)


@pytest.fixture
def incoming():
    with incoming_webhook() as server:
        yield server


def test_each_body_with_a_channel_hears_its_week_once(incoming, deliver):
    room = ChatChannel.objects.create(
        name="steering", platform="slack", webhook_url=f"{incoming.url}/steering"
    )
    steering = BodyFactory(name="Steering", tier=Tier.STEERING_COMMITTEE, chat_channel=room)
    BodyFactory(name="Quiet group", tier=Tier.WORKING_GROUP)  # no channel: nothing posted
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    for title, due in (
        ("Publish the charter", MONDAY - dt.timedelta(days=3)),
        ("Agree the NPS target", MONDAY + dt.timedelta(days=4)),
        ("Plan the offsite", MONDAY + dt.timedelta(days=30)),
    ):
        ActionItem.objects.create(body=steering, title=title, owner=ada, due_on=due)  # fmt: skip
    with deliver():
        assert services.body_digests_post(on=MONDAY) == 1
        assert services.body_digests_post(on=MONDAY + dt.timedelta(days=2)) == 0  # same week
    [post] = incoming.posts
    assert post["path"] == "/steering"
    assert post["json"]["text"].splitlines() == [
        "*Steering: the week of 2 Nov 2026*",
        "No meeting scheduled.",
        "Overdue action items (1):",
        "- Publish the charter (Ada Lovelace, due 30 Oct 2026)",
        "Due this week (1):",
        "- Agree the NPS target (Ada Lovelace, due 6 Nov 2026)",
        f"<http://localhost:8000/governance/bodies/{steering.pk}/|Open in cxgov>",
    ]
    with deliver():
        assert services.body_digests_post(on=MONDAY + dt.timedelta(days=7)) == 1  # next week
    assert len(incoming.posts) == 2
