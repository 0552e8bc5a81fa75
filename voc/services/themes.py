"""Comment themes and sentiment: the core team's themes, applied to comments in SQL; VADER's
sentiment of each comment, in batches; and the monthly rollups the pages read.

Three doors apply them, all idempotent:
- an import, inside its transaction, to the responses it added (`comments_analyse`): themes
  always; sentiment inline only for a small import (SENTIMENT_INLINE_MAX responses at most).
  VADER is Python, a comment at a time: inside a large import it would about double the
  import's time (bench/README.md), so a large one leaves its comments' sentiment empty
  ("pending" on the pages) and queues `voc.comments_sentiment` through the outbox, which
  scores them in batches after the import commits and refreshes their months' rollups;
- a theme saved, through its queued job (`theme_apply`: that theme over every comment);
- the nightly backfill (`comments_backfill`): every theme, every comment not yet analysed,
  and the rollups rebuilt, so anything a door missed is caught the next night.

Tagging is INSERT ... SELECT over the responses' comments with each theme's regular expression
(keyword_pattern), ON CONFLICT DO NOTHING: a comment mentions a theme once. On PostgreSQL all
themes go in one statement a batch of responses, each behind a cheap substring test
(_tag_themes). An import adds its comments and mentions to the monthly rollups as increments
(_rollups_add); a theme's job and the backfill rebuild them (theme_rollup_refresh).
Sentiment needs Python (VADER's lexicon and rules): comments are read in id order, a batch at
a time, and written back with one UPDATE ... FROM (VALUES ...) per batch.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import Lower, Trim, TruncMonth

from cxgov import outbox
from cxgov.services import model_update, validated_save

from ..models import (
    THEME_DIMENSIONS,
    CommentRollup,
    DimensionKind,
    Metric,
    Response,
    Sentiment,
    Theme,
    ThemeMention,
    ThemeRollup,
    keyword_pattern,
    sentiment_of,
)
from ..periods import period_end
from ..permissions import can_manage_themes
from ..stats import Estimator

THEME_APPLY = "voc.theme_apply"
COMMENTS_SENTIMENT = "voc.comments_sentiment"
# An import adding more responses than this scores their sentiment after it commits (the
# one rule, read only by comments_analyse).
SENTIMENT_INLINE_MAX = 5000
THEME_FIELDS = ("name", "keywords", "languages", "is_active")
SENTIMENT_BATCH = 2000


# -- Themes, curated by the core team ---------------------------------------------------------


def theme_create(*, by: Any, data: Mapping[str, Any]) -> Theme:
    """A new theme; its job tags the comments that mention it once this commits."""
    can_manage_themes.enforce(by)
    with transaction.atomic():
        theme = validated_save(Theme(created_by=by, **data))
        outbox.enqueue(THEME_APPLY, theme.pk)
    return theme


def theme_update(*, theme: Theme, by: Any, data: Mapping[str, Any]) -> Theme:
    """Change a theme's name, keywords, languages or whether it is active; a change of words
    re-tags every comment (its job, once this commits)."""
    can_manage_themes.enforce(by)
    with transaction.atomic():
        theme, changed = model_update(instance=theme, fields=THEME_FIELDS, data=data)
        if changed:
            outbox.enqueue(THEME_APPLY, theme.pk)
    return theme


# -- Tagging ----------------------------------------------------------------------------------


def _tag(theme: Theme, *, after_id: int = 0) -> int:
    """Add the mentions of `theme` among the comments of responses after `after_id`."""
    matching = (
        Response.objects.filter(pk__gt=after_id)
        .exclude(comment="")
        .filter(comment__iregex=theme.pattern)
        .values("pk")
    )
    sql, params = matching.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ThemeMention._meta.db_table} (theme_id, response_id) "
            f"SELECT %s, q.pk FROM ({sql}) q WHERE true "
            f"ON CONFLICT (theme_id, response_id) DO NOTHING",
            [theme.pk, *params],
        )
        return max(cursor.rowcount, 0)


def _untag_stale(theme: Theme) -> int:
    """Remove the mentions of `theme` whose comment no longer matches its keywords."""
    stale = ThemeMention.objects.filter(theme=theme).exclude(
        response__comment__iregex=theme.pattern
    )
    return stale.delete()[0]


# The responses one tagging statement reads (by id), so a backfill over millions of comments
# holds a bounded working set.
TAG_BATCH = 250_000


def _prefilter(theme: Theme) -> list[str]:
    """Words at least one of which a comment must contain (lower-cased) for `theme`'s pattern
    to match it: each keyword's longest word, when every keyword is ASCII (on ASCII letters
    PostgreSQL's lower() and its case-insensitive regular expressions agree, so the test can
    only let through more than the pattern, never less). Empty for any other theme: then
    every comment goes to the case-insensitive pattern. Each word once, and none that holds
    another ("log" makes "login" redundant)."""
    if not all(keyword.isascii() for keyword in theme.keywords):
        return []
    words = {max(keyword.rstrip("*").lower().split(), key=len) for keyword in theme.keywords}
    # A word holding another ("login", "log") adds nothing to the test: drop it.
    return sorted(w for w in words if not any(o != w and o in w for o in words))


def _matches(themes: list[Theme], columns: str) -> tuple[str, list[Any]]:
    """One SELECT of (theme id, `columns`) per theme from the comments `c` (id, comment and
    its lower case lc) that mention it, joined by UNION ALL; and its parameters. A theme's
    regular expression runs only on the comments containing one of its words (a substring
    test, about a tenth of a regular expression's cost: bench/README.md)."""
    selects, params = [], []
    for theme in themes:
        words = _prefilter(theme)
        if words:
            # ASCII keywords: their lower-case pattern over the lower-cased comment, a quarter
            # cheaper than the case-insensitive one and matching the same comments (lower()
            # keeps each character a word character or not, as it was).
            test = " OR ".join("strpos(lc, %s) > 0" for _ in words)
            selects.append(
                f"SELECT %s AS theme_id, {columns} FROM c WHERE CASE WHEN {test} THEN lc ~ %s END"
            )
            lowered = keyword_pattern([k.lower() for k in theme.keywords])
            params += [theme.pk, *words, lowered]
        else:
            selects.append(f"SELECT %s AS theme_id, {columns} FROM c WHERE comment ~* %s")
            params += [theme.pk, theme.pattern]
    return " UNION ALL ".join(selects), params


def _last_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {Response._meta.db_table}")
        return cursor.fetchone()[0] or 0


def _tag_themes(themes: Iterable[Theme], *, after_id: int = 0) -> int:
    """Add the mentions of `themes` among the comments of responses after `after_id`; returns
    how many were added. On PostgreSQL, one statement per batch of responses for all the
    themes, each comment read and lower-cased once (_matches). Elsewhere, one INSERT ...
    SELECT a theme."""
    themes = list(themes)
    if not themes:
        return 0
    if connection.vendor != "postgresql":
        return sum(_tag(theme, after_id=after_id) for theme in themes)
    table = Response._meta.db_table
    matches, params = _matches(themes, "id")
    added = 0
    with connection.cursor() as cursor:
        for start in range(after_id, _last_id(), TAG_BATCH):
            cursor.execute(
                f"WITH c AS MATERIALIZED (SELECT id, comment, lower(comment) AS lc FROM {table} "
                f"WHERE id > %s AND id <= %s AND comment <> '') "
                f"INSERT INTO {ThemeMention._meta.db_table} (theme_id, response_id) "
                f"{matches} ON CONFLICT (theme_id, response_id) DO NOTHING",
                [start, start + TAG_BATCH, *params],
            )
            added += max(cursor.rowcount, 0)
    return added


# -- Sentiment --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _analyser() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def comment_sentiment(text: str) -> tuple[str, float]:
    """A comment's sentiment and VADER's compound score (-1 to 1)."""
    compound = round(_analyser().polarity_scores(text)["compound"], 4)
    return sentiment_of(compound), compound


def _score_batch(rows: list[tuple[int, str]]) -> None:
    table = Response._meta.db_table
    values, params = [], []
    for pk, comment in rows:
        if comment.strip():
            label, compound = comment_sentiment(comment)
        else:
            label, compound = Sentiment.NEUTRAL, 0.0
        values.append("(%s, %s, %s)")
        params += [pk, label, compound]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET sentiment = v.column2, sentiment_score = v.column3 "
            f"FROM (VALUES {', '.join(values)}) AS v WHERE {table}.id = v.column1 "
            f"AND {table}.sentiment_score IS NULL",
            params,
        )


