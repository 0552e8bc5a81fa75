"""In a real browser: the core team drafts v2 of a charter and submits it; the sponsor finds
it waiting on their home page and approves it; v2 is approved and v1 superseded."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cxgov.roles import Role
from governance.models import Activity, CharterVersion
from tests.factories import PASSWORD
from tests.governance.charters_helpers import approved


@pytest.fixture
def seeded(transactional_db):
    # A transactional test may follow another that flushed the migrations' rows: make sure.
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    Activity.objects.get_or_create(
        code="approve-charter", defaults={"name": "Approve charters", "kind": "decision"}
    )


def log_in(page, url, username):
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_core_drafts_the_sponsor_approves_from_home(live_server, browser_page, seeded, chartering):
    first = approved(chartering)
    charter_url = f"{live_server.url}{first.charter.get_absolute_url()}"
    page = browser_page

    log_in(page, charter_url, chartering["core"].username)
    page.get_by_role("link", name="Draft a new version").click()
    page.get_by_label("Meeting cadence and communication").fill("Every week, in person.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("v2")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text(
        "v2 of the charter of Onboarding WG was submitted"
    )
    page.context.clear_cookies()

    log_in(page, f"{live_server.url}/", chartering["sponsor_person"].username)
    banner = page.locator(".ack-banner")
    expect(banner).to_contain_text("v2 of the charter of Onboarding WG is in review")
    banner.get_by_role("link", name="Review v2").click()
    page.get_by_role("button", name="Approve v2").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved")
    expect(page.get_by_role("heading", name="The approved charter (v2)")).to_be_visible()
    versions = page.locator("section", has=page.get_by_role("heading", name="Versions"))
    expect(versions.get_by_role("row", name="v2")).to_contain_text("Approved")
    expect(versions.get_by_role("row", name="v1")).to_contain_text("Superseded")
    statuses = dict(CharterVersion.objects.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "approved"}
    assert page.console_errors == []
