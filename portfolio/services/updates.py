"""Status updates: what a team reports; the latest sets its initiative's health and progress."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from cxgov.concurrency import claim
from cxgov.dates import today
from cxgov.services import validated_save

from .. import permissions as rules
from ..errors import PortfolioError
from ..models import Initiative, Status, StatusUpdate

User = AbstractBaseUser


@transaction.atomic
def status_update_create(
    *,
    by: User,
    initiative: Initiative,
    health: str,
    progress: int,
    summary: str,
    blockers: str = "",
    reported_on: dt.date | None = None,
    needs_help: bool | None = None,
    help_reason: str = "",
) -> StatusUpdate:
    """Post a status update. The latest update (by report date) sets the initiative's health,
    progress and when it was last heard of. `needs_help` True asks the core team for help
    (with `help_reason`), False withdraws the request, None leaves it as it is."""
    rules.can_edit_initiative.enforce(by, initiative)
    if initiative.status in (Status.COMPLETED, Status.CANCELLED):
        raise PortfolioError(
            f"{initiative} is {Status(initiative.status).label.lower()}; it takes no more updates."
        )
    if needs_help and not help_reason.strip():
        raise ValidationError({"help_reason": "Say what help the team needs."})
    reported_on = reported_on or today()
    if reported_on > today():
        raise ValidationError({"reported_on": "A status update cannot be dated in the future."})
    update = validated_save(
        StatusUpdate(
            initiative=initiative,
            author=by,
            reported_on=reported_on,
            health=health,
            progress=progress,
            summary=summary,
            blockers=blockers,
        )
    )
    claim(initiative)  # health and progress change: the version moves on
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    latest = initiative.status_updates.latest()
    initiative.health = latest.health
    initiative.progress = latest.progress
    initiative.last_update_on = latest.reported_on
    if needs_help is not None:
        initiative.needs_help = needs_help
        initiative.help_reason = help_reason.strip() if needs_help else ""
    validated_save(initiative)
    return update
