"""Line of sight: from each KPI target to the initiatives meant to move it, and back.

Reads voc (targets, their status, rollups: only through voc.selectors) and portfolio (the
links, initiatives, their health and last update). Two flags, each one plain function that the
core team's home and the steering committee's KPI pack call as they are:

- `unowned_gaps`: a target that is off track with no active initiative (approved or in
  progress) linked to it;
- `unaligned_initiatives`: an active initiative linked to no target.

After a link's expected-by date, `expected_vs_realized` puts the change the initiative
expected beside the change the KPI made over the same window: from the period containing the
day the initiative started to the period containing the expected-by date (both in the target's
granularity), with the 95% interval of that difference (voc.stats.difference: two
independent estimates). An initiative is credited only from when it started: the day its
history shows it moved to in progress, or, when it never moved there (created in progress,
or not yet started), its start date; one that started after its expected-by period is
credited nothing. The gap is "outside the noise" when the interval of realized − expected excludes
zero. A period with no rollup is "no data", never zero; small samples are marked.

Every function runs a fixed number of queries, whatever the number of targets, links and
responses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.safestring import SafeString

from cxgov.charts import TrendPoint, trend_chart
from cxgov.dates import today as cxgov_today
from governance.models import DepartmentObjective
from portfolio.models import Initiative, Status, StatusUpdate, TargetLink
from portfolio.selectors import with_stale_flag
from voc.models import KpiRollup, KpiTarget, Theme
from voc.models.targets import TARGET_STATUS_RULE, TargetStatus
from voc.periods import period_end, period_start
from voc.selectors import (
    TargetReading,
    months_back,
    rollup_series,
    rollups_at,
    target_series,
    targets_with_status,
    theme_month_counts,
)
from voc.stats import Difference, Estimate, Estimator, difference, share

# Approved or in progress: an initiative that is (or is about to be) doing the work.
ACTIVE_STATUSES = (Status.APPROVED, Status.IN_PROGRESS)
# Periods of the KPI's trend shown beside each target.
TREND_PERIODS = 12
# Linked initiatives shown per target on the page across all targets (the target's own page
# lists them all, a page at a time).
LINKS_PER_TARGET = 5

RULE = TARGET_STATUS_RULE


# The flags


@dataclass(frozen=True)
class UnownedGap:
    """An off-track target that no active initiative claims to move."""

    target: KpiTarget
    reading: TargetReading
    scope: str
    inactive_links: int  # links from initiatives proposed, on hold, completed or cancelled


def unowned_gaps(
    *, user: Any, on: dt.date | None = None, readings: list[TargetReading] | None = None
) -> list[UnownedGap]:
    """Targets off track (voc's TARGET_STATUS_RULE, at `on`, default today) with no active
    initiative linked. Five queries at most plus one per dimension kind named; one when the
    caller already holds `readings` (voc.selectors.targets_with_status of the user's targets,
    as the home's KPI panel and the pack do)."""
    if readings is None:
        readings = targets_with_status(KpiTarget.objects.for_user(user).order_by("pk"), on=on)
    off = [r for r in readings if r.status == TargetStatus.OFF_TRACK]
    if not off:
        return []
    counts = {
        row["target_id"]: row
        for row in TargetLink.objects.for_user(user)
        .filter(target_id__in=[r.target.pk for r in off])
        .values("target_id")
        .annotate(
            active=Count("pk", filter=Q(initiative__status__in=ACTIVE_STATUSES)),
            total=Count("pk"),
        )
        .order_by()
    }
    gaps = [r for r in off if not counts.get(r.target.pk, {}).get("active")]
    return [
        UnownedGap(
            target=r.target,
            reading=r,
            scope=r.scope,
            inactive_links=counts.get(r.target.pk, {}).get("total", 0),
        )
        for r in gaps
    ]


def unaligned_initiatives(*, user: Any, limit: int | None = None) -> list[Initiative]:
    """Active initiatives (approved or in progress) linked to no KPI target, worst health and
    soonest target date first. One query."""
    rows = with_stale_flag(
        Initiative.objects.for_user(user)
        .filter(status__in=ACTIVE_STATUSES)
        .filter(~Exists(TargetLink.objects.filter(initiative=OuterRef("pk"))))
        .select_related("owner", "working_group", "business_unit")
        .order_by("target_date", "title", "pk")
    )
    return list(rows[:limit] if limit is not None else rows)


def unaligned_count(*, user: Any) -> int:
    """How many active initiatives are linked to no target. One query."""
    return (
        Initiative.objects.for_user(user)
        .filter(status__in=ACTIVE_STATUSES)
        .filter(~Exists(TargetLink.objects.filter(initiative=OuterRef("pk"))))
        .count()
    )


@dataclass
class Flags:
    """Both flags for a home panel: the gaps, and the first unaligned initiatives of all."""

    unowned: list[UnownedGap]
    unaligned: list[Initiative]
    unaligned_total: int


def flags(
    *,
    user: Any,
    limit: int = 8,
    on: dt.date | None = None,
    readings: list[TargetReading] | None = None,
) -> Flags:
    return Flags(
        unowned=unowned_gaps(user=user, on=on, readings=readings),
        unaligned=unaligned_initiatives(user=user, limit=limit),
        unaligned_total=unaligned_count(user=user),
    )


# Expected against realized


@dataclass(frozen=True)
class ExpectedVsRealized:
    """A link's expected change beside the KPI's realized change over the same window.

    `realized` is None when a period of the window has no data; `low`/`high` (its 95%
    interval) are None when no interval exists (an entered figure, or fewer than two
    responses). The gap is realized − expected; `outside_noise` is None when it cannot be
    tested (no data or no interval)."""

    expected: float  # signed: negative for a decrease
    start_period: dt.date
    end_period: dt.date
    start_value: float | None
    end_value: float | None
    realized: float | None
    low: float | None
    high: float | None
    small_sample: bool
    missing: tuple[dt.date, ...] = ()  # periods of the window with no rollup
    waiting_until: dt.date | None = None  # the end period is not complete before this day
    started_on: dt.date | None = None  # credited from this day's period
    went_in_progress: bool = False  # started_on is the move to in progress, not the start date

    @property
    def has_data(self) -> bool:
        return self.realized is not None

    @property
    def gap(self) -> float | None:
        return None if self.realized is None else self.realized - self.expected

    @property
    def gap_low(self) -> float | None:
        return None if self.low is None else self.low - self.expected

    @property
    def gap_high(self) -> float | None:
        return None if self.high is None else self.high - self.expected

    @property
    def outside_noise(self) -> bool | None:
        if self.gap_low is None or self.gap_high is None:
            return None
        return self.gap_low > 0 or self.gap_high < 0

    @property
    def started_late(self) -> bool:
        return self.start_period > self.end_period

    @property
    def credited_from(self) -> str:
        """Since when the initiative is credited, and why, as the page says it."""
        if self.started_on is None:
            return ""
        how = "when it went in progress" if self.went_in_progress else "its start date"
        return f"Credited from {self.started_on:%-d %b %Y}, {how}."

    @property
    def verdict(self) -> str:
        if self.started_late:
            return (
                f"It started on {self.started_on:%-d %b %Y}, after the period of its "
                "expected-by date: no change is credited to it."
            )
        if self.waiting_until is not None:
            return (
                f"Due; the period containing the expected-by date closes on "
                f"{self.waiting_until:%-d %b %Y}: compare then."
            )
        if not self.has_data:
            days = ", ".join(f"{d:%b %Y}" for d in self.missing)
            return f"No data for {days}: the realized change cannot be measured."
        if self.outside_noise is None:
            return "No interval for the realized change: the gap cannot be told from noise."
        if not self.outside_noise:
            return "The gap between expected and realized is within the noise."
        beyond = (self.gap or 0) * (1 if self.expected >= 0 else -1) > 0
        return (
            "Realized more than expected, outside the noise."
            if beyond
            else "Realized less than expected, outside the noise."
        )


def _window(link: TargetLink, started_on: dt.date) -> tuple[dt.date, dt.date]:
    granularity = link.target.granularity
    return (
        period_start(started_on, granularity),
        period_start(link.expected_by, granularity),
    )


def went_in_progress(initiative_ids: set[int]) -> dict[int, dt.date]:
    """The day each initiative's history first shows it moved to in progress (a change, not
    its creation: one created in progress started on its start date). One query."""
    if not initiative_ids:
        return {}
    rows = (
        Initiative.history.filter(id__in=initiative_ids, status=Status.IN_PROGRESS)
        .values("id")
        .annotate(
            moved=Min("history_date", filter=Q(history_type="~")),
            created=Min("history_date", filter=Q(history_type="+")),
        )
        .order_by()
    )
    return {
        row["id"]: timezone.localdate(row["moved"])
        for row in rows
        if row["moved"] is not None and row["created"] is None
    }


def _started(link: TargetLink, moved: dict[int, dt.date]) -> tuple[dt.date, bool]:
    return _initiative_started(link.initiative, moved)


def _initiative_started(initiative: Initiative, moved: dict[int, dt.date]) -> tuple[dt.date, bool]:
    """The day an initiative is credited from, and whether it is its move to in progress (from
    `went_in_progress`) rather than its start date."""
    day = moved.get(initiative.pk)
    return (day, True) if day is not None else (initiative.start_date, False)


def _is_due(link: TargetLink, on: dt.date) -> bool:
    return link.expected_by < on


def comparisons(links: list[TargetLink], *, on: dt.date | None = None) -> dict[int, Any]:
    """Expected against realized for every link whose expected-by date has passed (by link
    id; a link not yet due is absent), each from when its initiative started. Two queries
    for all of them."""
    on = on or cxgov_today()
    due = [link for link in links if _is_due(link, on)]
    moved = went_in_progress({link.initiative_id for link in due})
    wanted = set()
    for link in due:
        start, end = _window(link, _started(link, moved)[0])
        key = target_series(link.target)
        wanted |= {(key, start), (key, end)}
    rollups = rollups_at(wanted)
    return {link.pk: _compare(link, rollups, on=on, moved=moved) for link in due}


def expected_vs_realized(
    link: TargetLink, *, on: dt.date | None = None
) -> ExpectedVsRealized | None:
    """One link's comparison (None before its expected-by date). Two queries."""
    return comparisons([link], on=on).get(link.pk)


def _compare(
    link: TargetLink, rollups: dict, *, on: dt.date, moved: dict[int, dt.date]
) -> ExpectedVsRealized:
    started_on, went = _started(link, moved)
    start, end = _window(link, started_on)
    key = target_series(link.target)
    first, last = rollups.get((key, start)), rollups.get((key, end))
    closes = period_end(end, link.target.granularity)
    base = {
        "expected": link.signed_change,
        "start_period": start,
        "end_period": end,
        "start_value": _score(first),
        "end_value": _score(last),
        "started_on": started_on,
        "went_in_progress": went,
    }
    if start > end:
        return ExpectedVsRealized(**base, realized=None, low=None, high=None, small_sample=False)
    if closes > on:
        return ExpectedVsRealized(
            **base, realized=None, low=None, high=None, small_sample=False, waiting_until=closes
        )
    missing = tuple(p for p, r in ((start, first), (end, last)) if _score(r) is None)
    if missing:
        small = any(r is not None and r.small_sample for r in (first, last))
        return ExpectedVsRealized(
            **base, realized=None, low=None, high=None, small_sample=small, missing=missing
        )
    small = first.small_sample or last.small_sample
    realized = last.score - first.score
    low = high = None
    if first.estimator != Estimator.VALUE:
        change = difference(first.estimate(), last.estimate())
        if change is not None:
            realized, low, high = change.value, change.low, change.high
            small = small or change.small_sample
    return ExpectedVsRealized(**base, realized=realized, low=low, high=high, small_sample=small)


def _score(rollup: KpiRollup | None) -> float | None:
    return None if rollup is None else rollup.score


# The trend


def trend_window(granularity: str, *, on: dt.date, periods: int = TREND_PERIODS):
    """The last `periods` completed periods before `on`: (first period start, current period
    start)."""
    current = period_start(on, granularity)
    first = current
    for _ in range(periods):
        first = period_start(first - dt.timedelta(days=1), granularity)
    return first, current


def target_trend(
    target: KpiTarget,
    rollups: list[KpiRollup],
    *,
    since: dt.date,
    before: dt.date,
    compact: bool = False,
) -> SafeString | None:
    """The KPI's trend over the periods from `since` to `before`, as the kit's KPI trend chart:
    the value with its interval band, the target path, small samples hollow. A period with no
    rollup is a gap (never drawn as zero); None when no period has data."""
    by_start = {r.period_start: r for r in rollups if r.score is not None}
    if not by_start:
        return None
    metric = target.metric
    unit = f" {metric.unit}" if metric.unit else ""
    points, start = [], since
    while start < before:
        end = period_end(start, target.granularity)
        rollup = by_start.get(start)
        points.append(
            TrendPoint(
                label=f"{start:%b %y}",
                value=rollup.score if rollup else None,
                low=rollup.low if rollup else None,
                high=rollup.high if rollup else None,
                marked=bool(rollup and rollup.small_sample),
                expected=target.expected_on(end - dt.timedelta(days=1)),
                note=f"n = {rollup.n}" if rollup and rollup.n else "",
            )
        )
        start = end
    floor, ceiling = target.value_range()
    return trend_chart(
        points,
        floor=floor,
        ceiling=ceiling,
        title=f"{metric.name} trend against the target",
        target_label=f"Target {target.target_value:g}{unit} by {target.target_date:%b %Y}",
        value_format="{:.1f}" + unit,
        width=360 if compact else 560,
        height=180 if compact else 240,
    )


# Themes the initiatives address
#
# An initiative may name the comment themes it addresses. Whether customers mention them less
# once it starts: the theme's share of all comments (every metric) in the THEME_WINDOW_MONTHS
# months before the month it started, against the same number of months after that month (the
# month it started is left out: it is neither before nor after). Only months that have closed
# count after; one not yet closed waits. The difference (after - before, in points) has the
# 95% interval of two independent shares (Newcombe's method 10, voc.stats.difference), and the
# same small-sample mark as every share. Read from the monthly theme rollups, never from the
# comments: counts, never a comment's text, whoever reads the page.

THEME_WINDOW_MONTHS = 3
# Initiatives shown with their themes on the page across all targets, latest start first.
THEME_INITIATIVES_SHOWN = 20
# Still running or done: a proposal has not started and a cancelled one stopped.
THEME_STATUSES = (Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED)


def _month_plus(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` months after `month`'s."""
    return months_back(month, 1 - months)


@dataclass(frozen=True)
class ThemeShift:
    """One theme of one initiative: its share of comments before and after it started."""

    theme: Theme
    started_on: dt.date
    went_in_progress: bool
    before_first: dt.date
    before_last: dt.date
    after_first: dt.date
    after_last: dt.date | None  # the last closed month after; None when none has closed yet
    before_mentions: int
    before_comments: int
    after_mentions: int
    after_comments: int
    before: Estimate
    after: Estimate
    change: Difference | None  # after - before, in points; None when a side has no comment

    @property
    def after_months(self) -> int:
        """Closed months counted after it started (THEME_WINDOW_MONTHS once all have)."""
        if self.after_last is None:
            return 0
        return (self.after_last.year - self.after_first.year) * 12 + (
            self.after_last.month - self.after_first.month + 1
        )

    @property
    def n(self) -> int:
        return self.before_comments + self.after_comments

    @property
    def small_sample(self) -> bool:
        return self.before.small_sample or self.after.small_sample

    @property
    def verdict(self) -> str:
        if self.after_last is None:
            return f"Waiting: the first month after it started closes on {_month_close(self)}."
        if self.change is None:
            return "No comments on one side: the change cannot be measured."
        if self.change.high < 0:
            return "Mentioned less after it started, outside the noise."
        if self.change.low > 0:
            return "Mentioned more after it started, outside the noise."
        return "The change is within the noise."


def _month_close(shift: ThemeShift) -> str:
    return f"{period_end(shift.after_first, 'month'):%-d %b %Y}"


@dataclass
class InitiativeThemes:
    initiative: Initiative
    shifts: list[ThemeShift]


def theme_shifts(
    initiatives: list[Initiative], *, on: dt.date | None = None
) -> list[InitiativeThemes]:
    """Each initiative's themes (prefetched as `themes`, or read here) with their share of
    comments before and after it started, credited from the day it started as for the KPI
    targets (`went_in_progress`, else its start date). Three queries for any number of
    initiatives and themes (plus one for their themes when not prefetched)."""
    on = on or cxgov_today()
    initiatives = [i for i in initiatives if i.themes.all()]
    if not initiatives:
        return []
    moved = went_in_progress({i.pk for i in initiatives})
    # The last month that has closed by `on`: later ones are not counted yet.
    closed = months_back(on.replace(day=1), 2)
    started = {i.pk: _initiative_started(i, moved) for i in initiatives}
    months = [started[pk][0].replace(day=1) for pk in started]
    counts = theme_month_counts(
        theme_ids=sorted({t.pk for i in initiatives for t in i.themes.all()}),
        first=_month_plus(min(months), -THEME_WINDOW_MONTHS),
        last=min(_month_plus(max(months), THEME_WINDOW_MONTHS), closed),
    )
    rows = []
    for initiative in initiatives:
        day, went = started[initiative.pk]
        month = day.replace(day=1)
        before = [_month_plus(month, k - THEME_WINDOW_MONTHS) for k in range(THEME_WINDOW_MONTHS)]
        after = [_month_plus(month, k + 1) for k in range(THEME_WINDOW_MONTHS)]
        after = [m for m in after if m <= closed]
        shifts = []
        for theme in initiative.themes.all():
            b = [counts.month(theme.pk, m) for m in before]
            a = [counts.month(theme.pk, m) for m in after]
            b_hits, b_n = sum(x.mentions for x in b), sum(x.comments for x in b)
            a_hits, a_n = sum(x.mentions for x in a), sum(x.comments for x in a)
            b_share = share(successes=min(b_hits, b_n), n=b_n)
            a_share = share(successes=min(a_hits, a_n), n=a_n)
            shifts.append(
                ThemeShift(
                    theme=theme,
                    started_on=day,
                    went_in_progress=went,
                    before_first=before[0],
                    before_last=before[-1],
                    after_first=_month_plus(month, 1),
                    after_last=after[-1] if after else None,
                    before_mentions=b_hits,
                    before_comments=b_n,
                    after_mentions=a_hits,
                    after_comments=a_n,
                    before=b_share,
                    after=a_share,
                    change=difference(b_share, a_share) if after else None,
                )
            )
        rows.append(InitiativeThemes(initiative=initiative, shifts=shifts))
    return rows


def initiatives_with_themes(*, user: Any):
    """The initiatives `user` may see that name a theme and have started (or are about to),
    latest start first, their themes prefetched: for theme_shifts."""
    return (
        Initiative.objects.for_user(user)
        .filter(status__in=THEME_STATUSES, themes__isnull=False)
        .distinct()
        .select_related("working_group")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("-start_date", "pk")
    )


# The pages


@dataclass
class LinkedInitiative:
    link: TargetLink
    initiative: Initiative
    last_summary: str
    comparison: ExpectedVsRealized | None  # None before the expected-by date

    @property
    def is_active(self) -> bool:
        return self.initiative.status in ACTIVE_STATUSES


@dataclass
class TargetSight:
    target: KpiTarget
    reading: TargetReading
    scope: str
    objectives: list[DepartmentObjective]
    links: list[LinkedInitiative]
    link_count: int
    active_count: int
    chart: SafeString | None
    missing_periods: int  # periods of the trend window with no data

    @property
    def is_unowned_gap(self) -> bool:
        return self.reading.status == TargetStatus.OFF_TRACK and not self.active_count

    @property
    def more_links(self) -> int:
        return self.link_count - len(self.links)


@dataclass
class LineOfSight:
    targets: list[TargetSight]  # one page of them
    gaps: list[UnownedGap]  # across every target, not only this page's
    unaligned: list[Initiative]
    unaligned_total: int
    themes: list[InitiativeThemes] = field(default_factory=list)
    theme_window: int = THEME_WINDOW_MONTHS
    rule: str = RULE
    on: dt.date = field(default_factory=cxgov_today)


def _links(user: Any):
    """Links the user may see, shaped for the pages: target, initiative (with owner and
    group) and the summary of the initiative's latest status update, in one query."""
    latest = StatusUpdate.objects.filter(initiative=OuterRef("initiative")).order_by(
        "-reported_on", "-created_at", "-pk"
    )
    return (
        TargetLink.objects.for_user(user)
        .select_related(
            "target__metric",
            "initiative__owner",
            "initiative__working_group",
            "initiative__business_unit",
        )
        .annotate(last_summary=Subquery(latest.values("summary")[:1]))
    )


def _sights(
    user: Any, targets, *, on: dt.date, links_per_target: int | None, link_page=None
) -> list[TargetSight]:
    readings = targets_with_status(
        targets.prefetch_related(
            Prefetch(
                "success_statement__objectives",
                queryset=DepartmentObjective.objects.select_related("business_unit"),
            )
        ),
        on=on,
        with_outlook=True,
    )
    ids = [r.target.pk for r in readings]
    counts = {
        row["target_id"]: row
        for row in TargetLink.objects.for_user(user)
        .filter(target_id__in=ids)
        .values("target_id")
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=Q(initiative__status__in=ACTIVE_STATUSES)),
        )
        .order_by()
    }
    if link_page is not None:
        shown = list(link_page)
    else:
        ranked = (
            _links(user)
            .filter(target_id__in=ids)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("target_id")],
                    order_by=[F("expected_by").asc(), F("pk").asc()],
                )
            )
        )
        if links_per_target is not None:
            ranked = ranked.filter(rank__lte=links_per_target)
        shown = list(ranked.order_by("target_id", "expected_by", "pk"))
    targets_by_id = {r.target.pk: r.target for r in readings}
    for link in shown:  # the target as read with its status, not a second copy
        link.target = targets_by_id.get(link.target_id, link.target)
    compared = comparisons(shown, on=on)
    windows = {r.target.pk: trend_window(r.target.granularity, on=on) for r in readings}
    series = rollup_series(
        [target_series(r.target) for r in readings],
        since=min((w[0] for w in windows.values()), default=on),
        before=max((w[1] for w in windows.values()), default=on),
    )
    sights = []
    for reading in readings:
        target = reading.target
        since, before = windows[target.pk]
        rollups = [r for r in series[target_series(target)] if since <= r.period_start < before]
        with_data = sum(1 for r in rollups if r.score is not None)
        own = [link for link in shown if link.target_id == target.pk]
        sights.append(
            TargetSight(
                target=target,
                reading=reading,
                scope=reading.scope,
                objectives=list(target.success_statement.objectives.all()),
                links=[
                    LinkedInitiative(
                        link=link,
                        initiative=link.initiative,
                        last_summary=link.last_summary or "",
                        comparison=compared.get(link.pk),
                    )
                    for link in own
                ],
                link_count=counts.get(target.pk, {}).get("total", 0),
                active_count=counts.get(target.pk, {}).get("active", 0),
                chart=target_trend(
                    target,
                    rollups,
                    since=since,
                    before=before,
                    compact=links_per_target is not None,
                ),
                missing_periods=TREND_PERIODS - with_data,
            )
        )
    return sights


def line_of_sight_targets(*, user: Any):
    """The targets the page across all lists, in its order, for the view to paginate."""
    return KpiTarget.objects.for_user(user).order_by("metric__name", "dimension_kind", "pk")


def line_of_sight(*, user: Any, targets=None, on: dt.date | None = None) -> LineOfSight:
    """`targets` (a page of line_of_sight_targets; default all) with their linked
    initiatives (the first few), trend and flags; the unowned gaps across all targets and the
    unaligned initiatives. A fixed number of queries."""
    on = on or cxgov_today()
    ids = [t.pk for t in (targets if targets is not None else line_of_sight_targets(user=user))]
    sights = _sights(
        user,
        KpiTarget.objects.filter(pk__in=ids).order_by("metric__name", "dimension_kind", "pk"),
        on=on,
        links_per_target=LINKS_PER_TARGET,
    )
    return LineOfSight(
        targets=sights,
        gaps=unowned_gaps(user=user, on=on),
        unaligned=unaligned_initiatives(user=user, limit=LINKS_PER_TARGET * 2),
        unaligned_total=unaligned_count(user=user),
        themes=theme_shifts(
            list(initiatives_with_themes(user=user)[:THEME_INITIATIVES_SHOWN]), on=on
        ),
        on=on,
    )


def target_links_for_page(*, user: Any, target: KpiTarget):
    """A target's links, for its page to paginate: active initiatives first."""
    active_first = Case(
        When(initiative__status__in=ACTIVE_STATUSES, then=Value(0)), default=Value(1)
    )
    return (
        _links(user)
        .filter(target=target)
        .annotate(active_first=active_first)
        .order_by("active_first", "expected_by", "pk")
    )


def target_sight(*, user: Any, target: KpiTarget, links, on: dt.date | None = None) -> TargetSight:
    """One target's line of sight, with `links` (a page of target_links_for_page)."""
    on = on or cxgov_today()
    return _sights(
        user,
        KpiTarget.objects.filter(pk=target.pk),
        on=on,
        links_per_target=None,
        link_page=links,
    )[0]
