"""KPI rollups: the database's numbers against a plain Python reference from the raw responses,
every stored score and interval against voc.stats, and incremental refreshes against a full
rebuild after random imports."""

from __future__ import annotations

import datetime as dt
import io
import random
import zoneinfo
from collections import defaultdict

import pytest

from governance.models import BusinessUnit
from voc import stats
from voc.models import KpiRollup, Response
from voc.periods import period_end, period_start
from voc.services import (
    import_responses,
    rollup_rebuild,
    rollup_refresh,
    rollup_refresh_touched,
)

from .factories import ChannelFactory, ResponseFactory, SegmentFactory, TouchpointFactory, metric

pytestmark = pytest.mark.django_db

GRANULARITIES = ("day", "week", "month", "quarter")
DIMENSIONS = {
    "touchpoint": "touchpoint_id",
    "channel": "channel_id",
    "segment": "segment_id",
    "business_unit": "business_unit_id",
}


def stored(metric_obj=None) -> dict[tuple, tuple]:
    rows = (
        KpiRollup.objects.all()
        if metric_obj is None
        else KpiRollup.objects.filter(metric=metric_obj)
    )
    return {
        (r.metric_id, r.granularity, r.period_start, r.dimension_kind, r.dimension_id): (
            r.n,
            r.promoters,
            r.passives,
            r.detractors,
            r.share_count,
            round(r.total, 6),
            round(r.total_squares, 6),
            None if r.score is None else round(r.score, 9),
            None if r.low is None else round(r.low, 9),
            None if r.high is None else round(r.high, 9),
        )
        for r in rows
    }


def reference_counts(metric_obj) -> dict[tuple, dict]:
    """Group the raw responses in Python: local date in the metric's zone, each granularity,
    overall and per dimension value."""
    tz = zoneinfo.ZoneInfo(metric_obj.reporting_time_zone)
    groups: dict[tuple, list[float]] = defaultdict(list)
    for r in Response.objects.filter(metric=metric_obj):
        day = r.responded_at.astimezone(tz).date()
        for granularity in GRANULARITIES:
            start = period_start(day, granularity)
            groups[(granularity, start, "overall", 0)].append(r.score)
            for kind, column in DIMENSIONS.items():
                if getattr(r, column) is not None:
                    groups[(granularity, start, kind, getattr(r, column))].append(r.score)
    return groups


def assert_matches_reference(metric_obj):
    reference = reference_counts(metric_obj)
    rows = {
        (r.granularity, r.period_start, r.dimension_kind, r.dimension_id): r
        for r in KpiRollup.objects.filter(metric=metric_obj)
    }
    assert set(rows) == set(reference)
    for key, scores in reference.items():
        row = rows[key]
        assert row.n == len(scores), key
        if metric_obj.code == "nps":
            expected = stats.nps(
                promoters=sum(s >= 9 for s in scores),
                passives=sum(7 <= s <= 8 for s in scores),
                detractors=sum(s <= 6 for s in scores),
            )
        elif metric_obj.code == "csat":
            expected = stats.share(successes=sum(s >= 4 for s in scores), n=len(scores))
        else:
            expected = stats.mean(
                n=len(scores), total=sum(scores), sum_squares=sum(s * s for s in scores)
            )
        assert row.score == pytest.approx(expected.value, abs=1e-9), key
        if expected.has_interval:
            assert row.low == pytest.approx(expected.low, abs=1e-7), key
            assert row.high == pytest.approx(expected.high, abs=1e-7), key
        else:
            assert row.low is None and row.high is None


def test_periods_start_on_monday_the_first_and_the_quarter():
    day = dt.date(2026, 5, 14)  # a Thursday
    assert period_start(day, "week") == dt.date(2026, 5, 11)
    assert period_start(day, "month") == dt.date(2026, 5, 1)
    assert period_start(day, "quarter") == dt.date(2026, 4, 1)
    assert period_end(dt.date(2026, 10, 1), "quarter") == dt.date(2027, 1, 1)


def test_days_are_cut_at_midnight_in_the_metrics_reporting_time_zone():
    nps = metric("nps")
    nps.reporting_time_zone = "America/New_York"
    nps.save()
    # 03:00 UTC on 2 March is 22:00 on 1 March in New York.
    ResponseFactory(metric=nps, score=10, responded_at=dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC))
    ResponseFactory(metric=nps, score=0, responded_at=dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC))
    rollup_rebuild(metric=nps)
    days = dict(
        KpiRollup.objects.filter(
            metric=nps, granularity="day", dimension_kind="overall"
        ).values_list("period_start", "score")
    )
    assert days == {dt.date(2026, 3, 1): 100.0, dt.date(2026, 3, 2): -100.0}
    # Sunday 1 March closes the week of 23 February; Monday 2 March opens the next.
    weeks = dict(
        KpiRollup.objects.filter(
            metric=nps, granularity="week", dimension_kind="overall"
        ).values_list("period_start", "score")
    )
    assert weeks == {dt.date(2026, 2, 23): 100.0, dt.date(2026, 3, 2): -100.0}


def test_hand_worked_nps_day_with_interval():
    nps = metric("nps")
    when = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    for score in [10, 9, 9, 10, 9, 8, 7, 7, 3, 0]:
        ResponseFactory(metric=nps, score=score, responded_at=when)
    rollup_rebuild(metric=nps)
    row = KpiRollup.objects.get(metric=nps, granularity="day", dimension_kind="overall")
    # 5 promoters, 3 passives, 2 detractors: 30 points, interval -21.03 to 81.03 (see test_stats).
    assert (row.n, row.promoters, row.passives, row.detractors) == (10, 5, 3, 2)
    assert row.score == pytest.approx(30.0)
    assert row.low == pytest.approx(-21.026, abs=1e-3) and row.high == pytest.approx(
        81.026, abs=1e-3
    )
    assert row.small_sample


