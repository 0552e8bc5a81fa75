"""The demo: 30,000+ responses over twelve months, a dip and recovery on Delivery, targets on
NPS, CSAT and CES, and the alerts the dip raises. Seeded once."""

import pytest

from cxgov.demo import seed_users
from voc import demo
from voc.models import Alert, KpiRollup, KpiTarget, Response, Touchpoint

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_year_with_a_dip_and_recovery_on_delivery():
    assert demo.seed(people=seed_users()) is True
    assert Response.objects.count() >= 30_000
    delivery = Touchpoint.objects.get(code="delivery")
    months = list(
        KpiRollup.objects.filter(
            metric__code="nps", granularity="month", dimension_kind="touchpoint",
            dimension_id=delivery.pk,
        ).order_by("period_start").values_list("score", flat=True)
    )  # fmt: skip
    assert len(months) == 12
    lowest = months.index(min(months))
    assert 0 < lowest < 11
    assert months[lowest] < months[0] - 30 and months[-1] > months[lowest] + 30
    assert set(KpiTarget.objects.values_list("metric__code", flat=True)) == {"nps", "csat", "ces"}
    assert Alert.objects.filter(dimension_id=delivery.pk, kind="off_track").exists()
    assert demo.seed(people=seed_users()) is False
