"""KPI rollups, computed by the database.

Days come from responses: one GROUP BY per dimension kind over the local date in the metric's
reporting time zone. Weeks, months and quarters come from the day rows (every stored column is
a count or a sum, so they add up), which keeps the expensive scan of responses to one pass per
dimension kind. Each statement is an INSERT ... SELECT ... ON CONFLICT DO UPDATE built from an
ORM queryset, so the date truncation is Django's on either database.

Scores and 95% intervals are computed in the same statement, by SQL expressions that mirror
voc.stats (the tests hold every stored row to voc.stats' numbers). For means, Student's t
quantile is a CASE over the exact values for small degrees of freedom and the Cornish-Fisher
expansion above, as in voc.stats.

`rollup_refresh` recomputes exactly the periods that contain the given days; `rollup_rebuild`
recomputes everything for a metric. Both are idempotent and give the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth, TruncQuarter, TruncWeek

from .. import stats
from ..errors import VocError
from ..models import (
    DimensionKind,
    Granularity,
    KpiRollup,
    Metric,
    MetricKind,
    OperationalValue,
    Response,
    Touchpoint,
)
from ..models.rollups import DIMENSION_COLUMN
from ..periods import period_end, period_start
from ..permissions import can_enter_operational_values
from ..stats import Estimator

COARSE = {
    Granularity.WEEK: TruncWeek,
    Granularity.MONTH: TruncMonth,
    Granularity.QUARTER: TruncQuarter,
}
SUMMED = (
    "n",
    "promoters",
    "passives",
    "detractors",
    "share_count",
    "total",
    "total_squares",
)
ROLLUP_COLUMNS = (
    "metric_id",
    "granularity",
    "period_start",
    "dimension_kind",
    "dimension_id",
    *SUMMED,
    "score",
    "low",
    "high",
)


# -- Entry points -----------------------------------------------------------------------------


def rollup_refresh(*, metric: Metric, days: Iterable[dt.date]) -> int:
    """Recompute the day, week, month and quarter rows of `metric` that contain `days`.
    Returns the number of rollup rows written."""
    days = sorted(set(days))
    if not days or metric.estimator == Estimator.VALUE:
        return 0
    with transaction.atomic():
        _small_statements()
        written = _refresh_days(metric, days)
        for granularity in COARSE:
            starts = sorted({period_start(d, granularity) for d in days})
            written += _refresh_coarse(metric, granularity, starts)
    return written


def rollup_rebuild(*, metric: Metric | None = None) -> int:
    """Recompute every rollup row (of one metric, or of all metrics): the nightly job.
    Operational metrics' rows are their entered values."""
    metrics = [metric] if metric else list(Metric.objects.all())
    written = 0
    for each in metrics:
        if each.estimator == Estimator.VALUE:
            written += operational_refresh(metric=each)
            continue
        with transaction.atomic():
            written += _refresh_days(each, None)
            for granularity in COARSE:
                written += _refresh_coarse(each, granularity, None)
    return written


def operational_refresh(*, metric: Metric) -> int:
    """An operational metric's rollup rows: one per entered value (no interval), overall for
    the whole company's figures and at its touchpoint for a touchpoint's."""
    from ..models import OperationalValue

    with transaction.atomic():
        KpiRollup.objects.filter(metric=metric).delete()
        rows = KpiRollup.objects.bulk_create(
            KpiRollup(
                metric=metric,
                granularity=v.granularity,
                period_start=v.period_start,
                dimension_kind=(
                    DimensionKind.TOUCHPOINT if v.touchpoint_id else DimensionKind.OVERALL
                ),
                dimension_id=v.touchpoint_id or 0,
                n=1,
                total=v.value,
                total_squares=v.value * v.value,
                score=v.value,
            )
            for v in OperationalValue.objects.filter(metric=metric)
        )
    return len(rows)


