"""axe-core on every main page as each role: no WCAG 2.1 A/AA violation.

axe-core comes from npm (package.json, package-lock.json; `make test` runs `npm ci`), never from
a CDN, and runs in the system Chromium through Playwright. The page list is a table: each app
appends its main pages to PAGES (a path, or a function of the demo data giving one). Every role
visits every page it may see (a page it may not see answers 403/404 and is skipped, so the
table need not restate permissions).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROLES = ["admin", "core", "sponsor", "steering", "member", "viewer"]


@dataclass(frozen=True)
class Page:
    name: str
    path: str | Callable[[], str]

    def url(self) -> str:
        return self.path if isinstance(self.path, str) else self.path()


def first(model_path: str, url: Callable[[object], str], **filters) -> Callable[[], str]:
    def build() -> str:
        from django.apps import apps

        model = apps.get_model(model_path)
        return url(model.objects.filter(**filters).order_by("pk").first())

    return build


# The main pages. New apps: append yours here.
PAGES: list[Page] = [
    Page("home", "/"),
    Page("api token", "/accounts/token/"),
    Page("password change", "/accounts/password/change/"),
    Page("governance", "/governance/"),
    Page("organization chart", "/governance/organization/"),
    Page("bodies", "/governance/bodies/"),
    Page("body", first("governance.GovernanceBody", lambda b: f"/governance/bodies/{b.pk}/")),
    Page(
        "person",
        lambda: f"/governance/people/{get_user_model().objects.get(username='member').pk}/",
    ),
    Page("raci", "/governance/raci/"),
    Page("activities", "/governance/activities/"),
    Page("business units", "/governance/business-units/"),
    Page("maturity", "/governance/maturity/"),
    Page("charters", "/governance/charters/"),
    Page("mission", "/governance/mission/"),
    Page("success statements", "/governance/success-statements/"),
    Page("portfolio", "/portfolio/"),
    Page("portfolio board", "/portfolio/board/"),
    Page("roadmap", "/portfolio/roadmap/"),
    Page("alignment", "/portfolio/alignment/"),
    Page("my initiatives", "/portfolio/mine/"),
    Page("initiative", first("portfolio.Initiative", lambda i: f"/portfolio/initiatives/{i.pk}/")),
    Page("voice of the customer", "/voc/"),
    Page("voc metric", "/voc/metrics/nps/"),
    Page("voc import", "/voc/import/"),
    Page("voc metric by touchpoint", "/voc/metrics/csat/?granularity=quarter&breakdown=channel"),
    Page("line of sight", "/program/line-of-sight/"),
    Page(
        "line of sight target", first("voc.KpiTarget", lambda t: f"/program/line-of-sight/{t.pk}/")
    ),
    Page(
        "voc responses behind a point",
        first(
            "voc.KpiRollup",
            lambda r: f"/voc/metrics/nps/responses/?granularity=month&period={r.period_start}",
            metric__code="nps",
            granularity="month",
            dimension_kind="overall",
        ),
    ),
    Page("kpi target", first("voc.KpiTarget", lambda t: f"/voc/targets/{t.pk}/")),
    Page(
        "add a kpi target",
        first(
            "governance.SuccessStatement", lambda s: f"/voc/success-statements/{s.pk}/targets/new/"
        ),
    ),
    Page("edit a kpi target", first("voc.KpiTarget", lambda t: f"/voc/targets/{t.pk}/edit/")),
    Page("remove a kpi target", first("voc.KpiTarget", lambda t: f"/voc/targets/{t.pk}/delete/")),
    Page("meetings", "/meetings/"),
    Page(
        "kpi pack",
        first(
            "program.KpiPack",
            lambda p: f"/program/meetings/{p.meeting_id}/pack/",
            frozen_at__isnull=True,
        ),
    ),
    Page(
        "frozen kpi pack",
        first(
            "program.KpiPack",
            lambda p: f"/program/meetings/{p.meeting_id}/pack/",
            frozen_at__isnull=False,
        ),
    ),
    Page("closed-loop cases", "/voc/cases/"),
    Page(
        "closed-loop case",
        first("voc.ClosedLoopCase", lambda c: f"/voc/cases/{c.pk}/", status="open"),
    ),
    Page(
        "kpi pack print",
        first("program.KpiPack", lambda p: f"/program/meetings/{p.meeting_id}/pack/print/"),
    ),
]

AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
  }));
}
"""


def violations(page, url: str) -> list[str] | None:
    response = page.goto(url)
    if response is None or response.status in {403, 404}:
        return None
    assert response.status == 200, f"{url} answered {response.status}"
    page.evaluate(AXE.read_text())
    found = page.evaluate(AXE_RUN, WCAG_21_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in found]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def sign_in(page, live_server, username: str) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_axe_core_is_installed_from_npm_not_fetched():
    assert AXE.exists(), "run `make test` (npm ci) to install axe-core from package-lock.json"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_login_page_has_no_wcag_violation(live_server, browser_page):
    found = violations(browser_page, f"{live_server.url}/accounts/login/")
    assert found == [], found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_has_no_wcag_violation_for(role, demo, live_server, browser_page):
    sign_in(browser_page, live_server, role)
    problems, visited = [], 0
    for page in PAGES:
        found = violations(browser_page, live_server.url + page.url())
        if found is None:
            continue
        visited += 1
        problems += [f"{page.name}: {problem}" for problem in found]
    assert visited >= 10, f"{role} could open only {visited} pages"
    assert not problems, "\n".join(problems)