def _unscored(after_id: int, batch: int) -> list[tuple[int, str, int, dt.datetime]]:
    return list(
        Response.objects.filter(pk__gt=after_id, sentiment_score__isnull=True)
        .exclude(comment="")
        .order_by("pk")
        .values_list("pk", "comment", "metric_id", "responded_at")[:batch]
    )


def sentiment_analyse(*, after_id: int = 0, batch: int = SENTIMENT_BATCH) -> int:
    """Score every comment after `after_id` not yet scored, in the caller's transaction.
    Returns how many."""
    scored, last = 0, after_id
    while rows := _unscored(last, batch):
        _score_batch([(pk, comment) for pk, comment, _m, _d in rows])
        scored += len(rows)
        last = rows[-1][0]
    return scored


def comments_sentiment(*, after_id: int, batch: int = SENTIMENT_BATCH) -> dict[str, int]:
    """After a large import commits (its queued job): score the comments after `after_id`
    not yet scored, a batch per transaction (a worker stopped half-way leaves the rest for its
    retry or the nightly backfill), then refresh the comment rollups of the months they fall
    in, which count sentiment. Idempotent: a comment is scored once (only while its score is
    empty), and a second run finds none and refreshes nothing."""
    scored, last = 0, after_id
    months: dict[int, set[dt.date]] = {}
    zones = {m.pk: m.time_zone for m in Metric.objects.all()}
    while rows := _unscored(last, batch):
        with transaction.atomic():
            _score_batch([(pk, comment) for pk, comment, _m, _d in rows])
        for _pk, _comment, metric_id, responded_at in rows:
            day = responded_at.astimezone(zones[metric_id]).date()
            months.setdefault(metric_id, set()).add(day.replace(day=1))
        scored += len(rows)
        last = rows[-1][0]
    rows_written = sum(
        theme_rollup_refresh(metric=metric, months=months[metric.pk])
        for metric in Metric.objects.filter(pk__in=list(months))
    )
    return {"scored": scored, "rollup_rows": rows_written}


