"""In a real browser: the core team uploads a CSV, maps its columns, watches the progress bar
finish, and sees the KPI card and the trend move."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cxgov.roles import Role
from tests.factories import PASSWORD, UserFactory
from voc import tasks
from voc.models import ImportJob, ImportStatus, Response
from voc.services import rollup_rebuild

from .factories import metric

RANGE = "granularity=month&start=2026-01-01&end=2026-03-31"


@pytest.fixture
def february(transactional_db):
    """40 promoters in February 2026: NPS +100.0, n = 40."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    UserFactory(username="carol", first_name="Carol", last_name="Core", roles=[Role.CORE_TEAM])
    Response.objects.bulk_create(
        Response(
            metric=metric("nps"), score=10, external_id=f"feb-{i}",
            responded_at=dt.datetime(2026, 2, 10, 9, i, tzinfo=dt.UTC),
        )
        for i in range(40)
    )  # fmt: skip
    rollup_rebuild()


def march_file() -> bytes:
    """30 detractors and 10 promoters in March: (10 - 30) / 40 = -50.0."""
    lines = ["Survey;Rating;Answered;Ref"]
    lines += [f"nps;{0 if i < 30 else 9};2026-03-0{1 + i % 9}T10:00:00+01:00;mar-{i}"
              for i in range(40)]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_core_team_imports_a_csv_and_watches_the_kpis_move(
    live_server, browser_page, february, settings, monkeypatch, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 100  # so this file runs on the worker
    # The worker: the test takes the queued job id from the outbox's hand-off to the broker and
    # runs the real task itself, while the page polls (a worker process cannot see the test's
    # database).
    queued: list[int] = []
    monkeypatch.setattr(
        tasks.import_job_run_task,
        "apply_async",
        lambda args=(), **options: queued.append(args[0]),
    )
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/?next=/voc/%3F{RANGE.replace('&', '%26')}")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    card = page.locator("article.kpi-card", has=page.locator("#kpi-nps"))
    expect(card).to_contain_text("February 2026")
    expect(card).to_contain_text("+100.0")
    expect(card).to_contain_text("n = 40")

    page.get_by_role("link", name="Import responses").click()
    page.locator("#id_file").set_input_files(
        files=[{"name": "march.csv", "mimeType": "text/csv", "buffer": march_file()}]
    )
    page.get_by_role("button", name="Upload and map the columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map the columns of march.csv")

    page.get_by_label("Metric", exact=True).select_option("Survey")
    page.get_by_label("Score").select_option("Rating")
    page.get_by_label("Responded at").select_option("Answered")
    page.get_by_label("External id").select_option("Ref")
    page.get_by_role("button", name="Preview with these choices").click()
    expect(page.get_by_role("status").filter(has_text="first 10 rows")).to_have_text(
        "No problem in the first 10 rows."
    )
    page.get_by_role("button", name="Import the file").click()

    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Waiting to run")
    expect(progress).to_have_attribute("hx-trigger", "every 1s")
    job = ImportJob.objects.get()
    assert queued == [job.pk] and not Response.objects.filter(external_id__startswith="mar")
    assert tasks.import_job_run_task(job.pk) == ImportStatus.SUCCEEDED

    # The page finds out by itself, on its next poll, and stops polling.
    expect(progress).to_contain_text("Imported 40 of 40 responses.", timeout=10_000)
    expect(page.locator("#import-progress-bar")).to_have_attribute("value", "100")
    expect(page.locator("#import-progress")).not_to_have_attribute("hx-trigger", re.compile("."))

    page.goto(f"{live_server.url}/voc/?{RANGE}")
    expect(card).to_contain_text("March 2026")
    expect(card).to_contain_text("−50.0")
    expect(card).to_contain_text("n = 40")
    card.get_by_role("link", name="Net Promoter Score").click()
    trend = page.locator("svg.chart--trend")
    expect(trend).to_contain_text("Feb 26: 100.0")
    expect(trend).to_contain_text("Mar 26: -50.0")
    assert page.console_errors == []
