"""Governance rows of the authorization table (see tests/authz.py)."""

from __future__ import annotations

from governance import services
from governance.models import Activity, MemberRole, Tier
from tests.authz import CONFIGURERS, START, Check, Route, World, only, statuses
from tests.factories import (
    ActivityFactory,
    BodyFactory,
    BusinessUnitFactory,
    MaturityAssessmentFactory,
    RaciFactory,
    UserFactory,
)

LEADS_ONBOARDING = (*CONFIGURERS, "lead")


def build(world: World) -> None:
    """The structure every app's rows act in, with the personas seated on it."""
    u, o = world.users, world.objects
    admin = u["admin"]
    o["retail"] = BusinessUnitFactory(name="Retail", code="retail")
    o["sponsor_body"] = BodyFactory(name="Executive sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    o["steering_body"] = BodyFactory(
        name="Steering committee", tier=Tier.STEERING_COMMITTEE, parent=o["sponsor_body"]
    )
    o["core_body"] = BodyFactory(name="Core CX team", tier=Tier.CORE_TEAM, parent=o["sponsor_body"])
    o["onboarding"] = BodyFactory(
        name="Onboarding WG", tier=Tier.WORKING_GROUP, parent=o["steering_body"]
    )
    o["complaints"] = BodyFactory(
        name="Complaints WG", tier=Tier.WORKING_GROUP, parent=o["steering_body"]
    )
    seats = [
        ("sponsor", "sponsor_body", MemberRole.SPONSOR),
        ("steering", "steering_body", MemberRole.CHAIR),
        ("core", "core_body", MemberRole.LEAD),
        ("lead", "onboarding", MemberRole.LEAD),
        ("wg_member", "onboarding", MemberRole.MEMBER),
        ("wg_other", "complaints", MemberRole.MEMBER),
    ]
    for persona, body, role in seats:
        membership = services.membership_create(
            by=admin,
            body=o[body],
            person=u[persona],
            role=role,
            business_unit=o["retail"],
            start_date=START,
        )
        o[f"{persona}_seat"] = membership
    o["complaints_lead_seat"] = services.membership_create(
        by=admin,
        body=o["complaints"],
        person=UserFactory(username="complaints-lead"),
        role=MemberRole.LEAD,
        business_unit=o["retail"],
        start_date=START,
    )
    o["newcomer"] = UserFactory(username="newcomer")
    o["activity"] = ActivityFactory(name="Voice of the customer programme")
    o["raci"] = RaciFactory(activity=o["activity"], body=o["onboarding"], letter="R")
    o["approve_charter"] = Activity.objects.get(code="approve-charter")
    o["assessment"] = MaturityAssessmentFactory()


def _membership_form(world: World) -> dict:
    return {
        "person": world["newcomer"].pk,
        "role": MemberRole.MEMBER,
        "business_unit": world["retail"].pk,
        "start_date": "2026-02-01",
        "hours_per_month": "4",
    }


def _body_form(world: World, body: str) -> dict:
    b = world[body]
    return {
        "name": f"{b.name} (renamed)",
        "tier": b.tier,
        "parent": b.parent_id or "",
        "kind": b.kind,
        "purpose": "Renamed in the authorization table.",
        "project": "",
        "formed_on": b.formed_on.isoformat(),
        "planned_disband_on": "",
    }


def _answers() -> dict:
    from governance import maturity

    return dict.fromkeys(maturity.QUESTION_CODES, 3)


EVERY_ROLE = statuses(200)
CONFIGURE_FORM = only(200, *CONFIGURERS)

