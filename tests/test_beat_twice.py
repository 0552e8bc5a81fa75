"""Beat firing twice doubles nothing, for every periodic job in cxgov/schedules.py.

On the demo organization (seeded once for the module), each job's row first puts back work
for it to do (the rows its last run wrote are removed, or a due item is added), then runs the
job's real Celery task twice, as a doubled beat would. The first run must change the database
(some table's rows or their checksum: else the row proves nothing); the second must add or
remove no row in any table and send no e-mail. A schedule entry without a row here fails `test_every_schedule_has_a_row`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from guardian.models import UserObjectPermission

from cxgov.celery import app as celery_app
from cxgov.models import Notification, OutboxMessage
from cxgov.notifications import notify
from cxgov.schedules import SCHEDULES
from tests.helpers import table_fingerprints
from tests.snapshots import put_back_demo

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group(name="demo")]


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, demo_snapshot):
    """The demo, seeded once inside a transaction that is rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        put_back_demo(demo_snapshot)
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {table: rows for table, (rows, _) in fingerprints().items()}


def fingerprints() -> dict[str, tuple[int, str]]:
    with connection.cursor() as cursor:
        return table_fingerprints(cursor, vendor=connection.vendor)


def changed(before: dict, after: dict) -> dict:
    return {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }


# -- what each row does before the two runs: give the job something to do -----------------------


def forget_notifications(*kinds: str) -> Callable[[], None]:
    def prepare() -> None:
        Notification.objects.filter(kind__in=kinds).delete()

    return prepare


def forget_object_permissions(codename: str) -> Callable[[], None]:
    def prepare() -> None:
        UserObjectPermission.objects.filter(permission__codename=codename).delete()

    return prepare


def forget_rollups() -> None:
    from voc.models import KpiRollup

    KpiRollup.objects.all().delete()


def forget_theme_mentions() -> None:
    from voc.models import CommentRollup, Response, ThemeMention, ThemeRollup

    assert ThemeMention.objects.exists(), "the demo tagged no comment"
    ThemeMention.objects.all().delete()
    ThemeRollup.objects.all().delete()
    CommentRollup.objects.all().delete()
    Response.objects.update(sentiment="", sentiment_score=None)


def forget_alerts() -> None:
    from voc.models import Alert

    Alert.objects.all().delete()


def forget_meetings_ahead() -> None:
    from governance.models import Meeting, MeetingStatus

    ahead = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now() + dt.timedelta(days=14)
    )
    assert ahead.exists(), "the demo generated no meetings ahead"
    for meeting in ahead:
        meeting.delete()


def a_meeting_in_36_hours() -> None:
    from governance.models import GovernanceBody, MeetingSettings
    from tests.governance.factories import MeetingFactory

    MeetingSettings.objects.update_or_create(pk=1, defaults={"meeting_reminder_days": 2})
    meeting = MeetingFactory(
        body=GovernanceBody.objects.filter(memberships__isnull=False).first(),
        starts_at=(timezone.now() + dt.timedelta(hours=36)).replace(microsecond=0),
    )
    assert meeting.body.memberships.exists()


def forget_escalations() -> None:
    from voc.models import ClosedLoopCase
    from voc.services import CASE_ESCALATED

    Notification.objects.filter(kind=CASE_ESCALATED).delete()
    ClosedLoopCase.objects.update(
        escalated_to_lead_on=None, escalation_lead=None,
        escalated_to_steering_on=None, escalation_meeting=None,
    )  # fmt: skip


def an_upload_left_unmapped_for_two_days() -> None:
    from voc.models import ImportJob

    job = ImportJob(original_name="forgotten.csv", size_bytes=10)
    job.file.save("responses.csv", ContentFile(b"a,b\n1,2\n"), save=False)
    job.save()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))


def an_import_whose_worker_died() -> None:
    from voc.models import ImportJob, ImportStatus

    job = ImportJob(original_name="killed.csv", size_bytes=10, mapping={"metric": "metric"})
    job.file.save("responses.csv", ContentFile(b"a,b\n1,2\n"), save=False)
    job.status, job.attempts = ImportStatus.RUNNING, 1
    job.started_at = timezone.now() - dt.timedelta(hours=5)  # past the time limit (SQLite)
    job.save()


def an_email_waiting_in_the_outbox() -> None:
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(is_active=True).exclude(email="").first()
    notify(recipient=person, kind="meeting_reminder", occasion="beat twice", subject="s", body="b")
    assert OutboxMessage.objects.exists()


def a_body_with_a_chat_channel() -> None:
    from cxgov.models import ChatChannel
    from governance.models import GovernanceBody

    # Nothing is posted here (the post is queued after a commit that this module's transaction
    # never makes); what counts is the logged post, once per body and week.
    room = ChatChannel.objects.create(
        name="beat twice", platform="slack", webhook_url="http://127.0.0.1:9/beat-twice"
    )
    body = GovernanceBody.objects.active().first()
    assert body is not None, "the demo has no active body"
    body.chat_channel = room
    body.save(update_fields=["chat_channel"])


def forget_health_snapshots() -> None:
    from cxgov.program.models import HealthSnapshot

    HealthSnapshot.objects.all().delete()


# One row per periodic job: the task's name, and how its row gives it work.
JOBS: dict[str, Callable[[], None]] = {
    "cxgov.outbox_drain": an_email_waiting_in_the_outbox,
    "governance.body_permissions_sync": forget_object_permissions("change_governancebody"),
    "portfolio.initiative_permissions_sync": forget_object_permissions("change_initiative"),
    "voc.rollup_rebuild": forget_rollups,
    "voc.alerts_raise": forget_alerts,
    "voc.comments_backfill": forget_theme_mentions,
    "governance.meetings_generate": forget_meetings_ahead,
    "governance.body_digests_post": a_body_with_a_chat_channel,
    "governance.meeting_reminders_send": a_meeting_in_36_hours,
    "governance.action_item_reminders_send": forget_notifications(
        "action_item_due", "action_item_overdue"
    ),
    "voc.case_reminders_send": forget_notifications("voc.case_overdue"),
    "voc.case_escalations_send": forget_escalations,
    "voc.import_uploads_expire": an_upload_left_unmapped_for_two_days,
    "voc.import_jobs_abandoned_fail": an_import_whose_worker_died,
    "portfolio.stale_reminders_send": forget_notifications("portfolio.stale_update"),
    # The demo's "Survey standards" method is past its review date.
    "governance.standard_review_reminders_send": forget_notifications(
        "governance.standard_review_due"
    ),
    "program.health_snapshots_take": forget_health_snapshots,
    "cxgov.digests_send": forget_notifications("cxgov.digest"),
    "voc.promises_check": forget_notifications("voc.promise_contradicted"),
}


@pytest.fixture(scope="module", autouse=True)
def tasks_registered():
    celery_app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them


def test_every_schedule_has_a_row():
    assert {schedule["task"] for schedule in SCHEDULES} == set(JOBS)


@pytest.mark.parametrize("task", sorted(JOBS))
def test_a_doubled_beat_doubles_nothing(task, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)  # queued e-mails run here
    JOBS[task]()
    before = fingerprints()
    celery_app.tasks[task].apply().get()
    first = fingerprints()
    sent = len(mail.outbox)
    assert changed(before, first), f"{task}: the first run found nothing to do"
    celery_app.tasks[task].apply().get()
    counts = {table: rows for table, (rows, _) in first.items()}
    assert changed(counts, row_counts()) == {}, f"{task}: the second run added or removed rows"
    assert len(mail.outbox) == sent, f"{task}: the second run sent e-mail"
