"""Key drivers: which comment themes detractors mention more often than everyone else.

For a metric, a span of months and a scope (overall or one touchpoint), each theme's driver is
the share of detractors' comments that mention it minus the share of the other comments that
do, in percentage points, with the 95% interval of that difference of two independent
proportions by Newcombe's hybrid score method (1998, method 10) from the two Wilson intervals
(voc.stats.difference, the same as for a share's change). "Detractors" are the metric's own
(Metric.detractor_q): NPS 0-6, CSAT dissatisfied, CES high effort. The denominators are the
responses with a comment, the only ones that can mention a theme.

Read from the monthly comment and theme rollups: two queries, whatever the number of responses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from .. import stats
from ..models import CommentRollup, DimensionKind, Metric, Theme, ThemeRollup
from ..periods import period_end


@dataclass(frozen=True)
class Driver:
    theme: Theme
    detractors: int  # detractors' comments (n of the first share)
    detractor_mentions: int
    others: int  # the other comments (n of the second share)
    other_mentions: int
    detractor_share: stats.Estimate
    other_share: stats.Estimate
    difference: stats.Difference | None  # points; None when a side has no comment

    @property
    def value(self) -> float | None:
        return self.difference.value if self.difference else None

    @property
    def n(self) -> int:
        return self.detractors + self.others

    @property
    def small_sample(self) -> bool:
        return self.detractor_share.small_sample or self.other_share.small_sample

    @property
    def drives_down(self) -> bool:
        """Detractors mention it more, beyond the noise: the interval lies above zero."""
        return self.difference is not None and self.difference.low > 0


@dataclass(frozen=True)
class DriverTable:
    metric: Metric
    first_month: dt.date
    last_month: dt.date
    touchpoint_id: int | None
    detractors: int
    others: int
    drivers: list[Driver]


def months_back(last_month: dt.date, months: int) -> dt.date:
    """The first day of the month `months - 1` months before `last_month`."""
    index = last_month.year * 12 + last_month.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def latest_comment_month(metric: Metric) -> dt.date | None:
    """The last month with comments for the metric (where a drivers page opens)."""
    return (
        CommentRollup.objects.filter(metric=metric, dimension_kind=DimensionKind.OVERALL)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )


def key_drivers(
    *,
    metric: Metric,
    first_month: dt.date,
    last_month: dt.date,
    touchpoint_id: int | None = None,
    active_only: bool = True,
) -> DriverTable:
    """Every theme's driver over the months from `first_month` to `last_month` (inclusive), for
    the whole or one touchpoint; ranked, the largest excess among detractors first (themes no
    comment mentions last)."""
    scope = (
        {"dimension_kind": DimensionKind.TOUCHPOINT, "dimension_id": touchpoint_id}
        if touchpoint_id
        else {"dimension_kind": DimensionKind.OVERALL, "dimension_id": 0}
    )
    span = {"period_start__gte": first_month, "period_start__lt": period_end(last_month, "month")}
    totals = CommentRollup.objects.filter(metric=metric, **scope, **span).aggregate(
        comments=Sum("comments", default=0), detractors=Sum("detractor_comments", default=0)
    )
    detractors = totals["detractors"]
    others = totals["comments"] - detractors
    counts = {
        row["theme_id"]: row
        for row in ThemeRollup.objects.filter(metric=metric, **scope, **span)
        .values("theme_id")
        .annotate(mentions=Sum("mentions"), detractor_mentions=Sum("detractor_mentions"))
        .order_by()
    }
    themes = Theme.objects.filter(is_active=True) if active_only else Theme.objects.all()
    drivers = []
    for theme in themes:
        row = counts.get(theme.pk, {"mentions": 0, "detractor_mentions": 0})
        d_mentions = row["detractor_mentions"]
        o_mentions = row["mentions"] - d_mentions
        d_share = stats.share(successes=d_mentions, n=detractors)
        o_share = stats.share(successes=o_mentions, n=others)
        drivers.append(
            Driver(
                theme=theme,
                detractors=detractors,
                detractor_mentions=d_mentions,
                others=others,
                other_mentions=o_mentions,
                detractor_share=d_share,
                other_share=o_share,
                # later - earlier: the detractors' share minus the others'.
                difference=stats.difference(o_share, d_share),
            )
        )
    drivers.sort(
        key=lambda d: (d.value is None, -(d.value or 0), -d.detractor_mentions, d.theme.name)
    )
    return DriverTable(
        metric=metric,
        first_month=first_month,
        last_month=last_month,
        touchpoint_id=touchpoint_id,
        detractors=detractors,
        others=others,
        drivers=drivers,
    )
