"""The KPI pack's page, print view and API: read live before the meeting, frozen at its
opening (and unchanged by later data or the closing), 404 outside the user's bodies, and a
number of queries that does not grow with the program."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cxgov.program.models import KpiPack
from cxgov.program.pack.sections import SECTIONS
from governance import services as governance
from governance.models import Meeting
from portfolio.models import Health, Initiative, Risk, Status
from tests.helpers import assert_flat_query_count
from tests.program.test_pack import nps_month
from tests.voc.test_targets_and_alerts import nps_target
from voc.models import Alert, AlertKind, KpiRollup


@pytest.fixture
def steering_meeting(program):
    from governance.models import SuccessStatement

    nps_target(SuccessStatement.objects.create(title="Loyal customers", text="Always."))
    today = timezone.localdate()
    for back in range(1, 8):
        start = (today.replace(day=1) - dt.timedelta(days=28 * back)).replace(day=1)
        nps_month_at(start, 200 + 5 * back, 100, 100 - 5 * back)
    Meeting.objects.create(
        body=program.steering,
        starts_at=timezone.now() - dt.timedelta(days=28),
        time_zone="Europe/London",
    )
    return Meeting.objects.create(
        body=program.steering,
        starts_at=timezone.now() + dt.timedelta(hours=2),
        time_zone="Europe/London",
    )


def nps_month_at(start: dt.date, promoters: int, passives: int, detractors: int) -> None:
    if not KpiRollup.objects.filter(period_start=start, metric__code="nps").exists():
        nps_month(1, (promoters, passives, detractors))
        KpiRollup.objects.filter(period_start=dt.date(2026, 1, 1), metric__code="nps").update(
            period_start=start
        )


def test_before_the_meeting_opens_the_pack_reads_live(client, program, steering_meeting):
    client.force_login(program.chair)
    response = client.get(reverse("program:meeting-pack", args=[steering_meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Live</strong>: read at" in html and not KpiPack.objects.exists()
    assert "Net Promoter Score" in html and "<svg" in html
    assert "Chance of reaching the target" in html
    # Values in the metric's unit, as the target is: last month's 205 promoters and 95
    # detractors of 400 give (205 - 95) / 400 = 27.5 points.
    assert "<strong>27.5 points</strong>" in html
    # The kit's one KPI trend chart: interval band, dashed target path labelled with the target.
    assert 'class="chart chart--trend"' in html
    assert 'class="chart__band"' in html and 'class="chart__target"' in html
    assert re.search(r'class="chart__target-label"[^>]*>Target 40[^<]* by Jan 2027<', html)


def test_the_meeting_page_links_to_its_pack(client, program, steering_meeting):
    client.force_login(program.viewer)
    html = client.get(steering_meeting.get_absolute_url()).content.decode()
    assert reverse("program:meeting-pack", args=[steering_meeting.pk]) in html
    assert reverse("program:meeting-pack-print", args=[steering_meeting.pk]) in html


def test_a_cancelled_meetings_page_says_it_has_no_pack(client, program, steering_meeting):
    governance.meeting_cancel(meeting=steering_meeting, by=program.admin)
    client.force_login(program.viewer)
    html = client.get(steering_meeting.get_absolute_url()).content.decode()
    assert 'id="kpi-pack"' in html and "it has no KPI pack" in html
    assert reverse("program:meeting-pack", args=[steering_meeting.pk]) not in html


def test_opening_freezes_the_pack_and_it_stays_frozen_after_the_closing_and_later_changes(
    client, program, steering_meeting, make_initiative
):
    governance.meeting_open(meeting=steering_meeting, by=program.chair)
    pack = KpiPack.objects.get(meeting=steering_meeting)
    opened_at = Meeting.objects.get(pk=steering_meeting.pk).opened_at
    assert pack.built_at == opened_at and pack.frozen_at is not None
    data_at_opening = pack.data
    governance.meeting_close(meeting=steering_meeting, by=program.chair)
    pack.refresh_from_db()
    assert pack.data == data_at_opening and pack.built_at == opened_at
    client.force_login(program.chair)
    url = reverse("program:meeting-pack", args=[steering_meeting.pk])
    api = reverse("meeting-pack", args=[steering_meeting.pk])
    page_before = client.get(url).content.decode()
    json_before = client.get(api).json()
    assert json_before["state"] == "frozen"

    # The data changes after the meeting: a new red initiative, an escalated risk, an alert,
    # and a much better NPS this month.
    red = make_initiative(title="Went red afterwards", status=Status.IN_PROGRESS, health=Health.RED)
    Risk.objects.create(
        initiative=red,
        title="Late risk",
        likelihood=5,
        impact=5,
        owner=program.member,
        escalated_on=timezone.localdate(),
    )
    Alert.objects.create(
        metric_id=KpiRollup.objects.first().metric_id,
        granularity="month",
        period_start=dt.date(2020, 1, 1),
        kind=AlertKind.OFF_TRACK,
        message="A late alert",
    )
    KpiRollup.objects.update(score=99.0)
    from cxgov.program.services import kpi_pack_freeze

    kpi_pack_freeze(meeting=steering_meeting)  # a second freeze leaves the frozen pack alone

    assert client.get(api).json() == json_before
    page_after = client.get(url).content.decode()
    assert "Went red afterwards" not in page_after and "A late alert" not in page_after
    assert "99.0" not in page_after
    # Byte for byte, but for the per-request CSRF tokens and the charts' element ids.
    strip = lambda html: re.sub(  # noqa: E731
        r"-\d+-(title|desc)", r"-\1", re.sub(r"[A-Za-z0-9]{64}", "", html)
    )
    assert strip(page_after) == strip(page_before)


def test_the_api_gives_the_pack_as_json(client, program, steering_meeting):
    client.force_login(program.viewer)
    response = client.get(reverse("meeting-pack", args=[steering_meeting.pk]))
    body = response.json()
    assert response.status_code == 200
    assert body["state"] == "live" and body["built_at"] is None
    assert body["pack"]["meeting"]["id"] == steering_meeting.pk
    (nps,) = body["pack"]["sections"]["kpis"]["items"]
    assert nps["latest"]["n"] == 400 and nps["projection"]["periods"] == 7


def test_a_meeting_of_a_body_the_user_may_not_see_is_a_404(client, program):
    wg_meeting = Meeting.objects.create(
        body=program.complaints, starts_at=timezone.now(), time_zone="Europe/London"
    )
    client.force_login(program.member)  # serves on Onboarding, not Complaints
    assert client.get(reverse("program:meeting-pack", args=[wg_meeting.pk])).status_code == 404
    assert (
        client.get(reverse("program:meeting-pack-print", args=[wg_meeting.pk])).status_code == 404
    )
    assert client.get(reverse("meeting-pack", args=[wg_meeting.pk])).status_code == 404


def test_the_print_view_has_every_section_and_svg_charts_and_no_inline_style(
    client, program, steering_meeting
):
    client.force_login(program.chair)
    html = client.get(reverse("program:meeting-pack-print", args=[steering_meeting.pk])).content
    html = html.decode()
    assert html.count('class="card pack-section"') == len(SECTIONS)
    assert "<svg" in html and "style=" not in html and "<script" not in html
    assert 'class="pack-print"' in html


def test_a_working_groups_pack_page_says_why_sections_are_empty(client, program):
    wg_meeting = Meeting.objects.create(
        body=program.onboarding, starts_at=timezone.now(), time_zone="Europe/London"
    )
    client.force_login(program.member)
    html = client.get(reverse("program:meeting-pack", args=[wg_meeting.pk])).content.decode()
    assert "The steering committee reviews this: Onboarding WG is a working group" in html


@pytest.fixture
def grow(program, steering_meeting):
    """Grow the program: initiatives in every status and health with updates and escalated
    risks, alerts, and more months of data."""
    counter = itertools.count()
    statuses, healths = list(Status), [*Health.values, ""]

    def grow_to(size: int) -> None:
        missing = size - Initiative.objects.count()
        made = Initiative.objects.bulk_create(
            Initiative(
                title=f"Initiative {n}",
                owner=program.member,
                working_group=program.onboarding if n % 2 else program.complaints,
                business_unit=program.retail,
                start_date=dt.date(2026, 1, 1),
                target_date=dt.date(2026, 12, 31),
                status=statuses[n % 6],
                health=healths[n % 4],
                needs_help=n % 5 == 0,
                help_reason="Need IT." if n % 5 == 0 else "",
                last_update_on=timezone.localdate(),
            )
            for n in (next(counter) for _ in range(missing))
        )
        Risk.objects.bulk_create(
            Risk(
                initiative=i,
                title=f"Risk of {i.title}",
                likelihood=4,
                impact=4,
                owner=program.member,
                escalated_on=timezone.localdate(),
            )
            for i in made[::3]
        )
        nps = KpiRollup.objects.first().metric_id
        Alert.objects.bulk_create(
            Alert(
                metric_id=nps,
                granularity="day",
                period_start=dt.date(2020, 1, 1) + dt.timedelta(days=next(counter)),
                kind=AlertKind.OUTSIDE_NOISE,
                message="Moved",
            )
            for _ in range(missing // 4)
        )

    return grow_to


@pytest.mark.parametrize("route", ["program:meeting-pack", "program:meeting-pack-print"])
def test_the_pack_runs_the_same_queries_at_demo_size_and_ten_times_it(
    client, program, steering_meeting, grow, route
):
    client.force_login(program.chair)
    fetch = lambda: client.get(reverse(route, args=[steering_meeting.pk]))  # noqa: E731
    grow(40)
    fetch()
    assert_flat_query_count(fetch=fetch, grow_to=grow, sizes=(40, 400))


def test_the_pack_api_runs_the_same_queries_at_demo_size_and_ten_times_it(
    client, program, steering_meeting, grow
):
    client.force_login(program.chair)
    fetch = lambda: client.get(reverse("meeting-pack", args=[steering_meeting.pk]))  # noqa: E731
    grow(40)
    fetch()
    assert_flat_query_count(fetch=fetch, grow_to=grow, sizes=(40, 400))
