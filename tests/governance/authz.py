"""Governance rows of the authorization table (see tests/authz.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from cxgov.dates import today
from governance import services
from governance.demo.standards import tiny_pdf
from governance.models import Activity, MemberRole, Tier
from tests.authz import CONFIGURERS, PERSONAS, START, Check, Route, World, only, statuses
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
        person=UserFactory(username="complaints-lead", roles=["Working-group member"]),
        role=MemberRole.LEAD,
        business_unit=o["retail"],
        start_date=START,
    )
    o["newcomer"] = UserFactory(username="newcomer")
    o["activity"] = ActivityFactory(name="Voice of the customer programme")
    o["raci"] = RaciFactory(activity=o["activity"], body=o["onboarding"], letter="R")
    o["approve_charter"] = Activity.objects.get(code="approve-charter")
    o["assessment"] = MaturityAssessmentFactory()
    _build_charters(world)
    _build_meetings(world)


def _build_meetings(world: World) -> None:
    """A steering committee cadence and meeting, an Onboarding meeting with an action for the
    working-group member, attendance, a decision, and the member's calendar feed."""
    import datetime as dt

    from django.utils import timezone

    from governance.models import Cadence

    u, o = world.users, world.objects
    admin = u["admin"]
    o["cadence"] = services.cadence_create(
        by=admin,
        body=o["steering_body"],
        frequency="monthly",
        weekday=1,
        week_of_month=2,
        time=dt.time(9, 0),
        time_zone="Europe/London",
        starts_on=START,
    )
    assert isinstance(o["cadence"], Cadence)
    next_week = (timezone.now() + dt.timedelta(days=7)).replace(microsecond=0)
    o["meeting"] = services.meeting_create(
        by=admin, body=o["steering_body"], starts_at=next_week, time_zone="Europe/London"
    )
    o["wg_meeting"] = services.meeting_create(
        by=admin, body=o["onboarding"], starts_at=next_week, time_zone="Europe/London"
    )
    o["wg_agenda_item"] = o["wg_meeting"].agenda_items.order_by("position").first()
    o["wg_attendance"] = services.attendance_record(
        by=admin, meeting=o["wg_meeting"], person=u["lead"], status="present"
    )
    o["wg_decision"] = services.decision_record(
        by=admin, meeting=o["wg_meeting"], text="Ship the new form", decided_by=u["lead"]
    )
    o["wg_action"] = services.action_item_create(
        by=admin,
        meeting=o["wg_meeting"],
        title="Test the new form with ten customers",
        owner=u["wg_member"],
        due_on=next_week.date() + dt.timedelta(days=14),
    )
    o["feed"] = services.calendar_feed_for(person=u["wg_member"])
    # A meeting in progress, to be closed.
    o["wg_open_meeting"] = services.meeting_create(
        by=admin,
        body=o["onboarding"],
        starts_at=next_week + dt.timedelta(days=1),
        time_zone="Europe/London",
    )
    services.meeting_open(meeting=o["wg_open_meeting"], by=admin)
    o["engagement"] = services.engagement_log(
        by=admin, person=u["steering"], kind="workshop", happened_on=START, title="Journey map"
    )
    o["engagement_target"] = services.engagement_target_set(
        by=admin, person=u["steering"], per_quarter=2
    )
    o["commitment"] = services.commitment_state(
        by=u["wg_member"],
        body=o["onboarding"],
        person=u["wg_member"],
        contribution="Test the new form with customers.",
        hours_per_month=4,
        agree=True,
    )
    o["standard"] = services.standard_create(
        by=admin, kind="definition", title="Detractor", text="Scores 0 to 6.",
        owner=u["core"], review_on=today() + dt.timedelta(days=60),
    )  # fmt: skip
    o["standard_template"] = services.standard_create(
        by=admin, kind="template", title="Journey map",
        file=SimpleUploadedFile("map.pdf", tiny_pdf("Journey map")),
        owner=u["core"], review_on=today() + dt.timedelta(days=60),
    )  # fmt: skip


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
        "formed_on": b.formed_on.isoformat(),
        "planned_disband_on": "",
    }