def _small_statements() -> None:
    """PostgreSQL, for the rest of this transaction: no JIT compilation, and room to hash.

    The planner guesses a day statement's groups from the table's size (290,775 where ten
    days of NPS give 660 at 10M responses), so at 10M its cost passes jit_above_cost and
    each statement compiles itself first (0.2-0.3 s each, four metrics: about a second of a
    refresh whose statements read 60,000 rows each), and with the default work_mem it sorts
    the rows on disk once per grouping set instead of hashing them in one pass. Measured on
    the day statement of one metric at 10M (EXPLAIN ANALYZE, load 16 on 2 cores): 1.8-2.1 s
    as it was, 1.1-1.5 s without JIT, 0.44-0.64 s without JIT and with 64 MB to hash in.
    A caller's larger work_mem (the importer's, when the refresh runs inside its transaction)
    is kept."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                "SELECT set_config('work_mem', '64MB', true) "
                "WHERE pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('64MB')"
            )


def rollup_refresh_touched(touched: dict[int, set[dt.date]]) -> int:
    """After an import: refresh the periods of each metric it added responses to."""
    written = 0
    for metric in Metric.objects.filter(pk__in=touched):
        written += rollup_refresh(metric=metric, days=touched[metric.pk])
    return written


# -- Days from responses -----------------------------------------------------------------------


def _day_aggregate(metric: Metric, days: list[dt.date] | None, dimension: str) -> QuerySet:
    tz = metric.time_zone
    responses = Response.objects.filter(metric=metric)
    if days is not None:
        # A window on responded_at lets the (metric, responded_at) index do the work.
        start = dt.datetime.combine(days[0], dt.time(), tzinfo=tz)
        end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        responses = responses.filter(responded_at__gte=start, responded_at__lt=end)
    responses = responses.annotate(period=TruncDate("responded_at", tzinfo=tz))
    if days is not None and len(days) < (days[-1] - days[0]).days + 1:
        responses = responses.filter(period__in=days)
    group = ["period"]
    if dimension != DimensionKind.OVERALL:
        column = DIMENSION_COLUMN[dimension]
        responses = responses.filter(**{f"{column}__isnull": False})
        group.append(column)
    share = (
        Count("id", filter=Q(score__gte=metric.success_min, score__lte=metric.success_max))
        if metric.estimator == Estimator.SHARE
        else Value(0)
    )
    return (
        responses.values(*group)
        .annotate(
            n=Count("id"),
            promoters=Count("id", filter=Q(score__gte=stats.PROMOTER_MIN)),
            passives=Count(
                "id", filter=Q(score__gt=stats.DETRACTOR_MAX, score__lt=stats.PROMOTER_MIN)
            ),
            detractors=Count("id", filter=Q(score__lte=stats.DETRACTOR_MAX)),
            share_count=share,
            total=Sum("score"),
            total_squares=Sum(F("score") * F("score")),
        )
        .order_by()
    )


def _refresh_days(metric: Metric, days: list[dt.date] | None) -> int:
    existing = KpiRollup.objects.filter(metric=metric, granularity=Granularity.DAY)
    if days is not None:
        existing = existing.filter(period_start__in=days)
    existing.delete()
    if connection.vendor == "postgresql":
        sql, params = _day_grouping_sets_sql(metric, days)
        return _insert(
            metric, Granularity.DAY, sql, params, "agg.dimension_kind", [], "agg.dimension_id"
        )
    written = 0
    for dimension in DimensionKind:
        sql, params = _day_aggregate(metric, days, dimension).query.sql_with_params()
        value = "0" if dimension == DimensionKind.OVERALL else f"agg.{DIMENSION_COLUMN[dimension]}"
        written += _insert(metric, Granularity.DAY, sql, params, "%s", [dimension.value], value)
    return written


# GROUPING() of (touchpoint, channel, segment, business unit): a 0 bit is a grouped column.
_GROUPING_KIND = {
    15: DimensionKind.OVERALL,
    7: DimensionKind.TOUCHPOINT,
    11: DimensionKind.CHANNEL,
    13: DimensionKind.SEGMENT,
    14: DimensionKind.BUSINESS_UNIT,
}


def _day_grouping_sets_sql(metric: Metric, days: list[dt.date] | None) -> tuple[str, list]:
    """PostgreSQL: the five dimension kinds of a day in one scan (GROUPING SETS), with the
    same columns as _day_aggregate's query. Same numbers, a fifth of the reading."""
    columns = [DIMENSION_COLUMN[k] for k in DimensionKind if k != DimensionKind.OVERALL]
    grouping = f"GROUPING({', '.join(columns)})"
    kind = (
        "CASE "
        + " ".join(
            f"WHEN {grouping} = {bits} THEN '{k.value}'" for bits, k in _GROUPING_KIND.items()
        )
        + " END"
    )
    where = ["metric_id = %s"]
    params: list = [metric.reporting_time_zone, metric.pk]
    if days is not None:
        tz = metric.time_zone
        where.append("responded_at >= %s AND responded_at < %s")
        params += [
            dt.datetime.combine(days[0], dt.time(), tzinfo=tz),
            dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(), tzinfo=tz),
        ]
    day_filter = ""
    if days is not None and len(days) < (days[-1] - days[0]).days + 1:
        day_filter = "WHERE period = ANY(%s)"
    share = "0"
    if metric.estimator == Estimator.SHARE:
        share = "count(*) FILTER (WHERE score >= %s AND score <= %s)"
    sql = (
        f"SELECT period, {kind} AS dimension_kind, "
        f"COALESCE({', '.join(columns)}, 0) AS dimension_id, count(*) AS n, "
        f"count(*) FILTER (WHERE score >= {stats.PROMOTER_MIN}) AS promoters, "
        f"count(*) FILTER (WHERE score > {stats.DETRACTOR_MAX} AND score < {stats.PROMOTER_MIN})"
        f" AS passives, "
        f"count(*) FILTER (WHERE score <= {stats.DETRACTOR_MAX}) AS detractors, "
        f"{share} AS share_count, sum(score) AS total, sum(score * score) AS total_squares "
        f"FROM (SELECT (responded_at AT TIME ZONE %s)::date AS period, score, "
        f"{', '.join(columns)} FROM voc_response WHERE {' AND '.join(where)}) r {day_filter} "
        f"GROUP BY GROUPING SETS ((period), "
        + ", ".join(f"(period, {c})" for c in columns)
        + ") HAVING "
        + " AND ".join(
            f"NOT ({grouping} = {bits} AND {DIMENSION_COLUMN[k]} IS NULL)"
            for bits, k in _GROUPING_KIND.items()
            if k != DimensionKind.OVERALL
        )
    )
    share_params = [metric.success_min, metric.success_max] if share != "0" else []
    day_params = [days] if day_filter else []
    return sql, share_params + params + day_params


