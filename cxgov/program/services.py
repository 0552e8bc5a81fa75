"""Writes of the program package: the success stories of the CX storyline, the monthly
governance-health snapshots, and freezing a meeting's KPI pack. Called from governance's
meeting_opened / meeting_closed signals inside the meeting's own transaction, and by the
chair for a meeting that took place without one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from cxgov.dates import today
from cxgov.health import health_board
from cxgov.services import model_update, validated_save
from governance.models import GovernanceBody, Meeting
from governance.permissions import can_run_meeting
from portfolio.models import TargetLink
from voc.models import Response
from voc.permissions import can_read_comments

from .errors import PackError, StoryError
from .models import HealthSnapshot, KpiPack, SuccessStory
from .pack.document import LATE, LIVE, late_as_of, pack_build, pack_mode, stored_pack
from .permissions import can_change_story, can_tell_story


@transaction.atomic
def kpi_pack_freeze(
    *, meeting: Meeting, as_of: dt.datetime | None = None, by: Any = None, late: bool = False
) -> KpiPack:
    """Store the meeting's pack read at `as_of` (now unless given), as `by` sees the line of
    sight, and freeze it: from then on it never changes. A pack already stored is returned as
    it is, so opening, closing and a second click each freeze it once. `late`: the meeting
    took place without a pack; read it as of its start (pack_build)."""
    pack = KpiPack.objects.select_for_update().filter(meeting=meeting).first()
    if pack is not None:
        return pack
    now = timezone.now()
    as_of = as_of or now
    data = pack_build(meeting=meeting, as_of=as_of, by=by, late=late)
    return KpiPack.objects.create(meeting=meeting, built_at=as_of, frozen_at=now, data=data)


@transaction.atomic
def kpi_pack_store_late(*, meeting: Meeting, by: Any) -> KpiPack:
    """The chair stores the pack of a meeting that took place without one: read as of the
    meeting's opening or start where history exists (the rest today's, as the pack says),
    then frozen like any other."""
    can_run_meeting.enforce(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    stored = KpiPack.objects.filter(meeting=meeting).first()
    if pack_mode(meeting, stored) != LATE:
        raise PackError(
            "This meeting's pack is read live until the meeting opens, and frozen from then: "
            "there is nothing to store."
            if stored is None
            else "This meeting's pack is already frozen; it does not change."
        )
    return kpi_pack_freeze(meeting=meeting, as_of=late_as_of(meeting), by=by, late=True)


def kpi_pack_rebuild(*, meeting: Meeting, by: Any) -> dict:
    """The chair (or whoever runs the body's meetings) rebuilds the pack before the meeting,
    say after a late import, and sees what it now reads. Before the opening the pack is read
    afresh on each visit, so nothing is stored: the rebuild is that read, asked for by name and
    answered with when it was read. Refused once the pack is frozen or read late."""
    can_run_meeting.enforce(by, meeting)
    if pack_mode(meeting, stored_pack(meeting)) != LIVE:
        raise PackError(
            "This meeting's pack is frozen (or read as of the meeting): it is not rebuilt."
        )
    return pack_build(meeting=meeting, by=by)


def health_snapshots_take(*, on: dt.date | None = None) -> int:
    """This month's governance-health snapshot of the program and of each active body that
    has none yet; returns how many were written. Rows go in with ON CONFLICT DO NOTHING on
    the once-per-month-and-body constraints, so a doubled beat, two workers at once or a
    worker killed half-way and run again write each snapshot once. The signals are read
    once for all bodies (a fixed number of queries)."""
    month = (on or today()).replace(day=1)
    taken = set(HealthSnapshot.objects.filter(month=month).values_list("body_id", flat=True))
    bodies = [b for b in GovernanceBody.objects.active().order_by("pk") if b.pk not in taken]
    if None in taken and not bodies:
        return 0
    board = health_board(bodies=bodies)
    cards = ([] if None in taken else [board.program]) + board.bodies
    now = timezone.now()
    rows = [
        HealthSnapshot(
            body=card.body,
            month=month,
            score=card.score,
            readings=[
                {
                    "key": r.signal.key,
                    "title": r.signal.title,
                    "value": r.value,
                    "weight": r.effective_weight,
                }
                for r in card.readings
            ],
            taken_at=now,
        )
        for card in cards
    ]
    before = HealthSnapshot.objects.filter(month=month).count()
    HealthSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return HealthSnapshot.objects.filter(month=month).count() - before


# -- Success stories ------------------------------------------------------------------------------

STORY_FIELDS = ("title", "narrative", "link", "response", "quote")


def _quote_checked(*, by: Any, response: Response | None, quote: str) -> str:
    """The quote to keep: a comment `by` may read (the comments rule, asked with the
    response's touchpoint), the whole comment when no part of it is given."""
    if response is None:
        if quote.strip():
            raise StoryError(
                "A quote keeps its link to the response it comes from: choose the response.",
                field="response",
            )
        return ""
    if not can_read_comments(by, response.touchpoint):
        raise StoryError(
            "You may not read this customer's comment, so you cannot quote it: quote a comment "
            "you may read (the core CX team reads them all, a touchpoint's owner those on it).",
            field="response",
        )
    if not response.comment.strip():
        raise StoryError("That response has no comment to quote.", field="response")
    return quote.strip() or response.comment.strip()


@transaction.atomic
def story_create(
    *,
    by: Any,
    link: TargetLink,
    title: str,
    narrative: str,
    response: Response | None = None,
    quote: str = "",
) -> SuccessStory:
    """Tell an initiative's success story: the KPI it moved (its link to the target) and,
    optionally, a customer's words from a comment `by` may read."""
    initiative = link.initiative
    can_tell_story.enforce(by, initiative)
    quote = _quote_checked(by=by, response=response, quote=quote)
    return validated_save(
        SuccessStory(
            title=title,
            narrative=narrative,
            initiative=initiative,
            link=link,
            response=response,
            quote=quote,
            told_by=by,
        )
    )


@transaction.atomic
def story_update(*, story: SuccessStory, by: Any, data: dict[str, Any]) -> SuccessStory:
    """Change a story; its KPI stays one of the same initiative's, a new quote is asked of the
    comments rule like the first."""
    can_change_story.enforce(by, story)
    data = dict(data)
    if "response" in data or "quote" in data:
        response = data.get("response", story.response)
        data["quote"] = _quote_checked(
            by=by,
            response=response,
            quote=data.get("quote", "" if "response" in data else story.quote),
        )
    story, _ = model_update(instance=story, fields=STORY_FIELDS, data=data)
    return story