def _answers() -> dict:
    from governance.models import maturity

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
                    "version": w["wg_member_seat"].version,
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
                    "version": w["wg_member_seat"].version,
                },
            ),
            Check(
                "PATCH",
                only(200, *LEADS_ONBOARDING, api=True),
                data=lambda w: {"hours_per_month": "6", "version": w["wg_member_seat"].version},
            ),
        ],
    ),
    Route(
        "membership-detail",
        lambda w: {"pk": w["wg_other_seat"].pk},
        [
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"hours_per_month": "6", "version": w["wg_other_seat"].version},
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


# Charters, the CX mission, success statements and objectives

SERVING = ("wg_member", "wg_other", "lead", "steering", "sponsor", "core")  # seated in a body
ONBOARDING_MEMBERS = ("lead", "wg_member")
DRAFTS_STEERING = (*CONFIGURERS, "steering")  # the chair leads the steering committee


def _components(text: str = "Agreed in the authorization table.") -> dict:
    from governance.models import CHARTER_COMPONENTS

    return {name: text for name, _label in CHARTER_COMPONENTS}


def _build_charters(world: World) -> None:
    """Approve-charter decided by the sponsor body; the onboarding charter with v1 approved
    and v2 (by its lead) in review; the complaints charter's v1 a draft; the sponsor body's
    charter approved; the mission v1 published and v2 drafted; a statement and an objective."""
    u, o = world.users, world.objects
    core, sponsor = u["core"], u["sponsor"]
    services.activity_update(
        activity=o["approve_charter"], by=u["admin"], data={"decided_by": o["sponsor_body"]}
    )
    o["objective"] = services.objective_create(
        by=core, business_unit=o["retail"], text="Grow repeat purchases.", owner=u["steering"]
    )
    o["statement"] = services.success_statement_create(
        by=core, title="Retail success", text="Customers come back.", objectives=[o["objective"]]
    )

    def approved(body: str, by=sponsor):
        version = services.charter_version_draft(by=core, body=o[body], **_components())
        services.charter_version_submit(version=version, by=core)
        return services.charter_version_approve(version=version, by=by)

    def decided_by(body: str) -> None:
        services.activity_update(
            activity=o["approve_charter"], by=u["admin"], data={"decided_by": o[body]}
        )

    o["onboarding_v1"] = approved("onboarding")
    o["onboarding_charter"] = o["onboarding_v1"].charter
    o["onboarding_v2"] = services.charter_version_draft(
        by=u["lead"], body=o["onboarding"], **_components("Revised.")
    )
    services.charter_version_submit(version=o["onboarding_v2"], by=u["lead"])
    # The sponsor does not approve their own body's charter alone: it was approved while the
    # steering committee held the right, by its chair.
    decided_by("steering_body")
    o["sponsor_charter"] = approved("sponsor_body", by=u["steering"]).charter
    decided_by("sponsor_body")
    o["complaints_v1"] = services.charter_version_draft(
        by=core, body=o["complaints"], **_components()
    )
    o["complaints_charter"] = o["complaints_v1"].charter
    mission = {
        "statement": "Simple banking, every time.",
        "customers": "Households.",
        "experience": "Clear answers.",
        "feeling": "Confident.",
        "difference": "We fix causes.",
    }
    o["mission"] = services.mission_publish(
        mission=services.mission_draft(by=core, **mission), by=core
    )
    o["mission_draft"] = services.mission_draft(by=core, **{**mission, "feeling": "Respected."})


def _charter(w: World, name: str = "onboarding_charter") -> dict:
    return {"pk": w[name].pk}


def _statement_form(w: World) -> dict:
    return {"title": "Service success", "text": "One contact is enough."}


def _objective_form(w: World) -> dict:
    return {
        "business_unit": w["retail"].pk,
        "text": "Fewer complaints.",
        "owner": w.users["core"].pk,
    }


def _mission_form(w: World) -> dict:
    return {
        "statement": "Simple banking.",
        "customers": "Everyone.",
        "experience": "Clarity.",
        "feeling": "Calm.",
        "difference": "Causes.",
    }


ROUTES += [
    # Charter pages
    Route("governance:charter-list", checks=[Check("GET", EVERY_ROLE)]),
    Route("governance:charter-detail", _charter, [Check("GET", EVERY_ROLE)]),
    Route("governance:charter-print", _charter, [Check("GET", EVERY_ROLE)]),
    Route("governance:charter-diff", _charter, [Check("GET", EVERY_ROLE)]),
    Route(
        "governance:charter-version",
        lambda w: {"pk": w["onboarding_charter"].pk, "number": 2},
        [Check("GET", EVERY_ROLE)],
    ),
    Route(
        "governance:charter-draft",
        lambda w: {"pk": w["steering_body"].pk},
        [
            Check("GET", only(200, *DRAFTS_STEERING)),
            Check("POST", only(302, *DRAFTS_STEERING), data=lambda w: _components()),
        ],
    ),
    Route(
        "governance:charter-version-edit",
        lambda w: {"pk": w["complaints_charter"].pk, "number": 1},
        [
            Check("GET", CONFIGURE_FORM),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {**_components("Edited."), "version": w["complaints_v1"].version},
            ),
        ],
    ),
    Route(
        "governance:charter-version-submit",
        lambda w: {"pk": w["complaints_charter"].pk, "number": 1},
        [Check("POST", only(302, *CONFIGURERS))],
    ),
    Route(
        "governance:charter-version-approve",
        lambda w: {"pk": w["onboarding_charter"].pk, "number": 2},
        [Check("POST", only(302, "sponsor"))],
        note="the decision rights name the sponsor body; the lead wrote v2",
    ),
    Route(
        "governance:charter-version-reject",
        lambda w: {"pk": w["onboarding_charter"].pk, "number": 2},
        [
            Check("GET", only(200, "sponsor")),
            Check("POST", only(302, "sponsor"), data=lambda w: {"comment": "Too vague."}),
        ],
    ),
    Route(
        "governance:charter-acknowledge",
        lambda w: {"pk": w["onboarding_charter"].pk, "number": 1},
        [Check("POST", only(302, *ONBOARDING_MEMBERS))],
    ),
    # The CX mission
    Route("governance:mission", checks=[Check("GET", EVERY_ROLE)]),
    Route("governance:mission-print", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:mission-version",
        lambda w: {"number": w["mission"].number},
        [Check("GET", EVERY_ROLE)],
    ),
    Route(
        "governance:mission-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(200, *CONFIGURERS), data=_mission_form),
        ],
        note="a draft exists: the form says so and saves nothing",
    ),
    Route(
        "governance:mission-edit",
        lambda w: {"number": w["mission_draft"].number},
        [Check("GET", CONFIGURE_FORM), Check("POST", only(302, *CONFIGURERS), data=_mission_form)],
    ),
    Route(
        "governance:mission-publish",
        lambda w: {"number": w["mission_draft"].number},
        [Check("POST", only(302, *CONFIGURERS))],
    ),
    Route(
        "governance:mission-acknowledge",
        lambda w: {"number": w["mission"].number},
        [Check("POST", only(302, *SERVING))],
    ),
    # Success statements and objectives
    Route("governance:success-statement-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:success-statement-detail",
        lambda w: {"pk": w["statement"].pk},
        [Check("GET", EVERY_ROLE)],
    ),
    Route(
        "governance:success-statement-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=_statement_form),
        ],
    ),
    Route(
        "governance:success-statement-edit",
        lambda w: {"pk": w["statement"].pk},
        [
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=_statement_form),
        ],
    ),
    Route("governance:objective-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:objective-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=_objective_form),
        ],
    ),
    Route(
        "governance:objective-edit",
        lambda w: {"pk": w["objective"].pk},
        [
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=_objective_form),
        ],
    ),
    # API
    Route(
        "charter-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check(
                "POST",
                only(201, *DRAFTS_STEERING, api=True),
                data=lambda w: {"body": w["steering_body"].pk},
            ),
        ],
    ),
    Route("charter-detail", _charter, [Check("GET", statuses(200, api=True))]),
    Route(
        "charter-versions",
        lambda w: _charter(w, "sponsor_charter"),
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "POST", only(201, *CONFIGURERS, "sponsor", api=True), data=lambda w: _components()
            ),
        ],
    ),
    Route(
        "charter-version",
        lambda w: {"pk": w["complaints_charter"].pk, "number": 1},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {**_components("New."), "version": w["complaints_v1"].version},
            ),
        ],
    ),
    Route(
        "charter-submit",
        lambda w: _charter(w, "complaints_charter"),
        [Check("POST", only(200, *CONFIGURERS, api=True))],
    ),
    Route("charter-approve", _charter, [Check("POST", only(200, "sponsor", api=True))]),
    Route(
        "charter-reject",
        _charter,
        [Check("POST", only(200, "sponsor", api=True), data=lambda w: {"comment": "Too vague."})],
    ),
    Route(
        "charter-acknowledge",
        _charter,
        [Check("POST", only(201, *ONBOARDING_MEMBERS, api=True))],
    ),
    Route(
        "mission-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(400, *CONFIGURERS, api=True), data=_mission_form),
        ],
        note="a draft exists, so even a configurer's new draft is a 400",
    ),
    Route(
        "mission-detail",
        lambda w: {"pk": w["mission_draft"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check("PUT", only(200, *CONFIGURERS, api=True), data=_mission_form),
            Check("PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"feeling": "Calm."}),
        ],
    ),
    Route(
        "mission-publish",
        lambda w: {"pk": w["mission_draft"].pk},
        [Check("POST", only(200, *CONFIGURERS, api=True))],
    ),
    Route(
        "mission-acknowledge",
        lambda w: {"pk": w["mission"].pk},
        [Check("POST", only(201, *SERVING, api=True))],
    ),
    Route(
        "successstatement-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(201, *CONFIGURERS, api=True), data=_statement_form),
        ],
    ),
    Route(
        "successstatement-detail",
        lambda w: {"pk": w["statement"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check("PUT", only(200, *CONFIGURERS, api=True), data=_statement_form),
            Check("PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"title": "New"}),
        ],
    ),
    Route(
        "objective-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(201, *CONFIGURERS, api=True), data=_objective_form),
        ],
    ),
    Route(
        "objective-detail",
        lambda w: {"pk": w["objective"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check("PUT", only(200, *CONFIGURERS, api=True), data=_objective_form),
            Check("PATCH", only(200, *CONFIGURERS, api=True), data=lambda w: {"text": "New."}),
        ],
    ),
]


# Meetings. The core team, admins, executives, steering committee members and viewers see every
# body's meetings; working-group members see their own bodies' (another's is a 404). A body's
# chair, lead or secretary runs its meetings, with the core team and admins.
RUNS_ONBOARDING = (*CONFIGURERS, "lead")
RUNS_STEERING = (*CONFIGURERS, "steering")
SEES_ONBOARDING = statuses(200, wg_other=404)
NOT_IN_ONBOARDING = {"wg_other": 404}


def _runs_onboarding(ok: int, api: bool = False) -> dict:
    return {**only(ok, *RUNS_ONBOARDING, api=api), **NOT_IN_ONBOARDING}


def _later(world: World, days: int = 14) -> str:
    import datetime as dt

    return (world["wg_meeting"].local_start.date() + dt.timedelta(days=days)).isoformat()


def _cadence_form(**changes) -> dict:
    return {
        "frequency": "biweekly",
        "monthly_rule": "weekday",
        "weekday": "3",
        "time": "10:00",
        "time_zone": "Europe/London",
        "duration_minutes": "60",
        "starts_on": "2026-01-01",
        **changes,
    }


def _api_cadence(world: World, body: str) -> dict:
    return {
        "body": world[body].pk,
        "frequency": "biweekly",
        "weekday": 3,
        "time": "10:00",
        "time_zone": "Europe/London",
    }


MEETING_ROUTES: list[Route] = [
    # Pages
    Route("governance:meeting-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:meeting-detail",
        lambda w: {"pk": w["meeting"].pk},
        [Check("GET", statuses(200, wg_member=404, wg_other=404, lead=404))],
        note="the steering committee's meeting",
    ),
    Route(
        "governance:meeting-detail",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("GET", SEES_ONBOARDING)],
    ),
    Route(
        "governance:meeting-edit",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check("GET", _runs_onboarding(200)),
            Check(
                "POST",
                _runs_onboarding(302),
                data=lambda w: {
                    "date": _later(w, 1),
                    "time": "11:00",
                    "duration_minutes": "45",
                    "location": "Room 2",
                    "video_link": "",
                },
            ),
        ],
    ),
    Route(
        "governance:meeting-cancel",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check("GET", _runs_onboarding(200)),
            Check("POST", _runs_onboarding(302), data=lambda w: {"reason": "Away day"}),
        ],
    ),
    Route(
        "governance:meeting-open",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("POST", _runs_onboarding(302))],
    ),
    Route(
        "governance:meeting-close",
        lambda w: {"pk": w["wg_open_meeting"].pk},
        [Check("POST", _runs_onboarding(302))],
    ),
    Route(
        "governance:meeting-ics",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("GET", SEES_ONBOARDING)],
    ),
    Route(
        "governance:agenda-item-create",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check(
                "POST",
                _runs_onboarding(302),
                data=lambda w: {"title": "Customer test results", "time_box_minutes": "10"},
            )
        ],
    ),
    Route(
        "governance:attendance-record",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check(
                "POST",
                _runs_onboarding(302),
                data=lambda w: {f"person_{w.users['wg_member'].pk}": "apologies"},
            )
        ],
    ),
    Route(
        "governance:decision-create",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check(
                "POST",
                _runs_onboarding(302),
                data=lambda w: {"text": "Drop the fax option", "decided_by": w.users["lead"].pk},
            )
        ],
    ),
    Route(
        "governance:action-item-create",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check(
                "POST",
                _runs_onboarding(302),
                data=lambda w: {
                    "title": "Write to the ten customers",
                    "owner": w.users["wg_member"].pk,
                    "due_on": _later(w),
                },
            )
        ],
    ),
    Route(
        "governance:agenda-item-edit",
        lambda w: {"pk": w["wg_agenda_item"].pk},
        [
            Check("GET", _runs_onboarding(200)),
            Check(
                "POST",
                _runs_onboarding(302),
                data=lambda w: {
                    "title": w["wg_agenda_item"].title,
                    "time_box_minutes": "15",
                    "minutes": "NPS up 4 points since the new form.",
                },
            ),
        ],
    ),
    Route(
        "governance:cadence-create",
        lambda w: {"pk": w["onboarding"].pk},
        [
            Check("GET", only(200, *RUNS_ONBOARDING)),
            Check("POST", only(302, *RUNS_ONBOARDING), data=lambda w: _cadence_form()),
        ],
    ),
    Route(
        "governance:cadence-edit",
        lambda w: {"pk": w["cadence"].pk},
        [
            Check("GET", only(200, *RUNS_STEERING)),
            Check(
                "POST",
                only(302, *RUNS_STEERING),
                data=lambda w: _cadence_form(
                    frequency="monthly", weekday="1", week_of_month="2", is_active="on"
                ),
            ),
        ],
    ),
    Route("governance:decision-log", checks=[Check("GET", EVERY_ROLE)]),
    Route("governance:action-item-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:action-item-status",
        lambda w: {"pk": w["wg_action"].pk},
        [
            Check(
                "POST",
                {**only(302, *RUNS_ONBOARDING, "wg_member"), **NOT_IN_ONBOARDING},
                data=lambda w: {"status": "in_progress"},
                note="its owner, or whoever runs the group's meetings",
            )
        ],
    ),
    Route(
        "governance:calendar-feed",
        lambda w: {"token": w["feed"].token},
        [Check("GET", dict.fromkeys(PERSONAS, 200), note="the token is the key; no login")],
    ),
    Route("governance:calendar-feed-rotate", checks=[Check("POST", statuses(302))]),
    # API
    *[
        Route(f"{basename}-list", checks=[Check("GET", statuses(200, api=True))])
        for basename in ("cadence", "meeting", "agendaitem", "attendance", "decision", "actionitem")
    ],
    Route(
        "cadence-list",
        checks=[
            Check(
                "POST",
                only(201, *RUNS_ONBOARDING, api=True),
                data=lambda w: _api_cadence(w, "onboarding"),
            )
        ],
        note="create",
    ),
    Route(
        "cadence-detail",
        lambda w: {"pk": w["cadence"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PUT",
                only(200, *RUNS_STEERING, api=True),
                data=lambda w: {**_api_cadence(w, "steering_body"), "frequency": "weekly"},
            ),
            Check(
                "PATCH",
                only(200, *RUNS_STEERING, api=True),
                data=lambda w: {"location": "Boardroom"},
            ),
        ],
    ),
    Route(
        "meeting-list",
        checks=[
            Check(
                "POST",
                only(201, *RUNS_ONBOARDING, api=True),
                data=lambda w: {
                    "body": w["onboarding"].pk,
                    "starts_at": f"{_later(w)}T10:00:00+00:00",
                    "time_zone": "Europe/London",
                },
            )
        ],
        note="create",
    ),
    Route(
        "meeting-detail",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check("GET", statuses(200, api=True, wg_other=404)),
            Check(
                "PUT",
                _runs_onboarding(200, api=True),
                data=lambda w: {
                    "body": w["onboarding"].pk,
                    "starts_at": f"{_later(w, 2)}T10:00:00+00:00",
                    "time_zone": "Europe/London",
                    "duration_minutes": 60,
                },
            ),
            Check("PATCH", _runs_onboarding(200, api=True), data=lambda w: {"location": "Room 9"}),
        ],
    ),
    Route(
        "meeting-cancel",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("POST", _runs_onboarding(200, api=True), data=lambda w: {"reason": "Holiday"})],
    ),
    Route(
        "meeting-attendance",
        lambda w: {"pk": w["wg_meeting"].pk},
        [
            Check(
                "POST",
                _runs_onboarding(200, api=True),
                data=lambda w: {
                    "attendance": [
                        {"person": w.users["wg_member"].pk, "status": "present"},
                        {"person": w.users["lead"].pk, "status": "apologies"},
                    ]
                },
            )
        ],
    ),
    Route(
        "meeting-open",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("POST", _runs_onboarding(200, api=True))],
    ),
    Route(
        "meeting-close",
        lambda w: {"pk": w["wg_open_meeting"].pk},
        [Check("POST", _runs_onboarding(200, api=True))],
    ),
    Route(
        "meeting-ics",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("GET", statuses(200, api=True, wg_other=404))],
    ),
    Route(
        "agendaitem-list",
        checks=[
            Check(
                "POST",
                only(201, *RUNS_ONBOARDING, api=True),
                data=lambda w: {"meeting": w["wg_meeting"].pk, "title": "Risks"},
            )
        ],
        note="create",
    ),
    Route(
        "agendaitem-detail",
        lambda w: {"pk": w["wg_agenda_item"].pk},
        [
            Check("GET", statuses(200, api=True, wg_other=404)),
            Check(
                "PUT",
                _runs_onboarding(200, api=True),
                data=lambda w: {"meeting": w["wg_meeting"].pk, "title": "KPIs", "position": 1},
            ),
            Check("PATCH", _runs_onboarding(200, api=True), data=lambda w: {"minutes": "Noted."}),
            Check("DELETE", _runs_onboarding(204, api=True)),
        ],
    ),
    Route(
        "attendance-list",
        checks=[
            Check(
                "POST",
                only(201, *RUNS_ONBOARDING, api=True),
                data=lambda w: {
                    "meeting": w["wg_meeting"].pk,
                    "person": w.users["wg_member"].pk,
                    "status": "present",
                },
            )
        ],
        note="create",
    ),
    Route(
        "attendance-detail",
        lambda w: {"pk": w["wg_attendance"].pk},
        [
            Check("GET", statuses(200, api=True, wg_other=404)),
            Check(
                "PUT",
                _runs_onboarding(200, api=True),
                data=lambda w: {
                    "meeting": w["wg_meeting"].pk,
                    "person": w.users["lead"].pk,
                    "status": "apologies",
                },
            ),
            Check("PATCH", _runs_onboarding(200, api=True), data=lambda w: {"status": "absent"}),
            Check("DELETE", _runs_onboarding(204, api=True)),
        ],
    ),
    Route(
        "decision-list",
        checks=[
            Check(
                "POST",
                only(201, *RUNS_ONBOARDING, api=True),
                data=lambda w: {
                    "meeting": w["wg_meeting"].pk,
                    "text": "Pilot in two branches",
                    "decided_by": w.users["lead"].pk,
                },
            )
        ],
        note="create",
    ),
    Route(
        "decision-detail",
        lambda w: {"pk": w["wg_decision"].pk},
        [
            Check("GET", statuses(200, api=True, wg_other=404)),
            Check(
                "PUT",
                _runs_onboarding(200, api=True),
                data=lambda w: {
                    "meeting": w["wg_meeting"].pk,
                    "body": w["onboarding"].pk,
                    "text": "Ship the new form in May",
                    "decided_by": w.users["lead"].pk,
                },
            ),
            Check(
                "PATCH", _runs_onboarding(200, api=True), data=lambda w: {"rationale": "Tested."}
            ),
        ],
    ),
    Route(
        "actionitem-list",
        checks=[
            Check(
                "POST",
                only(201, *RUNS_ONBOARDING, api=True),
                data=lambda w: {
                    "meeting": w["wg_meeting"].pk,
                    "title": "Book the usability lab",
                    "owner": w.users["wg_member"].pk,
                    "due_on": _later(w),
                },
            )
        ],
        note="create",
    ),
    Route(
        "actionitem-detail",
        lambda w: {"pk": w["wg_action"].pk},
        [
            Check("GET", statuses(200, api=True, wg_other=404)),
            Check(
                "PUT",
                {**only(200, *RUNS_ONBOARDING, "wg_member", api=True), **NOT_IN_ONBOARDING},
                data=lambda w: {
                    "title": w["wg_action"].title,
                    "owner": w.users["wg_member"].pk,
                    "due_on": w["wg_action"].due_on.isoformat(),
                    "meeting": w["wg_meeting"].pk,
                    "status": "in_progress",
                },
                note="the owner may move the status",
            ),
            Check(
                "PATCH",
                {**only(200, *RUNS_ONBOARDING, "wg_member", api=True), **NOT_IN_ONBOARDING},
                data=lambda w: {"status": "done"},
            ),
        ],
    ),
]
ROUTES += MEETING_ROUTES


