"""The steering committee's KPI pack, section by section, on a hand-made organization whose
answers are worked out by hand; then frozen at the meeting's close, and unchanged afterwards.

The organization: a steering committee that met on 13 Oct 2026 and meets again on 10 Nov 2026,
read at 09:05 UTC on 10 Nov. Since the last meeting means since 13 Oct 2026 09:00 London.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.urls import reverse

from cxgov.program.models import KpiPack
from cxgov.program.pack.document import pack_build
from cxgov.program.services import kpi_pack_freeze
from governance.models import ActionItem, ActionStatus, Meeting, SuccessStatement
from portfolio.models import Health, Status
from tests.portfolio.factories import RiskFactory, StatusUpdateFactory
from tests.voc.factories import metric
from tests.voc.test_targets_and_alerts import nps_target
from voc import stats
from voc.models import Alert, AlertKind, KpiRollup, KpiTarget
from voc.projection import project

UTC = dt.UTC
LAST = dt.datetime(2026, 10, 13, 8, 0, tzinfo=UTC)  # 09:00 London (BST)
NEXT = dt.datetime(2026, 11, 10, 9, 0, tzinfo=UTC)  # 09:00 London (GMT)
AS_OF = dt.datetime(2026, 11, 10, 9, 5, tzinfo=UTC)
Z = 1.959963984540054

# NPS by month: (promoters, passives, detractors), 400 responses each, January to October.
NPS_MONTHS = {
    1: (160, 120, 120),  # 10
    2: (170, 110, 120),  # 12.5
    3: (170, 120, 110),  # 15
    4: (180, 110, 110),  # 17.5
    5: (180, 120, 100),  # 20
    6: (190, 110, 100),  # 22.5
    7: (190, 120, 90),  # 25
    8: (200, 100, 100),  # 25
    9: (200, 100, 100),  # 25  <- the reading at the last meeting (September)
    10: (240, 100, 60),  # 45  <- the latest (October)
}


def nps_month(month: int, counts: tuple[int, int, int]) -> KpiRollup:
    p, s, d = counts
    e = stats.nps(promoters=p, passives=s, detractors=d)
    return KpiRollup.objects.create(
        metric=metric("nps"),
        granularity="month",
        period_start=dt.date(2026, month, 1),
        n=e.n,
        promoters=p,
        passives=s,
        detractors=d,
        score=e.value,
        low=e.low,
        high=e.high,
    )


def meeting(body, starts_at: dt.datetime, **fields) -> Meeting:
    return Meeting.objects.create(
        body=body, starts_at=starts_at, time_zone="Europe/London", **fields
    )


@pytest.fixture
def org(program, make_initiative):
    """The hand-made organization (see the module's docstring)."""
    statement = SuccessStatement.objects.create(title="Loyal customers", text="Every time.")
    nps = nps_target(statement)  # 10 on 1 Jan 2026 to 40 on 1 Jan 2027, monthly
    for month, counts in NPS_MONTHS.items():
        nps_month(month, counts)
    # CSAT: only three months of data, target 80% by 1 Jan 2027 from 70%.
    csat = KpiTarget.objects.create(
        success_statement=statement,
        metric=metric("csat"),
        baseline_value=70,
        baseline_period_start=dt.date(2026, 1, 1),
        target_value=80,
        target_date=dt.date(2027, 1, 1),
    )
    for month, happy in ((8, 300), (9, 310), (10, 320)):
        e = stats.share(successes=happy, n=400)
        KpiRollup.objects.create(
            metric=metric("csat"),
            granularity="month",
            period_start=dt.date(2026, month, 1),
            n=400,
            share_count=happy,
            score=e.value,
            low=e.low,
            high=e.high,
        )
    # CES: a target and no data at all.
    ces = KpiTarget.objects.create(
        success_statement=statement,
        metric=metric("ces"),
        baseline_value=4.5,
        baseline_period_start=dt.date(2026, 1, 1),
        target_value=5.5,
        target_date=dt.date(2027, 1, 1),
    )

    # Initiatives: health at the last meeting (their latest update before 13 Oct) and now.
    def initiative(title, health_now, updates=(), **fields):
        fields.setdefault("status", Status.IN_PROGRESS)
        i = make_initiative(title=title, health=health_now, **fields)
        for day, health, blockers in updates:
            StatusUpdateFactory(
                initiative=i,
                reported_on=day,
                health=health,
                summary=f"{title}: {health} on {day:%-d %b}",
                blockers=blockers,
                author=program.member,
            )
        if updates:
            i.last_update_on = max(day for day, _, _ in updates)
            i.save(update_fields=["last_update_on"])
        return i

    turned_red = initiative(
        "Turned red",
        Health.RED,
        [
            (dt.date(2026, 10, 1), Health.GREEN, ""),
            (dt.date(2026, 10, 20), Health.RED, "Vendor late"),
        ],
    )
    initiative(
        "Stayed amber",
        Health.AMBER,
        [(dt.date(2026, 10, 1), Health.AMBER, ""), (dt.date(2026, 10, 25), Health.AMBER, "")],
    )
    new_red = initiative(
        "Red at its first update", Health.RED, [(dt.date(2026, 11, 1), Health.RED, "No budget")]
    )
    initiative(
        "Completed while red",
        Health.RED,
        [(dt.date(2026, 10, 30), Health.RED, "")],
        status=Status.COMPLETED,
    )
    helpless = initiative(
        "Asks for help",
        Health.GREEN,
        [(dt.date(2026, 10, 2), Health.GREEN, "")],
        needs_help=True,
        help_reason="Need an IT developer",
    )
    wg_amber = initiative(
        "Complaints turned amber",
        Health.AMBER,
        [(dt.date(2026, 11, 2), Health.AMBER, "")],
        group=program.complaints,
        owner=program.other,
    )
    proposal = make_initiative(title="A proposal", status=Status.PROPOSED)

    # Risks: escalated and waiting; escalated but reviewed; not escalated.
    waiting = RiskFactory(
        initiative=turned_red,
        title="Vendor may fail",
        likelihood=4,
        impact=5,
        escalated_on=dt.date(2026, 10, 21),
        escalated_by=program.member,
        escalation_note="Needs a decision on a second vendor.",
        owner=program.member,
    )
    RiskFactory(
        initiative=turned_red,
        escalated_on=dt.date(2026, 9, 1),
        steering_reviewed_on=dt.date(2026, 10, 13),
        owner=program.member,
    )
    RiskFactory(initiative=new_red, owner=program.member)

    last = meeting(program.steering, LAST)
    meeting(program.steering, dt.datetime(2026, 10, 27, 9, 0, tzinfo=UTC), status="cancelled")
    this = meeting(program.steering, NEXT)

    # Alerts: one since the last meeting, one the last meeting covered, one not for the
    # steering committee.
    def alert(period_month, raised, **fields):
        a = Alert.objects.create(
            metric=metric("nps"),
            granularity="month",
            period_start=dt.date(2026, period_month, 1),
            kind=fields.pop("kind", AlertKind.OUTSIDE_NOISE),
            message=f"NPS moved in month {period_month}",
            **fields,
        )
        Alert.objects.filter(pk=a.pk).update(raised_at=raised)
        return a

    recent = alert(10, dt.datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    alert(8, dt.datetime(2026, 9, 2, 2, 0, tzinfo=UTC), meeting=last)
    alert(9, dt.datetime(2026, 10, 20, 2, 0, tzinfo=UTC), for_steering_committee=False)

    # Action items of the steering committee: overdue, done, not yet due; one of another body.
    def action(title, due, body=None, **fields):
        return ActionItem.objects.create(
            title=title,
            body=body or program.steering,
            owner=program.chair,
            due_on=due,
            **fields,
        )

    overdue = action("Ask finance for the budget", dt.date(2026, 11, 1))
    action(
        "Done late",
        dt.date(2026, 10, 20),
        status=ActionStatus.DONE,
        completed_on=dt.date(2026, 11, 3),
    )
    action("Not due yet", dt.date(2026, 11, 20))
    action("Another body's", dt.date(2026, 10, 1), body=program.onboarding)
    return {
        "nps": nps,
        "csat": csat,
        "ces": ces,
        "turned_red": turned_red,
        "new_red": new_red,
        "helpless": helpless,
        "wg_amber": wg_amber,
        "proposal": proposal,
        "waiting": waiting,
        "recent_alert": recent,
        "overdue": overdue,
        "last": last,
        "this": this,
    }


@pytest.fixture
def pack(org, program):
    return pack_build(meeting=org["this"], as_of=AS_OF, by=program.chair)


def kpi(pack, metric_name):
    (item,) = [i for i in pack["sections"]["kpis"]["items"] if i["metric"] == metric_name]
    return item


def test_the_pack_counts_since_the_last_meeting_held_not_the_cancelled_one(pack, org):
    assert pack["previous_meeting"]["id"] == org["last"].pk
    assert pack["since"] == LAST.isoformat()
    assert all(section["applies"] for section in pack["sections"].values())


def test_each_kpi_shows_its_latest_value_interval_sample_and_status(pack):
    nps = kpi(pack, "Net Promoter Score")
    # October: 240 promoters, 60 detractors of 400: NPS 45; the interval from the variance
    # of the +1/0/-1 score: (300 - 400 * 0.45^2) / 399 = 0.548872, se 100 * sqrt(v/400).
    se = 100 * math.sqrt((300 - 400 * 0.45**2) / 399 / 400)
    assert nps["latest"]["period"] == "2026-10-01"
    assert nps["latest"]["value"] == pytest.approx(45)
    assert nps["latest"]["low"] == pytest.approx(45 - Z * se)
    assert nps["latest"]["high"] == pytest.approx(45 + Z * se)
    assert nps["latest"]["n"] == 400 and nps["latest"]["small_sample"] is False
    # The path on 31 Oct expects 10 + 30 * 303 / 365 = 34.90: 45 is on track.
    assert nps["expected"] == pytest.approx(10 + 30 * 303 / 365)
    assert nps["status"] == "on_track"


def test_the_change_since_the_last_meeting_is_outside_the_noise(pack):
    change = kpi(pack, "Net Promoter Score")["change"]
    # September 25 (se from (300 - 400 * 0.25^2)/399) to October 45: +20, se of the
    # difference hypot(4.1510, 3.7043) = 5.5634; 20 +- 1.96 * 5.5634 = 9.10 to 30.90.
    se_sep = 100 * math.sqrt((300 - 400 * 0.25**2) / 399 / 400)
    se_oct = 100 * math.sqrt((300 - 400 * 0.45**2) / 399 / 400)
    se = math.hypot(se_sep, se_oct)
    assert change["value"] == pytest.approx(20)
    assert change["low"] == pytest.approx(20 - Z * se)
    assert change["high"] == pytest.approx(20 + Z * se)
    assert change["low"] == pytest.approx(9.10, abs=0.01)
    assert change["outside_noise"] is True


def test_the_trend_keeps_each_period_with_the_expected_path(pack):
    series = kpi(pack, "Net Promoter Score")["series"]
    assert [p["period"][:7] for p in series] == [f"2026-{m:02d}" for m in range(1, 11)]
    assert series[-1]["value"] == pytest.approx(45)
    # January ends on day 30 of 365: the path expects 10 + 30 * 30 / 365.
    assert series[0]["expected"] == pytest.approx(10 + 30 * 30 / 365)


def test_the_projection_rests_on_the_ten_months_and_is_marked_so(pack):
    projection = kpi(pack, "Net Promoter Score")["projection"]
    scores = [100 * (p - d) / 400 for p, _, d in NPS_MONTHS.values()]
    # Months numbered as on the calendar (year * 12 + month - 1); the target date, 1 Jan 2027,
    # falls in January 2027.
    expected = project(
        [(2026 * 12 + m - 1, s) for m, s in zip(NPS_MONTHS, scores, strict=True)],
        target_x=2027 * 12,
        target=40,
        higher_is_better=True,
        minimum=6,
    )
    assert projection["periods"] == 10
    assert projection["probability"] == pytest.approx(expected.probability)
    assert projection["projected"] == pytest.approx(expected.projected)


def test_a_projection_with_too_few_periods_is_marked_not_drawn(pack):
    projection = kpi(pack, "Customer satisfaction (CSAT)")["projection"]
    assert projection["probability"] is None and projection["projected"] is None
    assert projection["reason"] == "too few periods (3 of 6)"


def test_a_target_with_no_data_says_no_data_never_zero(pack):
    ces = kpi(pack, "Customer effort score (CES)")
    assert ces["latest"] is None and ces["status"] == "no_data"
    assert ces["change"] is None and ces["change_note"] == "no data yet"
    assert ces["series"] == [] and ces["projection"]["reason"] == "too few periods (0 of 6)"


def test_initiatives_that_turned_red_or_amber_since_the_last_meeting(pack):
    section = pack["sections"]["initiatives"]
    rows = {i["title"]: i for i in section["items"]}
    # Stayed amber is left out; a completed one too; red before amber.
    assert [i["title"] for i in section["items"]] == [
        "Turned red",
        "Red at its first update",
        "Complaints turned amber",
    ]
    assert rows["Turned red"]["health_then"] == "Green"
    assert rows["Turned red"]["blockers"] == "Vendor late"
    assert rows["Turned red"]["last_summary"] == "Turned red: red on 20 Oct"
    assert rows["Turned red"]["last_update_on"] == "2026-10-20"
    assert rows["Red at its first update"]["health_then"] == "No update yet"


def test_the_needs_help_list(pack):
    section = pack["sections"]["needs_help"]
    assert [(i["title"], i["help_reason"]) for i in section["items"]] == [
        ("Asks for help", "Need an IT developer")
    ]


def test_escalated_risks_awaiting_the_steering_committee(pack, org):
    section = pack["sections"]["risks"]
    assert [r["id"] for r in section["items"]] == [org["waiting"].pk]
    (risk,) = section["items"]
    assert (risk["severity"], risk["severity_band"]) == (20, "high")
    assert risk["note"] == "Needs a decision on a second vendor."


def test_alerts_raised_since_the_last_meeting(pack, org):
    assert [a["id"] for a in pack["sections"]["alerts"]["items"]] == [org["recent_alert"].pk]


def test_decisions_awaiting_the_body_and_its_overdue_actions(pack, org):
    decisions = pack["sections"]["decisions"]["items"]
    assert [(d["kind"], d["title"]) for d in decisions] == [("Approve an initiative", "A proposal")]
    actions = pack["sections"]["actions"]["items"]
    assert [(a["title"], a["days_overdue"]) for a in actions] == [("Ask finance for the budget", 9)]


def test_a_working_groups_pack_keeps_what_applies_and_says_why_the_rest_is_empty(org, program):
    wg = meeting(program.complaints, NEXT)
    pack = pack_build(meeting=wg, as_of=AS_OF)
    sections = pack["sections"]
    assert pack["previous_meeting"] is None
    for name in ("kpis", "risks", "alerts"):
        assert sections[name]["applies"] is False
        assert "Complaints WG is a working group" in sections[name]["reason"]
        assert "items" not in sections[name]
    # Its own initiatives only; no decision rights; no overdue actions of its own.
    assert [i["title"] for i in sections["initiatives"]["items"]] == ["Complaints turned amber"]
    assert sections["decisions"]["items"] == []
    assert "no approvals to make" in sections["decisions"]["reason"]


def test_the_flags_name_the_unowned_gap_and_the_unaligned_initiatives(org, program):
    from portfolio.models import TargetLink

    # CSAT aimed at 95% instead: the path expects 70 + 25 * 303/365 = 90.75 on 31 Oct, and
    # October's 80% (Wilson's interval reaches about 83.8) falls short: off track, and no
    # initiative is linked to it. NPS is on track (45 against 34.9): no gap.
    KpiTarget.objects.filter(pk=org["csat"].pk).update(target_value=95)
    # One active initiative moves NPS; a completed one moves CSAT (it does not count).
    TargetLink.objects.create(
        initiative=org["turned_red"],
        target=org["nps"],
        expected_change=5,
        direction="increase",
        expected_by=dt.date(2026, 12, 31),
    )
    completed = org["turned_red"].__class__.objects.get(title="Completed while red")
    TargetLink.objects.create(
        initiative=completed,
        target=org["csat"],
        expected_change=5,
        direction="increase",
        expected_by=dt.date(2026, 12, 31),
    )
    flags = pack_build(meeting=org["this"], as_of=AS_OF, by=program.chair)["sections"]["flags"]
    assert [(g["metric"], g["inactive_links"]) for g in flags["unowned"]] == [
        ("Customer satisfaction (CSAT)", 1)
    ]
    assert flags["unowned"][0]["latest"]["value"] == pytest.approx(80)
    # Active (approved or in progress) and linked to nothing: all in progress but Turned red.
    assert sorted(i["title"] for i in flags["unaligned"]) == [
        "Asks for help",
        "Complaints turned amber",
        "Red at its first update",
        "Stayed amber",
    ]
    assert flags["unaligned_total"] == 4 and flags["total"] == 5


def test_the_pack_is_plain_json(pack):
    import json

    assert json.loads(json.dumps(pack)) == pack


def test_a_reader_sees_in_the_pack_only_the_initiatives_they_may_open(org, program, client):
    # A proposal is its working group's draft until approved: the viewer does not see it in
    # the portfolio, so the pack (the committee's document, stored once for all) leaves it
    # out for them too and says so; the core team sees it. The stored pack is untouched.
    kpi_pack_freeze(meeting=org["this"], as_of=AS_OF, by=program.chair)
    url = reverse("meeting-pack", args=[org["this"].pk])
    client.force_login(program.viewer)
    decisions = client.get(url).json()["pack"]["sections"]["decisions"]
    assert decisions["items"] == [] and decisions["hidden"] == 1
    page = client.get(reverse("program:meeting-pack", args=[org["this"].pk]))
    assert "A proposal" not in page.content.decode()
    assert "1 initiative you may not open is left out here." in page.content.decode()
    client.force_login(program.core)
    decisions = client.get(url).json()["pack"]["sections"]["decisions"]
    assert [d["title"] for d in decisions["items"]] == ["A proposal"] and "hidden" not in decisions
    stored = KpiPack.objects.get(meeting=org["this"]).data["sections"]["decisions"]
    assert [d["title"] for d in stored["items"]] == ["A proposal"]


def test_the_page_says_what_each_turned_initiative_was(org, program, client):
    # The JSON keeps "No update yet" for one with no update before the last meeting; the page
    # says it in a sentence, not "was no update yet".
    kpi_pack_freeze(meeting=org["this"], as_of=AS_OF, by=program.chair)
    client.force_login(program.core)
    page = client.get(reverse("program:meeting-pack", args=[org["this"].pk])).content.decode()
    section = page[page.index('id="pack-initiatives"') :]
    section = section[: section.index("</section>")]
    assert "was green" in section
    assert "first reported since the last meeting" in section
    assert "was no update yet" not in section


def _many_in_progress(program, count: int, title: str, **fields) -> list:
    """`count` initiatives in progress in the onboarding group, in one insert."""
    from portfolio.models import Initiative

    return Initiative.objects.bulk_create(
        Initiative(
            title=f"{title} {n}",
            owner=program.member,
            working_group=program.onboarding,
            business_unit=program.retail,
            start_date=dt.date(2026, 1, 1),
            target_date=dt.date(2026, 12, 31),
            status=Status.IN_PROGRESS,
            **fields,
        )
        for n in range(count)
    )


def test_the_initiative_lists_are_filtered_counted_and_limited_by_the_database(
    org, program, django_assert_num_queries
):
    """At two sizes: every initiative beyond the hand-made ones turned red (no update before
    the last meeting) or stayed red (an update before it, red too); the turned list keeps
    LIST_LIMIT rows and counts them all, in one query, whatever their number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cxgov.program.pack.sections import (
        LIST_LIMIT,
        frame_for,
        initiatives_section,
        needs_help_section,
    )
    from portfolio.models import Initiative, StatusUpdate

    frame = frame_for(org["this"], AS_OF, program.chair)
    hand_made_turned = 3  # Turned red, Red at its first update, Complaints turned amber

    def grow(turned: int, stayed: int) -> None:
        made = _many_in_progress(
            program,
            turned + stayed,
            "Grown",
            health=Health.RED,
            last_update_on=dt.date(2026, 11, 5),
        )
        StatusUpdate.objects.bulk_create(
            StatusUpdate(
                initiative=i,
                author=program.member,
                reported_on=dt.date(2026, 10, 1),
                health=Health.RED,
                summary="Red before the last meeting.",
                progress=10,
            )
            for i in made[turned:]
        )

    for turned, stayed in ((LIST_LIMIT, 5), (10 * LIST_LIMIT, 50)):
        Initiative.objects.filter(title__startswith="Grown").delete()
        grow(turned, stayed)
        with CaptureQueriesContext(connection) as queries:
            section = initiatives_section(frame)
        assert len(queries) == 1
        # The rows read are limited by the query itself (its subqueries have their own LIMIT 1).
        assert queries[0]["sql"].upper().rstrip().endswith(f"LIMIT {LIST_LIMIT}")
        assert section["total"] == turned + hand_made_turned
        assert len(section["items"]) == LIST_LIMIT
        assert section["items"][0]["title"] == "Turned red"  # hand-made, oldest update first
        with django_assert_num_queries(2):
            needs_help_section(frame)


def test_the_worst_initiative_asking_for_help_comes_first_however_many_ask(
    org, program, make_initiative
):
    """The list is ordered by the database: a red initiative asking for help after 250 green
    ones still heads it (sorting a first page of rows in Python would miss it)."""
    _many_in_progress(
        program,
        250,
        "Green asks",
        health=Health.GREEN,
        needs_help=True,
        help_reason="Time.",
        last_update_on=dt.date(2026, 11, 1),
    )
    make_initiative(
        title="Red asks",
        status=Status.IN_PROGRESS,
        health=Health.RED,
        needs_help=True,
        help_reason="Budget.",
    )
    section = pack_build(meeting=org["this"], as_of=AS_OF, by=program.chair)["sections"][
        "needs_help"
    ]
    assert section["items"][0]["title"] == "Red asks"
    # Then green by the longest without an update: the hand-made one (2 Oct) before 1 Nov.
    assert section["items"][1]["title"] == "Asks for help"
    assert section["total"] == 252