@pytest.fixture
def dims(db):
    return {
        "touchpoint": [TouchpointFactory(code=f"tp{i}").code for i in range(3)],
        "channel": [ChannelFactory(code=f"ch{i}").code for i in range(2)],
        "segment": [SegmentFactory(code=f"sg{i}").code for i in range(2)],
        "business_unit": [
            BusinessUnit.objects.create(code=f"bu{i}", name=f"BU {i}").code for i in range(2)
        ],
    }


SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def random_file(rng: random.Random, dims, start: int, count: int, *, days: int = 120) -> io.BytesIO:
    lines = ["metric,score,responded_at,external_id,touchpoint,channel,segment,business_unit"]
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for i in range(start, start + count):
        code = rng.choice(list(SCALES))
        low, high = SCALES[code]
        when = base + dt.timedelta(minutes=rng.randrange(days * 24 * 60))
        pick = [
            rng.choice([*dims[k], ""])
            for k in ("touchpoint", "channel", "segment", "business_unit")
        ]
        # Some ids repeat earlier ones: re-imports that must add nothing.
        ext = i if rng.random() > 0.1 or i == 0 else rng.randrange(i)
        lines.append(
            f"{code},{rng.randint(low, high)},{when.isoformat()},e{ext}-{i if ext == i else ext},"
            + ",".join(pick)
        )
    return io.BytesIO(("\n".join(lines) + "\n").encode())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_refreshes_after_random_imports_agree_with_a_full_rebuild(dims, seed):
    rng = random.Random(seed)
    nps = metric("nps")
    nps.reporting_time_zone = "Europe/Paris"
    nps.save()
    start = 0
    for batch in range(4):
        count = rng.randint(20, 300)
        source = random_file(rng, dims, start, count, days=rng.choice([3, 40, 200]))
        start += count
        result = import_responses(source=source, all_or_nothing=False)
        rollup_refresh_touched(result.touched)
        if batch == 1:
            rollup_refresh_touched(result.touched)  # twice: idempotent
    incremental = stored()
    KpiRollup.objects.all().delete()
    rollup_rebuild()
    assert stored() == incremental
    for code in SCALES:
        assert_matches_reference(metric(code))


def test_means_use_the_t_quantile_of_their_own_sample_size(dims):
    ces = metric("ces")
    rng = random.Random(7)
    base = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    # Days with 1, 2, 3, 30, 199, 200 and 260 responses: both sides of the table/expansion seam.
    sizes = [1, 2, 3, 30, 199, 200, 260]
    Response.objects.bulk_create(
        Response(
            metric=ces,
            score=rng.randint(1, 7),
            responded_at=base + dt.timedelta(days=d),
            external_id=f"c{d}-{i}",
        )
        for d, size in enumerate(sizes)
        for i in range(size)
    )
    rollup_rebuild(metric=ces)
    assert_matches_reference(ces)


def test_refresh_touches_only_the_periods_containing_the_days():
    nps = metric("nps")
    ResponseFactory(metric=nps, score=10, responded_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC))
    ResponseFactory(metric=nps, score=0, responded_at=dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC))
    rollup_refresh(metric=nps, days=[dt.date(2026, 5, 10)])
    assert set(KpiRollup.objects.values_list("granularity", "period_start")) == {
        ("day", dt.date(2026, 5, 10)),
        ("week", dt.date(2026, 5, 4)),
        ("month", dt.date(2026, 5, 1)),
        ("quarter", dt.date(2026, 4, 1)),
    }


@pytest.mark.postgres
def test_a_refresh_turns_jit_off_and_gives_room_to_hash_but_never_lowers_work_mem():
    from django.db import connection, transaction

    nps = metric("nps")
    ResponseFactory(metric=nps, score=10, responded_at=dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC))

    def settings() -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), current_setting('work_mem')")
            return cursor.fetchone()

    with transaction.atomic():
        rollup_refresh(metric=nps, days=[dt.date(2026, 5, 10)])
        assert settings() == ("off", "64MB")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
        rollup_refresh(metric=nps, days=[dt.date(2026, 5, 10)])
        assert settings() == ("off", "256MB")
    assert KpiRollup.objects.filter(granularity="day").get().n == 1


def test_the_nightly_rebuild_is_declared_in_beat_and_rebuilds_through_the_real_task():
    from django_celery_beat.models import PeriodicTask

    from cxgov.celery import app as celery_app
    from voc.tasks import rollup_rebuild_task

    job = PeriodicTask.objects.get(task="voc.rollup_rebuild")
    assert (job.crontab.hour, job.crontab.minute, job.enabled) == ("1", "30", True)
    assert "voc.rollup_rebuild" in celery_app.tasks
    ResponseFactory(score=10)
    # A response without dimensions: one overall row per granularity.
    assert rollup_rebuild_task.apply().get() == 4
    assert KpiRollup.objects.filter(dimension_kind="overall").count() == 4


def test_rebuilding_twice_gives_the_same_rows():
    ResponseFactory(score=10)
    ResponseFactory(score=4, external_id="x2")
    rollup_rebuild()
    first = stored()
    rollup_rebuild()
    assert stored() == first
