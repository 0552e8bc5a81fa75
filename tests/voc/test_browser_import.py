"""In a real browser, the core team's weekly import: a backlog of last summer's survey, imported
as history, opens no closed-loop case; this week's responses, imported live, open a case for
each recent detractor's comment, as many as the preview said and a hand count expects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cxgov.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.test_accessibility import AXE, AXE_RUN, WCAG_21_AA
from voc.models import ClosedLoopCase, ImportJob, Response

from .factories import TouchpointFactory

# Headers as a survey tool exports them: every column is mapped by its name, none by hand.
HEADER = "Survey,Rating,Response Date,Response ID,Touch point,Verbatim"


@pytest.fixture
def branch(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    UserFactory(username="carol", first_name="Carol", last_name="Core", roles=[Role.CORE_TEAM])
    owner = UserFactory(username="otto", roles=[Role.WORKING_GROUP_MEMBER])
    return TouchpointFactory(code="branch-visit", name="Branch visit", owner=owner)


def csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def backlog() -> bytes:
    """Last summer: 5 detractors with a comment (each would open a case, live) and a promoter."""
    rows = [f"nps,{i},2026-06-0{i + 1}T10:00:00Z,old-{i},Branch Visit,Queue too long"
            for i in range(5)]  # fmt: skip
    return csv(*rows, "nps,10,2026-06-09T10:00:00Z,old-9,branch visit,Lovely staff")


def this_week(now: dt.datetime) -> bytes:
    """Hand count of the cases a live import opens, with the default cut-off (5 working days):
    live-1 and live-2, detractors with a comment from the last hours: 2 cases.
    live-3, a detractor of 40 days ago, is older than the service level: no case.
    live-4, a passive (7) with a comment, and live-5, a detractor without one: no case.
    live-6, a promoter: no case."""

    def at(hours: float) -> str:
        return (now - dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")

    return csv(
        f"nps,2,{at(1)},live-1,BRANCH VISIT,Card blocked at the counter",
        f"nps,5,{at(2)},live-2,branch-visit,Waited forty minutes",
        f"nps,0,{at(40 * 24)},live-3,Branch visit,Rude",
        f"nps,7,{at(3)},live-4,Branch visit,Fine",
        f"nps,3,{at(4)},live-5,Branch visit,",
        f"nps,10,{at(5)},live-6,Branch visit,Great",
    )


def no_wcag_violation(page) -> None:
    """axe-core on the page as it stands (the accessibility check's own run)."""
    page.evaluate(AXE.read_text())
    found = page.evaluate(AXE_RUN, WCAG_21_AA)
    assert found == [], found


def upload(page, url: str, name: str, content: bytes, *, mapped: bool = True) -> None:
    page.goto(f"{url}/voc/import/")
    page.locator("#id_file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload and map the columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Map the columns of {name}")
    if not mapped:
        return
    # Mapped by the headers' names before anyone chooses.
    expect(page.get_by_label("Score")).to_have_value("Rating")
    expect(page.get_by_label("Responded at")).to_have_value("Response Date")
    expect(page.get_by_label("External id")).to_have_value("Response ID")
    expect(page.get_by_label("Touchpoint")).to_have_value("Touch point")
    expect(page.get_by_label("Comment")).to_have_value("Verbatim")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backlog_imported_as_history_opens_no_case_and_a_live_import_opens_its_own(
    live_server, browser_page, branch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next=/voc/import/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The backlog: as live (the default), the preview counts no case either, every detractor
    # being older than the service level; as history, it says a history import opens none.
    upload(page, live_server.url, "summer.csv", backlog())
    trial = page.locator("#import-trial")
    expect(trial).to_have_text(
        "Would import 6 of 6 responses, and open 0 closed-loop cases for detractors' comments."
    )
    no_wcag_violation(page)
    page.get_by_label("History: a backlog, opens no case").check()
    page.get_by_role("button", name="Preview with these choices").click()
    expect(trial).to_have_text(
        "Would import 6 of 6 responses, and open no closed-loop case: a history import opens none."
    )
    page.get_by_role("button", name="Import the file").click()
    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Imported 6 of 6 responses.")
    expect(progress).to_contain_text("A history import: no closed-loop case opened.")
    assert Response.objects.count() == 6 and ClosedLoopCase.objects.count() == 0

    # This week's file, live: the preview's count, then the cases themselves.
    now = timezone.now()
    upload(page, live_server.url, "week.csv", this_week(now))
    expect(page.get_by_label("Live: recent detractors open cases")).to_be_checked()
    expect(trial).to_have_text(
        "Would import 6 of 6 responses, and open 2 closed-loop cases for detractors' comments."
    )
    assert Response.objects.count() == 6  # the preview kept nothing
    page.get_by_role("button", name="Import the file").click()
    expect(progress).to_contain_text("Imported 6 of 6 responses. 2 closed-loop cases opened")
    expect(progress.locator("dl")).to_contain_text("Cases opened2")
    opened = ClosedLoopCase.objects.select_related("response", "owner")
    assert sorted(c.response.external_id for c in opened) == ["live-1", "live-2"]
    assert {c.owner.username for c in opened} == {"otto"}
    job = ImportJob.objects.get(original_name="week.csv")
    assert job.mode == "live" and job.cases_opened == 2

    # A file the import refuses: its page says so, with its problems and no percentage.
    upload(page, live_server.url, "bad.csv", csv("nps,11,2026-11-02T10:00:00Z,bad-1,Kiosk,Hm"))
    expect(trial).to_contain_text("Would refuse the file: 2 problems.")
    page.get_by_role("button", name="Import the file").click()
    expect(progress.locator("strong")).to_have_text("Refused")
    expect(progress).to_contain_text("'11' is off the scale 0-10")
    expect(progress).to_contain_text("unknown touchpoint 'Kiosk'")
    expect(progress).not_to_contain_text("%")
    expect(page.locator("#import-progress-bar")).to_have_count(0)
    no_wcag_violation(page)
    assert ClosedLoopCase.objects.count() == 2 and Response.objects.count() == 12
    assert page.console_errors == []
