"""In a real browser: the core team publishes a method in the standards library, a working
group's lead marks it used on their initiative, and the library's adoption count for the
initiative's business unit goes from nothing to one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cxgov.dates import today
from cxgov.roles import Role
from governance import services as governance
from governance.models import MemberRole, Standard, Tier
from tests.factories import PASSWORD, BodyFactory, BusinessUnitFactory, UserFactory
from tests.portfolio.factories import InitiativeFactory
from tests.test_accessibility import AXE, AXE_RUN, WCAG_21_AA


def no_wcag_violation(page) -> None:
    page.evaluate(AXE.read_text())
    assert page.evaluate(AXE_RUN, WCAG_21_AA) == []


@pytest.fixture
def program(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    admin = UserFactory(username="alex", roles=[Role.ADMIN])
    UserFactory(username="carol", first_name="Carol", last_name="Core", roles=[Role.CORE_TEAM])
    lead = UserFactory(
        username="lena", first_name="Lena", last_name="Lead", roles=[Role.WORKING_GROUP_MEMBER]
    )
    retail = BusinessUnitFactory(name="Retail banking", code="retail")
    BusinessUnitFactory(name="Wealth", code="wealth")
    steering = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE)
    onboarding = BodyFactory(name="Onboarding WG", tier=Tier.WORKING_GROUP, parent=steering)
    governance.membership_create(
        by=admin, body=onboarding, person=lead, role=MemberRole.LEAD, business_unit=retail,
        start_date=dt.date(2026, 1, 1),
    )  # fmt: skip
    return InitiativeFactory(
        title="Open an account in ten minutes",
        working_group=onboarding,
        business_unit=retail,
        owner=lead,
        status="in_progress",
    )


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_core_team_publishes_a_method_a_lead_marks_it_used_and_adoption_counts_it(
    live_server, browser_page, program
):
    page, base = browser_page, live_server.url
    initiative = program
    log_in(page, base, "carol", "/governance/standards/new/?kind=method")
    page.get_by_label("Title").fill("Listening sessions")
    page.get_by_label("Text").fill("Leaders listen to real customers for an hour a month.")
    page.get_by_label("Review by").fill((today() + dt.timedelta(days=90)).isoformat())
    no_wcag_violation(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Listening sessions")
    expect(page.locator(".messages")).to_contain_text("published as version 1")
    method = Standard.objects.get(title="Listening sessions")
    assert (method.kind, method.owner.username) == ("method", "carol")

    page.goto(f"{base}/governance/standards/")
    expect(page.get_by_text("No active initiative uses a method yet")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, base, "lena", initiative.get_absolute_url())
    page.get_by_role("link", name="Choose methods").click()
    page.get_by_label("Listening sessions").check()
    no_wcag_violation(page)
    page.get_by_role("button", name="Save methods").click()
    methods = page.locator("#methods")
    expect(methods.get_by_role("link", name="Listening sessions")).to_be_visible()

    page.goto(f"{base}/governance/standards/")
    table = page.locator("#method-adoption")
    expect(table.get_by_role("columnheader")).to_have_text(["Method", "Retail banking", "Total"])
    row = table.get_by_role("row").filter(has_text="Listening sessions")
    expect(row.get_by_role("cell")).to_have_text(["1", "1"])
    no_wcag_violation(page)
    assert page.console_errors == []
