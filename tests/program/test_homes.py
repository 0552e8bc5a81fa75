"""Role homes: each role lands on the panels that answer its first question, in a number of
queries that does not grow with the program."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from cxgov.dates import today
from governance.models import GovernanceBody, Membership, Tier
from portfolio.models import Health, Initiative, Risk, Status
from tests.factories import UserFactory
from tests.helpers import assert_flat_query_count


@pytest.fixture
def grow(program):
    """Grow the program: `size` initiatives in every status and health (some asking for help,
    some stale, some with escalated risks), and a body and a member for every ten."""
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
                last_update_on=today() - dt.timedelta(days=n * 7 % 60),
                needs_help=n % 5 == 0,
                help_reason="Need IT." if n % 5 == 0 else "",
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
                escalated_on=today(),
            )
            for i in made[::3]
        )
        bodies = GovernanceBody.objects.bulk_create(
            GovernanceBody(
                name=f"Group {next(counter)}",
                tier=Tier.WORKING_GROUP,
                parent=program.steering,
                formed_on=dt.date(2026, 1, 1),
            )
            for _ in range(missing // 10)
        )
        people = [UserFactory(username=f"person-{b.name}") for b in bodies]
        Membership.objects.bulk_create(
            Membership(
                person=p, body=b, business_unit=program.retail, start_date=dt.date(2026, 1, 1)
            )
            for p, b in zip(people, bodies, strict=True)
        )

    return grow_to


PERSONAS = ["admin", "core", "executive", "chair", "member", "viewer"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_home_runs_the_same_queries_at_demo_size_and_ten_times_it(
    client, program, grow, persona
):
    client.force_login(getattr(program, persona))
    fetch = lambda: client.get(reverse("home"))  # noqa: E731
    grow(40)
    fetch()  # warm per-process caches (content types, guardian) before counting
    assert_flat_query_count(fetch=fetch, grow_to=grow, sizes=(40, 400))


def test_the_core_team_sees_portfolio_health_help_and_stale_lists(client, program, make_initiative):
    make_initiative(
        status=Status.IN_PROGRESS,
        title="Ask for help",
        needs_help=True,
        help_reason="IT",
        health=Health.RED,
        last_update_on=today(),
    )
    make_initiative(
        status=Status.IN_PROGRESS,
        title="Gone quiet",
        health=Health.GREEN,
        last_update_on=today() - dt.timedelta(days=90),
    )
    client.force_login(program.core)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Core CX team dashboard" in html
    assert response.context["home"].sections[:4] == [
        "kpis",
        "portfolio_health",
        "needs_help",
        "stale",
    ]
    help_list = [i.title for i in response.context["needs_help"]]
    stale_list = [i.title for i in response.context["stale"]]
    assert help_list == ["Ask for help"] and stale_list == ["Gone quiet"]
    counts = response.context["portfolio_health"].counts
    assert (counts["open"], counts["red"], counts["needs_help"], counts["stale"]) == (2, 1, 1, 1)


def test_the_steering_chair_sees_what_awaits_their_decision_and_red_initiatives(
    client, program, make_initiative
):
    proposed = make_initiative(status=Status.PROPOSED, title="Proposal")
    make_initiative(status=Status.IN_PROGRESS, title="Amber one", health=Health.AMBER)
    make_initiative(status=Status.IN_PROGRESS, title="Red one", health=Health.RED)
    client.force_login(program.chair)
    response = client.get(reverse("home"))
    assert response.context["awaiting_decision"] == [proposed]
    assert [i.title for i in response.context["troubled"]] == ["Red one", "Amber one"]
    # The panel shows both; it links to each list, and each list holds its own one.
    text = response.content.decode()
    for health, title in (("red", "Red one"), ("amber", "Amber one")):
        assert f'href="{reverse("portfolio:index")}?health={health}"' in text
        listing = client.get(reverse("portfolio:index"), {"health": health}).content.decode()
        assert title in listing


def test_a_member_sees_their_initiatives_and_a_viewer_those_in_progress(
    client, program, make_initiative
):
    mine = make_initiative(status=Status.IN_PROGRESS, title="Mine")
    make_initiative(
        status=Status.IN_PROGRESS, title="Theirs", group=program.complaints, owner=program.other
    )
    client.force_login(program.member)
    assert [i.title for i in client.get(reverse("home")).context["my_initiatives"]] == ["Mine"]
    client.force_login(program.viewer)
    in_progress = client.get(reverse("home")).context["in_progress"]
    assert {i.title for i in in_progress} == {"Mine", "Theirs"}
    assert mine in in_progress


def test_a_person_without_a_role_is_told_whom_to_ask(client, no_role_user):
    client.force_login(no_role_user)
    html = client.get(reverse("home")).content.decode()
    assert "No role yet" in html


def test_the_core_home_shows_each_kpi_against_its_target_with_interval_and_status(client, program):
    from governance.models import SuccessStatement
    from tests.voc.test_targets_and_alerts import month, nps_target

    statement = SuccessStatement.objects.create(title="Easy to do business with", text="Always.")
    nps_target(statement)
    # The path runs from 10 (1 Jan 2026) to 40 (1 Jan 2027): on 31 Oct, day 303 of 365,
    # it expects 10 + 30 * 303 / 365 = 34.9. October's 25 falls short, but its interval
    # reaches 38: at risk, not off track.
    month("nps", dt.date(2026, 10, 1), score=25.0, low=12.0, high=38.0, n=400)
    client.force_login(program.core)
    response = client.get(reverse("home"))
    (reading,) = response.context["kpis"]["readings"]
    assert (reading.latest.score, reading.status.label) == (25.0, "At risk")
    html = response.content.decode()
    # In the metric's own format, as on its voice-of-the-customer page: NPS in signed points.
    assert "+12.0 to +38.0" in html and "At risk" in html
    assert ">+25.0" in html and "+40.0 by Jan 2027" in html


def test_a_target_without_data_says_so_never_zero(client, program):
    from governance.models import SuccessStatement
    from tests.voc.test_targets_and_alerts import nps_target

    nps_target(SuccessStatement.objects.create(title="Loyal customers", text="Always."))
    client.force_login(program.viewer)
    html = client.get(reverse("home")).content.decode()
    assert "No data yet" in html
