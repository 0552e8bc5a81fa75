"""Portfolio pages: the list's filters, the board's moves (htmx), the core team's lists, and
another group's initiative reached by id."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.dates import today
from portfolio.models import Initiative, Status

LIST = reverse("portfolio:index")


def titles(response) -> list[str]:
    return [i.title for i in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "in_progress"}, ["Running", "Quiet"]),
        ({"health": "red"}, ["Running"]),
        ({"needs_help": "true"}, ["Running"]),
        ({"stale": "true"}, ["Quiet"]),
        ({"stale": "false", "status": "in_progress"}, ["Running"]),
        ({"status": "", "health": ""}, ["Running", "Quiet", "Draft"]),  # empty means any
    ],
)
def test_the_list_filters(client, program, make_initiative, query, expected):
    make_initiative(
        status=Status.IN_PROGRESS,
        title="Running",
        health="red",
        last_update_on=today(),
        needs_help=True,
        help_reason="Need IT.",
        target_date=dt.date(2026, 12, 1),
    )
    make_initiative(
        status=Status.IN_PROGRESS,
        title="Quiet",
        last_update_on=today() - dt.timedelta(days=40),
        target_date=dt.date(2026, 12, 2),
    )
    make_initiative(status=Status.PROPOSED, title="Draft", target_date=dt.date(2026, 12, 3))
    client.force_login(program.core)
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_the_list_filters_by_priority_business_unit_group_and_owner(
    client, program, make_initiative
):
    from tests.portfolio.factories import PriorityFactory

    priority = PriorityFactory()
    mine = make_initiative(title="Mine", priorities=[priority])
    make_initiative(title="Theirs", group=program.complaints, owner=program.other)
    client.force_login(program.core)
    for query in (
        {"priority": priority.pk},
        {"business_unit": program.retail.pk, "working_group": program.onboarding.pk},
        {"owner": program.member.pk},
    ):
        assert titles(client.get(LIST, query)) == [mine.title], query


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("status", "finished", "Status: Select a valid choice. finished is not one"),
        ("health", "purple", "Health: Select a valid choice. purple is not one"),
        ("owner", "999999", "Owner: Select a valid choice."),
        ("priority", "2.5", "Priority: Select a valid choice."),
        ("stale", "maybe", "Stale: Give true or false, not &#x27;maybe&#x27;."),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_field(client, program, param, value, message):
    client.force_login(program.viewer)
    response = client.get(LIST, {param: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["page"] is None


def test_the_list_answers_htmx_with_the_results_only(client, program, make_initiative):
    make_initiative(status=Status.APPROVED, title="Approved")
    client.force_login(program.viewer)
    response = client.get(LIST, HTTP_HX_REQUEST="true")
    assert [t.name for t in response.templates][0] == "portfolio/_results.html"
    assert "Approved" in response.content.decode()


def test_a_board_move_the_workflow_forbids_snaps_back_with_the_reason(
    client, program, make_initiative
):
    initiative = make_initiative(status=Status.COMPLETED, title="Done deal")
    client.force_login(program.core)
    response = client.post(
        reverse("portfolio:initiative-transition", args=[initiative.pk]),
        {"to_status": "proposed", "from": "board"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Done deal was not moved: An initiative that is completed is closed" in html
    completed = next(c for c in response.context["board"].columns if c.status == "completed")
    assert [c.pk for c in completed.cards] == [initiative.pk]
    initiative.refresh_from_db()
    assert initiative.status == Status.COMPLETED


def test_a_board_move_without_the_right_snaps_back_with_the_rules_reason(
    client, program, make_initiative
):
    initiative = make_initiative(status=Status.PROPOSED, title="Welcome calls")
    client.force_login(program.member)  # may edit it, not approve it
    response = client.post(
        reverse("portfolio:initiative-transition", args=[initiative.pk]),
        {"to_status": "approved", "from": "board"},
        HTTP_HX_REQUEST="true",
    )
    assert "holding the decision right to approve initiatives" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == Status.PROPOSED


def test_a_board_move_that_is_allowed_lands_in_its_new_column(client, program, make_initiative):
    initiative = make_initiative(status=Status.PROPOSED)
    client.force_login(program.chair)
    response = client.post(
        reverse("portfolio:initiative-transition", args=[initiative.pk]),
        {"to_status": "approved", "from": "board"},
        HTTP_HX_REQUEST="true",
    )
    approved = next(c for c in response.context["board"].columns if c.status == "approved")
    assert [c.pk for c in approved.cards] == [initiative.pk]


def test_another_groups_initiative_by_id_is_403_where_visible_and_404_where_not(
    client, api_client, program, make_initiative
):
    visible = make_initiative(status=Status.IN_PROGRESS, title="Visible")
    draft = make_initiative(status=Status.PROPOSED, title="Draft")
    client.force_login(program.other)
    api_client.force_login(program.other)
    edit = "portfolio:initiative-edit"
    assert client.get(reverse(edit, args=[visible.pk])).status_code == 403
    assert client.get(reverse(edit, args=[draft.pk])).status_code == 404
    assert client.post(reverse(edit, args=[draft.pk]), {"title": "X"}).status_code == 404
    api = "/api/v1/initiatives/{}/"
    assert api_client.patch(api.format(visible.pk), {"title": "X"}).status_code == 403
    assert api_client.patch(api.format(draft.pk), {"title": "X"}).status_code == 404
    assert api_client.get(api.format(draft.pk)).status_code == 404
    assert set(Initiative.objects.values_list("title", flat=True)) == {"Visible", "Draft"}


def test_the_core_teams_lists_show_who_asks_for_help_and_who_went_quiet(
    client, program, make_initiative
):
    make_initiative(
        status=Status.IN_PROGRESS,
        title="Asking",
        needs_help=True,
        help_reason="Legal is silent.",
        last_update_on=today(),
    )
    make_initiative(
        status=Status.IN_PROGRESS, title="Silent", last_update_on=today() - dt.timedelta(days=30)
    )
    client.force_login(program.core)
    assert titles(client.get(reverse("portfolio:needs-help"))) == ["Asking"]
    assert titles(client.get(reverse("portfolio:stale"))) == ["Silent"]


def test_my_initiatives_are_my_groups_and_those_i_own(client, program, make_initiative):
    make_initiative(title="Group's", owner=program.core)
    make_initiative(title="Owned elsewhere", group=program.complaints, status=Status.APPROVED)
    make_initiative(title="Not mine", group=program.complaints, owner=program.other)
    client.force_login(program.member)
    assert sorted(titles(client.get(reverse("portfolio:mine")))) == ["Group's", "Owned elsewhere"]


def test_the_detail_page_shows_the_timeline_milestones_risks_and_history(
    client, program, make_initiative
):
    from tests.portfolio.factories import MilestoneFactory, RiskFactory, StatusUpdateFactory

    initiative = make_initiative(status=Status.IN_PROGRESS, title="Welcome calls")
    StatusUpdateFactory(initiative=initiative, summary="Pilot went live.", blockers="Vendor.")
    MilestoneFactory(initiative=initiative, title="Pilot live")
    RiskFactory(initiative=initiative, title="Vendor delay", escalated_on=today())
    client.force_login(program.viewer)
    html = client.get(initiative.get_absolute_url()).content.decode()
    for text in ("Pilot went live.", "Vendor.", "Pilot live", "Vendor delay", "Created"):
        assert text in html
    assert "on the steering committee's next agenda" in html
    assert "Post a status update" not in html  # a viewer reads


def test_an_empty_post_to_a_risk_is_refused_naming_the_fields(client, program, make_initiative):
    """Bound even when empty: a 400 naming the required fields, never the form afresh."""
    from portfolio.models import Risk

    running = make_initiative(status=Status.IN_PROGRESS, title="Running")
    client.force_login(program.member)
    response = client.post(reverse("portfolio:risk-create", args=[running.pk]), {})
    assert response.status_code == 400
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert not Risk.objects.filter(initiative=running).exists()
