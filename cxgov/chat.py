"""Notices to a team's chat: a Slack or Microsoft Teams incoming webhook, through the same
exactly-once notification log as e-mail (cxgov.notifications).

`chat_notify(channel=, kind=, occasion=, ...)` writes the log's row for the channel in the
CALLER's transaction (a second call for the same channel, kind and occasion conflicts on the
log's unique constraint and posts nothing) and queues the post through the outbox
(cxgov.outbox), handed to the broker after the commit. The task
(`chat_post`) locks the row, posts, and marks it `posted_at`; a second delivery of the task
finds it marked and posts nothing; a refusal or a timeout leaves it unmarked for the retry
(cxgov.tasks.Job's backoff). The chat server is never talked to inside a request.

This module imports no app: apps say which channel hears what (a body's channel) and call it.
"""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import outbox
from .models import ChatChannel, ChatPlatform, Notification
from .notifications import absolute, notification_kinds

CHAT_TASK = "cxgov.chat_post"


class ChatRefused(ConnectionError):
    """The chat server did not take the post (an error status, or no answer): a transient
    error, so the task (cxgov.tasks.Job) retries it with backoff."""


def chat_notify(
    *,
    channel: ChatChannel | None,
    kind: str,
    occasion: str,
    subject: str,
    body: str,
    link: str = "",
) -> Notification | None:
    """Log this notice for the channel unless it was logged already, and post it once the
    caller's transaction commits. None when there is no active channel or it was sent before.
    A kind no app registered is refused (NotRegistered), as for e-mail."""
    notification_kinds[kind]  # refuse an unregistered kind before anything is written
    if channel is None or not channel.is_active:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                channel=channel,
                kind=kind,
                occasion=occasion,
                subject=subject[:200],
                body=body,
                link=link,
            )
    except IntegrityError:
        return None
    outbox.enqueue(CHAT_TASK, notification.pk)  # handed to the broker after the commit
    return notification


def chat_message(*, platform: str, subject: str, body: str, link: str) -> dict[str, Any]:
    """The JSON each platform's incoming webhook takes: Slack's text with mrkdwn; for Teams,
    a message with one Adaptive Card (what Teams' Workflows webhooks post)."""
    address = absolute(link) if link else ""
    if platform == ChatPlatform.SLACK:
        text = f"*{subject}*\n{body}" + (f"\n<{address}|Open in cxgov>" if address else "")
        return {"text": text}
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": subject, "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": body, "wrap": True},
        ],
    }
    if address:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open in cxgov", "url": address}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def chat_post(*, notification_id: int) -> bool:
    """Post one logged notice to its channel, unless it was posted already. Returns whether it
    was posted now. The row stays locked while the chat server talks, so a second delivery of
    the task waits and then finds it marked; a refusal raises ChatRefused (the task retries)
    and leaves it unmarked."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("channel")
            .filter(pk=notification_id, channel__isnull=False, posted_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        channel = notification.channel
        message = chat_message(
            platform=channel.platform,
            subject=notification.subject,
            body=notification.body,
            link=notification.link,
        )
        try:
            answer = requests.post(
                channel.webhook_url, json=message, timeout=settings.CXGOV_CHAT_TIMEOUT
            )
        except requests.RequestException as exc:
            raise ChatRefused(f"{channel} did not answer: {exc}") from None
        if not 200 <= answer.status_code < 300:
            raise ChatRefused(f"{channel} answered {answer.status_code}: {answer.text[:200]}")
        notification.posted_at = timezone.now()
        notification.save(update_fields=["posted_at"])
        return True
