"""Theme reads: the themes with their mentions and their months (from the rollups), and a
theme's comments for someone who may read them (the core team all; a touchpoint's owner those
on their touchpoints)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum

from .. import stats
from ..models import (
    CommentRollup,
    DimensionKind,
    Response,
    SuggestedTheme,
    SuggestionStatus,
    Theme,
    ThemeRollup,
)
from ..permissions import can_read_comments
from .drivers import months_back


def themes_with_mentions(*, active_only: bool = False) -> QuerySet[Theme]:
    """Every theme with `mention_count` (all months, all metrics) and `detractor_mention_count`,
    read from the overall theme rollups: one query."""
    overall = Q(themerollup__dimension_kind=DimensionKind.OVERALL)
    themes = Theme.objects.annotate(
        mention_count=Sum("themerollup__mentions", filter=overall, default=0),
        detractor_mention_count=Sum("themerollup__detractor_mentions", filter=overall, default=0),
    ).order_by("name")
    if active_only:
        themes = themes.filter(is_active=True)
    return themes


def readable_comments(*, user: Any) -> QuerySet[Response]:
    """The responses whose comment `user` may read, under voc.read_comments: all of them for
    the core team and admins, else those on a touchpoint they own (none without one)."""
    responses = Response.objects.exclude(comment="")
    if can_read_comments(user):
        return responses
    return responses.filter(touchpoint__owner=user)


def theme_comments(*, theme: Theme, user: Any) -> QuerySet[Response]:
    """The comments that mention `theme` and that `user` may read, newest first, shaped for a
    list (metric and touchpoint joined)."""
    return (
        readable_comments(user=user)
        .filter(theme_mentions__theme=theme)
        .select_related("metric", "touchpoint")
        .order_by("-responded_at", "-pk")
    )


@dataclass(frozen=True)
class ThemeMonth:
    """One month of a theme: the comments that mention it among all comments (every metric)."""

    month: dt.date
    mentions: int
    comments: int

    @property
    def share(self) -> stats.Estimate:
        return stats.share(successes=min(self.mentions, self.comments), n=self.comments)


def last_comment_month() -> dt.date | None:
    """The latest month with comments, across metrics: where the themes' series end."""
    return (
        CommentRollup.objects.filter(dimension_kind=DimensionKind.OVERALL)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )


def _month_span(last: dt.date, months: int) -> list[dt.date]:
    return [months_back(last, months - i) for i in range(months)]


@dataclass(frozen=True)
class ThemeMonthCounts:
    """Comments per month (every metric) and each theme's mentions per month, over a span."""

    comments: dict[dt.date, int]
    mentions: dict[tuple[int, dt.date], int]  # (theme id, month)

    def month(self, theme_id: int, month: dt.date) -> ThemeMonth:
        return ThemeMonth(
            month, self.mentions.get((theme_id, month), 0), self.comments.get(month, 0)
        )


def theme_month_counts(*, theme_ids: list[int], first: dt.date, last: dt.date) -> ThemeMonthCounts:
    """The comments of each month from `first` to `last` (first days of months, inclusive)
    and the mentions of each of `theme_ids` in them, from the overall rollups (never the
    comments): two queries, whatever the number of themes, months and comments."""
    window = {"period_start__gte": first, "period_start__lte": last}
    comments = dict(
        CommentRollup.objects.filter(dimension_kind=DimensionKind.OVERALL, **window)
        .values("period_start")
        .annotate(total=Sum("comments"))
        .values_list("period_start", "total")
        .order_by()
    )
    mentions = {
        (theme_id, month): total
        for theme_id, month, total in ThemeRollup.objects.filter(
            theme_id__in=theme_ids, dimension_kind=DimensionKind.OVERALL, **window
        )
        .values("theme_id", "period_start")
        .annotate(total=Sum("mentions"))
        .values_list("theme_id", "period_start", "total")
        .order_by()
    }
    return ThemeMonthCounts(comments=comments, mentions=mentions)


def theme_months(*, theme: Theme, last: dt.date, months: int = 12) -> list[ThemeMonth]:
    """The theme's months up to `last`, oldest first (a month without comments has zeros).
    Two queries on the overall rollups."""
    span = _month_span(last, months)
    counts = theme_month_counts(theme_ids=[theme.pk], first=span[0], last=span[-1])
    return [counts.month(theme.pk, m) for m in span]


def themes_monthly_mentions(*, last: dt.date, months: int = 12) -> dict[int, list[int]]:
    """Each theme's mentions per month up to `last`, oldest first: one query."""
    span = _month_span(last, months)
    counts: dict[int, list[int]] = {}
    index = {m: i for i, m in enumerate(span)}
    rows = (
        ThemeRollup.objects.filter(
            dimension_kind=DimensionKind.OVERALL,
            period_start__gte=span[0],
            period_start__lte=span[-1],
        )
        .values("theme_id", "period_start")
        .annotate(total=Sum("mentions"))
        .values_list("theme_id", "period_start", "total")
    )
    for theme_id, month, total in rows:
        counts.setdefault(theme_id, [0] * len(span))[index[month]] = total
    return counts


def open_suggestions() -> list[SuggestedTheme]:
    """The open suggested themes, each with `example_responses` (its example comments, in
    order): two queries."""
    suggestions = list(SuggestedTheme.objects.filter(status=SuggestionStatus.OPEN))
    wanted = {pk for s in suggestions for pk in s.examples}
    found = Response.objects.select_related("metric").in_bulk(wanted)
    for suggestion in suggestions:
        suggestion.example_responses = [found[pk] for pk in suggestion.examples if pk in found]
    return suggestions
