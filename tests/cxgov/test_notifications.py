"""The notification kit: sent once per (recipient, kind, occasion), the log row and the e-mail
in one transaction, an in-app list with an unread count, each person's own."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends import locmem
from django.db import transaction

from cxgov import notifications
from cxgov.models import Notification
from cxgov.registry import NotRegistered
from tests.factories import UserFactory


def send(person, occasion="meeting:1", **extra):
    return notifications.notify(
        recipient=person,
        kind="meeting_reminder",
        occasion=occasion,
        subject="Reminder",
        body="Agenda",
        link="/governance/meetings/1/",
        **extra,
    )


def test_a_notification_is_logged_and_emailed_with_its_link(db, settings, deliver):
    settings.CXGOV_BASE_URL = "https://cx.example.com"
    person = UserFactory(email="olga@example.com")
    with deliver():
        row = send(person, attachments=[("meeting.ics", b"BEGIN:VCALENDAR", "text/calendar")])
        assert mail.outbox == []  # nothing is mailed before the transaction commits
    row.refresh_from_db()
    assert row.emailed_at is not None and not row.is_read
    [message] = mail.outbox
    assert message.to == ["olga@example.com"]
    assert message.body.endswith("https://cx.example.com/governance/meetings/1/")
    assert tuple(message.attachments[0]) == ("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")


def test_the_same_occasion_is_sent_once(db, deliver):
    person = UserFactory()
    with deliver():
        assert send(person) is not None
        assert send(person) is None
        assert send(person, occasion="meeting:2") is not None
    assert Notification.objects.filter(recipient=person).count() == 2
    assert len(mail.outbox) == 2


def test_two_long_occasions_that_share_their_first_200_characters_both_send(db, deliver):
    person = UserFactory()
    common = "meeting:1:" + "x" * 190
    with deliver():
        first = send(person, occasion=common + ":first")
        second = send(person, occasion=common + ":2nd")
    assert first is not None and second is not None
    assert first.occasion_key != second.occasion_key
    assert send(person, occasion=common + ":first") is None
    assert sorted(Notification.objects.values_list("occasion", flat=True)) == [
        common + ":2nd",
        common + ":first",
    ]
    assert len(mail.outbox) == 2


def test_a_mail_that_fails_keeps_its_row_and_is_retried_until_it_goes(db, settings, deliver):
    person = UserFactory()
    settings.EMAIL_BACKEND = "tests.cxgov.test_notifications.FlakyBackend"
    FlakyBackend.attempts = 0
    with deliver():
        row = send(person)  # the mail server refuses twice, then accepts
    assert FlakyBackend.attempts == 3
    row.refresh_from_db()
    assert row.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[person.email]]


class FlakyBackend(locmem.EmailBackend):
    """The local outbox behind a mail server that refuses the first two connections."""

    attempts = 0

    def send_messages(self, messages):
        FlakyBackend.attempts += 1
        if FlakyBackend.attempts < 3:
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


def test_a_person_without_an_email_is_told_in_the_app_only(db):
    person = UserFactory(email="")
    row = send(person)
    assert row is not None and row.emailed_at is None
    assert mail.outbox == []


def test_each_person_sees_and_marks_only_their_own(db):
    olga, ben = UserFactory(roles=["Viewer"]), UserFactory(roles=["Viewer"])
    mine = send(olga)
    send(ben)
    assert list(Notification.objects.for_user(olga)) == [mine]
    assert notifications.unread_count(olga) == 1
    with pytest.raises(PermissionDenied):
        notifications.notification_mark_read(notification=mine, by=ben)
    notifications.notification_mark_read(notification=mine, by=olga)
    assert notifications.unread_count(olga) == 0
    assert notifications.unread_count(ben) == 1
    assert notifications.notifications_mark_all_read(by=ben) == 1


def test_the_kit_imports_no_app():
    import ast
    from pathlib import Path

    for module in ("notifications.py", "models.py", "context_processors.py"):
        tree = ast.parse((Path(notifications.__file__).parent / module).read_text())
        imported = {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 0
        } | {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not imported & {"governance", "portfolio", "voc"}, module


def test_header_shows_the_unread_count(client, db):
    person = UserFactory(roles=["Viewer"])
    send(person)
    send(person, occasion="meeting:2")
    client.force_login(person)
    html = client.get("/").content.decode()
    assert 'class="notification-count"' in html and ">2<" in html
    with transaction.atomic():
        notifications.notifications_mark_all_read(by=person)
    assert 'class="notification-count"' not in client.get("/").content.decode()


# Notification kinds: registered by the apps at startup, refused when nobody registered them.


def test_every_app_registered_the_kinds_it_sends():
    assert {
        "meeting_reminder",
        "action_item_assigned",
        "action_item_due",
        "action_item_overdue",
        "portfolio.stale_update",
        "voc.case_overdue",
    } <= set(notifications.notification_kinds.keys())
    assert notifications.notification_kinds["voc.case_overdue"].label == "Overdue closed-loop case"


def test_an_unregistered_kind_is_refused_and_nothing_is_logged(db):
    person = UserFactory()
    with pytest.raises(NotRegistered, match="'made_up' is not registered"):
        notifications.notify(recipient=person, kind="made_up", occasion="o", subject="s", body="")
    assert not Notification.objects.exists() and mail.outbox == []


REVIEWERS_ONLY = notifications.register_kind(
    "tests.reviewers_only", "For reviewers", may_receive=lambda person: person.last_name == "R"
)


def test_a_person_the_kind_is_not_for_is_not_sent_it(db):
    reviewer, other = UserFactory(last_name="R"), UserFactory(last_name="S")
    for person in (reviewer, other):
        notifications.notify(
            recipient=person, kind=REVIEWERS_ONLY, occasion="o", subject="s", body=""
        )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [reviewer.pk]
    inactive = UserFactory(is_active=False)
    assert send(inactive) is None  # the default: active accounts only


# send_once: the shape of every reminder job.


def _remind(due):
    return notifications.send_once(
        due=due,
        recipients=lambda person: [person],
        notice=lambda person, _: notifications.Notice(
            kind="meeting_reminder",
            occasion="weekly",
            subject=f"Hello {person.first_name}",
            body="",
        ),
    )


def test_send_once_tells_each_recipient_once_however_often_it_runs(db, deliver):
    people = UserFactory.create_batch(3, first_name="due")
    UserFactory(first_name="not due")
    due = get_user_model().objects.filter(first_name="due").order_by("pk")
    with deliver():
        assert _remind(due) == 3
        assert _remind(due) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_send_once_rereads_each_row_so_one_that_stopped_being_due_is_skipped(db):
    first, second = UserFactory(first_name="due"), UserFactory(first_name="due")
    due = get_user_model().objects.filter(first_name="due").order_by("pk")
    listed = []

    def recipients(person):
        listed.append(person.pk)
        # Someone settles the second row after the job listed it, before its turn comes.
        get_user_model().objects.filter(pk=second.pk).update(first_name="settled")
        return [person]

    sent = notifications.send_once(
        due=due,
        recipients=recipients,
        notice=lambda person, _: notifications.Notice(
            kind="meeting_reminder", occasion="weekly", subject="Hello", body=""
        ),
    )
    assert sent == 1
    assert second.pk in listed  # the job did list it; the locked re-read left it out
    assert list(Notification.objects.values_list("recipient", flat=True)) == [first.pk]