# -- Rollups ----------------------------------------------------------------------------------


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _window(metric: Metric, months: list[dt.date] | None, prefix: str = "") -> Q:
    if not months:
        return Q()
    tz = metric.time_zone
    start = dt.datetime.combine(months[0], dt.time(), tzinfo=tz)
    end = dt.datetime.combine(period_end(months[-1], "month"), dt.time(), tzinfo=tz)
    return Q(**{f"{prefix}responded_at__gte": start, f"{prefix}responded_at__lt": end})


def _group(kind: str, prefix: str = "") -> tuple[list[str], Q]:
    if kind == DimensionKind.OVERALL:
        return [], Q()
    return [f"{prefix}touchpoint_id"], Q(**{f"{prefix}touchpoint_id__isnull": False})


def _comment_rows(metric: Metric, months: list[dt.date] | None) -> list[CommentRollup]:
    commented = (
        Response.objects.filter(_window(metric, months), metric=metric)
        .annotate(trimmed=Trim("comment"))
        .exclude(trimmed="")
        .annotate(
            period=TruncMonth("responded_at", tzinfo=metric.time_zone, output_field=DateField())
        )
    )
    detractor = metric.detractor_q()
    rows = []
    for kind in THEME_DIMENSIONS:
        columns, present = _group(kind)
        for row in (
            commented.filter(present)
            .values("period", *columns)
            .annotate(
                comments=Count("id"),
                detractor_comments=Count("id", filter=detractor),
                negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
                neutral=Count("id", filter=Q(sentiment=Sentiment.NEUTRAL)),
                positive=Count("id", filter=Q(sentiment=Sentiment.POSITIVE)),
            )
            .order_by()
        ):
            rows.append(
                CommentRollup(
                    metric=metric,
                    period_start=_as_date(row["period"]),
                    dimension_kind=kind,
                    dimension_id=row[columns[0]] if columns else 0,
                    **{
                        k: row[k]
                        for k in (
                            "comments",
                            "detractor_comments",
                            "negative",
                            "neutral",
                            "positive",
                        )
                    },
                )  # fmt: skip
            )
    return rows


