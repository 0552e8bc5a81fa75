"""Notifications, sent exactly once: every app sends through `notify`.

An app decides who should hear about what, and passes the recipient, a `kind`, an `occasion`
key (what it is about: "meeting 12 at 2026-03-10T09:00+00:00"), a subject, a body and a link.
`notify` inserts the row of the sent-notification log in the CALLER's transaction, and queues
the e-mail (a Celery task) for after that transaction commits:

- a second call for the same (recipient, kind, occasion), from a duplicate beat or a second
  worker, conflicts on the log's unique constraint and sends nothing (on PostgreSQL the second
  insert waits for the first transaction and then conflicts; it never sees "not sent yet");
- the mail server is never talked to inside a request or a transaction: a refusal or a timeout
  cannot roll back the row or answer a page with an error; the task is retried with backoff
  (cxgov.tasks.Job) until it goes through;
- the task re-reads the row, locks it, sends, and marks it `emailed_at`; a second delivery of
  the task finds it marked and sends nothing. A worker killed while the mail server talks puts
  the task back on the queue (acks_late), and the retry sends it.

The one window left is a worker killed after the mail server accepted the message and before
the row is marked: the retry then sends it a second time. That is the price of never losing
one; it is as narrow as one round trip to the database.

Apps register the kinds they send at startup (`register_kind` from their `AppConfig.ready`):
a kind's code, its label and who may receive it. `notify` refuses a kind nobody registered and
sends nothing to a person the kind is not for. Reminder jobs send through `send_once`, which
takes the lock and re-reads the row for each notice, so each job states only what differs.

This module imports no app; the row is also the person's in-app list (`Notification`).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import outbox
from .models import Notification, occasion_key
from .permissions import Rule
from .registry import Registry

# (filename, content, mimetype), as EmailMessage takes them.
Attachment = tuple[str, bytes | str, str]

M = TypeVar("M", bound=models.Model)


def _active(person: Any) -> bool:
    return person.is_active


@dataclass(frozen=True)
class NotificationKind:
    """A sort of notice an app sends: its code (the log's `kind`), a label for people, and who
    may receive it (by default anyone whose account is active)."""

    code: str
    label: str
    may_receive: Callable[[Any], bool] = _active


notification_kinds: Registry[NotificationKind] = Registry("notification kinds")


def register_kind(code: str, label: str, *, may_receive: Callable[[Any], bool] = _active) -> str:
    """Register a kind from an app's `AppConfig.ready`; returns its code, for the app's
    constant (`MEETING_REMINDER = register_kind("meeting_reminder", "Meeting reminder")`)."""
    notification_kinds.register(code, NotificationKind(code, label, may_receive))
    return code


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
    """Log this notification for `recipient` unless it was logged already, and e-mail it once
    the caller's transaction commits. Returns the new row, or None when it had been sent
    before or the kind is not for this person. A kind no app registered is refused
    (NotRegistered)."""
    if not notification_kinds[kind].may_receive(recipient):
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                occasion=occasion,
                subject=subject[:200],
                body=body,
                link=link,
                attachments=[
                    [name, base64.b64encode(_bytes(content)).decode(), mimetype]
                    for name, content, mimetype in attachments
                ],
            )
    except IntegrityError:
        return None
    if recipient.email:
        # By name: the task lives in cxgov.tasks, which imports this module.
        outbox.enqueue(EMAIL_TASK, notification.pk)
    return notification


EMAIL_TASK = "cxgov.notification_email_send"
EMAIL_BATCH_TASK = "cxgov.notification_emails_send"


def notifications_log(notifications: Sequence[Notification]) -> list[int]:
    """Log many notifications in one statement, for a job that tells many people at once in a
    fixed number of queries (the digest); returns the ids of the rows logged now, for one
    `EMAIL_BATCH_TASK` the caller queues. A row logged before conflicts on the unique
    constraint and is left out; a person the kind is not for is left out. Rows logged a moment
    ago by another transaction are told apart only under a lock the caller holds (the digest
    locks its people's rows), so that the ids returned are this call's own."""
    rows = [n for n in notifications if notification_kinds[n.kind].may_receive(n.recipient)]
    if not rows:
        return []
    for row in rows:
        row.occasion_key = occasion_key(row.occasion)  # bulk_create skips save(), which keys it
    before = _logged(rows)
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return [pk for pair, pk in _logged(rows).items() if pair not in before]


def _logged(rows: Sequence[Notification]) -> dict[tuple[int, str, str], int]:
    """The logged rows among `rows`' (recipient, kind, occasion key): their ids."""
    found = Notification.objects.filter(
        recipient__in={row.recipient_id for row in rows},
        kind__in={row.kind for row in rows},
        occasion_key__in={row.occasion_key for row in rows},
    ).values_list("recipient_id", "kind", "occasion_key", "pk")
    wanted = {(row.recipient_id, row.kind, row.occasion_key) for row in rows}
    return {
        (recipient, kind, key): pk
        for recipient, kind, key, pk in found
        if (recipient, kind, key) in wanted
    }


def _bytes(content: bytes | str) -> bytes:
    return content.encode() if isinstance(content, str) else content


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one logged notification, unless it was e-mailed already. Returns whether it was
    sent now. The row stays locked while the mail server talks, so a second delivery of the
    task waits and then finds it marked; a failure leaves it unmarked for the retry."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        message = EmailMultiAlternatives if notification.html_body else EmailMessage
        email = message(
            subject=notification.subject,
            body=notification.body
            + (f"\n\n{absolute(notification.link)}" if notification.link else ""),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.email],
            attachments=[
                (name, base64.b64decode(content), mimetype)
                for name, content, mimetype in notification.attachments
            ],
        )
        if notification.html_body:
            email.attach_alternative(notification.html_body, "text/html")
        email.send(fail_silently=False)
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return True


@dataclass(frozen=True)
class Notice:
    """What one notification says; `send_once` adds the recipient."""

    kind: str
    occasion: str
    subject: str
    body: str
    link: str = ""
    attachments: Sequence[Attachment] = ()


def send_once(
    *,
    due: models.QuerySet[M],
    recipients: Callable[[M], Iterable[Any]],
    notice: Callable[[M, Any], Notice],
) -> int:
    """Tell each recipient of each row in `due` once: the shape of every reminder job.

    `due` is the rows the job is about, filtered by what makes them due (open, overdue, not
    yet started). For each row and each of its `recipients`, in a transaction of its own, the
    row is read again through `due` and locked (SELECT ... FOR UPDATE): a row that stopped
    being due a moment ago (closed, cancelled, updated), or a person who is no longer its
    recipient, is skipped, and whoever changes it waits until this notice is logged. Then
    `notice(row, person)` says what to send, and `notify` logs and sends it once. Returns how
    many notifications were sent now.
    """
    sent = 0
    for row in due.iterator(chunk_size=500):
        for person in list(recipients(row)):
            with transaction.atomic():
                locked = due.select_for_update(of=("self",)).filter(pk=row.pk).first()
                if locked is None or person.pk not in {p.pk for p in recipients(locked)}:
                    continue
                message = notice(locked, person)
                sent += (
                    notify(
                        recipient=person,
                        kind=message.kind,
                        occasion=message.occasion,
                        subject=message.subject,
                        body=message.body,
                        link=message.link,
                        attachments=message.attachments,
                    )
                    is not None
                )
    return sent


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
