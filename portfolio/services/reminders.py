"""Stale-update reminders: the owner of an initiative in progress that has gone quiet hears
about it once per stale period, through the shared notification log (cxgov.notifications).

A period is CXGOV_PORTFOLIO_STALE_DAYS long, counted from when the initiative was last heard of
(its latest status update, or the day it went in progress). The occasion key names the
initiative, that day and the period, so a duplicate beat or a retried task sends nothing more,
a new period sends one more, and a new update starts the count again.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.conf import settings

from cxgov.dates import today
from cxgov.notifications import Notice, send_once

from ..models import Initiative, stale_q
from ..notifications import STALE_REMINDER


def stale_occasion(*, initiative: Initiative, on: dt.date) -> str:
    heard = initiative.last_update_on or initiative.status_changed_on
    period = (on - heard).days // settings.CXGOV_PORTFOLIO_STALE_DAYS
    return f"initiative:{initiative.pk}:silent-since:{heard.isoformat()}:period:{period}"


def _owner(initiative: Initiative) -> list[Any]:
    return [initiative.owner]


def _stale_notice(initiative: Initiative, owner: Any, *, on: dt.date) -> Notice:
    heard = initiative.last_update_on or initiative.status_changed_on
    silent = (on - heard).days
    return Notice(
        kind=STALE_REMINDER,
        occasion=stale_occasion(initiative=initiative, on=on),
        subject=f"{initiative}: no status update for {silent} days",
        body=(
            f"{initiative} is in progress and was last heard of on {heard:%-d %b %Y}. "
            "Post a status update (health, progress, blockers) so the core CX team and the "
            "steering committee see where it stands; ask for help there if you need it."
        ),
        link=initiative.get_absolute_url(),
    )


def stale_reminders_send(*, on: dt.date | None = None) -> int:
    """Remind the owner of every stale initiative, once per stale period. Each reminder is its
    own transaction, which sees an update posted a moment ago (cxgov.notifications.send_once).
    Returns how many went out now."""
    on = on or today()
    return send_once(
        due=Initiative.objects.filter(stale_q(on=on), owner__isnull=False)
        .select_related("owner")
        .order_by("pk"),
        recipients=_owner,
        notice=functools.partial(_stale_notice, on=on),
    )