ROUTES: list[Route] = [
    # Pages
    Route("governance:index", checks=[Check("GET", EVERY_ROLE)]),
    Route("governance:organization", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:person-detail",
        lambda w: {"pk": w.users["wg_member"].pk},
        [Check("GET", EVERY_ROLE)],
    ),
    Route("governance:body-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:body-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {
                    "name": "Payments WG",
                    "tier": Tier.WORKING_GROUP,
                    "parent": w["steering_body"].pk,
                    "kind": "standing",
                    "formed_on": "2026-02-01",
                },
            ),
        ],
    ),
    Route(
        "governance:body-detail",
        lambda w: {"pk": w["onboarding"].pk},
        [Check("GET", EVERY_ROLE)],
    ),
    Route(
        "governance:body-edit",
        lambda w: {"pk": w["onboarding"].pk},
        [
            Check("GET", only(200, *LEADS_ONBOARDING)),
            Check("POST", only(302, *LEADS_ONBOARDING), data=lambda w: _body_form(w, "onboarding")),
        ],
    ),
    Route(
        "governance:body-edit",
        lambda w: {"pk": w["complaints"].pk},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check("POST", only(302, *CONFIGURERS), data=lambda w: _body_form(w, "complaints")),
        ],
        note="another group's body: its lead is refused",
    ),
    Route(
        "governance:body-disband",
        lambda w: {"pk": w["onboarding"].pk},
        [
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=lambda w: {"disbanded_on": "2026-06-30"}),
        ],
    ),
    Route(
        "governance:membership-create",
        lambda w: {"pk": w["onboarding"].pk},
        [Check("POST", only(302, *LEADS_ONBOARDING), data=_membership_form)],
    ),
    Route(
        "governance:membership-create",
        lambda w: {"pk": w["complaints"].pk},
        [Check("POST", only(302, *CONFIGURERS), data=_membership_form)],
        note="another group's body",
    ),
    Route(
        "governance:body-members",
        lambda w: {"pk": w["onboarding"].pk},
        [Check("GET", statuses(302)), Check("GET", EVERY_ROLE, htmx=True)],
    ),
    Route(
        "governance:membership-edit",
        lambda w: {"pk": w["wg_member_seat"].pk},
        [
            Check("GET", only(200, *LEADS_ONBOARDING)),
            Check(
                "POST",
                only(302, *LEADS_ONBOARDING),
                data=lambda w: {
                    "role": MemberRole.SECRETARY,
                    "business_unit": w["retail"].pk,
                    "start_date": "2026-01-01",
                    "hours_per_month": "6",
                },
            ),
        ],
    ),
    Route(
        "governance:membership-edit",
        lambda w: {"pk": w["wg_other_seat"].pk},
        [Check("GET", only(200, *CONFIGURERS))],
        note="another group's seat",
    ),
    Route(
        "governance:membership-end",
        lambda w: {"pk": w["wg_member_seat"].pk},
        [Check("POST", only(302, *LEADS_ONBOARDING))],
    ),
    Route(
        "governance:membership-end",
        lambda w: {"pk": w["wg_other_seat"].pk},
        [Check("POST", only(302, *CONFIGURERS))],
        note="another group's seat",
    ),
    Route("governance:raci", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:raci-person-add",
        checks=[
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {
                    "activity": w["activity"].pk,
                    "person": w["newcomer"].pk,
                    "letter": "C",
                },
            )
        ],
    ),
    Route(
        "governance:raci-cell",
        lambda w: {"activity_id": w["activity"].pk, "column": f"body-{w['complaints'].pk}"},
        [
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=lambda w: {"letter": "I"}),
        ],
    ),
    Route(
        "governance:raci-row",
        lambda w: {"activity_id": w["activity"].pk},
        [Check("GET", statuses(302)), Check("GET", EVERY_ROLE, htmx=True)],
    ),
    Route("governance:activity-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:activity-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {"name": "Journey mapping", "kind": "custom", "position": 5},
            ),
        ],
    ),
    Route(
        "governance:activity-edit",
        lambda w: {"pk": w["activity"].pk},
        [
            Check("GET", CONFIGURE_FORM),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {"name": "VoC programme", "kind": "custom", "position": 5},
            ),
        ],
    ),
    Route("governance:business-unit-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:business-unit-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {"name": "Payments", "code": "payments", "is_active": "on"},
            ),
        ],
    ),
    Route(
        "governance:business-unit-edit",
        lambda w: {"pk": w["retail"].pk},
        [
            Check("GET", CONFIGURE_FORM),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {"name": "Retail banking", "code": "retail", "is_active": "on"},
            ),
        ],
    ),
    Route("governance:maturity-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:maturity-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {"assessed_on": "2026-05-01", "notes": "", **_answers()},
            ),
        ],
    ),
    Route(
        "governance:maturity-detail",
        lambda w: {"pk": w["assessment"].pk},
        [Check("GET", EVERY_ROLE)],
    ),
    # API
    *[
        Route(f"{basename}-list", checks=[Check("GET", statuses(200, api=True))])
        for basename in (
            "businessunit",
            "body",
            "membership",
            "activity",
            "raci",
            "maturityassessment",
        )
    ],
    Route("raci-matrix", checks=[Check("GET", statuses(200, api=True))]),
    Route("maturityassessment-questions", checks=[Check("GET", statuses(200, api=True))]),
    Route(
        "businessunit-list",
        checks=[
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {"name": "Payments", "code": "payments"},
            )
        ],
        note="create",
    ),
    Route(
        "businessunit-detail",
        lambda w: {"pk": w["retail"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"name": "Retail banking", "code": "retail"},
            ),
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"description": "Branches and app."},
            ),
        ],
    ),
    Route(
        "body-list",
        checks=[
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {
                    "name": "Payments WG",
                    "tier": Tier.WORKING_GROUP,
                    "parent": w["steering_body"].pk,
                },
            )
        ],
        note="create",
    ),
    Route(
        "body-detail",
        lambda w: {"pk": w["onboarding"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PUT",
                only(200, *LEADS_ONBOARDING, api=True),
                data=lambda w: {
                    "name": "Onboarding",
                    "tier": Tier.WORKING_GROUP,
                    "parent": w["steering_body"].pk,
                },
            ),
            Check(
                "PATCH",
                only(200, *LEADS_ONBOARDING, api=True),
                data=lambda w: {"purpose": "Open accounts in ten minutes."},
            ),
        ],
    ),
    Route(
        "body-detail",
        lambda w: {"pk": w["complaints"].pk},
        [
            Check(
                "PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"purpose": "Hijacked?"}
            )
        ],
        note="another group's body",
    ),
    Route(
        "body-disband",
        lambda w: {"pk": w["onboarding"].pk},
        [Check("POST", only(200, *CONFIGURERS, api=True), data=lambda w: {"on": "2026-06-30"})],
    ),
    Route(
        "membership-list",
        checks=[
            Check(
                "POST",
                only(201, *LEADS_ONBOARDING, api=True),
                data=lambda w: {**_membership_form(w), "body": w["onboarding"].pk},
            )
        ],
        note="create, in the lead's own body",
    ),
    Route(
        "membership-list",
        checks=[
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {**_membership_form(w), "body": w["complaints"].pk},
            )
        ],
        note="create, in another group's body",
    ),
    Route(
        "membership-detail",
        lambda w: {"pk": w["wg_member_seat"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PUT",
                only(200, *LEADS_ONBOARDING, api=True),
                data=lambda w: {
                    "person": w.users["wg_member"].pk,
                    "body": w["onboarding"].pk,
                    "role": "member",
                    "business_unit": w["retail"].pk,
                    "start_date": "2026-01-01",
                    "hours_per_month": "5",
                },
            ),
            Check(
                "PATCH",
                only(200, *LEADS_ONBOARDING, api=True),
                data=lambda w: {"hours_per_month": "6"},
            ),
        ],
    ),
    Route(
        "membership-detail",
        lambda w: {"pk": w["wg_other_seat"].pk},
        [
            Check(
                "PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"hours_per_month": "6"}
            )
        ],
        note="another group's seat",
    ),
    Route(
        "membership-end",
        lambda w: {"pk": w["wg_member_seat"].pk},
        [Check("POST", only(200, *LEADS_ONBOARDING, api=True), data=lambda w: {})],
    ),
    Route(
        "membership-end",
        lambda w: {"pk": w["lead_seat"].pk},
        [Check("POST", only(200, *LEADS_ONBOARDING, api=True), data=lambda w: {})],
        note="the lead ends their own seat (allowed: they still hold it when asking)",
    ),
    Route(
        "activity-list",
        checks=[
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {"name": "Journey mapping", "code": "journey-mapping"},
            )
        ],
        note="create",
    ),
    Route(
        "activity-detail",
        lambda w: {"pk": w["activity"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"name": "VoC programme", "code": w["activity"].code},
            ),
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"decided_by": w["steering_body"].pk},
            ),
        ],
    ),
    Route(
        "raci-list",
        checks=[
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {
                    "activity": w["activity"].pk,
                    "body": w["complaints"].pk,
                    "letter": "C",
                },
            )
        ],
        note="create",
    ),
    Route(
        "raci-detail",
        lambda w: {"pk": w["raci"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {
                    "activity": w["activity"].pk,
                    "body": w["onboarding"].pk,
                    "letter": "A",
                },
            ),
            Check("PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"letter": "C"}),
            Check("DELETE", only(204, *CONFIGURERS, api=True)),
        ],
    ),
    Route(
        "maturityassessment-list",
        checks=[
            Check(
                "POST",
                only(201, *CONFIGURERS, api=True),
                data=lambda w: {"answers": _answers(), "assessed_on": "2026-05-01"},
            )
        ],
        note="create",
    ),
    Route(
        "maturityassessment-detail",
        lambda w: {"pk": w["assessment"].pk},
        [Check("GET", statuses(200, api=True))],
    ),
]