# -- Weeks, months, quarters from days ---------------------------------------------------------


def _refresh_coarse(metric: Metric, granularity: str, starts: list[dt.date] | None) -> int:
    existing = KpiRollup.objects.filter(metric=metric, granularity=granularity)
    days = KpiRollup.objects.filter(metric=metric, granularity=Granularity.DAY)
    if starts is not None:
        existing = existing.filter(period_start__in=starts)
        days = days.filter(
            period_start__gte=starts[0], period_start__lt=period_end(starts[-1], granularity)
        )
    existing.delete()
    days = days.annotate(period=COARSE[granularity]("period_start"))
    if starts is not None:
        days = days.filter(period__in=starts)
    inner = (
        days.values("period", "dimension_kind", "dimension_id")
        .annotate(**{column: Sum(column) for column in SUMMED})
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    return _insert(metric, granularity, sql, params, "agg.dimension_kind", [], "agg.dimension_id")


# -- One INSERT ... SELECT with the score and interval ------------------------------------------


def _insert(
    metric: Metric,
    granularity: str,
    sql: str,
    params: list,
    kind: str,
    kind_params: list,
    dimension_id: str,
) -> int:
    """INSERT the rows of `sql` (period, n and the sums, plus the dimension columns that
    `kind` and `dimension_id` read) with their score and interval."""
    score, low, high = _score_sql(metric)
    statement = (
        f"INSERT INTO {KpiRollup._meta.db_table} ({', '.join(ROLLUP_COLUMNS)}) "
        f"SELECT metric_id, granularity, period_start, dimension_kind, dimension_id, "
        f"{', '.join(SUMMED)}, {score}, {low}, {high} FROM ("
        f"SELECT %s AS metric_id, %s AS granularity, agg.period AS period_start, "
        f"{kind} AS dimension_kind, {dimension_id} AS dimension_id, "
        f"agg.n, agg.promoters, agg.passives, agg.detractors, agg.share_count, "
        f"COALESCE(agg.total, 0) AS total, COALESCE(agg.total_squares, 0) AS total_squares, "
        f"CAST(agg.n AS DOUBLE PRECISION) AS nf "
        f"FROM ({sql}) agg) r WHERE true "
        f"ON CONFLICT (metric_id, granularity, dimension_kind, dimension_id, period_start) "
        f"DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in (*SUMMED, "score", "low", "high"))
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [metric.pk, granularity, *kind_params, *params])
        return cursor.rowcount


def _score_sql(metric: Metric) -> tuple[str, str, str]:
    """SQL for score, low and high over the columns n, nf (n as a float) and the sums."""
    z = repr(stats.Z95)
    estimator = metric.estimator
    if estimator == Estimator.NPS:
        mean = "((promoters - detractors) / nf)"
        variance = f"(((promoters + detractors) - nf * {mean} * {mean}) / (nf - 1))"
        se = f"(100 * SQRT(CASE WHEN {variance} < 0 THEN 0 ELSE {variance} END / nf))"
        score = f"(100 * {mean})"
        low = f"CASE WHEN n < 2 THEN NULL ELSE {_at_least(f'{score} - {z} * {se}', '-100')} END"
        high = f"CASE WHEN n < 2 THEN NULL ELSE {_at_most(f'{score} + {z} * {se}', '100')} END"
        return score, low, high
    if estimator == Estimator.SHARE:
        p = "(share_count / nf)"
        z2 = repr(stats.Z95 * stats.Z95)
        denominator = f"(1 + {z2} / nf)"
        centre = f"(({p} + {z2} / (2 * nf)) / {denominator})"
        half = f"({z} * SQRT({p} * (1 - {p}) / nf + {z2} / (4 * nf * nf)) / {denominator})"
        lower = _at_least(f"{centre} - {half}", "0")
        upper = _at_most(f"{centre} + {half}", "1")
        low = f"(100 * CASE WHEN share_count = 0 THEN 0 ELSE {lower} END)"
        high = f"(100 * CASE WHEN share_count = n THEN 1 ELSE {upper} END)"
        return f"(100 * {p})", low, high
    mean = "(total / nf)"
    variance = "((total_squares - total * total / nf) / (nf - 1))"
    se = f"SQRT(CASE WHEN {variance} < 0 THEN 0 ELSE {variance} END / nf)"
    t = t_quantile_sql("(n - 1)")
    low = f"CASE WHEN n < 2 THEN NULL ELSE {mean} - {t} * {se} END"
    high = f"CASE WHEN n < 2 THEN NULL ELSE {mean} + {t} * {se} END"
    return mean, low, high


def _at_least(expression: str, floor: str) -> str:
    return f"CASE WHEN {expression} < {floor} THEN {floor} ELSE {expression} END"


def _at_most(expression: str, ceiling: str) -> str:
    return f"CASE WHEN {expression} > {ceiling} THEN {ceiling} ELSE {expression} END"


@lru_cache(maxsize=4)
def t_quantile_sql(df: str) -> str:
    """Student's t 97.5% quantile for an integer df expression, as voc.stats computes it."""
    exact = " ".join(
        f"WHEN {d} THEN {stats.t_quantile(d)!r}" for d in range(1, stats._EXPANSION_FROM_DF)
    )
    z = stats.Z95
    g = [
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    ]
    d = f"CAST({df} AS DOUBLE PRECISION)"
    expansion = (
        f"({z!r} + {g[0]!r} / {d} + {g[1]!r} / ({d} * {d}) + {g[2]!r} / ({d} * {d} * {d}) "
        f"+ {g[3]!r} / ({d} * {d} * {d} * {d}))"
    )
    return f"(CASE {df} {exact} ELSE {expansion} END)"


# -- Operational figures -------------------------------------------------------------------------


@transaction.atomic
def operational_value_record(
    *,
    by: Any,
    metric: Metric,
    granularity: str,
    period_start_on: dt.date,
    value: float,
    note: str = "",
    touchpoint: Touchpoint | None = None,
) -> OperationalValue:
    """Enter an operational metric's figure for one period, for the whole company or at one
    touchpoint; its rollup row follows in the same transaction. A period that already has a
    figure (at that touchpoint) is refused naming `period_start_on`: a figure is corrected
    with operational_value_correct, never overwritten by a second entry."""
    can_enter_operational_values.enforce(by)
    if metric.kind != MetricKind.OPERATIONAL:
        raise VocError(
            f"{metric.name} is scored by customers: its values come from responses.",
            field="metric",
        )
    if granularity not in Granularity.values:
        raise VocError(f"'{granularity}' is not a period: day, week, month or quarter.",
                       field="granularity")  # fmt: skip
    if period_start(period_start_on, granularity) != period_start_on:
        raise VocError(
            f"{period_start_on:%-d %b %Y} does not begin a {granularity}; "
            f"the {granularity} containing it begins on "
            f"{period_start(period_start_on, granularity):%-d %b %Y}.",
            field="period_start_on",
        )
    if touchpoint is not None and not touchpoint.is_active:
        raise VocError(
            f"{touchpoint.name} is retired: enter the figure for an active touchpoint or for "
            "the whole company.",
            field="touchpoint",
        )
    figure = OperationalValue(
        metric=metric,
        granularity=granularity,
        period_start=period_start_on,
        touchpoint=touchpoint,
        value=value,
        note=note,
        entered_by=by,
    )
    _field_rules(figure)
    # The lock makes the check and the insert one step for this metric: two people entering
    # the same period at once get one figure and one refusal, never a database error.
    Metric.objects.select_for_update().filter(pk=metric.pk).first()
    entered = OperationalValue.objects.filter(
        metric=metric, granularity=granularity, period_start=period_start_on, touchpoint=touchpoint
    ).first()
    if entered is not None:
        where = f" at {touchpoint.name}" if touchpoint is not None else ""
        raise VocError(
            f"{metric.name} already has a figure for the {granularity} of "
            f"{period_start_on:%-d %b %Y}{where} ({entered.value:g}): correct that one instead.",
            field="period_start_on",
        )
    figure.save()
    operational_refresh(metric=metric)
    return figure


# What a correction may change: a figure keeps its metric, period and touchpoint.
OPERATIONAL_VALUE_FIELDS = ("value", "note")


@transaction.atomic
def operational_value_correct(
    *, by: Any, figure: OperationalValue, data: Mapping[str, Any]
) -> OperationalValue:
    """Correct an entered figure's value and note (those in `data`); its metric, period and
    touchpoint stay, and naming one is refused on it."""
    can_enter_operational_values.enforce(by)
    fixed = sorted(set(data) - set(OPERATIONAL_VALUE_FIELDS))
    if fixed:
        raise ValidationError(
            dict.fromkeys(
                fixed,
                "A figure keeps its metric, period and touchpoint: enter another on its own.",
            )
        )
    figure.value = data.get("value", figure.value)
    figure.note = data.get("note", figure.note)
    figure.entered_by = by
    _field_rules(figure)
    figure.save(update_fields=["value", "note", "entered_by", "entered_at"])
    operational_refresh(metric=figure.metric)
    return figure


def _field_rules(figure: OperationalValue) -> None:
    """The model's field rules (the program's dates, a plain one-line note) before writing,
    named as the services' arguments are."""
    try:
        figure.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as refusal:
        raise ValidationError(
            {
                ("period_start_on" if name == "period_start" else name): errors
                for name, errors in refusal.error_dict.items()
            }
        ) from refusal
