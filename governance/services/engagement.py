"""Leadership engagement: logging what a leader did for CX, and the sponsor's target of how
many a quarter each leader should do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from cxgov.services import validated_save

from .. import permissions as rules
from ..models import Engagement, EngagementTarget


@transaction.atomic
def engagement_log(
    *, by: Any, person: Any, kind: str, happened_on: dt.date, title: str
) -> Engagement:
    """Log one engagement for `person` (their own, or anyone's for the core team); a day in
    the future is refused on `happened_on`."""
    rules.can_log_engagement.enforce(by, person)
    return validated_save(
        Engagement(
            person=person,
            kind=kind,
            happened_on=happened_on,
            title=(title or "").strip(),
            logged_by=by,
        )
    )


@transaction.atomic
def engagement_target_set(*, by: Any, person: Any, per_quarter: int) -> EngagementTarget:
    """Set (or change) how many engagements a quarter the sponsor asks of `person`."""
    rules.can_set_engagement_targets.enforce(by)
    target = EngagementTarget.objects.filter(person=person).first() or EngagementTarget(
        person=person
    )
    target.per_quarter = per_quarter
    target.set_by = by
    return validated_save(target)
