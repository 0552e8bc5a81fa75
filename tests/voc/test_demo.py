"""The demo: 30,000+ responses over twelve months, a dip and recovery on mobile app login, targets on
NPS, CSAT and CES, and the alerts the dip raises. Seeded once."""

import pytest

from cxgov.demo import seed_users
from voc import demo
from voc.models import Alert, KpiRollup, KpiTarget, Metric, Response, SuggestedTheme, Touchpoint
from voc.selectors import key_drivers, latest_comment_month, months_back, themes_with_mentions

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_year_with_a_dip_and_recovery_on_app_login():
    assert demo.seed(people=seed_users()) is True
    assert Response.objects.count() >= 30_000
    app_login = Touchpoint.objects.get(code="app-login")
    months = list(
        KpiRollup.objects.filter(
            metric__code="nps", granularity="month", dimension_kind="touchpoint",
            dimension_id=app_login.pk,
        ).order_by("period_start").values_list("score", flat=True)
    )  # fmt: skip
    assert len(months) == 12
    lowest = months.index(min(months))
    assert 0 < lowest < 11
    assert months[lowest] < months[0] - 30 and months[-1] > months[lowest] + 30
    assert set(KpiTarget.objects.values_list("metric__code", flat=True)) == {"nps", "csat", "ces"}
    assert Alert.objects.filter(dimension_id=app_login.pk, kind="off_track").exists()
    # Curated themes each mentioned, some driving NPS down over the year, topics suggested.
    themes = list(themes_with_mentions())
    assert len(themes) == len(demo.DEMO_THEMES) and all(t.mention_count for t in themes)
    last = latest_comment_month(Metric.objects.get(code="nps"))
    table = key_drivers(metric=Metric.objects.get(code="nps"),
                        first_month=months_back(last, 12), last_month=last)  # fmt: skip
    assert any(d.drives_down for d in table.drivers)
    assert SuggestedTheme.objects.filter(status="open").exists()
    assert demo.seed(people=seed_users()) is False


def test_demo_cases_are_open_overdue_and_closed_in_and_out_of_time_and_alerts_meet_the_committee():
    import datetime as dt

    from django.utils import timezone

    from governance.models import Tier
    from tests.factories import BodyFactory
    from tests.governance.factories import MeetingFactory
    from voc.models import ClosedLoopCase
    from voc.selectors import case_counts_by_touchpoint

    demo.seed(people=seed_users())
    counts = case_counts_by_touchpoint()
    assert sum(r.open for r in counts) > 0 and sum(r.overdue for r in counts) > 0
    assert sum(r.closed_in_time for r in counts) > sum(r.closed_late for r in counts) > 0
    assert not ClosedLoopCase.objects.filter(owner__isnull=True).exists()
    assert ClosedLoopCase.objects.filter(touchpoint__code="app-login", owner__username="ben")
    committee = BodyFactory(tier=Tier.STEERING_COMMITTEE)
    ahead = MeetingFactory(body=committee, starts_at=timezone.now() + dt.timedelta(days=9))
    assert demo.mark_alerts_for_meetings() == Alert.objects.count()
    latest = Alert.objects.order_by("-period_start").first().period_start
    assert set(Alert.objects.filter(period_start=latest).values_list("meeting", flat=True)) == {
        ahead.pk
    }
    assert demo.mark_alerts_for_meetings() == 0  # marked once