def _theme_rows(
    metric: Metric, months: list[dt.date] | None, themes: list[int] | None
) -> list[ThemeRollup]:
    mentions = ThemeMention.objects.filter(
        _window(metric, months, "response__"), response__metric=metric, theme__is_active=True
    )
    if themes is not None:
        mentions = mentions.filter(theme_id__in=themes)
    mentions = mentions.annotate(
        period=TruncMonth(
            "response__responded_at", tzinfo=metric.time_zone, output_field=DateField()
        )
    )
    detractor = metric.detractor_q("response__")
    rows = []
    for kind in THEME_DIMENSIONS:
        columns, present = _group(kind, "response__")
        for row in (
            mentions.filter(present)
            .values("theme_id", "period", *columns)
            .annotate(mentions=Count("id"), detractor_mentions=Count("id", filter=detractor))
            .order_by()
        ):
            rows.append(
                ThemeRollup(
                    theme_id=row["theme_id"],
                    metric=metric,
                    period_start=_as_date(row["period"]),
                    dimension_kind=kind,
                    dimension_id=row[columns[0]] if columns else 0,
                    mentions=row["mentions"],
                    detractor_mentions=row["detractor_mentions"],
                )
            )
    return rows


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def theme_rollup_refresh(
    *, metric: Metric, months: Iterable[dt.date] | None = None, themes: list[int] | None = None
) -> int:
    """Recompute the comment and theme rollups of `metric` for the months from the first to
    the last of `months` (all months when None); with `themes`, only those themes' rows (the
    comment rows then stay as they are). Returns the rows written."""
    if metric.estimator == Estimator.VALUE:
        return 0
    span = sorted({_month(d) for d in months}) if months is not None else None
    if span is not None and not span:
        return 0
    if span:
        span = [span[0], span[-1]]
    in_span = Q(period_start__gte=span[0], period_start__lte=span[-1]) if span else Q()
    with transaction.atomic():
        written = 0
        if themes is None:
            CommentRollup.objects.filter(in_span, metric=metric).delete()
            written += len(CommentRollup.objects.bulk_create(_comment_rows(metric, span)))
        old = ThemeRollup.objects.filter(in_span, metric=metric)
        if themes is not None:
            old = old.filter(theme_id__in=themes)
        old.delete()
        written += len(ThemeRollup.objects.bulk_create(_theme_rows(metric, span, themes)))
    return written


COMMENT_COUNTS = ("comments", "detractor_comments", "negative", "neutral", "positive")
THEME_COUNTS = ("mentions", "detractor_mentions")


def _detractor(metrics: list[Metric], prefix: str = "") -> Q:
    """Each metric's own detractor rule (Metric.detractor_q), for rows of any of them."""
    rules = [Q(**{f"{prefix}metric": m}) & m.detractor_q(prefix) for m in metrics]
    return functools.reduce(operator.or_, rules)


