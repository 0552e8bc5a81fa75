"""The list, board, roadmap and heatmap (pages) and the initiatives API list run the same
number of queries for 10 and for 2,000 initiatives."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from cxgov.dates import today
from portfolio.models import Health, Initiative, Status, StatusUpdate
from tests.factories import BusinessUnitFactory
from tests.helpers import assert_flat_query_count
from tests.portfolio.factories import PriorityFactory

SIZES = (10, 2000)


def flat(fetch, grow_to) -> int:
    # One fetch first: guardian's content-type lookups are cached per process, not per size.
    grow_to(SIZES[0])
    fetch()
    return assert_flat_query_count(fetch=fetch, grow_to=grow_to, sizes=SIZES)


@pytest.fixture
def grow(program):
    """Grow the portfolio to `size` initiatives across units, groups, statuses and healths,
    each serving one or two priorities, with an update each."""
    units = [program.retail] + [BusinessUnitFactory(code=f"unit-{i}") for i in range(4)]
    priorities = [PriorityFactory(title=f"Priority {i}", position=i) for i in range(5)]
    groups = [program.onboarding, program.complaints]
    statuses, healths = list(Status), [*Health.values, ""]
    through = Initiative.priorities.through
    counter = itertools.count()

    def grow_to(size: int) -> None:
        missing = size - Initiative.objects.count()
        made = Initiative.objects.bulk_create(
            Initiative(
                title=f"Initiative {n}",
                owner=program.member if n % 2 else program.other,
                working_group=groups[n % 2],
                business_unit=units[n % 5],
                start_date=dt.date(2026, 1, 1) + dt.timedelta(days=n % 200),
                target_date=dt.date(2026, 9, 1) + dt.timedelta(days=n % 300),
                status=statuses[n % 6],
                health=healths[n % 4],
                last_update_on=today() - dt.timedelta(days=n * 7 % 40),
                needs_help=n % 7 == 0,
                help_reason="Need IT." if n % 7 == 0 else "",
            )
            for n in (next(counter) for _ in range(missing))
        )
        through.objects.bulk_create(
            through(initiative_id=i.pk, strategicpriority_id=priorities[(k + j) % 5].pk)
            for k, i in enumerate(made)
            for j in range(1 + k % 2)
        )
        StatusUpdate.objects.bulk_create(
            StatusUpdate(
                initiative=i, author=program.member, health="green", progress=10, summary="x"
            )
            for i in made
        )

    return grow_to


@pytest.mark.parametrize(
    "route", ["portfolio:index", "portfolio:board", "portfolio:roadmap", "portfolio:alignment"]
)
@pytest.mark.parametrize("persona", ["core", "member"])
def test_the_portfolio_pages_run_a_fixed_number_of_queries(client, program, grow, route, persona):
    client.force_login(getattr(program, persona))
    url = reverse(route)
    flat(lambda: client.get(url), grow)


@pytest.mark.parametrize("route", ["portfolio:needs-help", "portfolio:stale", "portfolio:mine"])
def test_the_core_teams_lists_run_a_fixed_number_of_queries(client, program, grow, route):
    client.force_login(program.member)
    url = reverse(route)
    flat(lambda: client.get(url), grow)


def test_a_filtered_list_runs_a_fixed_number_of_queries(client, program, grow):
    client.force_login(program.core)
    url = reverse("portfolio:index") + "?status=in_progress&stale=false&needs_help=false"
    flat(lambda: client.get(url), grow)


@pytest.mark.parametrize("path", ["/api/v1/initiatives/", "/api/v1/status-updates/"])
def test_the_api_lists_run_a_fixed_number_of_queries(api_client, program, grow, path):
    api_client.force_login(program.member)
    flat(lambda: api_client.get(path), grow)


def test_the_board_caps_each_column_and_counts_the_rest(client, program, grow):
    grow(2000)
    client.force_login(program.core)
    board = client.get(reverse("portfolio:board")).context["board"]
    assert sum(column.total for column in board.columns) == 2000
    assert all(len(column.cards) == 25 for column in board.columns)
    assert {column.total for column in board.columns} == {2000 // 6, 2000 // 6 + 1}
