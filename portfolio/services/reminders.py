"""Stale-update reminders: the owner of an initiative in progress that has gone quiet hears
about it once per stale period, through the shared notification log (cxgov.notifications).

A period is CXGOV_PORTFOLIO_STALE_DAYS long, counted from when the initiative was last heard of
(its latest status update, or the day it went in progress). The occasion key names the
initiative, that day and the period, so a duplicate beat or a retried task sends nothing more,
a new period sends one more, and a new update starts the count again.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from cxgov.dates import today
from cxgov.notifications import notify

from ..models import Initiative, stale_q

STALE_REMINDER = "portfolio.stale_update"


def stale_occasion(*, initiative: Initiative, on: dt.date) -> str:
    heard = initiative.last_update_on or initiative.status_changed_on
    period = (on - heard).days // settings.CXGOV_PORTFOLIO_STALE_DAYS
    return f"initiative:{initiative.pk}:silent-since:{heard.isoformat()}:period:{period}"


def _remind_one(*, initiative_id: int, on: dt.date) -> int:
    with transaction.atomic():
        # Decide in the transaction that records the sending: an update posted a moment ago
        # is seen here, and the initiative stays locked until this reminder is written.
        initiative = (
            Initiative.objects.select_for_update(of=("self",))
            .select_related("owner")
            .filter(stale_q(on=on), pk=initiative_id)
            .first()
        )
        if initiative is None or initiative.owner is None or not initiative.owner.is_active:
            return 0
        heard = initiative.last_update_on or initiative.status_changed_on
        silent = (on - heard).days
        sent = notify(
            recipient=initiative.owner,
            kind=STALE_REMINDER,
            occasion=stale_occasion(initiative=initiative, on=on),
            subject=f"{initiative}: no status update for {silent} days",
            body=(
                f"{initiative} is in progress and was last heard of on {heard:%d %b %Y}. "
                "Post a status update (health, progress, blockers) so the core CX team and the "
                "steering committee see where it stands; ask for help there if you need it."
            ),
            link=initiative.get_absolute_url(),
        )
        return int(sent is not None)


def stale_reminders_send(*, on: dt.date | None = None) -> int:
    """Remind the owner of every stale initiative, once per stale period. Each reminder is its
    own transaction (see cxgov.notifications). Returns how many went out now."""
    on = on or today()
    stale = Initiative.objects.filter(stale_q(on=on), owner__isnull=False)
    return sum(
        _remind_one(initiative_id=pk, on=on)
        for pk in stale.order_by("pk").values_list("pk", flat=True).iterator()
    )
