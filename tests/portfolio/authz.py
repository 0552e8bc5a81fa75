"""Portfolio rows of the authorization table (see tests/authz.py).

The world: an approved initiative of the Onboarding working group (everyone reads it; its
members, "wg_member" and "lead", and the configurers edit it; "wg_other" of Complaints gets
403), and an Onboarding proposal (a draft: "viewer" and "wg_other" cannot see it, so they get
404; only "steering", who chairs the body holding the approve-initiative right, approves it).
Both are linked to voc's NPS target; a CSAT target is left free to link.
"""

from __future__ import annotations

import datetime as dt

from governance import services as governance
from governance.models import Activity, SuccessStatement
from portfolio.models import FocusLimit, RiskStatus, Status, TargetLink
from tests.authz import CONFIGURERS, Check, Route, World, only, statuses
from tests.portfolio.factories import (
    InitiativeFactory,
    MilestoneFactory,
    PriorityFactory,
    RiskFactory,
    StatusUpdateFactory,
)
from voc.models import KpiTarget, Metric

EDITORS = (*CONFIGURERS, "wg_member", "lead")
PROPOSERS = (*CONFIGURERS, "wg_member", "wg_other", "lead")  # serve on some working group
PRIORITY_SETTERS = (*CONFIGURERS, "steering")
EVERY_ROLE = statuses(200)
API_READ = statuses(200, api=True)
# The proposal is hidden from those outside its group who do not lead the program.
HIDDEN = {"viewer": 404, "wg_other": 404}


def build(world: World) -> None:
    o, u = world.objects, world.users
    Activity.objects.filter(code="approve-initiative").update(decided_by=o["steering_body"])
    o["priority"] = PriorityFactory(title="Effortless onboarding")
    o["initiative"] = InitiativeFactory(
        title="Open an account in ten minutes",
        working_group=o["onboarding"],
        business_unit=o["retail"],
        owner=u["wg_member"],
        status=Status.APPROVED,
        priorities=[o["priority"]],
    )
    o["proposal"] = InitiativeFactory(
        title="Paperless ID checks",
        working_group=o["onboarding"],
        business_unit=o["retail"],
        owner=u["lead"],
        status=Status.PROPOSED,
    )
    o["milestone"] = MilestoneFactory(initiative=o["initiative"], title="Pilot live")
    o["risk"] = RiskFactory(initiative=o["initiative"], owner=u["wg_member"])
    o["update"] = StatusUpdateFactory(initiative=o["initiative"], author=u["wg_member"])
    o["target_link"] = TargetLink.objects.create(
        initiative=o["initiative"], target=o["target"], expected_change=5,
        direction="increase", expected_by=dt.date(2026, 9, 1),
    )  # fmt: skip
    o["proposal_link"] = TargetLink.objects.create(
        initiative=o["proposal"], target=o["target"], expected_change=3,
        direction="increase", expected_by=dt.date(2026, 9, 1),
    )  # fmt: skip
    o["focus_limit"] = FocusLimit.objects.create(kind="owner", owner=u["wg_member"], limit=3)
    o["method"] = governance.standard_create(
        by=u["core"], kind="method", title="Listening sessions", text="Leaders listen.",
        owner=u["core"], review_on=dt.date(2030, 1, 1),
    )  # fmt: skip
    o["free_target"] = KpiTarget.objects.create(
        success_statement=SuccessStatement.objects.create(title="Satisfied", text="Always."),
        metric=Metric.objects.get(code="csat"), baseline_value=70,
        baseline_period_start=dt.date(2026, 1, 1), target_value=80,
        target_date=dt.date(2027, 1, 1),
    )  # fmt: skip


def _pk(name: str):
    return lambda w: {"pk": w[name].pk}


def _initiative_form(w: World, name: str = "initiative") -> dict:
    i = w[name]
    return {
        "title": f"{i.title} (renamed)",
        "description": "Changed in the authorization table.",
        "working_group": w["onboarding"].pk,
        "owner": w.users["wg_member"].pk,
        "business_unit": w["retail"].pk,
        "priorities": [w["priority"].pk],
        "driven_by": "business",
        "formed_group": "",
        "start_date": "2026-01-01",
        "target_date": "2026-12-31",
        "budget": "",
        "expected_benefit": "",
        "realized_benefit": "",
        "help_reason": "",
        "version": i.version,
    }


def _initiative_api(w: World) -> dict:
    return {
        "title": "Branch appointment booking",
        "description": "Proposed in the authorization table.",
        "working_group": w["onboarding"].pk,
        "owner": w.users["wg_member"].pk,
        "business_unit": w["retail"].pk,
        "priorities": [w["priority"].pk],
        "driven_by": "business",
        "start_date": "2026-02-01",
        "target_date": "2026-10-31",
    }


