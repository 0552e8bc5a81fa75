"""In a real browser: the core team sets up a working group and closes a RACI gap in place."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cxgov.dates import today
from cxgov.roles import Role
from governance.models import GovernanceBody, RaciAssignment, Tier
from tests.factories import (
    PASSWORD,
    ActivityFactory,
    BodyFactory,
    BusinessUnitFactory,
    UserFactory,
)


@pytest.fixture
def program(transactional_db):
    # A transactional test may follow another that flushed the migrations' rows: make sure.
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    sponsor = BodyFactory(name="Executive sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    return {
        "carol": UserFactory(
            username="carol", first_name="Carol", last_name="Core", roles=[Role.CORE_TEAM]
        ),
        # She will lead the new group: a lead's seat needs a role that may act on it.
        "olga": UserFactory(
            first_name="Olga", last_name="Ivanova", roles=[Role.WORKING_GROUP_MEMBER]
        ),
        "ben": UserFactory(first_name="Ben", last_name="Adeyemi"),
        "steering": BodyFactory(
            name="Steering committee", tier=Tier.STEERING_COMMITTEE, parent=sponsor
        ),
        "retail": BusinessUnitFactory(name="Retail banking", code="retail"),
        "it": BusinessUnitFactory(name="IT", code="it"),
        "activity": ActivityFactory(name="Billing clarity", position=0),
    }


def add_member(page, person, unit, role="member"):
    form = page.locator("#members form")
    form.get_by_label("Person").select_option(str(person.pk))
    form.get_by_label("Role").select_option(role)
    form.get_by_label("Business unit").select_option(str(unit.pk))
    # the body was formed today (the form's default); a seat cannot start before that
    form.get_by_label("Start date").fill(today().isoformat())
    form.get_by_label("Hours per month").fill("8")
    form.get_by_role("button", name="Add member").click()
    name = person.get_full_name()
    expect(
        page.locator("#members table").get_by_role("link", name=name, exact=True)
    ).to_be_visible()
    expect(page.locator("#members-status")).to_contain_text(f"{name} joined as {role}.")


def set_letter(page, row, column_key, letter):
    row.locator(f'a[href$="/{column_key}/"]').click()
    editor = row.locator(".cell-editor")
    editor.get_by_role("combobox").select_option(letter)
    editor.get_by_role("button", name="Save").click()
    expect(row.locator(".cell-editor")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_core_team_sets_up_a_working_group_and_closes_a_raci_gap(
    live_server, browser_page, program
):
    page = browser_page
    page.goto(f"{live_server.url}/governance/bodies/new/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/governance/bodies/new/")

    page.get_by_label("Name").fill("Billing WG")
    page.get_by_label("Tier").select_option(Tier.WORKING_GROUP)
    page.get_by_label("Parent").select_option(str(program["steering"].pk))
    page.get_by_role("button", name="Create body").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Billing WG")
    group = GovernanceBody.objects.get(name="Billing WG")
    assert page.url.endswith(group.get_absolute_url())

    add_member(page, program["olga"], program["retail"], role="lead")
    add_member(page, program["ben"], program["it"])
    assert group.memberships.count() == 2

    page.goto(f"{live_server.url}/governance/raci/")
    row = page.locator(f"#raci-row-{program['activity'].pk}")
    expect(row).to_have_class("matrix__gap")
    expect(row.locator("span.matrix__gap")).to_have_text(["No Accountable", "No Responsible"])

    set_letter(page, row, f"body-{group.pk}", "A")
    expect(row.locator("span.matrix__gap")).to_have_text(["No Responsible"])
    set_letter(page, row, f"body-{program['steering'].pk}", "R")
    expect(row.locator("span.matrix__gap")).to_have_count(0)
    expect(row).not_to_have_class("matrix__gap")
    expect(row.locator(".raci--A")).to_have_text("A")

    letters = RaciAssignment.objects.filter(activity=program["activity"])
    assert sorted(letters.values_list("body__name", "letter")) == [
        ("Billing WG", "A"),
        ("Steering committee", "R"),
    ]
    assert page.console_errors == []
