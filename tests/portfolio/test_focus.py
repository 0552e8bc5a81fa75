"""Focus: the core team limits active initiatives (approved, in progress, on hold) per working
group, business unit and owner. Going over asks for a reason that is kept, through one rule
(portfolio.services.focus_check) asked by the page, the board, the API and the admin; the list,
the board and the focus page show load against the limits. Counts worked by hand."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portfolio import services
from portfolio.errors import PortfolioError
from portfolio.models import FocusLimit, FocusOverride, Initiative
from portfolio.selectors import focus_board
from tests.helpers import assert_flat_query_count
from tests.portfolio.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def name(person) -> str:
    return person.get_full_name()


def limit(program, **fields) -> FocusLimit:
    return services.focus_limit_set(by=program.core, **fields)


# -- The rule ----------------------------------------------------------------------------------


def test_approving_over_an_owners_limit_asks_for_a_reason_and_keeps_it(program, make_initiative):
    # Wendy owns 2 active (approved, in progress) and 1 done; her limit is 2.
    make_initiative("approved")
    make_initiative("in_progress")
    make_initiative("completed")
    proposal = make_initiative("proposed")
    limit(program, kind="owner", owner=program.member, limit=2)
    with pytest.raises(PortfolioError) as refused:
        services.initiative_transition(initiative=proposal, to_status="approved", by=program.chair)
    assert refused.value.field == "focus_reason"
    assert refused.value.message == (
        f"{name(program.member)} would have 3 active initiatives, over the limit of 2. Give a "
        "reason for going over, or ask the core CX team to raise the limit."
    )
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and not FocusOverride.objects.exists()
    services.initiative_transition(
        initiative=proposal, to_status="approved", by=program.chair, focus_reason="Board asked."
    )
    kept = FocusOverride.objects.get()
    assert (kept.initiative, kept.kind, kept.load, kept.limit) == (proposal, "owner", 3, 2)
    assert (kept.reason, kept.by) == ("Board asked.", program.chair)


def test_the_default_limit_covers_those_without_their_own(program, make_initiative):
    # Every working group at most 1: Onboarding has 1 active, so a second goes over; the
    # Complaints group has its own limit of 3, so a second there does not.
    make_initiative("in_progress")
    make_initiative("in_progress", group=program.complaints)
    limit(program, kind="working_group", limit=1)
    limit(program, kind="working_group", working_group=program.complaints, limit=3)
    over = make_initiative("proposed")
    fine = make_initiative("proposed", group=program.complaints)
    services.initiative_transition(initiative=fine, to_status="approved", by=program.chair)
    with pytest.raises(PortfolioError, match="Onboarding WG would have 2 active initiatives"):
        services.initiative_transition(initiative=over, to_status="approved", by=program.chair)


def test_under_and_at_the_limit_nothing_is_asked(program, make_initiative):
    make_initiative("approved")
    limit(program, kind="owner", owner=program.member, limit=2)
    limit(program, kind="business_unit", business_unit=program.retail, limit=2)
    proposal = make_initiative("proposed")
    services.initiative_transition(initiative=proposal, to_status="approved", by=program.chair)
    assert not FocusOverride.objects.exists()  # 2 of 2: at the limit, not over it


def test_resuming_or_cancelling_adds_no_load(program, make_initiative):
    held = make_initiative("on_hold")
    make_initiative("in_progress")
    limit(program, kind="owner", owner=program.member, limit=1)  # already over: 2 of 1
    services.initiative_transition(initiative=held, to_status="in_progress", by=program.core)
    assert not FocusOverride.objects.exists()


def test_handing_an_active_initiative_to_a_full_owner_asks_for_a_reason(program, make_initiative):
    # The core team may own any initiative; the core team member owns 1 active, limit 1.
    make_initiative("in_progress", owner=program.core, group=program.complaints)
    moving = make_initiative("in_progress")
    limit(program, kind="owner", owner=program.core, limit=1)
    with pytest.raises(PortfolioError, match=f"{name(program.core)} would have 2 active"):
        services.initiative_update(initiative=moving, by=program.core, data={"owner": program.core})
    moving = Initiative.objects.get(pk=moving.pk)
    assert moving.owner == program.member  # nothing saved
    services.initiative_update(
        initiative=moving, by=program.core, data={"owner": program.core, "focus_reason": "Cover."}
    )
    assert FocusOverride.objects.get().subject == name(program.core)
    # A change of title to an initiative already over asks nothing.
    services.initiative_update(initiative=moving, by=program.core, data={"title": "Renamed"})
    assert FocusOverride.objects.count() == 1


# -- The limits: who sets them, and bad input ---------------------------------------------------


def test_only_the_core_team_and_admins_set_limits(program):
    for person in (program.chair, program.member, program.viewer, program.executive):
        with pytest.raises(PermissionDenied):
            services.focus_limit_set(by=person, kind="owner", limit=3)
    services.focus_limit_set(by=program.admin, kind="owner", limit=3)


def test_a_limit_below_zero_is_refused_by_name(program):
    with pytest.raises(ValidationError) as refused:
        limit(program, kind="owner", limit=-1)
    assert refused.value.message_dict["limit"] == ["A focus limit is 0 or more, not -1."]
    assert not FocusLimit.objects.exists()


def test_a_limit_names_someone_of_its_own_kind_once(program):
    with pytest.raises(ValidationError) as refused:
        limit(program, kind="owner", business_unit=program.retail, limit=2)
    assert "business_unit" in refused.value.message_dict
    limit(program, kind="owner", owner=program.member, limit=2)
    with pytest.raises(ValidationError, match="This owner already has a limit."):
        limit(program, kind="owner", owner=program.member, limit=4)
    limit(program, kind="owner", limit=5)
    with pytest.raises(ValidationError, match="already a limit for every one of this kind"):
        limit(program, kind="owner", limit=6)
    assert FocusLimit.objects.count() == 2


# -- Load against the limits ------------------------------------------------------------------


def test_the_focus_board_counts_active_initiatives_only(program, make_initiative):
    # Wendy: approved, in progress, on hold = 3 active; a proposal, a completed and a
    # cancelled one do not count. Otto: 1 active. Limits: every owner 2, Otto 1.
    for status in ("approved", "in_progress", "on_hold", "proposed", "completed", "cancelled"):
        make_initiative(status)
    make_initiative("in_progress", owner=program.other, group=program.complaints)
    limit(program, kind="owner", limit=2)
    limit(program, kind="owner", owner=program.other, limit=1)
    board = focus_board()
    rows = [(r.subject, r.load, r.limit.limit, r.over, r.at_limit) for r in board.loads]
    assert rows == [
        (name(program.member), 3, 2, True, False),
        (name(program.other), 1, 1, False, True),
    ]


def test_a_subject_with_its_own_limit_and_no_load_shows_zero(program):
    limit(program, kind="business_unit", business_unit=program.retail, limit=4)
    [row] = focus_board().loads
    assert (row.subject, row.load, row.over) == ("Retail", 0, False)


def test_the_focus_board_reads_in_four_queries_at_any_size(program):
    limit(program, kind="owner", limit=2)
    limit(program, kind="working_group", limit=2)
    limit(program, kind="business_unit", business_unit=program.retail, limit=2)

    def grow_to(size):
        for _ in range(Initiative.objects.count(), size):
            InitiativeFactory(status="in_progress", business_unit=program.retail)

    count = assert_flat_query_count(fetch=focus_board, grow_to=grow_to, sizes=(3, 30))
    assert count == 4


# -- The doors: pages, board, API, admin --------------------------------------------------------


def test_the_list_board_and_focus_page_show_who_is_over(client, program, make_initiative):
    make_initiative("in_progress")
    make_initiative("approved")
    limit(program, kind="owner", limit=1)
    client.force_login(program.viewer)
    wendy = name(program.member)
    for url in ("portfolio:index", "portfolio:board"):
        page = client.get(reverse(url)).content.decode()
        assert f"Over</span> Owner {wendy}: 2 active initiatives, limit 1" in page, url
    focus = client.get(reverse("portfolio:focus")).content.decode()
    assert f'<th scope="row">{wendy}</th>' in focus
    assert reverse("portfolio:focus-limit-create") not in focus  # the viewer sets none


def test_the_focus_page_reads_in_a_flat_number_of_queries(
    client, program, django_assert_max_num_queries
):
    limit(program, kind="owner", limit=2)
    client.force_login(program.viewer)
    client.get(reverse("portfolio:focus"))

    def grow_to(size):
        for _ in range(Initiative.objects.count(), size):
            InitiativeFactory(status="in_progress")

    assert_flat_query_count(
        fetch=lambda: client.get(reverse("portfolio:focus")), grow_to=grow_to, sizes=(2, 20)
    )
    with django_assert_max_num_queries(12):
        client.get(reverse("portfolio:focus"))


def test_core_team_sets_changes_and_removes_a_limit_on_the_pages(client, program):
    client.force_login(program.core)
    answer = client.post(
        reverse("portfolio:focus-limit-create"),
        {"kind": "owner", "owner": program.member.pk, "limit": "3", "note": "One at a time."},
    )
    assert answer.status_code == 302
    saved = FocusLimit.objects.get()
    assert (saved.owner, saved.limit, saved.set_by) == (program.member, 3, program.core)
    client.post(reverse("portfolio:focus-limit-edit", args=[saved.pk]), {"limit": "4", "note": ""})
    saved.refresh_from_db()
    assert saved.limit == 4
    client.post(reverse("portfolio:focus-limit-delete", args=[saved.pk]))
    assert not FocusLimit.objects.exists()


def test_a_negative_limit_on_the_page_is_shown_on_the_field(client, program):
    client.force_login(program.core)
    answer = client.post(
        reverse("portfolio:focus-limit-create"), {"kind": "owner", "owner": "", "limit": "-2"}
    )
    assert answer.status_code == 200  # the form drawn again, as every portfolio form
    assert "A focus limit is 0 or more, not -2." in answer.content.decode()
    assert not FocusLimit.objects.exists()


def test_approving_from_the_page_over_a_limit_says_why_and_keeps_the_reason(
    client, program, make_initiative
):
    make_initiative("in_progress")
    proposal = make_initiative("proposed")
    limit(program, kind="owner", limit=1)
    client.force_login(program.chair)
    url = reverse("portfolio:initiative-transition", args=[proposal.pk])
    page = client.post(url, {"to_status": "approved"}, follow=True).content.decode()
    assert f"{name(program.member)} would have 2 active initiatives, over the limit of 1" in page
    assert Initiative.objects.get(pk=proposal.pk).status == "proposed"
    client.post(url, {"to_status": "approved", "focus_reason": "Regulator deadline."})
    assert Initiative.objects.get(pk=proposal.pk).status == "approved"
    assert FocusOverride.objects.get().reason == "Regulator deadline."


def test_the_edit_page_shows_the_refusal_on_the_reason_field(client, program, make_initiative):
    make_initiative("in_progress", owner=program.core, group=program.complaints)
    moving = make_initiative("in_progress", title="Paperless ID checks")
    limit(program, kind="owner", limit=1)
    client.force_login(program.core)
    data = {
        "title": "Paperless ID checks",
        "description": "",
        "working_group": program.onboarding.pk,
        "owner": program.core.pk,
        "business_unit": program.retail.pk,
        "driven_by": "business",
        "start_date": "2026-01-01",
        "target_date": "2026-12-31",
        "help_reason": "",
        "focus_reason": "",
        "version": moving.version,
    }
    answer = client.post(reverse("portfolio:initiative-edit", args=[moving.pk]), data)
    assert answer.status_code == 200
    assert f"{name(program.core)} would have 2 active initiatives" in answer.content.decode()
    assert Initiative.objects.get(pk=moving.pk).owner == program.member


def test_the_api_asks_for_the_reason_on_transition(api_client, program, make_initiative):
    make_initiative("in_progress")
    proposal = make_initiative("proposed")
    limit(program, kind="owner", limit=1)
    api_client.force_authenticate(program.chair)
    url = f"/api/v1/initiatives/{proposal.pk}/transition/"
    refused = api_client.post(url, {"to_status": "approved"}, format="json")
    assert refused.status_code == 400
    assert "over the limit of 1" in refused.json()["focus_reason"][0]
    done = api_client.post(
        url, {"to_status": "approved", "focus_reason": "Why not."}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "approved"
    assert FocusOverride.objects.count() == 1


def test_the_api_sets_limits_and_refuses_a_negative_one(api_client, program):
    api_client.force_authenticate(program.core)
    refused = api_client.post(
        "/api/v1/focus-limits/", {"kind": "owner", "limit": -1}, format="json"
    )
    assert refused.status_code == 400 and "limit" in refused.json()
    assert not FocusLimit.objects.exists()
    made = api_client.post(
        "/api/v1/focus-limits/",
        {"kind": "business_unit", "business_unit": program.retail.pk, "limit": 3},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["subject"] == "Retail"
    pk = made.json()["id"]
    moved = api_client.patch(
        f"/api/v1/focus-limits/{pk}/", {"kind": "owner", "owner": program.member.pk}, format="json"
    )
    assert moved.status_code == 400  # whom it is for is fixed
    changed = api_client.patch(f"/api/v1/focus-limits/{pk}/", {"limit": 5}, format="json")
    assert changed.status_code == 200 and changed.json()["limit"] == 5
    api_client.force_authenticate(program.chair)
    assert (
        api_client.patch(f"/api/v1/focus-limits/{pk}/", {"limit": 9}, format="json").status_code
        == 403
    )


def test_the_admin_asks_the_same_rule(client, program, make_initiative):
    make_initiative("in_progress", owner=program.core, group=program.complaints)
    moving = make_initiative("in_progress", title="Paperless ID checks")
    limit(program, kind="owner", limit=1)
    program.admin.is_staff = program.admin.is_superuser = True
    program.admin.save()
    client.force_login(program.admin)
    url = reverse("admin:portfolio_initiative_change", args=[moving.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["owner"] = program.core.pk
    data["priorities"] = []
    data["version_read"] = moving.version
    for prefix in ("milestones", "target_links"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    answer = client.post(url, data)
    assert answer.status_code == 200
    assert f"{name(program.core)} would have 2 active initiatives" in answer.content.decode()
    assert Initiative.objects.get(pk=moving.pk).owner == program.member
    data["focus_reason"] = "Wendy is on leave."
    assert client.post(url, data).status_code == 302
    assert Initiative.objects.get(pk=moving.pk).owner == program.core
    assert FocusOverride.objects.get().reason == "Wendy is on leave."
