"""In a real browser, on the demo organization, the steering committee chair's week: open the
next meeting's pre-read (read live), approve an initiative it lists as awaiting a decision
while another figure changes elsewhere, see both in the pre-read, open the meeting (the pack
freezes), close it, and find that a later change does not reach the frozen pack."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cxgov.caching import data_changed
from cxgov.dates import today
from tests.program.test_browser_homes_and_pack import sign_in
from voc.models import KpiRollup


@pytest.fixture
def demo(transactional_db, demo_data):
    """The demo, committed where the live server's connection reads it."""


def _latest_nps() -> KpiRollup:
    return (
        KpiRollup.objects.filter(metric__code="nps", dimension_kind="overall", granularity="month")
        .exclude(score=None)
        .filter(period_start__lt=today().replace(day=1))  # the pack reads complete months
        .order_by("-period_start")
        .first()
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_chair_sees_changes_live_then_the_pack_freezes_at_the_opening(
    demo, live_server, browser_page
):
    page = browser_page
    sign_in(page, live_server, "steering")
    page.goto(f"{live_server.url}/")
    page.locator('section[aria-labelledby="next-meeting"]').get_by_role(
        "link", name="KPI pack"
    ).click()
    pack_url = page.url
    expect(page.locator(".pack-state")).to_contain_text("Live: read at")
    expect(page.locator(".pack-state")).to_contain_text("Age of the data")
    decisions = page.locator("#pack-decisions")
    proposal = decisions.get_by_role("link").first
    title = proposal.inner_text()
    assert title, "the demo's pack lists an initiative awaiting approval"

    # The chair approves it from the pack; meanwhile the latest NPS month is recomputed.
    proposal.click()
    page.get_by_label("Move to").select_option("approved")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".messages")).to_be_visible()
    KpiRollup.objects.filter(pk=_latest_nps().pk).update(score=41.7, low=38.0, high=45.4)
    data_changed()  # as the rollup services do when they write

    page.goto(pack_url)
    expect(page.locator("#pack-decisions")).not_to_contain_text(title)
    expect(page.locator("#pack-kpis .pack-glance")).to_contain_text("41.7")

    # The chair opens the meeting: the pack freezes with what it shows now.
    page.get_by_role("link", name="Back to the meeting").click()
    page.get_by_role("button", name="Open the meeting").click()
    page.goto(pack_url)
    expect(page.locator(".pack-state")).to_contain_text("Frozen when the meeting opened")
    expect(page.locator("#pack-kpis .pack-glance")).to_contain_text("41.7")

    page.get_by_role("link", name="Back to the meeting").click()
    page.get_by_role("button", name="Close the meeting (minutes final)").click()

    # A change after the meeting does not reach its pack.
    KpiRollup.objects.filter(pk=_latest_nps().pk).update(score=12.3, low=9.0, high=15.6)
    data_changed()
    page.goto(pack_url)
    expect(page.locator(".pack-state")).to_contain_text("Frozen when the meeting opened")
    glance = page.locator("#pack-kpis .pack-glance")
    expect(glance).to_contain_text("41.7")
    expect(glance).not_to_contain_text("12.3")
    assert page.console_errors == []
