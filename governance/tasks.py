"""Governance's Celery tasks: thin, idempotent doors onto services."""

from celery import shared_task

from cxgov.tasks import Job

from . import services


@shared_task(
    base=Job,
    name="governance.body_permissions_sync",
)
def body_permissions_sync() -> dict[str, int]:
    """Nightly: leads manage their bodies exactly while their seats last."""
    granted, revoked = services.body_permissions_sync()
    return {"granted": granted, "revoked": revoked}


# Meetings. Each job is safe to run twice or on two workers at once (see services.meetings);
# acks_late puts a task whose worker died back on the queue, and the retry sends only what
# the first run did not commit.


@shared_task(name="governance.meetings_generate", base=Job)
def meetings_generate() -> dict[str, int]:
    """Daily: every cadence's meetings up to the admin's horizon."""
    return {"created": services.meetings_generate()}


@shared_task(name="governance.meeting_reminders_send", base=Job)
def meeting_reminders_send() -> dict[str, int]:
    """Hourly: members hear of a meeting N days before, with its agenda and an .ics file."""
    return {"sent": services.meeting_reminders_send()}


@shared_task(name="governance.action_item_reminders_send", base=Job)
def action_item_reminders_send() -> dict[str, int]:
    """Daily: owners hear of actions due in N days, and of those overdue."""
    due, overdue = services.action_item_reminders_send()
    return {"due": due, "overdue": overdue}


@shared_task(name="governance.body_digests_post", base=Job)
def body_digests_post() -> dict[str, int]:
    """Weekly: each body's chat channel hears its next meeting and its due action items."""
    return {"posted": services.body_digests_post()}


@shared_task(name="governance.standard_review_reminders_send", base=Job)
def standard_review_reminders_send() -> dict[str, int]:
    """Daily: owners of standards-library items past their review date hear once per item."""
    return {"sent": services.standard_review_reminders_send()}
