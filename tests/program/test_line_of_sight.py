"""Line of sight: each KPI target with the initiatives meant to move it, the two flags (unowned
gap, unaligned initiative), and expected against realized change, checked against a hand-made
organization whose answers are worked out by hand below.

The organization (months relative to this month, M-8 .. M-3 in the past):
- NPS overall, monthly: baseline 10 (M-8), target 30 twelve months later. Rollups:
  M-8: 40 promoters, 30 passives, 30 detractors (n = 100) -> NPS 10;
  M-3: 50 promoters, 30 passives, 20 detractors (n = 100) -> NPS 30;
  no rollup for M-6.
- CSAT overall: baseline 70 (M-8), target 85 twelve months later; M-3: 60 satisfied of 100.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from django.urls import reverse

from cxgov.dates import today
from cxgov.program import line_of_sight as los
from governance.models import DepartmentObjective, SuccessStatement
from portfolio.models import Initiative, Status, TargetLink
from tests.factories import BusinessUnitFactory, UserFactory
from tests.helpers import assert_flat_query_count
from voc.models import KpiRollup, KpiTarget, Metric
from voc.models.targets import TargetStatus

Z = 1.959963984540054  # the two-sided 95% normal quantile


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


THIS = today().replace(day=1)
M8, M6, M3 = add_months(THIS, -8), add_months(THIS, -6), add_months(THIS, -3)


def nps_rollup(metric, start, promoters, passives, detractors, low=None, high=None):
    n = promoters + passives + detractors
    return KpiRollup.objects.create(
        metric=metric, granularity="month", period_start=start, n=n, promoters=promoters,
        passives=passives, detractors=detractors, score=100 * (promoters - detractors) / n,
        low=low, high=high,
    )  # fmt: skip


@pytest.fixture
def org(program, make_initiative):
    """The hand-made organization: two targets, five initiatives, four links."""
    retail = program.retail
    objective = DepartmentObjective.objects.create(
        business_unit=retail, text="Halve repeat contacts.", owner=program.core
    )
    statement = SuccessStatement.objects.create(title="Effortless", text="Easy, every time.")
    statement.objectives.add(objective)
    nps, csat = Metric.objects.get(code="nps"), Metric.objects.get(code="csat")
    nps_target = KpiTarget.objects.create(
        success_statement=statement, metric=nps, baseline_value=10, baseline_period_start=M8,
        target_value=30, target_date=add_months(M8, 12),
    )  # fmt: skip
    csat_target = KpiTarget.objects.create(
        success_statement=statement, metric=csat, baseline_value=70, baseline_period_start=M8,
        target_value=85, target_date=add_months(M8, 12),
    )  # fmt: skip
    # Stored intervals as the rollup computes them (NPS: 30 +- 1.96 x 7.8496).
    nps_rollup(nps, M8, 40, 30, 30, low=10 - Z * 8.348471, high=10 + Z * 8.348471)
    nps_rollup(nps, M3, 50, 30, 20, low=30 - Z * 7.849596, high=30 + Z * 7.849596)
    # CSAT M-3: 60 of 100 satisfied. Wilson: z^2 = 3.8415, denominator 1 + 3.8415/100 =
    # 1.038415, centre (0.6 + 0.019208) / 1.038415 = 0.596300, half-width
    # 1.96 x sqrt(0.6 x 0.4/100 + 3.8415/40000) / 1.038415 = 0.094297: 50.20% to 69.06%.
    KpiRollup.objects.create(
        metric=csat, granularity="month", period_start=M3, n=100, share_count=60, score=60,
        low=50.20026, high=69.05987,
    )  # fmt: skip
    start = M8 + dt.timedelta(days=9)
    running = make_initiative(
        status=Status.IN_PROGRESS, title="Callback instead of queueing", start_date=start,
        target_date=add_months(THIS, 6),
    )  # fmt: skip
    approved = make_initiative(
        status=Status.APPROVED, title="Fee refund in one call", start_date=start,
        target_date=add_months(THIS, 6),
    )  # fmt: skip
    done = make_initiative(
        status=Status.COMPLETED, title="Plain-language letters", start_date=start,
        target_date=M3 + dt.timedelta(days=20),
    )  # fmt: skip
    unaligned = make_initiative(
        status=Status.IN_PROGRESS, title="Voice analytics pilot", start_date=start,
        target_date=add_months(THIS, 6),
    )  # fmt: skip
    proposal = make_initiative(status=Status.PROPOSED, title="Travel notice in the app")

    def link(initiative, target, change, by):
        return TargetLink.objects.create(
            initiative=initiative, target=target, expected_change=change,
            direction="increase", expected_by=by,
        )  # fmt: skip

    links = {
        "modest": link(running, nps_target, 5, M3 + dt.timedelta(days=19)),
        "bold": link(approved, nps_target, 45, M3 + dt.timedelta(days=27)),
        "no_data": link(done, nps_target, 3, M6 + dt.timedelta(days=14)),
        "csat_done": link(done, csat_target, 4, M3 + dt.timedelta(days=20)),
    }
    return {
        "nps": nps_target,
        "csat": csat_target,
        "running": running,
        "approved": approved,
        "done": done,
        "unaligned": unaligned,
        "proposal": proposal,
        "links": links,
        "program": program,
        "objective": objective,
    }


# The flags


def test_an_off_track_target_claimed_only_by_a_completed_initiative_is_an_unowned_gap(org):
    """CSAT's latest 60% (interval 50.20 to 69.06) falls wholly short of its path (about 76
    at M-3's end: 70 + 15 x five months of twelve), so it is off track; the only initiative
    linked to it is completed. NPS (30, above its path of about 18) is on track."""
    gaps = los.unowned_gaps(user=org["program"].viewer)
    assert [(g.target, g.reading.status, g.inactive_links) for g in gaps] == [
        (org["csat"], TargetStatus.OFF_TRACK, 1)
    ]
    assert gaps[0].scope == "overall"
    TargetLink.objects.create(
        initiative=org["running"], target=org["csat"], expected_change=2,
        direction="increase", expected_by=add_months(THIS, 3),
    )  # fmt: skip
    assert los.unowned_gaps(user=org["program"].viewer) == []


def test_an_active_initiative_with_no_target_is_unaligned(org):
    """In progress and linked to nothing: unaligned. The proposal with no link is not active,
    so not flagged; the completed one has links anyway."""
    assert los.unaligned_initiatives(user=org["program"].viewer) == [org["unaligned"]]
    assert los.unaligned_count(user=org["program"].viewer) == 1
    Initiative.objects.filter(pk=org["unaligned"].pk).update(status=Status.ON_HOLD)
    assert los.unaligned_initiatives(user=org["program"].viewer) == []


def test_the_flags_bundle_for_homes_and_the_pack(org):
    flags = los.flags(user=org["program"].core, limit=5)
    assert [g.target for g in flags.unowned] == [org["csat"]]
    assert flags.unaligned == [org["unaligned"]] and flags.unaligned_total == 1


# Expected against realized


def test_a_modest_expectation_is_within_the_noise_of_the_realized_change(org):
    """Window: M-8 (the initiative's start) to M-3 (its expected-by date).
    NPS M-8: mean score (40 - 30)/100 = 0.1; sample variance (70 - 100 x 0.01)/99 = 0.69697;
    standard error 100 x sqrt(0.69697/100) = 8.3485 points.
    NPS M-3: mean 0.3; variance (70 - 100 x 0.09)/99 = 0.61616; standard error 7.8496.
    Realized change 30 - 10 = 20; its standard error sqrt(8.3485^2 + 7.8496^2) = 11.4592;
    95% interval 20 +- 1.96 x 11.4592 = 20 +- 22.4596: -2.46 to 42.46.
    Expected +5: the gap 15 has the interval -7.46 to 37.46, which contains zero: noise."""
    c = los.expected_vs_realized(org["links"]["modest"])
    assert (c.start_period, c.end_period) == (M8, M3)
    assert (c.start_value, c.end_value) == (10, 30)
    assert c.realized == pytest.approx(20)
    assert (c.low, c.high) == (pytest.approx(-2.4596, abs=1e-3), pytest.approx(42.4596, abs=1e-3))
    assert c.gap == pytest.approx(15)
    assert (c.gap_low, c.gap_high) == (
        pytest.approx(-7.4596, abs=1e-3),
        pytest.approx(37.4596, abs=1e-3),
    )
    assert c.outside_noise is False
    assert "within the noise" in c.verdict
    assert c.small_sample is False


def test_a_bold_expectation_falls_short_outside_the_noise(org):
    """Expected +45 against the same realized 20 (-2.46 to 42.46): the gap -25 has the
    interval -47.46 to -2.54, wholly below zero: short of the expectation, beyond noise."""
    c = los.expected_vs_realized(org["links"]["bold"])
    assert c.gap == pytest.approx(-25)
    assert (c.gap_low, c.gap_high) == (
        pytest.approx(-47.4596, abs=1e-3),
        pytest.approx(-2.5404, abs=1e-3),
    )
    assert c.outside_noise is True
    assert c.verdict == "Realized less than expected, outside the noise."


def test_a_period_with_no_rollup_is_no_data_never_zero(org):
    c = los.expected_vs_realized(org["links"]["no_data"])
    assert c.end_period == M6 and c.end_value is None
    assert (c.realized, c.gap, c.outside_noise) == (None, None, None)
    assert c.missing == (M6,)
    assert f"No data for {M6:%b %Y}" in c.verdict


def test_a_link_not_yet_due_has_no_comparison_and_small_samples_are_marked(org):
    ahead = TargetLink.objects.create(
        initiative=org["running"], target=org["csat"], expected_change=2,
        direction="increase", expected_by=today() + dt.timedelta(days=60),
    )  # fmt: skip
    assert los.expected_vs_realized(ahead) is None
    nps = org["nps"].metric
    small_start, small_end = add_months(THIS, -12), add_months(THIS, -11)
    nps_rollup(nps, small_start, 5, 3, 2)
    nps_rollup(nps, small_end, 6, 2, 2)
    early = make_link_on_new_initiative(org, small_start, small_end)
    c = los.expected_vs_realized(early)
    assert c.small_sample is True and c.realized == pytest.approx(10)


def make_link_on_new_initiative(org, start, end):
    from tests.portfolio.factories import InitiativeFactory

    initiative = InitiativeFactory(
        status=Status.COMPLETED, working_group=org["program"].onboarding,
        owner=org["program"].member, business_unit=org["program"].retail,
        start_date=start, target_date=end + dt.timedelta(days=5),
    )  # fmt: skip
    return TargetLink.objects.create(
        initiative=initiative, target=org["nps"], expected_change=1, direction="increase",
        expected_by=end + dt.timedelta(days=3),
    )  # fmt: skip


def test_the_realized_interval_is_the_difference_of_two_independent_estimates(org):
    """The interval matches the plain formula for a difference of two NPS estimates."""
    se_a = 100 * math.sqrt(((40 + 30) - 100 * 0.1**2) / 99 / 100)
    se_b = 100 * math.sqrt(((50 + 20) - 100 * 0.3**2) / 99 / 100)
    half = Z * math.hypot(se_a, se_b)
    c = los.expected_vs_realized(org["links"]["modest"])
    assert c.high - c.realized == pytest.approx(half)


# The pages


def test_the_target_page_shows_statement_objectives_links_and_the_comparison(client, org):
    client.force_login(org["program"].viewer)
    page = client.get(reverse("program:line-of-sight-target", args=[org["nps"].pk]))
    assert page.status_code == 200
    sight = page.context["t"]
    assert sight.objectives == [org["objective"]]
    assert [row.initiative for row in sight.links] == [org["running"], org["approved"], org["done"]]
    html = page.content.decode()
    assert "Effortless" in html and "Halve repeat contacts." in html
    # The latest month (M-3, NPS 30, 30 +- 1.96 x 7.8496) in the metric's unit, as the target.
    assert "30.0 points (95% interval 14.6 to 45.4 points)" in html
    assert "Expected 5.0, realized 20.0 (95% interval -2.5 to 42.5)" in html
    assert "Realized less than expected, outside the noise." in html
    assert f"No data for {M6:%b %Y}" in html
    assert "<svg" in html and "Target 30" in html
    # The kit's one KPI trend chart, its period without data a gap in the line.
    assert 'class="chart chart--trend"' in html and 'class="chart__target"' in html
    assert f"{M6:%b %y}: no data" in html


def test_the_page_across_all_targets_shows_both_flags(client, org):
    client.force_login(org["program"].core)
    page = client.get(reverse("program:line-of-sight"))
    assert page.status_code == 200
    sight = page.context["sight"]
    assert [t.target for t in sight.gaps] == [org["csat"]]
    assert sight.unaligned == [org["unaligned"]]
    html = page.content.decode()
    assert "Voice analytics pilot" in html and "Unowned gap" in html


def test_the_page_across_all_lists_targets_a_page_at_a_time_and_flags_across_all(client, org, grow):
    grow(25)  # 2 of the hand-made organization's + 23 more: two pages of 20
    client.force_login(org["program"].core)
    first = client.get(reverse("program:line-of-sight"))
    second = client.get(reverse("program:line-of-sight"), {"page": 2})
    assert len(first.context["sight"].targets) == 20
    assert len(second.context["sight"].targets) == 5
    assert b"page 2 of 2" in second.content
    # CSAT (off track, unowned) is flagged on both pages, wherever its card falls.
    for page in (first, second):
        assert org["csat"] in [gap.target for gap in page.context["sight"].gaps]


def test_the_core_teams_home_shows_the_flags_with_links_to_the_line_of_sight(client, org):
    client.force_login(org["program"].core)
    html = client.get("/").content.decode()
    assert reverse("program:line-of-sight-target", args=[org["csat"].pk]) in html
    assert "Voice analytics pilot" in html
    assert reverse("program:line-of-sight") in html


def test_a_target_with_no_data_says_so(client, org):
    lonely = KpiTarget.objects.create(
        success_statement=org["nps"].success_statement, metric=Metric.objects.get(code="ces"),
        baseline_value=5, baseline_period_start=M8, target_value=5.5,
        target_date=add_months(M8, 12),
    )  # fmt: skip
    client.force_login(org["program"].viewer)
    html = client.get(reverse("program:line-of-sight-target", args=[lonely.pk])).content.decode()
    assert "No data yet" in html and "No initiative is linked to this target yet" in html


# Query counts


@pytest.fixture
def grow(program):
    """`size` targets, each with its own statement, three linked initiatives (one due, with
    rollups at both ends of its window) and a year of monthly rollups."""
    nps = Metric.objects.get(code="nps")
    counter = itertools.count()
    owner = UserFactory()
    unit = BusinessUnitFactory()

    def grow_to(size: int) -> None:
        for _ in range(size - KpiTarget.objects.count()):
            n = next(counter)
            statement = SuccessStatement.objects.create(title=f"Statement {n}", text="Why.")
            statement.objectives.add(
                DepartmentObjective.objects.create(business_unit=unit, text="Goal.", owner=owner)
            )
            target = KpiTarget.objects.create(
                success_statement=statement, metric=nps, dimension_kind="touchpoint",
                dimension_id=1000 + n, baseline_value=0, baseline_period_start=M8,
                target_value=20, target_date=add_months(M8, 12),
            )  # fmt: skip
            KpiRollup.objects.bulk_create(
                KpiRollup(
                    metric=nps,
                    granularity="month",
                    period_start=add_months(THIS, -m),
                    dimension_kind="touchpoint",
                    dimension_id=1000 + n,
                    n=50,
                    promoters=20,
                    passives=20,
                    detractors=10,
                    score=20,
                    low=5,
                    high=35,
                )  # fmt: skip
                for m in range(1, 13)
            )
            for k, status in enumerate((Status.IN_PROGRESS, Status.APPROVED, Status.COMPLETED)):
                initiative = Initiative.objects.create(
                    title=f"Initiative {n}-{k}", owner=program.member,
                    working_group=program.onboarding, business_unit=program.retail,
                    start_date=M8, target_date=add_months(THIS, 3), status=status,
                )  # fmt: skip
                TargetLink.objects.create(
                    initiative=initiative, target=target, expected_change=3,
                    direction="increase", expected_by=M3 if k == 0 else add_months(THIS, 2),
                )  # fmt: skip

    return grow_to


def test_the_page_across_all_targets_runs_a_fixed_number_of_queries(client, program, grow):
    client.force_login(program.core)
    url = reverse("program:line-of-sight")
    grow(2)
    client.get(url)
    queries = assert_flat_query_count(fetch=lambda: client.get(url), grow_to=grow, sizes=(4, 40))
    assert queries <= 30


def test_a_target_page_runs_a_fixed_number_of_queries(client, program, grow):
    client.force_login(program.core)
    grow(1)
    target = KpiTarget.objects.first()

    def more_links(size: int) -> None:
        for k in range(size - target.initiative_links.count()):
            initiative = Initiative.objects.create(
                title=f"More {k}", owner=program.member, working_group=program.onboarding,
                business_unit=program.retail, start_date=M8, target_date=add_months(THIS, 3),
                status=Status.IN_PROGRESS,
            )  # fmt: skip
            TargetLink.objects.create(
                initiative=initiative, target=target, expected_change=1,
                direction="increase", expected_by=M3,
            )  # fmt: skip

    url = reverse("program:line-of-sight-target", args=[target.pk])
    client.get(url)
    assert_flat_query_count(fetch=lambda: client.get(url), grow_to=more_links, sizes=(5, 80))


def test_realized_change_is_credited_only_from_when_the_initiative_went_in_progress(org):
    """The callback initiative was planned from M-8 but went in progress during M-6 (its
    history says so). NPS M-6: (45 - 25)/100 = 20. Credited from M-6 to M-3: 30 - 20 = 10,
    not the 20 since M-8. Same standard errors as above for M-3 (7.8496); M-6: variance
    (70 - 100 x 0.04)/99 = 0.66667, standard error 8.1650; the difference's
    sqrt(8.1650^2 + 7.8496^2) = 11.3265, so 10 +- 22.1999."""
    nps_rollup(Metric.objects.get(code="nps"), M6, 45, 30, 25)
    running = org["running"]
    running.history.all().delete()
    Initiative.history.model.objects.bulk_create(
        [
            Initiative.history.model(
                **{
                    f.attname: getattr(running, f.attname)
                    for f in Initiative._meta.fields
                    if f.attname != "status"
                },
                status=status,
                history_type=kind,
                history_date=when,
            )  # fmt: skip
            for status, kind, when in [
                (Status.APPROVED, "+", dt.datetime.combine(M8, dt.time(9), tzinfo=dt.UTC)),
                (
                    Status.IN_PROGRESS,
                    "~",
                    dt.datetime.combine(M6 + dt.timedelta(days=3), dt.time(9), tzinfo=dt.UTC),
                ),
                (Status.IN_PROGRESS, "~", dt.datetime.combine(M3, dt.time(9), tzinfo=dt.UTC)),
            ]
        ]
    )
    c = los.expected_vs_realized(org["links"]["modest"])
    assert (c.start_period, c.end_period) == (M6, M3)
    assert (c.started_on, c.went_in_progress) == (M6 + dt.timedelta(days=3), True)
    assert (c.start_value, c.end_value, c.realized) == (20, 30, pytest.approx(10))
    assert (c.low, c.high) == (pytest.approx(-12.1999, abs=1e-3), pytest.approx(32.1999, abs=1e-3))
    assert (
        c.credited_from
        == f"Credited from {M6 + dt.timedelta(days=3):%-d %b %Y}, when it went in progress."
    )
    # An initiative created in progress, and one never started, are credited from their
    # start date (the window of the tests above).
    bold = los.expected_vs_realized(org["links"]["bold"])
    assert (bold.start_period, bold.went_in_progress) == (M8, False)
    assert bold.credited_from.endswith("its start date.")


def test_an_initiative_that_started_after_its_expected_by_period_is_credited_nothing(org):
    """The approved fee-refund initiative goes in progress today, after its expected-by date
    (in M-3): nothing is credited, and the verdict says why."""
    from portfolio.services import initiative_transition

    initiative_transition(
        initiative=org["approved"], to_status=Status.IN_PROGRESS, by=org["program"].core
    )
    c = los.expected_vs_realized(org["links"]["bold"])
    assert c.started_late and c.realized is None and c.gap is None
    assert c.verdict == (
        f"It started on {today():%-d %b %Y}, after the period of its expected-by date: no change "
        "is credited to it."
    )
