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

Tagging is one INSERT ... SELECT per theme over the responses' comments with the theme's
regular expression (keyword_pattern), ON CONFLICT DO NOTHING: a comment mentions a theme once.
Sentiment needs Python (VADER's lexicon and rules): comments are read in id order, a batch at
a time, and written back with one UPDATE ... FROM (VALUES ...) per batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DateField, Q
from django.db.models.functions import Trim, TruncMonth

from cxgov import outbox
from cxgov.caching import data_changed
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
    data_changed()  # bulk writes: no model signal tells the cached panels
    return written


def _scored_metrics() -> list[Metric]:
    return [m for m in Metric.objects.all() if m.estimator != Estimator.VALUE]


# -- The three doors --------------------------------------------------------------------------


def comments_analyse(
    *, after_id: int, touched: Mapping[int, set[dt.date]], added: int
) -> dict[str, int]:
    """After an import, inside its transaction: tag the comments of the `added` responses it
    added (ids after `after_id`) and refresh the rollups of the months it touched. Their
    sentiment is scored here when the import is small (SENTIMENT_INLINE_MAX responses at
    most), else by `comments_sentiment` once this commits (through the outbox)."""
    tagged = sum(_tag(theme, after_id=after_id) for theme in Theme.objects.filter(is_active=True))
    scored = 0
    if added <= SENTIMENT_INLINE_MAX:
        scored = sentiment_analyse(after_id=after_id)
    else:
        outbox.enqueue(COMMENTS_SENTIMENT, after_id)
    rows = 0
    for metric in Metric.objects.filter(pk__in=list(touched)):
        rows += theme_rollup_refresh(metric=metric, months=touched[metric.pk])
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
            added = _tag(theme)
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
        added = 0
        for theme in Theme.objects.filter(is_active=True):
            removed += _untag_stale(theme)
            added += _tag(theme)
        scored = sentiment_analyse()
        rows = sum(theme_rollup_refresh(metric=metric) for metric in _scored_metrics())
    return {"mentions": added, "removed": removed, "scored": scored, "rollup_rows": rows}