def _increments(model: type, source: str, keys: list[str], counts: tuple[str, ...]) -> str:
    """The statement adding the counts of `source` (a CTE grouped by `keys`, the month as
    `period` and `touchpoint_id`) to `model`'s rollup rows: a row per touchpoint and one
    overall per month, created when missing. The counts only add, so imports committing one
    after the other each add their own rows."""
    table = model._meta.db_table
    key_list = ", ".join(keys)
    listed = ", ".join(counts)
    summed = ", ".join(f"sum({c})" for c in counts)
    return (
        f"INSERT INTO {table} ({key_list}, period_start, dimension_kind, dimension_id, {listed}) "
        f"SELECT * FROM ("
        f"SELECT {key_list}, period, '{DimensionKind.TOUCHPOINT.value}', touchpoint_id, {listed} "
        f"FROM {source} WHERE touchpoint_id IS NOT NULL UNION ALL "
        f"SELECT {key_list}, period, '{DimensionKind.OVERALL.value}', 0, {summed} "
        f"FROM {source} GROUP BY {key_list}, period) x WHERE true "
        f"ON CONFLICT ({key_list}, dimension_kind, dimension_id, period_start) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    )


def _upsert_increments(
    model: type, aggregate: Any, keys: list[str], counts: tuple[str, ...]
) -> int:
    """Add `aggregate`'s counts to `model`'s rollup rows (_increments), in one statement."""
    sql, params = aggregate.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH agg AS ({sql}) " + _increments(model, "agg", keys, counts), params)
        return max(cursor.rowcount, 0)


def _by_reporting_zone(metrics: list[Metric]) -> list[list[Metric]]:
    """The scored metrics among `metrics` (a value metric has no comment rollups), grouped by
    their reporting time zone: the months of each group's comments are cut in that zone."""
    zones: dict[str, list[Metric]] = {}
    for metric in metrics:
        if metric.estimator != Estimator.VALUE:
            zones.setdefault(metric.reporting_time_zone, []).append(metric)
    return list(zones.values())


def _rollups_add(*, after_id: int, metrics: list[Metric]) -> int:
    """Add the comments and mentions of the responses after `after_id` (those an import just
    added, tagged) to the comment and theme rollups of their months: one aggregate over the
    new rows for each table and reporting time zone, upserted as increments, so the cost
    follows the import's size, not its months'. Returns the rows written. (Not PostgreSQL:
    there _analyse_new counts them in the tagging's statement.)"""
    written = 0
    for group in _by_reporting_zone(metrics):
        tz = group[0].time_zone
        comments = (
            Response.objects.filter(pk__gt=after_id, metric__in=group)
            .annotate(trimmed=Trim("comment"))
            .exclude(trimmed="")
            .annotate(period=TruncMonth("responded_at", tzinfo=tz, output_field=DateField()))
            .values("metric_id", "period", "touchpoint_id")
            .annotate(
                comments=Count("id"),
                detractor_comments=Count("id", filter=_detractor(group)),
                negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
                neutral=Count("id", filter=Q(sentiment=Sentiment.NEUTRAL)),
                positive=Count("id", filter=Q(sentiment=Sentiment.POSITIVE)),
            )
            .order_by()
        )
        written += _upsert_increments(CommentRollup, comments, ["metric_id"], COMMENT_COUNTS)
        mentions = (
            ThemeMention.objects.filter(
                response_id__gt=after_id, response__metric__in=group, theme__is_active=True
            )
            .annotate(
                period=TruncMonth("response__responded_at", tzinfo=tz, output_field=DateField())
            )
            .values("theme_id", "period", metric_id=F("response__metric_id"),
                    touchpoint_id=F("response__touchpoint_id"))
            .annotate(
                mentions=Count("id"),
                detractor_mentions=Count("id", filter=_detractor(group, "response__")),
            )
            .order_by()
        )  # fmt: skip
        written += _upsert_increments(
            ThemeRollup, mentions, ["theme_id", "metric_id"], THEME_COUNTS
        )
    return written


def _scored_metrics() -> list[Metric]:
    return [m for m in Metric.objects.all() if m.estimator != Estimator.VALUE]


def _own_range(after_id: int, added: int) -> tuple[int, int] | None:
    """The ids of the `added` responses an import just added after `after_id`, as (first,
    last), when the responses after `after_id` this transaction sees are exactly as many
    and fill that range without a gap. Then every id in it is the import's own: no other
    transaction holds one, none of its comments is tagged yet, and a later statement sees
    no other row in it. None otherwise (another import committed meanwhile, or the insert
    skipped ids for rows already there): the caller then reads every response after
    `after_id`, as it did before (a mention there may exist, a count may be another's)."""
    if not added:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), min(id), max(id) FROM {Response._meta.db_table} WHERE id > %s",
            [after_id],
        )
        count, first, last = cursor.fetchone()
    if count == added and last - first + 1 == added:
        return first, last
    return None


