"""Notifications, sent exactly once: every app sends through `notify`.

An app decides who should hear about what, and passes the recipient, a `kind`, an `occasion`
key (what it is about: "meeting 12 at 2026-03-10T09:00+00:00"), a subject, a body and a link.
`notify` inserts the row of the sent-notification log and sends the e-mail in ONE transaction:

- a second call for the same (recipient, kind, occasion), from a duplicate beat or a second
  worker, conflicts on the log's unique constraint and sends nothing (on PostgreSQL the second
  insert waits for the first transaction and then conflicts; it never sees "not sent yet");
- if the mail cannot be sent, or the worker dies before the commit, the row is rolled back with
  it, so the retried task sends it then: nothing is lost.

The one window left is a worker killed after the mail server accepted the message and before
the commit: the retry then sends it a second time. That is the price of never losing one; it is
as narrow as one round trip to the database.

Call it outside any other transaction (one recipient per transaction): inside a larger one, a
later failure would roll back rows whose mail already went out.

This module imports no app; the row is also the person's in-app list (`Notification`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification
from .permissions import Rule

# (filename, content, mimetype), as EmailMessage takes them.
Attachment = tuple[str, bytes | str, str]


def notify(
    *,
    recipient: Any,
    kind: str,
    occasion: str,
    subject: str,
    body: str,
    link: str = "",
    attachments: Sequence[Attachment] = (),
) -> Notification | None:
    """Send `recipient` this notification unless it was sent already. Returns the new row, or
    None when it had been sent before (or the person has no e-mail and is only told in-app)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    occasion=occasion,
                    subject=subject[:200],
                    body=body,
                    link=link,
                )
        except IntegrityError:
            return None
        if recipient.email:
            message = EmailMessage(
                subject=subject,
                body=body + (f"\n\n{absolute(link)}" if link else ""),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email],
                attachments=list(attachments),
            )
            message.send(fail_silently=False)
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
        return notification


def absolute(link: str) -> str:
    """A page link as a full address for an e-mail (CXGOV_BASE_URL + path)."""
    if link.startswith(("http://", "https://")):
        return link
    return settings.CXGOV_BASE_URL.rstrip("/") + link


def unread_count(user: Any) -> int:
    return Notification.objects.for_user(user).unread().count()


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: Any) -> Notification:
    """Mark one of `by`'s own notifications read (someone else's is not theirs to mark)."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied(can_mark_read.refusal())
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, by: Any) -> int:
    return Notification.objects.for_user(by).unread().update(read_at=timezone.now())


# Marking read: each person marks their own (the API asks this rule of the notification).
can_mark_read = Rule(
    "You can only mark your own notifications read.",
    lambda user, obj: obj is None or obj.recipient_id == user.pk,
    name="cxgov.mark_notification_read",
)