# A lead after handing over the seat. The Onboarding lead's seat changes (through the
# services, inside each check's rolled-back transaction); the right to manage the body follows
# at once, so the former lead is refused the body's management routes and a new lead may use
# them, without waiting for the nightly permission sync.


def _lead_seat(world: World):
    """The Onboarding lead's seat as stored: each check's change is rolled back after it."""
    from governance.models import Membership

    return Membership.objects.get(pk=world["lead_seat"].pk)


def _hand_over_to_wg_other(world: World) -> None:
    services.membership_update(
        membership=_lead_seat(world),
        by=world.users["admin"],
        data={"person": world.users["wg_other"]},
    )


def _end_lead_seat_yesterday(world: World) -> None:
    import datetime as dt

    from cxgov.dates import today

    services.membership_end(
        membership=_lead_seat(world), by=world.users["admin"], on=today() - dt.timedelta(days=1)
    )


def _lead_becomes_member(world: World) -> None:
    services.membership_update(
        membership=_lead_seat(world), by=world.users["admin"], data={"role": MemberRole.MEMBER}
    )


NEW_LEAD = (*CONFIGURERS, "wg_other")
HANDED_OVER = "after the lead handed the seat to wg_other: the new lead may, the former not"
SEAT_ENDED = "after the lead's seat ended yesterday: the former lead is refused"
ROLE_CHANGED = "after the lead became a plain member: the former lead is refused"

