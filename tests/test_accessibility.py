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
from django.test import Client, override_settings
from pytest_django.live_server_helper import LiveServer

from tests.conftest import reset_sequences
from tests.snapshots import put_back_demo

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROLES = ["admin", "core", "sponsor", "steering", "member", "viewer"]


# Forms and pages that read the same for every role who may open them are checked once, as
# the administrator (who may open them all), not six times.
ONCE = ("admin",)


@dataclass(frozen=True)
class Page:
    name: str
    path: str | Callable[[], str | None]
    roles: tuple[str, ...] = tuple(ROLES)

    def url(self) -> str | None:
        return self.path if isinstance(self.path, str) else self.path()


def first(model_path: str, url: Callable[[object], str], **filters) -> Callable[[], str | None]:
    """The page of the first such record in the demo (None: the demo has none)."""

    def build() -> str | None:
        from django.apps import apps

        model = apps.get_model(model_path)
        found = model.objects.filter(**filters).order_by("pk").first()
        return None if found is None else url(found)

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
        "working group and its commitments",
        first(
            "governance.GovernanceBody",
            lambda b: f"/governance/bodies/{b.pk}/",
            tier="working_group",
        ),
    ),
    Page(
        "state a commitment",
        first(
            "governance.GovernanceBody",
            lambda b: f"/governance/bodies/{b.pk}/commitment/",
            tier="working_group",
        ),
    ),
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
    Page(
        "initiative with a risk awaiting the steering committee",
        first(
            "portfolio.Risk",
            lambda r: f"/portfolio/initiatives/{r.initiative_id}/",
            escalated_on__isnull=False,
            steering_reviewed_on__isnull=True,
        ),
    ),
    Page("voice of the customer", "/voc/"),
    Page("voc metric", "/voc/metrics/nps/"),
    Page("voc import", "/voc/import/"),
    Page("voc metric by touchpoint", "/voc/metrics/csat/?granularity=quarter&breakdown=channel"),
    Page("line of sight", "/program/line-of-sight/"),
    Page("governance health", "/program/health/"),
    Page("search", "/program/search/?q=onboarding"),
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
    Page("cx storyline", "/program/storyline/"),
    Page("cx storyline, print view", "/program/storyline/print/", ONCE),
    Page("success story", first("program.SuccessStory", lambda s: f"/program/stories/{s.pk}/")),
    Page("tell a success story", "/program/stories/new/", ONCE),
    Page(
        "change a success story",
        first("program.SuccessStory", lambda s: f"/program/stories/{s.pk}/edit/"),
        ONCE,
    ),
    Page("cx promises", "/voc/promises/"),
    Page("record a cx promise", "/voc/promises/new/", ONCE),
    Page(
        "change a cx promise", first("voc.Promise", lambda p: f"/voc/promises/{p.pk}/edit/"), ONCE
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
    Page("leadership engagement", "/governance/engagement/"),
    Page("log an engagement", "/governance/engagement/new/"),
    Page("set an engagement target", "/governance/engagement/targets/"),
    Page("standards library", "/governance/standards/"),
    Page("add to the standards library", "/governance/standards/new/?kind=template"),
    Page(
        "standard",
        first("governance.Standard", lambda s: f"/governance/standards/{s.pk}/", kind="method"),
    ),
    Page(
        "edit a standard",
        first("governance.Standard", lambda s: f"/governance/standards/{s.pk}/edit/"),
    ),
    Page(
        "old version of a standard",
        first(
            "governance.StandardVersion",
            lambda v: f"/governance/standards/{v.standard_id}/versions/{v.number}/",
        ),
    ),
    Page(
        "methods used by an initiative",
        first("portfolio.Initiative", lambda i: f"/portfolio/initiatives/{i.pk}/methods/"),
    ),
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
    Page("key drivers", "/voc/drivers/"),
    Page(
        "experience beside operations",
        "/voc/correlation/?experience=csat&operational=repeat-contacts",
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

# Forms, print views and the second-level pages, once each (ONCE).
PAGES += [
    Page("action items", "/governance/action-items/"),
    Page("action items not done on time", "/governance/action-items/?missed=1", ONCE),
    Page("decision log", "/governance/decisions/"),
    Page("objectives", "/governance/objectives/"),
    Page("notifications", "/notifications/"),
    Page("digest", "/accounts/digest/"),
    Page("needs help", "/portfolio/needs-help/"),
    Page("stale initiatives", "/portfolio/stale/"),
    Page("strategic priorities", "/portfolio/priorities/"),
    Page("meeting list", "/governance/meetings/"),
    Page("mission print", "/governance/mission/print/", ONCE),
    Page("password changed", "/accounts/password/change/done/", ONCE),
    Page("new body", "/governance/bodies/new/", ONCE),
    Page("new activity", "/governance/activities/new/", ONCE),
    Page("new business unit", "/governance/business-units/new/", ONCE),
    Page("new maturity assessment", "/governance/maturity/new/", ONCE),
    Page("new mission", "/governance/mission/new/", ONCE),
    Page("new objective", "/governance/objectives/new/", ONCE),
    Page("new success statement", "/governance/success-statements/new/", ONCE),
    Page("new initiative", "/portfolio/initiatives/new/", ONCE),
    Page("new strategic priority", "/portfolio/priorities/new/", ONCE),
    Page(
        "body's people",
        first("governance.GovernanceBody", lambda b: f"/governance/bodies/{b.pk}/people/"),
    ),
    Page(
        "edit a body",
        first("governance.GovernanceBody", lambda b: f"/governance/bodies/{b.pk}/edit/"),
        ONCE,
    ),
    Page(
        "disband a body",
        first("governance.GovernanceBody", lambda b: f"/governance/bodies/{b.pk}/disband/"),
        ONCE,
    ),
    Page(
        "draft a charter",
        first("governance.GovernanceBody", lambda b: f"/governance/bodies/{b.pk}/charter/draft/"),
        ONCE,
    ),
    Page(
        "add a cadence",
        first(
            "governance.GovernanceBody",
            lambda b: f"/governance/bodies/{b.pk}/cadence/",
            cadences__isnull=True,
        ),
        ONCE,
    ),
    Page(
        "edit a cadence",
        first("governance.Cadence", lambda c: f"/governance/cadences/{c.pk}/edit/"),
        ONCE,
    ),
    Page(
        "edit a membership",
        first("governance.Membership", lambda m: f"/governance/memberships/{m.pk}/edit/"),
        ONCE,
    ),
    Page(
        "edit an activity",
        first("governance.Activity", lambda a: f"/governance/activities/{a.pk}/edit/"),
        ONCE,
    ),
    Page(
        "edit a business unit",
        first("governance.BusinessUnit", lambda u: f"/governance/business-units/{u.pk}/edit/"),
        ONCE,
    ),
    Page(
        "maturity assessment",
        first("governance.MaturityAssessment", lambda a: f"/governance/maturity/{a.pk}/"),
    ),
    Page("charter", first("governance.Charter", lambda c: f"/governance/charters/{c.pk}/")),
    Page(
        "charter print",
        first("governance.Charter", lambda c: f"/governance/charters/{c.pk}/print/"),
        ONCE,
    ),
    Page(
        "charter changes",
        first("governance.Charter", lambda c: f"/governance/charters/{c.pk}/diff/"),
        ONCE,
    ),
    Page(
        "charter version",
        first(
            "governance.CharterVersion",
            lambda v: f"/governance/charters/{v.charter_id}/versions/{v.number}/",
        ),
    ),
    Page(
        "edit a charter draft",
        first(
            "governance.CharterVersion",
            lambda v: f"/governance/charters/{v.charter_id}/versions/{v.number}/edit/",
            status="draft",
        ),
        ONCE,
    ),
    Page(
        "reject a charter",
        first(
            "governance.CharterVersion",
            lambda v: f"/governance/charters/{v.charter_id}/versions/{v.number}/reject/",
            status="in_review",
        ),
        ONCE,
    ),
    Page(
        "mission version",
        first("governance.MissionStatement", lambda m: f"/governance/mission/{m.number}/"),
    ),
    Page(
        "edit a mission draft",
        first(
            "governance.MissionStatement",
            lambda m: f"/governance/mission/{m.number}/edit/",
            status="draft",
        ),
        ONCE,
    ),
    Page(
        "success statement",
        first("governance.SuccessStatement", lambda s: f"/governance/success-statements/{s.pk}/"),
    ),
    Page(
        "edit a success statement",
        first(
            "governance.SuccessStatement", lambda s: f"/governance/success-statements/{s.pk}/edit/"
        ),
        ONCE,
    ),
    Page(
        "edit an objective",
        first("governance.DepartmentObjective", lambda o: f"/governance/objectives/{o.pk}/edit/"),
        ONCE,
    ),
    Page(
        "meeting",
        first("governance.Meeting", lambda m: f"/governance/meetings/{m.pk}/", status="closed"),
    ),
    Page(
        "edit a meeting",
        first(
            "governance.Meeting", lambda m: f"/governance/meetings/{m.pk}/edit/", status="scheduled"
        ),
        ONCE,
    ),
    Page(
        "cancel a meeting",
        first(
            "governance.Meeting",
            lambda m: f"/governance/meetings/{m.pk}/cancel/",
            status="scheduled",
        ),
        ONCE,
    ),
    Page(
        "edit an agenda item",
        first("governance.AgendaItem", lambda i: f"/governance/agenda-items/{i.pk}/edit/"),
        ONCE,
    ),
    Page(
        "edit an initiative",
        first("portfolio.Initiative", lambda i: f"/portfolio/initiatives/{i.pk}/edit/"),
        ONCE,
    ),
    Page(
        "post a status update",
        first("portfolio.Initiative", lambda i: f"/portfolio/initiatives/{i.pk}/updates/new/"),
        ONCE,
    ),
    Page(
        "add a milestone",
        first("portfolio.Initiative", lambda i: f"/portfolio/initiatives/{i.pk}/milestones/new/"),
        ONCE,
    ),
    Page(
        "add a risk",
        first("portfolio.Initiative", lambda i: f"/portfolio/initiatives/{i.pk}/risks/new/"),
        ONCE,
    ),
    Page(
        "link a kpi target",
        first("portfolio.Initiative", lambda i: f"/portfolio/initiatives/{i.pk}/targets/new/"),
        ONCE,
    ),
    Page("edit a risk", first("portfolio.Risk", lambda r: f"/portfolio/risks/{r.pk}/edit/"), ONCE),
    Page(
        "escalate a risk",
        first(
            "portfolio.Risk",
            lambda r: f"/portfolio/risks/{r.pk}/escalate/",
            escalated_on__isnull=True,
        ),
        ONCE,
    ),
    Page(
        "edit a target link",
        first("portfolio.TargetLink", lambda t: f"/portfolio/target-links/{t.pk}/edit/"),
        ONCE,
    ),
    Page(
        "edit a strategic priority",
        first("portfolio.StrategicPriority", lambda p: f"/portfolio/priorities/{p.pk}/edit/"),
        ONCE,
    ),
    Page(
        "import job",
        first("voc.ImportJob", lambda j: f"/voc/imports/{j.pk}/", status="succeeded"),
        ONCE,
    ),
    Page(
        "map an import",
        first("voc.ImportJob", lambda j: f"/voc/imports/{j.pk}/map/", status="pending"),
        ONCE,
    ),
]

# Routes that are not pages to check: files, redirects, fragments, and actions taking a POST
# only (each answers 405 to a GET). Every other route must have a row in PAGES.
NOT_PAGES = {
    "healthz": "JSON for probes",
    "favicon": "an image",
    "login": "checked signed out (test_the_login_page_has_no_wcag_violation)",
    "sso-login": "a redirect to the identity provider",
    "sso-callback": "the provider's redirect back",
    "meetings-index": "a redirect to the person's meetings",
    "portfolio:initiative-export": "a CSV file",
    "voc:responses-export": "a CSV file",
    "governance:calendar-feed": "an iCalendar file",
    "governance:meeting-ics": "an iCalendar file",
    "governance:standard-file": "a template's file (a PDF, an Office document or an image)",
    "governance:raci-cell": "a fragment of the RACI matrix page, swapped in by htmx",
    "governance:raci-row": "a fragment of the RACI matrix page, swapped in by htmx",
}

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


def add_the_states_the_demo_skips() -> None:
    """What the demo has no record of, so that every form can be opened: a working group with
    no cadence, a charter draft and one awaiting approval, a mission draft, and an upload
    waiting to be mapped beside a finished import."""
    from django.core.files.base import ContentFile

    from governance import services
    from governance.models import GovernanceBody, MissionStatement, Tier
    from voc.models import ImportJob, ImportStatus

    admin = get_user_model().objects.get(username="admin")
    steering = GovernanceBody.objects.filter(tier=Tier.STEERING_COMMITTEE).first()
    texts = {
        field: f"What the group agreed about its {field.replace('_', ' ')}."
        for field in (
            "purpose_vision", "goals_scope", "roles_responsibilities",
            "decision_authority", "meeting_cadence", "success_measures",
        )
    }  # fmt: skip
    drafting, submitting = (
        services.body_create(by=admin, name=name, tier=Tier.WORKING_GROUP, parent=steering)
        for name in ("Complaints review group", "Branch experience group")
    )
    services.charter_version_draft(by=admin, body=drafting, **texts)
    services.charter_version_submit(
        version=services.charter_version_draft(by=admin, body=submitting, **texts), by=admin
    )
    if not MissionStatement.objects.filter(status="draft").exists():
        services.mission_draft(
            by=admin, statement="Banking that keeps its word.", customers="Everyone we serve.",
            experience="Clear, quick, fair.", feeling="Looked after.", difference="We follow up.",
        )  # fmt: skip
    for status in (ImportStatus.PENDING, ImportStatus.SUCCEEDED):
        job = ImportJob(original_name=f"{status}.csv", size_bytes=30, status=status)
        job.file.save(
            f"{status}.csv",
            ContentFile(b"metric,score,responded_at\nnps,9,2026-11-02\n"),
            save=False,
        )
        job.save()


@dataclass(frozen=True)
class DemoSite:
    url: str
    sessions: dict[str, str]  # a signed-in session key per role


@pytest.fixture(scope="module")
def demo_site(
    django_db_setup, django_db_blocker, demo_snapshot, tmp_path_factory
) -> Iterator[DemoSite]:
    """The demo, seeded once for every role's visit, and a live server of the module's own.

    Seeding took a third of this module's time when each role reseeded it. The demo and the
    roles' sessions are committed outside any test's transaction, so a live server on its own
    connection (PostgreSQL) sees them; pytest-django's `live_server` would flush them after each
    test. At the end the database is put back to the rows the module found (the migrations'
    rows), as a serialized rollback does.
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        found = connection.creation.serialize_db_to_string()
        put_back_demo(demo_snapshot)
        add_the_states_the_demo_skips()
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
        media.disable()
        with django_db_blocker.unblock():
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
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
        url = page.url() if role in page.roles else None
        if url is None:
            continue
        found = violations(browser_page, demo_site.url + url)
        if found is None:
            continue
        visited += 1
        problems += [f"{page.name}: {problem}" for problem in found]
    assert visited >= 10, f"{role} could open only {visited} pages"
    assert not problems, "\n".join(problems)


PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db  # reads the demo; on SQLite the server shares this rolled-back connection
@pytest.mark.parametrize("role", ["steering", "member"])
def test_no_main_page_scrolls_sideways_on_a_phone_for(role, demo_site, browser_page):
    """WCAG 2.1's reflow (1.4.10): on a 390 px phone the page itself never scrolls sideways; a
    wide table scrolls inside its own wrapper, a long badge or word wraps."""
    browser_page.set_viewport_size(PHONE)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": demo_site.sessions[role], "url": demo_site.url}]
    )
    wide, visited = [], 0
    for page in PAGES:
        url = page.url() if role in page.roles else None
        if url is None:
            continue
        response = browser_page.goto(demo_site.url + url)
        if response is None or response.status in {403, 404}:
            continue
        visited += 1
        width = browser_page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{page.name} ({url}): {width}px")
        # A chart shrunk to the phone keeps its viewBox's shape, with no empty bands.
        for drawn, shaped in browser_page.evaluate(CHART_SHAPES):
            if abs(drawn - shaped) > 2:
                wide.append(f"{page.name} ({url}): a chart {drawn}px high, drawn {shaped}px")
    assert visited >= 10, f"{role} could open only {visited} pages"
    assert not wide, "pages wider than the phone, or charts out of shape:\n" + "\n".join(wide)


CHART_SHAPES = """() => [...document.querySelectorAll('svg.chart')]
  .filter(svg => svg.viewBox.baseVal && svg.viewBox.baseVal.width && svg.getClientRects().length)
  .map(svg => { const r = svg.getBoundingClientRect(), v = svg.viewBox.baseVal;
                return [Math.round(r.height), Math.round(r.width * v.height / v.width)]; })"""


@pytest.mark.django_db
def test_every_page_route_is_in_the_table(demo_data, client, settings, tmp_path):
    """Each route that answers a GET with a page is in PAGES (on a record the demo has), or in
    NOT_PAGES with a reason; a route answering 405 to a GET takes a POST only."""
    import re
    from urllib.parse import urlsplit

    from django.urls import resolve

    from tests.test_authorization import _url_conf_routes

    settings.MEDIA_ROOT = tmp_path
    add_the_states_the_demo_skips()
    unbuilt = [page.name for page in PAGES if page.url() is None]
    assert not unbuilt, f"the demo has no record for these pages: {unbuilt}"
    covered = {resolve(urlsplit(page.url()).path).view_name for page in PAGES}
    client.force_login(get_user_model().objects.get(username="admin"))
    missing = []
    for route, name, _ in _url_conf_routes():
        if route.startswith(("api/", "^api")) or name in covered or name in NOT_PAGES:
            continue
        probe = "/" + re.sub(
            r"<(int|slug|str):(\w+)>", lambda m: {"int": "999999"}.get(m[1], "x"), route
        )
        if client.get(probe).status_code != 405:
            missing.append(name)
    assert not missing, f"pages with no row in PAGES (or in NOT_PAGES with a reason): {missing}"
