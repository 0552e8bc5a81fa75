"""The CX storyline: what the program tells every employee, in one page that also prints. The
published CX mission; the KPIs against their targets; the top initiatives; the success stories
(each initiative's realized KPI change, before and after with its interval, read from the line
of sight, and a customer's words where the reader may read the comment); and the public CX
promises beside the measured reality.

Every role reads it, each seeing only what they may: the initiatives, targets and stories of
their scope, and a story's quote only under the comments rule (voc.read_comments, asked with
the quoted response's touchpoint). No customer key is read, let alone shown. A fixed number of
queries, whatever the size of the program."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Value, When

from cxgov.dates import today as cxgov_today
from governance.models import MissionStatement
from governance.models.charters import MissionStatus
from portfolio.models import Health, Initiative, Status
from voc.models import KpiTarget
from voc.selectors import (
    PromiseReading,
    TargetReading,
    promise_board,
    scope_names,
    targets_with_status,
)

from . import line_of_sight as sight
from .models import SuccessStory
from .permissions import can_change_story, may_read_quote

# The initiatives the storyline shows: those under way or done, the most KPIs moved first.
TOP_INITIATIVES = 6
# Stories shown, newest first.
STORIES_SHOWN = 12


@dataclass
class StoryReading:
    """A story as one reader sees it."""

    story: SuccessStory
    comparison: sight.ExpectedVsRealized | None  # None: no link, or not due yet
    scope: str  # the KPI's scope, as every page names it
    quote_visible: bool
    may_change: bool

    @property
    def target(self) -> KpiTarget | None:
        return self.story.link.target if self.story.link_id else None

    @property
    def before_after(self) -> str:
        """The before and after, as the pages say it, or why there is none."""
        link, c = self.story.link, self.comparison
        if link is None:
            return "The initiative no longer claims to move a KPI: there is no before and after."
        if c is None:
            return (
                f"Its change in {link.target.metric.name} is measured after its expected-by "
                f"date, {link.expected_by:%-d %b %Y}."
            )
        return c.verdict


def _stories(user: Any):
    return (
        SuccessStory.objects.for_user(user)
        .select_related(
            "initiative__working_group",
            "link__target__metric",
            "link__initiative",
            "told_by",
            "response__touchpoint",
        )
        .defer("response__customer_key", "response__sentiment_score")
    )


def story_readings(
    stories: list[SuccessStory], *, user: Any, on: dt.date | None = None
) -> list[StoryReading]:
    """Each story with its realized change (the line of sight's comparison) and what `user`
    may see of it. Two queries for the changes, one per kind of scope named."""
    on = on or cxgov_today()
    links = [s.link for s in stories if s.link_id]
    compared = sight.comparisons(links, on=on)
    names = scope_names({(k.target.dimension_kind, k.target.dimension_id) for k in links})
    return [
        StoryReading(
            story=s,
            comparison=compared.get(s.link_id) if s.link_id else None,
            scope=names[(s.link.target.dimension_kind, s.link.target.dimension_id)]
            if s.link_id
            else "",
            quote_visible=may_read_quote(user, s),
            may_change=can_change_story(user, s),
        )
        for s in stories
    ]


def story_page(*, user: Any, story: SuccessStory, on: dt.date | None = None) -> StoryReading:
    return story_readings([story], user=user, on=on)[0]


def story_for_page(*, user: Any, pk: int) -> SuccessStory | None:
    return _stories(user).filter(pk=pk).first()


@dataclass
class Storyline:
    mission: MissionStatement | None
    kpis: list[TargetReading]
    initiatives: list[Initiative]
    stories: list[StoryReading]
    story_total: int
    promises: list[PromiseReading]
    on: dt.date = field(default_factory=cxgov_today)

    @property
    def promise_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.promises:
            counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
        return counts


def top_initiatives(*, user: Any, limit: int = TOP_INITIATIVES) -> list[Initiative]:
    """Initiatives under way or done that the reader may see: completed first, then in
    progress, the most KPI targets linked first, healthiest first. One query."""
    rank = Case(
        When(status=Status.COMPLETED, then=Value(0)),
        When(status=Status.IN_PROGRESS, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    health = Case(
        When(health=Health.GREEN, then=Value(0)),
        When(health=Health.AMBER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        Initiative.objects.for_user(user)
        .filter(status__in=[Status.COMPLETED, Status.IN_PROGRESS])
        .select_related("working_group", "business_unit")
        .annotate(kpi_count=Count("target_links"), rank=rank, health_rank=health)
        .order_by("rank", "-kpi_count", "health_rank", "title", "pk")[:limit]
    )


def storyline(*, user: Any, on: dt.date | None = None) -> Storyline:
    """The whole storyline as `user` may see it. A fixed number of queries."""
    on = on or cxgov_today()
    mission = MissionStatement.objects.filter(status=MissionStatus.PUBLISHED).first()
    kpis = targets_with_status(
        KpiTarget.objects.for_user(user).order_by("metric__name", "dimension_kind", "pk"), on=on
    )
    stories_qs = _stories(user)
    stories = list(stories_qs[:STORIES_SHOWN])
    total = stories_qs.count()
    return Storyline(
        mission=mission,
        kpis=kpis,
        initiatives=top_initiatives(user=user),
        stories=story_readings(stories, user=user, on=on),
        story_total=total,
        promises=promise_board(on=on, active_only=True),
        on=on,
    )