SEAT_HANDOVER_ROUTES = [
    Route(
        "governance:body-edit",
        lambda w: {"pk": w["onboarding"].pk},
        [
            Check("GET", only(200, *NEW_LEAD)),
            Check("POST", only(302, *NEW_LEAD), data=lambda w: _body_form(w, "onboarding")),
        ],
        note=HANDED_OVER,
        setup=_hand_over_to_wg_other,
    ),
    Route(
        "governance:membership-create",
        lambda w: {"pk": w["onboarding"].pk},
        [Check("POST", only(302, *NEW_LEAD), data=_membership_form)],
        note=HANDED_OVER,
        setup=_hand_over_to_wg_other,
    ),
    Route(
        "governance:membership-edit",
        lambda w: {"pk": w["wg_member_seat"].pk},
        [Check("GET", only(200, *NEW_LEAD))],
        note=HANDED_OVER,
        setup=_hand_over_to_wg_other,
    ),
    Route(
        "body-detail",
        lambda w: {"pk": w["onboarding"].pk},
        [
            Check(
                "PATCH",
                only(200, *NEW_LEAD, api=True),
                data=lambda w: {"purpose": "Open accounts in ten minutes."},
            )
        ],
        note=HANDED_OVER,
        setup=_hand_over_to_wg_other,
    ),
    Route(
        "membership-list",
        checks=[
            Check(
                "POST",
                only(201, *NEW_LEAD, api=True),
                data=lambda w: {**_membership_form(w), "body": w["onboarding"].pk},
            )
        ],
        note=HANDED_OVER,
        setup=_hand_over_to_wg_other,
    ),
    Route(
        "membership-detail",
        lambda w: {"pk": w["wg_member_seat"].pk},
        [
            Check(
                "PATCH",
                only(200, *NEW_LEAD, api=True),
                data=lambda w: {"hours_per_month": "6", "version": w["wg_member_seat"].version},
            )
        ],
        note=HANDED_OVER,
        setup=_hand_over_to_wg_other,
    ),
]
for note, setup in ((SEAT_ENDED, _end_lead_seat_yesterday), (ROLE_CHANGED, _lead_becomes_member)):
    SEAT_HANDOVER_ROUTES += [
        Route(
            "governance:body-edit",
            lambda w: {"pk": w["onboarding"].pk},
            [
                Check("GET", only(200, *CONFIGURERS)),
                Check("POST", only(302, *CONFIGURERS), data=lambda w: _body_form(w, "onboarding")),
            ],
            note=note,
            setup=setup,
        ),
        Route(
            "governance:membership-end",
            lambda w: {"pk": w["wg_member_seat"].pk},
            [Check("POST", only(302, *CONFIGURERS))],
            note=note,
            setup=setup,
        ),
        Route(
            "body-detail",
            lambda w: {"pk": w["onboarding"].pk},
            [
                Check(
                    "PATCH",
                    only(200, *CONFIGURERS, api=True),
                    data=lambda w: {"purpose": "Open accounts in ten minutes."},
                )
            ],
            note=note,
            setup=setup,
        ),
        Route(
            "membership-list",
            checks=[
                Check(
                    "POST",
                    only(201, *CONFIGURERS, api=True),
                    data=lambda w: {**_membership_form(w), "body": w["onboarding"].pk},
                )
            ],
            note=note,
            setup=setup,
        ),
    ]
