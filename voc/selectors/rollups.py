"""Rollup series: a KPI's stored values for one metric, granularity and scope, read a fixed
number of queries at a time whatever the number of series."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import Max, Q

from .. import stats
from ..models import KpiRollup
from ..periods import period_start

Series = tuple[int, str, str, int]  # metric id, granularity, dimension kind, dimension id


def latest_two(series: list[Series], *, on: dt.date) -> dict[Series, tuple[KpiRollup | None, ...]]:
    """For each series, its latest completed period before `on` and the period just before
    it: two queries, whatever the number of series."""
    if not series:
        return {}
    keys = {
        Q(
            metric_id=m,
            granularity=g,
            dimension_kind=k,
            dimension_id=i,
            period_start__lt=period_start(on, g),
        )
        for m, g, k, i in set(series)
    }
    latest = {
        (r["metric_id"], r["granularity"], r["dimension_kind"], r["dimension_id"]): r["latest"]
        for r in KpiRollup.objects.filter(reduce(or_, keys))
        .values("metric_id", "granularity", "dimension_kind", "dimension_id")
        .annotate(latest=Max("period_start"))
        .order_by()
    }
    wanted = []
    for (m, g, k, i), start in latest.items():
        before = period_start(start - dt.timedelta(days=1), g)
        wanted.append(
            Q(
                metric_id=m,
                granularity=g,
                dimension_kind=k,
                dimension_id=i,
                period_start__in=[start, before],
            )
        )
    rows: dict[tuple, KpiRollup] = {}
    if wanted:
        for row in KpiRollup.objects.filter(reduce(or_, wanted)).select_related("metric"):
            rows[
                (
                    row.metric_id,
                    row.granularity,
                    row.dimension_kind,
                    row.dimension_id,
                    row.period_start,
                )
            ] = row
    result = {}
    for key in series:
        start = latest.get(key)
        if start is None:
            result[key] = (None, None)
            continue
        before = period_start(start - dt.timedelta(days=1), key[1])
        result[key] = (rows.get((*key, start)), rows.get((*key, before)))
    return result


def change_between(earlier: KpiRollup, later: KpiRollup) -> stats.Difference | None:
    """The change from one period to the next, with the 95% interval of the difference."""
    return stats.difference(earlier.estimate(), later.estimate())


def _series_q(key: Series, **period) -> Q:
    metric_id, granularity, kind, dimension_id = key
    return Q(
        metric_id=metric_id,
        granularity=granularity,
        dimension_kind=kind,
        dimension_id=dimension_id,
        **period,
    )


def rollup_series(
    series: list[Series], *, since: dt.date, before: dt.date
) -> dict[Series, list[KpiRollup]]:
    """Each series' rollups for the periods starting on or after `since` and before `before`,
    oldest first: one query, whatever the number of series. A period with no rollup is
    simply missing (no data), never a zero."""
    result: dict[Series, list[KpiRollup]] = {key: [] for key in series}
    if not series:
        return result
    keys = {_series_q(key, period_start__gte=since, period_start__lt=before) for key in series}
    rows = (
        KpiRollup.objects.filter(reduce(or_, keys))
        .select_related("metric")
        .order_by("period_start")
    )
    for row in rows:
        key = (row.metric_id, row.granularity, row.dimension_kind, row.dimension_id)
        result[key].append(row)
    return result


def rollups_at(wanted) -> dict[tuple[Series, dt.date], KpiRollup]:
    """The rollup of each (series, period start) asked for, in one query; a period with no
    rollup is absent from the answer."""
    wanted = set(wanted)
    if not wanted:
        return {}
    keys = {_series_q(key, period_start=start) for key, start in wanted}
    return {
        (
            (row.metric_id, row.granularity, row.dimension_kind, row.dimension_id),
            row.period_start,
        ): row
        for row in KpiRollup.objects.filter(reduce(or_, keys)).select_related("metric")
    }
