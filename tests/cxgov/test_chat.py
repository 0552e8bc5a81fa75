"""Chat notices through the exactly-once notification log, posted to a Slack or Teams incoming
webhook served by an HTTP server on loopback (http.server in a thread): one post per channel,
kind and occasion however often the sender runs, and a retry after a refusal or a second
delivery of the task never posts twice."""

from __future__ import annotations

import pytest

from cxgov import chat
from cxgov.models import ChatChannel, Notification
from cxgov.registry import NotRegistered
from tests.chat_server import incoming_webhook

pytestmark = pytest.mark.django_db

KIND = "action_item_overdue"


@pytest.fixture
def incoming():
    with incoming_webhook() as server:
        yield server


def channel(url: str, platform: str = "slack", **fields) -> ChatChannel:
    fields.setdefault("name", f"#{platform}")
    return ChatChannel.objects.create(
        platform=platform, webhook_url=f"{url}/hook/{platform}", **fields
    )


def say(to: ChatChannel, occasion: str = "item:1:overdue"):
    return chat.chat_notify(
        channel=to, kind=KIND, occasion=occasion, subject="Action item overdue",
        body="Publish the charter: due 2 Mar 2026.", link="/governance/action-items/",
    )  # fmt: skip


def test_a_notice_is_posted_once_however_often_it_is_sent(incoming, deliver, settings):
    settings.CXGOV_BASE_URL = "https://cx.bank.example"
    slack = channel(incoming.url)
    with deliver():
        first = say(slack)
        again = say(slack)
    assert first is not None and again is None
    assert incoming.posts == [
        {"path": "/hook/slack", "type": "application/json", "json": {
            "text": "*Action item overdue*\nPublish the charter: due 2 Mar 2026.\n"
                    "<https://cx.bank.example/governance/action-items/|Open in cxgov>"}},
    ]  # fmt: skip
    first.refresh_from_db()
    assert first.posted_at is not None and first.recipient is None
    # A second delivery of the task (a worker died after posting, before acking) finds it posted.
    assert chat.chat_post(notification_id=first.pk) is False
    assert len(incoming.posts) == 1


def test_a_refused_post_is_retried_and_posted_once(incoming):
    slack = channel(incoming.url)
    incoming.fail = 1
    notice = say(slack)
    with pytest.raises(chat.ChatRefused, match="answered 500: try later"):
        chat.chat_post(notification_id=notice.pk)
    notice.refresh_from_db()
    assert notice.posted_at is None and incoming.posts == []
    assert chat.chat_post(notification_id=notice.pk) is True
    assert chat.chat_post(notification_id=notice.pk) is False
    assert len(incoming.posts) == 1


def test_the_task_retries_a_server_that_does_not_answer():
    from cxgov.tasks import TRANSIENT_ERRORS

    # ChatRefused is transient: the task (cxgov.tasks.Job) retries it with backoff.
    assert issubclass(chat.ChatRefused, TRANSIENT_ERRORS)
    unreachable = ChatChannel.objects.create(
        name="#gone", platform="slack", webhook_url="http://127.0.0.1:9/hook"
    )
    notice = say(unreachable)
    with pytest.raises(chat.ChatRefused, match="did not answer"):
        chat.chat_post(notification_id=notice.pk)


def test_teams_gets_an_adaptive_card(incoming, deliver):
    teams = channel(incoming.url, platform="teams")
    with deliver():
        say(teams)
    [post] = incoming.posts
    assert post["path"] == "/hook/teams"
    [attachment] = post["json"]["attachments"]
    assert post["json"]["type"] == "message"
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert [b["text"] for b in card["body"]] == [
        "Action item overdue", "Publish the charter: due 2 Mar 2026.",
    ]  # fmt: skip
    assert card["actions"][0]["url"].endswith("/governance/action-items/")


def test_two_channels_each_hear_it_once_and_an_inactive_one_not_at_all(incoming, deliver):
    slack, teams = channel(incoming.url), channel(incoming.url, platform="teams")
    off = channel(incoming.url, platform="slack", is_active=False, name="#off")
    with deliver():
        assert say(slack) and say(teams)
        assert say(off) is None and say(None) is None
    assert sorted(p["path"] for p in incoming.posts) == ["/hook/slack", "/hook/teams"]
    assert Notification.objects.filter(channel__isnull=False).count() == 2


def test_an_unregistered_kind_is_refused_before_anything_is_written(incoming):
    with pytest.raises(NotRegistered):
        chat.chat_notify(channel=channel(incoming.url), kind="nobody.kind", occasion="x",
                         subject="s", body="b")  # fmt: skip
    assert Notification.objects.count() == 0


def test_a_persons_notification_list_shows_no_channel_notice(incoming, core_team_user):
    say(channel(incoming.url))
    assert Notification.objects.for_user(core_team_user).count() == 0