ROUTES += SEAT_HANDOVER_ROUTES


# Leadership engagement: everyone reads it; a leader logs their own (the row logs the steering
# member's, so the sponsor is refused), the core team and admins anyone's; the sponsor and
# admins set targets.
LEADERS_WHO_LOG = (*CONFIGURERS, "steering", "sponsor")


def _engagement(w: World) -> dict:
    return {
        "person": w.users["steering"].pk,
        "kind": "listening_session",
        "happened_on": START.isoformat(),
        "title": "Listened to complaint calls",
    }


def _engagement_target(w: World) -> dict:
    return {"person": w.users["steering"].pk, "per_quarter": 3}


ROUTES += [
    Route("governance:engagement", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:engagement-log",
        checks=[
            Check("GET", only(200, *LEADERS_WHO_LOG)),
            Check("POST", only(302, *CONFIGURERS, "steering"), data=_engagement),
        ],
    ),
    Route(
        "governance:engagement-target",
        checks=[
            Check("GET", only(200, "sponsor", "admin")),
            Check("POST", only(302, "sponsor", "admin"), data=_engagement_target),
        ],
    ),
    Route(
        "engagement-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(201, *CONFIGURERS, "steering", api=True), data=_engagement),
        ],
    ),
    Route(
        "engagement-detail",
        lambda w: {"pk": w["engagement"].pk},
        [Check("GET", statuses(200, api=True))],
    ),
    Route(
        "engagementtarget-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(201, "sponsor", "admin", api=True), data=_engagement_target),
        ],
    ),
    Route(
        "engagementtarget-detail",
        lambda w: {"pk": w["engagement_target"].pk},
        [Check("GET", statuses(200, api=True))],
    ),
]