def _new_comments(metrics: list[Metric], first: int, last: int) -> tuple[str, list[Any]]:
    """The SELECT of the comments of the responses with ids in (first, last], with what the
    rollups count of each: id, comment and its lower case (lc), metric, touchpoint, sentiment,
    the month in the metric's reporting zone (`period`, NULL for a metric without rollups),
    whether a detractor's (the metric's own rule) and whether a comment once trimmed
    (`counted`: the comment rollups' rule, as _comment_rows)."""
    zones = _by_reporting_zone(metrics)
    scored = [m for group in zones for m in group]
    month = [
        When(
            metric_id__in=[m.pk for m in group],
            then=TruncMonth("responded_at", tzinfo=group[0].time_zone, output_field=DateField()),
        )
        for group in zones
    ]
    rows = (
        Response.objects.filter(pk__gt=first, pk__lte=last)
        .exclude(comment="")
        .annotate(
            lc=Lower("comment"),
            trimmed=Trim("comment"),
            period=Case(*month, output_field=DateField()) if month else Value(None, DateField()),
            detractor=ExpressionWrapper(
                _detractor(scored) if scored else Q(pk__in=[]), output_field=BooleanField()
            ),
            counted=ExpressionWrapper(~Q(trimmed=""), output_field=BooleanField()),
        )
        .values(
            "id", "comment", "lc", "metric_id", "touchpoint_id", "sentiment", "period",
            "detractor", "counted",
        )
        .order_by()
    )  # fmt: skip
    sql, params = rows.query.sql_with_params()
    return sql, list(params)


def _analyse_new(
    themes: list[Theme], metrics: list[Metric], *, after_id: int, own: tuple[int, int] | None
) -> tuple[int, int]:
    """PostgreSQL: tag the comments of the responses an import added and add them and their
    mentions to the comment and theme rollups, in one statement per batch of responses: the
    new rows are read once, the mentions counted as they are found (no second read of the
    responses, no join of the mentions back to them). With `own` (_own_range), the ids the
    import added and nothing else: no mention of them exists, so a plain INSERT (ON
    CONFLICT's speculative insertion cost a third of the tagging, bench/README.md). Without,
    every response after `after_id`, ON CONFLICT DO NOTHING (their counts may include
    another import's, as the increments always did). Returns (mentions added, rollup rows
    written)."""
    first, last = (own[0] - 1, own[1]) if own else (after_id, _last_id())
    fields = "id, metric_id, touchpoint_id, period, detractor"
    matches, match_params = _matches(themes, fields) if themes else ("", [])
    if not matches:  # no theme: the comments still count
        matches = f"SELECT 0 AS theme_id, {fields} FROM c WHERE false"
    conflict = "" if own else " ON CONFLICT (theme_id, response_id) DO NOTHING"
    sentiments = ", ".join(
        f"count(*) FILTER (WHERE sentiment = '{s.value}') AS {s.value}"
        for s in (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE)
    )
    tagged = rows = 0
    with connection.cursor() as cursor:
        for start in range(first, last, TAG_BATCH):
            new_sql, new_params = _new_comments(metrics, start, min(start + TAG_BATCH, last))
            cursor.execute(
                f"WITH c AS MATERIALIZED ({new_sql}), "
                f"m AS MATERIALIZED ({matches}), "
                f"tagged AS (INSERT INTO {ThemeMention._meta.db_table} (theme_id, response_id) "
                f"SELECT theme_id, id FROM m{conflict} RETURNING 1), "
                f"cc AS (SELECT metric_id, period, touchpoint_id, count(*) AS comments, "
                f"count(*) FILTER (WHERE detractor) AS detractor_comments, {sentiments} "
                f"FROM c WHERE counted AND period IS NOT NULL GROUP BY 1, 2, 3), "
                f"cr AS ({_increments(CommentRollup, 'cc', ['metric_id'], COMMENT_COUNTS)} "
                f"RETURNING 1), "
                f"mc AS (SELECT theme_id, metric_id, period, touchpoint_id, count(*) AS mentions, "
                f"count(*) FILTER (WHERE detractor) AS detractor_mentions "
                f"FROM m WHERE period IS NOT NULL GROUP BY 1, 2, 3, 4), "
                f"tr AS ({_increments(ThemeRollup, 'mc', ['theme_id', 'metric_id'], THEME_COUNTS)} "
                f"RETURNING 1) "
                f"SELECT (SELECT count(*) FROM tagged), "
                f"(SELECT count(*) FROM cr) + (SELECT count(*) FROM tr)",
                [*new_params, *match_params],
            )
            added, written = cursor.fetchone()
            tagged, rows = tagged + added, rows + written
    return tagged, rows


