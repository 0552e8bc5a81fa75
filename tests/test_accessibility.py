"""axe-core on every main page as each role: no WCAG 2.1 A/AA violation.

axe-core comes from npm (package.json, package-lock.json; `make test` runs `npm ci`), never from
a CDN, and runs in the system Chromium through Playwright. The page list is a table: each app
appends its main pages to PAGES (a path, or a function of the demo data giving one). Every role
visits every page it may see (a page it may not see answers 403/404 and is skipped, so the
table need not restate permissions). The demo is seeded once for all the roles (`demo_site`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from tests.conftest import reset_sequences
from tests.snapshots import put_back_demo

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
    Page("governance health", "/program/health/"),
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
        "live kpi pack",
        first(
            "governance.Meeting",
            lambda m: f"/program/meetings/{m.pk}/pack/",
            body__tier="steering_committee",
            status="scheduled",
            kpi_pack__isnull=True,
            starts_at__gte=dt.datetime.now(dt.UTC),
        ),
    ),
    Page(
        "frozen kpi pack",
        first("program.KpiPack", lambda p: f"/program/meetings/{p.meeting_id}/pack/"),
    ),
    Page("operational figures", "/voc/operational/"),
    Page("enter an operational figure", "/voc/operational/new/"),
    Page(
        "correct an operational figure",
        first("voc.OperationalValue", lambda v: f"/voc/operational/{v.pk}/edit/"),
    ),
    Page("survey platforms", "/voc/webhooks/"),
    Page("set up a survey platform", "/voc/webhooks/new/"),
    Page("survey platform", first("voc.WebhookSource", lambda s: f"/voc/webhooks/{s.pk}/")),
    Page(
        "change a survey platform",
        first("voc.WebhookSource", lambda s: f"/voc/webhooks/{s.pk}/edit/"),
    ),
    Page("comment themes", "/voc/themes/"),
    Page("new comment theme", "/voc/themes/new/"),
    Page("comment theme", first("voc.Theme", lambda t: f"/voc/themes/{t.pk}/")),
    Page("change a comment theme", first("voc.Theme", lambda t: f"/voc/themes/{t.pk}/edit/")),
    Page("focus", "/portfolio/focus/"),
    Page("set a focus limit", "/portfolio/focus/new/"),
    Page(
        "change a focus limit",
        first("portfolio.FocusLimit", lambda f: f"/portfolio/focus/{f.pk}/edit/"),
    ),
    Page(
        "remove a focus limit",
        first("portfolio.FocusLimit", lambda f: f"/portfolio/focus/{f.pk}/delete/"),
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


@dataclass(frozen=True)
class DemoSite:
    url: str
    sessions: dict[str, str]  # a signed-in session key per role


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, demo_snapshot) -> Iterator[DemoSite]:
    """The demo, seeded once for every role's visit, and a live server of the module's own.

    Seeding took a third of this module's time when each role reseeded it. The demo and the
    roles' sessions are committed outside any test's transaction, so a live server on its own
    connection (PostgreSQL) sees them; pytest-django's `live_server` would flush them after each
    test. At the end the database is put back to the rows the module found (the migrations'
    rows), as a serialized rollback does.
    """
    with django_db_blocker.unblock():
        found = connection.creation.serialize_db_to_string()
        put_back_demo(demo_snapshot)
        sessions = {}
        for role in ROLES:
            client = Client()
            client.force_login(get_user_model().objects.get(username=role))
            sessions[role] = client.cookies["sessionid"].value
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    try:
        yield DemoSite(url=server.url, sessions=sessions)
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(found)
            reset_sequences()  # the flush set them back to 1, under the rows put back


def test_axe_core_is_installed_from_npm_not_fetched():
    assert AXE.exists(), "run `make test` (npm ci) to install axe-core from package-lock.json"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_login_page_has_no_wcag_violation(live_server, browser_page):
    found = violations(browser_page, f"{live_server.url}/accounts/login/")
    assert found == [], found


@pytest.mark.browser
@pytest.mark.django_db  # reads the demo; on SQLite the server shares this rolled-back connection
@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_has_no_wcag_violation_for(role, demo_site, browser_page):
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": demo_site.sessions[role], "url": demo_site.url}]
    )
    problems, visited = [], 0
    for page in PAGES:
        found = violations(browser_page, demo_site.url + page.url())
        if found is None:
            continue
        visited += 1
        problems += [f"{page.name}: {problem}" for problem in found]
    assert visited >= 10, f"{role} could open only {visited} pages"
    assert not problems, "\n".join(problems)
