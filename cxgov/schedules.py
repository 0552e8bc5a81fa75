"""Every periodic job, declared once. Installed into django-celery-beat after each migrate, so
admins see and edit them (times, enabled) in the admin; an edit there is kept."""

from __future__ import annotations

from typing import Any

SCHEDULES: list[dict[str, Any]] = [
    {
        "name": "Queued work handed to the broker",
        "task": "cxgov.outbox_drain",
        "crontab": {"minute": "*", "hour": "*"},
        "description": "Jobs queued while the broker was unreachable wait in the outbox; each "
        "minute they are sent on (tasks are idempotent, so none is lost and none repeats).",
    },
    {
        "name": "Lead permissions follow memberships",
        "task": "governance.body_permissions_sync",
        "crontab": {"minute": "5", "hour": "0"},
        "description": "Grant leads the right to manage their body while their seat lasts.",
    },
    {
        "name": "KPI rollups rebuilt from responses",
        "task": "voc.rollup_rebuild",
        "crontab": {"minute": "30", "hour": "1"},
        "description": "Recompute every KPI rollup in full; imports refresh their periods at once.",
    },
    {
        "name": "Comment themes and sentiment backfilled",
        "task": "voc.comments_backfill",
        "crontab": {"minute": "50", "hour": "1"},
        "description": "Tag every comment with the themes its words match, score the sentiment "
        "of comments not yet scored, and rebuild the theme rollups; imports do their own at once.",
    },
    {
        "name": "Initiative editors follow memberships",
        "task": "portfolio.initiative_permissions_sync",
        "crontab": {"minute": "10", "hour": "0"},
        "description": "Working-group members edit their groups' initiatives while they serve.",
    },
    {
        "name": "KPI alerts",
        "task": "voc.alerts_raise",
        "crontab": {"minute": "30", "hour": "3"},
        "description": "Alert the core team when a KPI crosses into off track or moves outside "
        "the noise; each alert once per metric, scope, period and kind.",
    },
    {
        "name": "CX promises checked",
        "task": "voc.promises_check",
        "crontab": {"minute": "40", "hour": "3"},
        "description": "Each CX promise against its metric at its touchpoint in the last "
        "complete period; the core team hears of one reality contradicts (outside the noise) "
        "once per promise and period.",
    },
    {
        "name": "Bodies' weekly digest in chat",
        "task": "governance.body_digests_post",
        "crontab": {"minute": "0", "hour": "8", "day_of_week": "1"},
        "description": "Post each body's next meeting and due action items to its Slack or "
        "Teams channel, once a week.",
    },
    {
        "name": "Generate meetings ahead",
        "task": "governance.meetings_generate",
        "crontab": {"minute": "15", "hour": "0"},
        "description": "Create each cadence's meetings up to the horizon set in Meeting settings.",
    },
    {
        "name": "Meeting reminders",
        "task": "governance.meeting_reminders_send",
        "crontab": {"minute": "30", "hour": "*"},
        "description": "Remind members of a meeting N days before (N in Meeting settings).",
    },
    {
        "name": "Action item reminders",
        "task": "governance.action_item_reminders_send",
        "crontab": {"minute": "0", "hour": "7"},
        "description": "Tell owners of actions due in N days, and of overdue ones.",
    },
    {
        "name": "Standards past their review date",
        "task": "governance.standard_review_reminders_send",
        "crontab": {"minute": "10", "hour": "7"},
        "description": "The owner of a standards-library item whose review date has passed "
        "hears once per item and review date.",
    },
    {
        "name": "Overdue closed-loop cases remind their owners",
        "task": "voc.case_reminders_send",
        "crontab": {"minute": "15", "hour": "7"},
        "description": "Owners of closed-loop cases past their service level hear once per case.",
    },
    {
        "name": "Overdue closed-loop cases escalate",
        "task": "voc.case_escalations_send",
        "crontab": {"minute": "20", "hour": "7"},
        "description": "A case still open after its service level goes to its business unit's "
        "lead, after twice its service level to the steering committee's next pack; each step "
        "once per case.",
    },
    {
        "name": "Unmapped uploads removed",
        "task": "voc.import_uploads_expire",
        "crontab": {"minute": "40", "hour": "2"},
        "description": "A response file uploaded and never mapped goes after a day: its job "
        "and its stored file.",
    },
    {
        "name": "Abandoned imports marked failed",
        "task": "voc.import_jobs_abandoned_fail",
        "crontab": {"minute": "*/5", "hour": "*"},
        "description": "An import still shown running whose worker died (nothing of it was "
        "kept) is marked failed, so its page says so and it can run again.",
    },
    {
        "name": "Monthly governance-health snapshot",
        "task": "program.health_snapshots_take",
        "crontab": {"minute": "45", "hour": "4"},
        "description": "Each month's governance-health score of the program and of each active "
        "body, for the trend: taken on the month's first run, once per month and body (the "
        "daily runs after it find it taken, and make up a missed first day).",
    },
    {
        "name": "Each person's digest",
        "task": "cxgov.digests_send",
        "crontab": {"minute": "0", "hour": "6"},
        "description": "E-mail each person their monthly or weekly digest (their choice on their "
        "digest page): once per person and period, on the period's first run; a digest with "
        "nothing to say waits for a later run in the period.",
    },
    {
        "name": "Stale initiatives remind their owners",
        "task": "portfolio.stale_reminders_send",
        "crontab": {"minute": "0", "hour": "7"},
        "description": "Owners of initiatives with no status update for the stale period hear "
        "once per period.",
    },
]


def install_schedules(**kwargs: Any) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for schedule in SCHEDULES:
        if PeriodicTask.objects.filter(name=schedule["name"]).exists():
            continue  # declared before: the admin may have changed it since
        crontab, _ = CrontabSchedule.objects.get_or_create(
            **{"day_of_week": "*", "day_of_month": "*", "month_of_year": "*"} | schedule["crontab"],
        )
        PeriodicTask.objects.create(
            name=schedule["name"],
            task=schedule["task"],
            crontab=crontab,
            description=schedule["description"],
        )