# Working-group commitments: a member states their own (the row posts the onboarding member's,
# so members of other bodies are refused); the group's lead, the core team and admins may draft
# it; a viewer only reads. Every role reads them (the API, and the group's page).
STATE_WG_MEMBERS_COMMITMENT = (*LEADS_ONBOARDING, "wg_member")


def _commitment(w: World) -> dict:
    return {
        "body": w["onboarding"].pk,
        "person": w.users["wg_member"].pk,
        "contribution": "Run two customer tests a month.",
        "hours_per_month": "6",
    }


ROUTES += [
    Route(
        "governance:commitment",
        lambda w: {"pk": w["onboarding"].pk},
        [
            Check("GET", statuses(200, viewer=403)),
            Check(
                "POST",
                only(302, *STATE_WG_MEMBERS_COMMITMENT),
                data=lambda w: {k: v for k, v in _commitment(w).items() if k != "body"},
            ),
        ],
    ),
    Route(
        "commitment-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(201, *STATE_WG_MEMBERS_COMMITMENT, api=True), data=_commitment),
        ],
    ),
    Route(
        "commitment-detail",
        lambda w: {"pk": w["commitment"].pk},
        [Check("GET", statuses(200, api=True))],
    ),
]


# The standards library: everyone with a role reads it (and a version's file); the core team and
# admins publish and edit.


