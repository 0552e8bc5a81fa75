"""Working-group commitments: a member states what they contribute to the group and agrees to
it; a lead or the core team may draft one for a member, only the member agrees; the member's
manager, when named, is informed once of the agreed commitment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cxgov.notifications import notify
from cxgov.people import person_name
from cxgov.services import validated_save

from .. import permissions as rules
from ..models import Commitment, GovernanceBody
from ..notifications import COMMITMENT_AGREED


@transaction.atomic
def commitment_state(
    *,
    by: Any,
    body: GovernanceBody,
    person: Any,
    contribution: str,
    hours_per_month: Decimal,
    manager: Any = None,
    agree: bool = False,
) -> Commitment:
    """State (or restate) `person`'s commitment to the working group `body`. A change of the
    words or the hours undoes an earlier agreement unless the member agrees again; `agree` is
    the member's own (anyone else's is refused on `agree`). Someone not serving on the group
    is refused on `person`; nothing is saved on any refusal."""
    commitment = Commitment.objects.select_for_update().filter(
        body=body, person=person
    ).first() or Commitment(body=body, person=person)
    rules.can_state_commitment.enforce(by, commitment)
    if agree and by.pk != person.pk:
        raise ValidationError(
            {
                "agree": f"Only {person_name(person)} agrees to their own commitment; save it "
                "unagreed and ask them to agree."
            }
        )
    contribution = (contribution or "").strip()
    changed = (
        commitment._state.adding
        or commitment.contribution != contribution
        or commitment.hours_per_month != hours_per_month
    )
    commitment.contribution = contribution
    commitment.hours_per_month = hours_per_month
    commitment.manager = manager
    commitment.updated_by = by
    if agree and (changed or commitment.agreed_at is None):
        commitment.agreed_at = timezone.now()
    elif changed and not agree:
        commitment.agreed_at = None  # they agreed to other words or hours
    validated_save(commitment)
    if commitment.agreed and commitment.manager is not None:
        commitment_manager_inform(commitment=commitment)
    return commitment


def commitment_manager_inform(*, commitment: Commitment) -> bool:
    """Tell the member's manager, once (the exactly-once notification log, keyed by the
    commitment and the manager), what the member agreed to give the group. Returns whether a
    notice was logged now."""
    manager, member = commitment.manager, person_name(commitment.person)
    sent = notify(
        recipient=manager,
        kind=COMMITMENT_AGREED,
        occasion=f"commitment {commitment.pk} to manager {manager.pk}",
        subject=f"{member} committed {commitment.hours_per_month:g} hours a month to "
        f"{commitment.body}",
        body=(
            f"{member} agreed to contribute to {commitment.body}, a CX working group, "
            f"{commitment.hours_per_month:g} hours a month:\n\n{commitment.contribution}\n\n"
            "You are named as their manager; this is for your information."
        ),
        link=reverse("governance:body-detail", args=[commitment.body_id]) + "#commitments",
    )
    return sent is not None
