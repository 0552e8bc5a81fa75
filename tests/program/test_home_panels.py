"""Every panel of every role's home, rendered on a program where each has something to say:
the panel shows its data, never its empty state. A panel reading a context key nobody sets
renders as empty without an error (the member's "My bodies" once did); this table catches it,
and the program conftest fails any home that reads a key its view never set."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from cxgov.dates import today
from cxgov.program.homes import LOADERS, ROLE_SECTIONS
from cxgov.roles import Role
from governance import services as governance
from governance.models import MemberRole, MissionStatement, SuccessStatement
from portfolio.models import Health, Risk, Status
from tests.factories import MaturityAssessmentFactory
from tests.governance.factories import ActionItemFactory, MeetingFactory
from tests.voc.factories import TouchpointFactory
from tests.voc.test_targets_and_alerts import nps_target
from voc.models import Alert, AlertKind, ClosedLoopCase, KpiRollup, Metric, Response

PERSONA_OF = {
    Role.ADMIN: "admin",
    Role.CORE_TEAM: "core",
    Role.EXECUTIVE: "executive",
    Role.STEERING_COMMITTEE: "chair",
    Role.WORKING_GROUP_MEMBER: "member",
    Role.VIEWER: "viewer",
}

# panel: what it must show when the program has something for it (the full_program below).
PANEL_SHOWS = {
    "configure": "Users and their roles",
    "kpis": "Touchpoint: Mobile app login",
    "portfolio_health": "Open initiatives",
    "needs_help": "Branch queue times",
    "stale": "Quiet card redesign",
    "followup": '<a href="/voc/metrics/nps/?granularity=month&amp;scope=overall"><strong>Net',
    "line_of_sight": "Touchpoint: Mobile app login",
    "governance": "RACI gaps",
    "health": 'class="health-score"',
    "awaiting_decision": "Proposed chatbot",
    "maturity": "scoring 3",
    "engagement": "1 leader behind their target this quarter.",
    "charters": "Bodies with an approved charter",
    "mission": "Every customer, every time",
    "troubled": "Branch queue times",
    "next_meeting": "Review the quarterly NPS",
    "escalated_risks": "Vendor may slip",
    "my_initiatives": "Quiet card redesign",
    "my_cases": "Mobile app login",
    "my_bodies": "Onboarding WG",
    "in_progress": "Branch queue times",
    "my_actions": "Send the NPS deck",
}


def month_start(months_back: int) -> dt.date:
    first = today().replace(day=1)
    for _ in range(months_back):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


@pytest.fixture
def full_program(program, make_initiative, admin_user):
    """The portfolio's program, grown until every panel of every home has something to say."""
    # The executive leads on the steering committee too: they decide proposals with the chair.
    governance.membership_create(
        by=admin_user,
        body=program.steering,
        person=program.executive,
        role=MemberRole.LEAD,
        business_unit=program.retail,
        start_date=dt.date(2026, 1, 1),
    )
    make_initiative(status=Status.PROPOSED, title="Proposed chatbot")
    helped = make_initiative(
        status=Status.IN_PROGRESS,
        title="Branch queue times",
        health=Health.RED,
        needs_help=True,
        help_reason="Need IT.",
        last_update_on=today(),
    )
    make_initiative(
        status=Status.IN_PROGRESS,
        title="Quiet card redesign",
        health=Health.GREEN,
        last_update_on=today() - dt.timedelta(days=90),
    )
    Risk.objects.create(
        initiative=helped,
        title="Vendor may slip",
        likelihood=4,
        impact=4,
        owner=program.member,
        escalated_on=today(),
    )
    # An off-track touchpoint target no initiative moves: the KPI table and the unowned gap.
    login = TouchpointFactory(name="Mobile app login")
    statement = SuccessStatement.objects.create(title="Easy to bank with", text="Always.")
    nps_target(statement, dimension_kind="touchpoint", dimension_id=login.pk)
    nps = Metric.objects.get(code="nps")
    for back in (1, 2):
        KpiRollup.objects.create(
            metric=nps,
            granularity="month",
            period_start=month_start(back),
            dimension_kind="touchpoint",
            dimension_id=login.pk,
            n=400,
            score=-30.0,
            low=-35.0,
            high=-25.0,
        )
    Alert.objects.create(
        metric=nps,
        granularity="month",
        period_start=month_start(1),
        kind=AlertKind.OFF_TRACK,
        message="NPS at mobile app login crossed into off track.",
    )
    response = Response.objects.create(
        metric=nps,
        score=2,
        touchpoint=login,
        external_id="home-panels-1",
        responded_at=timezone.now() - dt.timedelta(days=3),
    )
    ClosedLoopCase.objects.create(
        response=response,
        metric=nps,
        touchpoint=login,
        owner=program.member,
        opened_on=today() - dt.timedelta(days=3),
        due_on=today() + dt.timedelta(days=4),
    )
    MaturityAssessmentFactory()
    governance.engagement_target_set(by=admin_user, person=program.executive, per_quarter=2)
    governance.engagement_log(
        by=admin_user, person=program.executive, kind="customer_visit", happened_on=today(),
        title="Visited a branch",
    )  # fmt: skip
    MissionStatement.objects.create(
        number=1,
        status="published",
        statement="Every customer, every time, treated as we would treat family.",
    )
    meeting = MeetingFactory(body=program.steering)
    governance.agenda_item_create(by=admin_user, meeting=meeting, title="Review the quarterly NPS")
    for persona in PERSONA_OF.values():
        ActionItemFactory(
            meeting=meeting, owner=getattr(program, persona), title="Send the NPS deck"
        )
    return program


