"""In a real browser: a working-group member posts an amber update with a blocker and asks
for help; the core team sees it on its list; the steering committee's chair approves a
proposal by dragging its card on the board."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cxgov.roles import Role
from governance import services as governance
from governance.models import Activity, MemberRole, Tier
from portfolio.models import Initiative, Status
from tests.factories import PASSWORD, BodyFactory, BusinessUnitFactory, UserFactory
from tests.portfolio.factories import InitiativeFactory


@pytest.fixture
def program(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    admin = UserFactory(username="ada", roles=[Role.ADMIN])
    sponsor = BodyFactory(name="Executive sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    steering = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE, parent=sponsor)
    onboarding = BodyFactory(name="Onboarding WG", parent=steering)
    retail = BusinessUnitFactory(name="Retail banking", code="retail")
    wendy = UserFactory(
        username="wendy", first_name="Wendy", last_name="Worker", roles=[Role.WORKING_GROUP_MEMBER]
    )
    UserFactory(username="carol", first_name="Carol", last_name="Core", roles=[Role.CORE_TEAM])
    sam = UserFactory(
        username="sam", first_name="Sam", last_name="Steer", roles=[Role.STEERING_COMMITTEE]
    )
    start = dt.date(2026, 1, 1)
    for person, body, role in ((wendy, onboarding, "member"), (sam, steering, MemberRole.CHAIR)):
        governance.membership_create(
            by=admin, body=body, person=person, role=role, business_unit=retail, start_date=start
        )
    approve, _ = Activity.objects.get_or_create(
        code="approve-initiative", defaults={"name": "Approve initiatives"}
    )
    governance.activity_update(activity=approve, by=admin, data={"decided_by": steering})
    common = {"working_group": onboarding, "business_unit": retail, "owner": wendy}
    return {
        "running": InitiativeFactory(title="Welcome calls", status=Status.IN_PROGRESS, **common),
        "proposal": InitiativeFactory(
            title="Paperless ID checks", status=Status.PROPOSED, **common
        ),
        "sam": sam,
    }


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url)


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_asks_for_help_the_core_team_sees_it_and_the_chair_approves_on_the_board(
    live_server, browser_page, program
):
    page = browser_page
    running, proposal = program["running"], program["proposal"]

    # Wendy, a member of the Onboarding working group, posts an amber update with a blocker.
    log_in(page, f"{live_server.url}/portfolio/initiatives/{running.pk}/updates/new/", "wendy")
    page.get_by_label("Amber").check()
    page.get_by_label("Progress").fill("45")
    page.get_by_label("Summary").fill("Pilot calls started in two branches.")
    page.get_by_label("Blockers").fill("The dialler vendor has not signed the contract.")
    page.get_by_label("Ask the core CX team for help").check()
    page.get_by_label("What help do you need?").fill("Procurement must sign the dialler contract.")
    page.get_by_role("button", name="Post update").click()
    expect(page.locator(".messages[role=status]")).to_contain_text("The core CX team sees your")
    expect(page.locator("#timeline")).to_contain_text("The dialler vendor has not signed")
    running.refresh_from_db()
    assert (running.health, running.progress, running.needs_help) == ("amber", 45, True)
    log_out(page)

    # Carol of the core team finds it on her list of initiatives asking for help.
    log_in(page, f"{live_server.url}/portfolio/needs-help/", "carol")
    row = page.get_by_role("row", name="Welcome calls")
    expect(row).to_contain_text("Amber")
    expect(row).to_contain_text("Needs help")
    log_out(page)

    # Sam chairs the steering committee, which holds approve-initiative. A move the workflow
    # forbids (a proposal straight to in progress) snaps back with the reason.
    log_in(page, f"{live_server.url}/portfolio/board/", "sam")
    proposed = page.locator('.board__column[data-status="proposed"]')
    approved = page.locator('.board__column[data-status="approved"]')
    page.locator(f"#card-{proposal.pk}").drag_to(
        page.locator('.board__column[data-status="in_progress"]')
    )
    expect(page.locator("#board-status")).to_contain_text("Paperless ID checks was not moved")
    expect(proposed.locator(f"#card-{proposal.pk}")).to_be_visible()
    assert Initiative.objects.get(pk=proposal.pk).status == Status.PROPOSED

    # He drags it from Proposed to Approved.
    page.locator(f"#card-{proposal.pk}").drag_to(approved)
    expect(page.locator("#board-status")).to_contain_text("Paperless ID checks is now approved.")
    card = approved.locator(f"#card-{proposal.pk}")
    expect(card).to_be_visible()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.approved_by) == (Status.APPROVED, program["sam"])
    # Approving is all he may do: the approved card offers him no further move.
    expect(card).not_to_have_attribute("draggable", "true")
    assert page.console_errors == []
