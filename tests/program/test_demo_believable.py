"""The whole demo, seeded as `make run` seeds it, read as a CX leader would: meeting minutes
quote the figures the demo's own responses give (counted here from the raw responses, not from
the rollups), no decision is taken twice, each initiative moves the targets its subject speaks
for, and every business unit has a reason to be there, cases sitting only under the units that
face customers."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from governance.models import (
    Acknowledgement,
    AgendaItem,
    BusinessUnit,
    CharterVersion,
    Decision,
    Membership,
    MissionStatement,
    Tier,
)
from portfolio.demo import SUBJECTS, target_subject
from portfolio.models import Initiative, TargetLink
from tests.snapshots import put_back_demo
from voc.models import ClosedLoopCase, Metric, Response

pytestmark = pytest.mark.django_db

CUSTOMER_FACING = {"retail", "commercial", "wealth", "service"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_snapshot):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            put_back_demo(demo_snapshot)
            yield
            transaction.set_rollback(True)


def nps_of_month(month: dt.date) -> float:
    """NPS from the raw responses given in `month` (the metric's reporting zone): the share of
    promoters (9-10) less the share of detractors (0-6), in points."""
    metric = Metric.objects.get(code="nps")
    zone = metric.time_zone
    scores = [
        score
        for score, at in Response.objects.filter(metric=metric).values_list("score", "responded_at")
        if at.astimezone(zone).date().replace(day=1) == month
    ]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100 * (promoters - detractors) / len(scores)


def _month_before(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def test_the_kpi_minutes_quote_the_nps_the_responses_give(demo):
    reviews = AgendaItem.objects.filter(
        meeting__body__tier=Tier.STEERING_COMMITTEE,
        title="Review KPIs and customer insight",
    ).exclude(minutes="")
    quoted = [item for item in reviews if item.minutes.startswith("NPS ")]
    assert len(quoted) >= 6, "a year of monthly steering meetings quote their NPS"
    # The latest two, checked against the raw responses.
    for item in sorted(quoted, key=lambda i: i.meeting.starts_at)[-2:]:
        last = _month_before(item.meeting.local_start.date())
        before = _month_before(last)
        match = re.match(r"NPS ([+-]\d+) in (\w+) \(([+-]\d+) on (\w+)\)", item.minutes)
        assert match, item.minutes
        assert match.group(2) == f"{last:%B}" and match.group(4) == f"{before:%B}"
        assert int(match.group(1)) == round(nps_of_month(last))
        assert abs(int(match.group(3)) - (nps_of_month(last) - nps_of_month(before))) <= 0.5 + 1e-9
    # No minutes quote an NPS without it being the month's.
    assert not AgendaItem.objects.filter(minutes__regex=r"NPS [+-]\d+ this month").exists()


def test_no_decision_is_taken_twice(demo):
    titles = Counter(Decision.objects.values_list("text", flat=True))
    assert titles and max(titles.values()) == 1, titles.most_common(3)


def test_each_initiative_moves_the_targets_its_subject_speaks_for(demo):
    links = TargetLink.objects.select_related("initiative", "target__metric")
    assert links.count() >= 30
    for link in links:
        assert target_subject(link.target) in SUBJECTS[link.initiative.title], (
            link.initiative.title,
            target_subject(link.target),
        )
    # A card, login or app initiative is never linked to the contact centre's effort, say.
    app = Initiative.objects.get(title="Travel notice in the app")
    assert [target_subject(t.target) for t in app.target_links.all()] == [("nps", "app-login")]


def test_every_unit_has_a_reason_and_cases_sit_only_under_customer_facing_units(demo):
    for unit in BusinessUnit.objects.all():
        faces_customers = unit.code in CUSTOMER_FACING
        represented = Membership.objects.filter(
            business_unit=unit, body__tier__in=(Tier.STEERING_COMMITTEE, Tier.CORE_TEAM)
        ).exists()
        assert faces_customers or represented, f"{unit.name} has no reason in the demo"
    assert not BusinessUnit.objects.filter(code="hr").exists()
    units = set(ClosedLoopCase.objects.values_list("business_unit__code", flat=True).distinct())
    assert units and units <= CUSTOMER_FACING, units


def test_documents_are_drafted_before_they_are_submitted_approved_or_agreed(demo):
    """The demo's story dates each draft (a charter version, the mission) when it was drafted,
    not when the demo was seeded: never after its submission, approval or publication; and the
    people agreed over the weeks, not all at once."""
    versions = CharterVersion.objects.all()
    assert versions.filter(approved_at__isnull=False).exists()
    for version in versions:
        for later in (version.submitted_at, version.approved_at):
            if later is not None:
                assert version.created_at <= later, (str(version), version.created_at, later)
    published = MissionStatement.objects.filter(published_at__isnull=False)
    assert published.exists()
    for mission in published:
        assert mission.created_at <= mission.published_at
    days = {at.date() for at in Acknowledgement.objects.values_list("acknowledged_at", flat=True)}
    assert len(days) > 5, days