def panels(html: str) -> dict[str, str]:
    """Each home panel's HTML by the id of its heading (aria-labelledby)."""
    found = re.findall(
        r'<section[^>]*aria-labelledby="([^"]+)"[^>]*>(.*?)</section>', html, flags=re.S
    )
    return dict(found)


def heading_id(panel: str) -> str:
    source = get_template(f"program/home/_{panel}.html").template.source
    return re.search(r'aria-labelledby="([^"]+)"', source).group(1)


def test_the_table_covers_every_panel_a_home_can_show():
    shown = {panel for sections in ROLE_SECTIONS.values() for panel in sections}
    assert shown == set(LOADERS) == set(PANEL_SHOWS)


@pytest.mark.parametrize("role", list(ROLE_SECTIONS), ids=lambda r: r.value)
def test_every_panel_of_the_home_shows_its_data(client, full_program, role):
    client.force_login(getattr(full_program, PERSONA_OF[role]))
    response = client.get(reverse("home"))
    assert response.context["role"] == role
    rendered = panels(response.content.decode())
    problems = []
    for panel in ROLE_SECTIONS[role]:
        html = rendered.get(heading_id(panel))
        if html is None:
            problems.append(f"{panel}: not on the page")
        elif 'class="empty"' in html:
            problems.append(f"{panel}: shows its empty state")
        elif PANEL_SHOWS[panel] not in html:
            problems.append(f"{panel}: lacks {PANEL_SHOWS[panel]!r}")
    assert problems == []


def test_a_members_bodies_name_each_seat_and_the_next_meeting(client, full_program):
    MeetingFactory(
        body=full_program.onboarding,
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    client.force_login(full_program.member)
    html = panels(client.get(reverse("home")).content.decode())["my-bodies"]
    assert f'href="{full_program.onboarding.get_absolute_url()}"' in html
    assert "Member" in html and "next meeting" in html
    # The body's own steering committee is not the member's body.
    assert "Steering committee" not in html


def test_the_empty_states_still_show_on_an_empty_program(client, program):
    """The other side of the table: with nothing to show, the member's panels say so."""
    client.force_login(program.other)  # sits in Complaints WG and owns nothing
    html = panels(client.get(reverse("home")).content.decode())
    assert 'class="empty"' in html["my-initiatives"]
    assert "Complaints WG" in html["my-bodies"]


@pytest.mark.parametrize("persona, panel", [("core", "stale"), ("viewer", "in-progress")])
def test_a_stale_initiative_is_marked_stale_in_every_home_list(
    client, full_program, persona, panel
):
    client.force_login(getattr(full_program, persona))
    html = panels(client.get(reverse("home")).content.decode())[panel]
    item = re.search(r"<li>\s*<a[^>]*>Quiet card redesign</a>(.*?)</li>", html, flags=re.S)
    assert item and "Stale" in item.group(1)


def test_each_kpi_links_to_its_metric_page_and_its_line_of_sight(client, full_program):
    from voc.models import KpiTarget

    target = KpiTarget.objects.get()
    client.force_login(full_program.core)
    html = panels(client.get(reverse("home")).content.decode())["kpis"]
    assert f'href="{target.get_metric_url().replace("&", "&amp;")}"' in html
    assert f'href="{reverse("program:line-of-sight-target", args=[target.pk])}"' in html
    assert "(touchpoint)" not in html


def test_the_raci_gaps_tile_links_to_the_matrix(client, full_program):
    client.force_login(full_program.viewer)
    html = panels(client.get(reverse("home")).content.decode())["gov-summary"]
    tile = re.search(r"<dt>RACI gaps</dt><dd><a href=\"([^\"]+)\">\d+</a>", html)
    assert tile and tile.group(1) == reverse("governance:raci")
    assert client.get(tile.group(1)).status_code == 200