def _standard_form(w: World) -> dict:
    return {
        "kind": "method",
        "title": "Journey mapping",
        "text": "Map one journey with customers.",
        "owner": w.users["core"].pk,
        "review_on": (today() + dt.timedelta(days=30)).isoformat(),
    }


def _standard_edit(w: World) -> dict:
    return {
        "title": "Detractor",
        "text": "Scores 0 to 6 on the NPS question.",
        "owner": w.users["core"].pk,
        "review_on": (today() + dt.timedelta(days=30)).isoformat(),
        "version": w["standard"].version,
    }


def _standard_pk(name: str):
    return lambda w: {"pk": w[name].pk}


ROUTES += [
    Route("governance:standard-list", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "governance:standard-create",
        checks=[
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=_standard_form),
        ],
    ),
    Route("governance:standard-detail", _standard_pk("standard"), [Check("GET", EVERY_ROLE)]),
    Route(
        "governance:standard-edit",
        _standard_pk("standard"),
        [
            Check("GET", CONFIGURE_FORM),
            Check("POST", only(302, *CONFIGURERS), data=_standard_edit),
        ],
    ),
    Route(
        "governance:standard-version",
        lambda w: {"pk": w["standard"].pk, "number": 1},
        [Check("GET", EVERY_ROLE)],
    ),
    Route(
        "governance:standard-file",
        lambda w: {"pk": w["standard_template"].pk, "number": 1},
        [Check("GET", EVERY_ROLE)],
    ),
    Route(
        "standard-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(201, *CONFIGURERS, api=True), data=_standard_form),
        ],
    ),
    Route(
        "standard-detail",
        _standard_pk("standard"),
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {**_standard_edit(w), "kind": "definition"},
            ),
            Check("PATCH", only(200, *CONFIGURERS, api=True), data=_standard_edit),
        ],
    ),
    Route(
        "standard-versions",
        _standard_pk("standard"),
        [Check("GET", statuses(200, api=True))],
    ),
    Route(
        "standard-template",
        checks=[
            Check(
                "POST",
                only(415, *CONFIGURERS, api=True),
                data=lambda w: {},
                note="JSON, not a file: configurers get the 415 (multipart only)",
            )
        ],
    ),
    Route(
        "standard-file",
        _standard_pk("standard_template"),
        [
            Check(
                "POST",
                only(415, *CONFIGURERS, api=True),
                data=lambda w: {},
                note="JSON, not a file: configurers get the 415 (multipart only)",
            )
        ],
    ),
]