# -- The three doors --------------------------------------------------------------------------


def comments_analyse(
    *, after_id: int, touched: Mapping[int, set[dt.date]], added: int
) -> dict[str, int]:
    """After an import, inside its transaction: tag the comments of the `added` responses it
    added (ids after `after_id`) and refresh the rollups of the months it touched. Their
    sentiment is scored here when the import is small (SENTIMENT_INLINE_MAX responses at
    most), else by `comments_sentiment` once this commits (through the outbox)."""
    themes = list(Theme.objects.filter(is_active=True))
    metrics = list(Metric.objects.filter(pk__in=list(touched)))
    scored = 0
    # Scored first: the comment rollups count the sentiment.
    if added <= SENTIMENT_INLINE_MAX:
        scored = sentiment_analyse(after_id=after_id)
    else:
        outbox.enqueue(COMMENTS_SENTIMENT, after_id)
    if connection.vendor == "postgresql":
        own = _own_range(after_id, added)
        tagged, rows = _analyse_new(themes, metrics, after_id=after_id, own=own)
    else:
        tagged = _tag_themes(themes, after_id=after_id)
        rows = _rollups_add(after_id=after_id, metrics=metrics)
    return {"mentions": tagged, "scored": scored, "rollup_rows": rows}


def theme_apply(*, theme_id: int) -> dict[str, int]:
    """One theme over every comment (after it was created or its words changed): its mentions
    made exactly those the keywords match, and its rollup rows rebuilt. Idempotent; a theme
    deleted since is nothing to do."""
    theme = Theme.objects.filter(pk=theme_id).first()
    if theme is None:
        return {"mentions": 0, "removed": 0, "rollup_rows": 0}
    with transaction.atomic():
        if theme.is_active:
            removed = _untag_stale(theme)
            added = _tag_themes([theme])
        else:
            removed, added = ThemeMention.objects.filter(theme=theme).delete()[0], 0
        rows = sum(
            theme_rollup_refresh(metric=metric, themes=[theme.pk]) for metric in _scored_metrics()
        )
    return {"mentions": added, "removed": removed, "rollup_rows": rows}


def comments_backfill() -> dict[str, int]:
    """Nightly: every active theme over every comment (stale mentions removed, those of
    inactive themes too), every comment not yet scored scored, and every theme and comment
    rollup rebuilt. Running it twice changes nothing the second time."""
    with transaction.atomic():
        removed = ThemeMention.objects.filter(theme__is_active=False).delete()[0]
        active = list(Theme.objects.filter(is_active=True))
        for theme in active:
            removed += _untag_stale(theme)
        added = _tag_themes(active)
        scored = sentiment_analyse()
        rows = sum(theme_rollup_refresh(metric=metric) for metric in _scored_metrics())
    return {"mentions": added, "removed": removed, "scored": scored, "rollup_rows": rows}