def _priority(w: World) -> dict:
    return {"title": "Proactive service", "description": "", "period": "2026", "position": "2"}


def _priority_api(w: World) -> dict:
    return {**_priority(w), "position": 2, "is_active": True}


def _risk(w: World) -> dict:
    return {
        "title": "Vendor delay",
        "description": "",
        "likelihood": 3,
        "impact": 4,
        "owner": w.users["wg_member"].pk,
        "mitigation": "Weekly check-in.",
        "status": RiskStatus.OPEN,
    }


def _update(w: World) -> dict:
    return {"health": "amber", "progress": 40, "summary": "Slower than planned.", "blockers": ""}


def _link(w: World) -> dict:
    return {
        "target": w["free_target"].pk,
        "expected_change": 4,
        "direction": "increase",
        "expected_by": "2026-10-01",
        "note": "Fewer forms to fill.",
    }


def _link_edit(w: World) -> dict:
    return {"expected_change": 6, "direction": "increase", "expected_by": "2026-11-01", "note": ""}


ROUTES: list[Route] = [
    # Pages: reading
    Route("portfolio:index", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:initiative-export", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:board", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:roadmap", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:alignment", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:mine", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:needs-help", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:stale", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:priority-list", checks=[Check("GET", EVERY_ROLE)]),
    Route("portfolio:initiative-detail", _pk("initiative"), [Check("GET", EVERY_ROLE)]),
    Route(
        "portfolio:initiative-detail",
        _pk("proposal"),
        [Check("GET", statuses(200, **HIDDEN))],
        note="another group's proposal is not visible",
    ),
    # Priorities
    Route(
        "portfolio:priority-create",
        checks=[
            Check("GET", only(200, *PRIORITY_SETTERS)),
            Check("POST", only(302, *PRIORITY_SETTERS), data=_priority),
        ],
    ),
    Route(
        "portfolio:priority-edit",
        _pk("priority"),
        [
            Check("GET", only(200, *PRIORITY_SETTERS)),
            Check("POST", only(302, *PRIORITY_SETTERS), data=_priority),
        ],
    ),
    # Initiatives
    Route(
        "portfolio:initiative-create",
        checks=[
            Check("GET", only(200, *PROPOSERS)),
            Check(
                "POST",
                # wg_other may propose, but only in Complaints: Onboarding is not offered.
                only(302, *EDITORS) | {"wg_other": 200},
                data=lambda w: {
                    **_initiative_form(w),
                    "title": "Branch appointment booking",
                },
            ),
        ],
    ),
    Route(
        "portfolio:initiative-edit",
        _pk("initiative"),
        [
            Check("GET", only(200, *EDITORS)),
            Check("POST", only(302, *EDITORS), data=_initiative_form),
        ],
    ),
    Route(
        "portfolio:initiative-edit",
        _pk("proposal"),
        [
            Check("GET", only(200, *EDITORS) | HIDDEN),
            Check(
                "POST",
                only(302, *EDITORS) | HIDDEN,
                data=lambda w: _initiative_form(w, "proposal"),
            ),
        ],
        note="another group's proposal edited by id: 404 where not visible",
    ),
    Route(
        "portfolio:initiative-transition",
        _pk("initiative"),
        [
            Check("POST", only(302, *EDITORS), data=lambda w: {"to_status": Status.IN_PROGRESS}),
            Check(
                "POST",
                # From the board, htmx gets the board back with the refusal on it.
                statuses(200),
                data=lambda w: {"to_status": Status.IN_PROGRESS, "from": "board"},
                htmx=True,
            ),
        ],
    ),
    Route(
        "portfolio:initiative-transition",
        _pk("proposal"),
        [
            Check(
                "POST",
                only(302, "steering") | HIDDEN,
                data=lambda w: {"to_status": Status.APPROVED},
            )
        ],
        note="approving is for the holders of the approve-initiative right only",
    ),
    Route(
        "portfolio:update-create",
        _pk("initiative"),
        [
            Check("GET", only(200, *EDITORS)),
            Check("POST", only(302, *EDITORS), data=_update),
        ],
    ),
    Route(
        "portfolio:milestone-create",
        _pk("initiative"),
        [
            Check("GET", only(200, *EDITORS)),
            Check(
                "POST",
                only(302, *EDITORS),
                data=lambda w: {"title": "Rolled out", "due_on": "2026-09-01"},
            ),
        ],
    ),
    Route(
        "portfolio:milestone-mark",
        _pk("milestone"),
        [Check("POST", only(302, *EDITORS), data=lambda w: {"done": "on"})],
    ),
    Route(
        "portfolio:risk-create",
        _pk("initiative"),
        [Check("GET", only(200, *EDITORS)), Check("POST", only(302, *EDITORS), data=_risk)],
    ),
    Route(
        "portfolio:risk-edit",
        _pk("risk"),
        [Check("GET", only(200, *EDITORS)), Check("POST", only(302, *EDITORS), data=_risk)],
    ),
    Route(
        "portfolio:risk-escalate",
        _pk("risk"),
        [
            Check("GET", only(200, *EDITORS)),
            Check("POST", only(302, *EDITORS), data=lambda w: {"note": "Decide the release."}),
        ],
    ),
    # The KPI targets an initiative moves
    Route(
        "portfolio:target-link-create",
        _pk("initiative"),
        [
            Check("GET", only(200, *EDITORS)),
            Check("POST", only(302, *EDITORS), data=_link),
            Check("POST", only(200, *EDITORS), data=_link, htmx=True),
        ],
    ),
    Route(
        "portfolio:target-link-create",
        _pk("proposal"),
        [Check("GET", only(200, *EDITORS) | HIDDEN)],
        note="another group's proposal linked by id: 404 where not visible",
    ),
    Route(
        "portfolio:target-link-edit",
        _pk("target_link"),
        [
            Check("GET", only(200, *EDITORS)),
            Check("POST", only(302, *EDITORS), data=_link_edit),
            Check("POST", only(200, *EDITORS), data=_link_edit, htmx=True),
        ],
    ),
    Route(
        "portfolio:target-link-delete",
        _pk("target_link"),
        [
            Check("POST", only(302, *EDITORS)),
            Check("POST", only(200, *EDITORS), htmx=True),
        ],
    ),
    Route(
        "portfolio:target-link-delete",
        _pk("proposal_link"),
        [Check("POST", only(302, *EDITORS) | HIDDEN)],
        note="a link on another group's proposal: 404 where not visible",
    ),
    # Focus: everyone reads the load; the core team and admins set the limits.
    Route("portfolio:focus", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "portfolio:focus-limit-create",
        checks=[
            Check("GET", only(200, *CONFIGURERS)),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {
                    "kind": "business_unit",
                    "business_unit": w["retail"].pk,
                    "limit": "4",
                    "note": "",
                },
            ),  # fmt: skip
        ],
    ),
    Route(
        "portfolio:focus-limit-edit",
        _pk("focus_limit"),
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(302, *CONFIGURERS), data=lambda w: {"limit": "5", "note": ""}),
        ],
    ),
    Route(
        "portfolio:focus-limit-delete",
        _pk("focus_limit"),
        [Check("GET", only(200, *CONFIGURERS)), Check("POST", only(302, *CONFIGURERS))],
    ),
    Route(
        "focuslimit-list",
        checks=[
            Check("GET", API_READ),
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {
                    "kind": "working_group",
                    "working_group": w["onboarding"].pk,
                    "limit": 6,
                },
            ),  # fmt: skip
        ],
    ),
    Route(
        "focuslimit-detail",
        _pk("focus_limit"),
        [
            Check("GET", API_READ),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {
                    "kind": "owner",
                    "owner": w.users["wg_member"].pk,
                    "limit": 8,
                    "note": "",
                },
            ),  # fmt: skip
            Check("PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"limit": 7}),
            Check("DELETE", only(204, *CONFIGURERS, api=True)),
        ],
    ),
    # API
    Route(
        "priority-list",
        checks=[
            Check("GET", API_READ),
            Check("POST", only(201, *PRIORITY_SETTERS, api=True), data=_priority_api),
        ],
    ),
    Route(
        "priority-detail",
        _pk("priority"),
        [
            Check("GET", API_READ),
            Check("PUT", only(200, *PRIORITY_SETTERS, api=True), data=_priority_api),
            Check(
                "PATCH",
                only(200, *PRIORITY_SETTERS, api=True),
                data=lambda w: {"description": "Sharper."},
            ),
        ],
    ),
    Route(
        "initiative-list",
        checks=[
            Check("GET", API_READ),
            Check("POST", only(201, *EDITORS, api=True), data=_initiative_api),
        ],
    ),
    Route(
        "initiative-detail",
        _pk("initiative"),
        [
            Check("GET", API_READ),
            Check(
                "PUT",
                only(200, *EDITORS, api=True),
                data=lambda w: {
                    **_initiative_api(w),
                    "title": "Open an account, fast",
                    "version": w["initiative"].version,
                },
            ),
            Check(
                "PATCH",
                only(200, *EDITORS, api=True),
                data=lambda w: {"description": "Sharper.", "version": w["initiative"].version},
            ),
        ],
    ),
    Route(
        "initiative-detail",
        _pk("proposal"),
        [
            Check("GET", statuses(200, api=True, **HIDDEN)),
            Check(
                "PATCH",
                only(200, *EDITORS, api=True) | HIDDEN,
                data=lambda w: {"description": "Sharper.", "version": w["proposal"].version},
            ),
        ],
        note="another group's proposal by id: 404 where not visible, 403 where visible",
    ),
    Route(
        "initiative-transition",
        _pk("initiative"),
        [
            Check(
                "POST",
                only(200, *EDITORS, api=True),
                data=lambda w: {"to_status": Status.IN_PROGRESS},
            )
        ],
    ),
    Route(
        "initiative-transition",
        _pk("proposal"),
        [
            Check(
                "POST",
                only(200, "steering", api=True) | HIDDEN,
                data=lambda w: {"to_status": Status.APPROVED},
            )
        ],
        note="approving is for the holders of the approve-initiative right only",
    ),
    Route(
        "milestone-list",
        checks=[
            Check("GET", API_READ),
            Check(
                "POST",
                only(201, *EDITORS, api=True),
                data=lambda w: {
                    "initiative": w["initiative"].pk,
                    "title": "Rolled out",
                    "due_on": "2026-09-01",
                },
            ),
        ],
    ),
    Route(
        "milestone-detail",
        _pk("milestone"),
        [
            Check("GET", API_READ),
            Check(
                "PUT",
                only(200, *EDITORS, api=True),
                data=lambda w: {
                    "initiative": w["initiative"].pk,
                    "title": "Pilot live in two branches",
                    "due_on": "2026-06-15",
                },
            ),
            Check("PATCH", only(200, *EDITORS, api=True), data=lambda w: {"title": "Pilot"}),
            Check("DELETE", only(204, *EDITORS, api=True)),
        ],
    ),
    Route(
        "milestone-mark",
        _pk("milestone"),
        [Check("POST", only(200, *EDITORS, api=True), data=lambda w: {"done": True})],
    ),
    Route(
        "statusupdate-list",
        checks=[
            Check("GET", API_READ),
            Check(
                "POST",
                only(201, *EDITORS, api=True),
                data=lambda w: {"initiative": w["initiative"].pk, **_update(w)},
            ),
        ],
    ),
    Route("statusupdate-detail", _pk("update"), [Check("GET", API_READ)]),
    Route(
        "risk-list",
        checks=[
            Check("GET", API_READ),
            Check(
                "POST",
                only(201, *EDITORS, api=True),
                data=lambda w: {
                    **{k: v for k, v in _risk(w).items() if k != "status"},
                    "initiative": w["initiative"].pk,
                },
            ),
        ],
    ),
    Route(
        "risk-detail",
        _pk("risk"),
        [
            Check("GET", API_READ),
            Check(
                "PUT",
                only(200, *EDITORS, api=True),
                data=lambda w: {**_risk(w), "initiative": w["initiative"].pk},
            ),
            Check("PATCH", only(200, *EDITORS, api=True), data=lambda w: {"impact": 5}),
        ],
    ),
    Route(
        "risk-escalate",
        _pk("risk"),
        [Check("POST", only(200, *EDITORS, api=True), data=lambda w: {"note": "Decide."})],
    ),
    Route(
        "targetlink-list",
        checks=[
            Check("GET", API_READ),
            Check(
                "POST",
                only(201, *EDITORS, api=True),
                data=lambda w: {**_link(w), "initiative": w["initiative"].pk},
            ),
        ],
    ),
    Route(
        "targetlink-detail",
        _pk("target_link"),
        [
            Check("GET", API_READ),
            Check(
                "PUT",
                only(200, *EDITORS, api=True),
                data=lambda w: {
                    **_link_edit(w),
                    "initiative": w["initiative"].pk,
                    "target": w["target"].pk,
                },
            ),
            Check("PATCH", only(200, *EDITORS, api=True), data=lambda w: {"expected_change": 7}),
            Check("DELETE", only(204, *EDITORS, api=True)),
        ],
    ),
    Route(
        "targetlink-detail",
        _pk("proposal_link"),
        [
            Check("GET", statuses(200, api=True, **HIDDEN)),
            Check("DELETE", only(204, *EDITORS, api=True) | HIDDEN),
        ],
        note="a link on another group's proposal by id: 404 where not visible",
    ),
    Route(
        "portfolio:initiative-methods",
        _pk("initiative"),
        [
            Check("GET", only(200, *EDITORS)),
            Check("POST", only(302, *EDITORS), data=lambda w: {"methods": [w["method"].pk]}),
        ],
    ),
    Route(
        "portfolio:initiative-methods",
        _pk("proposal"),
        [
            Check("GET", only(200, *EDITORS) | HIDDEN),
            Check(
                "POST", only(302, *EDITORS) | HIDDEN, data=lambda w: {"methods": [w["method"].pk]}
            ),
        ],
        note="another group's proposal by id: 404 where not visible",
    ),
]
