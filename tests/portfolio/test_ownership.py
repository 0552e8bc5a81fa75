"""Work goes only to people who can act on it: one owner rule per kind of ownership
(cxgov.permissions.OwnerRule), asked by every door that names an owner.

Kinds: an action item's owner, a chair's, lead's or secretary's seat, an initiative's owner, a
risk's owner, a case's owner (reassigned, or opened by an import), a touchpoint's owner. People
who cannot act: Nora (no role: sees nothing), Vic (a viewer: only reads) and, for what belongs to
a working group, Otto (a working-group member serving on another group). Each refusal names the
field and the person, and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from cxgov.people import person_name
from governance import services as governance
from governance.models import ActionItem, MemberRole, Membership
from portfolio import services as portfolio
from portfolio.models import Initiative, Risk
from tests.voc.factories import metric
from voc import services as voc
from voc.errors import VocError
from voc.models import ClosedLoopCase, Response, Touchpoint

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

NOT_ACTING = {
    "nora": "Nora Nobody holds no cxgov role, so could not act on",
    "vic": "Vic Viewer only reads (a viewer), so could not act on",
}


@pytest.fixture
def world(program, no_role_user, viewer_user):
    program.admin.is_superuser = True  # the platform administrator who runs the Django admin
    program.admin.save()
    program.nora, program.vic = no_role_user, viewer_user
    program.initiative = InitiativeFactory(
        title="Open an account in ten minutes",
        working_group=program.onboarding,
        owner=program.member,
        business_unit=program.retail,
        status="in_progress",
    )
    return program


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def refusal(call: Callable[[], object]) -> dict[str, str]:
    """{field: message} of a service's refusal."""
    try:
        call()
    except VocError as refused:
        return {refused.field: str(refused)}
    except ValidationError as refused:
        return {name: " ".join(messages) for name, messages in refused.message_dict.items()}
    raise AssertionError("accepted")


def api_refusal(response) -> dict[str, str]:
    assert response.status_code == 400, (response.status_code, response.content)
    return {name: " ".join(messages) for name, messages in response.json().items()}


def admin_refusal(response) -> dict[str, str]:
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    return {name: " ".join(messages) for name, messages in form.errors.items()}


# Each door: (world, person) -> {field: message}, and what it must leave unchanged.


def action_service(w, person):
    return refusal(
        lambda: governance.action_item_create(
            by=w.core,
            body=w.onboarding,
            title="Call back",
            owner=person,
            due_on=dt.date(2027, 1, 5),
        )
    )


def action_api(w, person):
    return api_refusal(
        api(w.core).post(
            "/api/v1/action-items/",
            {
                "body": w.onboarding.pk,
                "title": "Call back",
                "owner": person.pk,
                "due_on": "2027-01-05",
            },
            format="json",
        )
    )


def action_admin(w, person):
    client = Client()
    client.force_login(w.admin)
    return admin_refusal(
        client.post(
            reverse("admin:governance_actionitem_add"),
            {
                "title": "Call back",
                "body": w.onboarding.pk,
                "owner": person.pk,
                "due_on": "2027-01-05",
            },
        )
    )


def seat_service(w, person):
    return refusal(
        lambda: governance.membership_create(
            by=w.core,
            body=w.complaints,
            person=person,
            role=MemberRole.LEAD,
            business_unit=w.retail,
        )
    )


def seat_api(w, person):
    return api_refusal(
        api(w.core).post(
            "/api/v1/memberships/",
            {
                "body": w.complaints.pk,
                "person": person.pk,
                "role": "secretary",
                "business_unit": w.retail.pk,
            },
            format="json",
        )
    )


def seat_admin(w, person):
    client = Client()
    client.force_login(w.admin)
    return admin_refusal(
        client.post(
            reverse("admin:governance_membership_add"),
            {
                "person": person.pk,
                "body": w.complaints.pk,
                "role": "chair",
                "business_unit": w.retail.pk,
                "start_date": "2026-03-01",
                "hours_per_month": "2",
            },
        )
    )


def initiative_service(w, person):
    return refusal(
        lambda: portfolio.initiative_update(
            initiative=w.initiative, by=w.core, data={"owner": person}
        )
    )


def initiative_api(w, person):
    return api_refusal(
        api(w.core).patch(
            f"/api/v1/initiatives/{w.initiative.pk}/",
            {"owner": person.pk, "version": w.initiative.version},
            format="json",
        )
    )


def risk_service(w, person):
    return refusal(
        lambda: portfolio.risk_create(
            by=w.core,
            initiative=w.initiative,
            title="Vendor late",
            likelihood=3,
            impact=4,
            owner=person,
        )
    )


def risk_api(w, person):
    return api_refusal(
        api(w.core).post(
            "/api/v1/risks/",
            {
                "initiative": w.initiative.pk,
                "title": "Vendor late",
                "likelihood": 3,
                "impact": 4,
                "owner": person.pk,
            },
            format="json",
        )
    )


def a_case(w) -> ClosedLoopCase:
    if not ClosedLoopCase.objects.exists():
        Response.objects.create(
            metric=metric("nps"),
            score=2,
            comment="Nobody called back.",
            responded_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
            external_id="r-1",
        )
        voc.cases_open()
    return ClosedLoopCase.objects.get()


def case_service(w, person):
    case = a_case(w)
    return refusal(lambda: voc.case_reassign(case=case, owner=person, by=w.core))


def case_api(w, person):
    case = a_case(w)
    return api_refusal(
        api(w.core).patch(
            f"/api/v1/cases/{case.pk}/",
            {"owner": person.pk, "version": case.version},
            format="json",
        )
    )


def touchpoint_admin(w, person):
    client = Client()
    client.force_login(w.admin)
    return admin_refusal(
        client.post(
            reverse("admin:voc_touchpoint_add"),
            {
                "code": "branch-visit",
                "name": "Branch visit",
                "description": "",
                "is_active": "on",
                "journey_stage": "support",
                "owner": person.pk,
                "business_unit": "",
            },
        )
    )


def touchpoint_model(w, person):
    return refusal(
        lambda: Touchpoint(
            code="branch-visit", name="Branch visit", journey_stage="support", owner=person
        ).full_clean()
    )


@dataclass
class Kind:
    doors: dict[str, Callable]
    field: str
    what: str
    count: Callable[[], object]
    # Someone who acts, but not on this (their test's own condition), and what it says.
    outsider: str = ""


KINDS = {
    "action item": Kind(
        {"service": action_service, "api": action_api, "admin": action_admin},
        "owner",
        "the action",
        lambda: ActionItem.objects.count(),
    ),
    "lead seat": Kind(
        {"service": seat_service, "api": seat_api, "admin": seat_admin},
        "person",
        "a chair's, sponsor's, lead's or secretary's seat",
        lambda: Membership.objects.count(),
    ),
    "initiative": Kind(
        {"service": initiative_service, "api": initiative_api},
        "owner",
        "the initiative",
        lambda: list(Initiative.objects.values_list("owner_id", flat=True)),
        outsider="{otto} does not serve on Onboarding WG, so could not update Open an account "
        "in ten minutes; give it to one of its members or the core CX team.",
    ),
    "risk": Kind(
        {"service": risk_service, "api": risk_api},
        "owner",
        "the risk",
        lambda: Risk.objects.count(),
        outsider="{otto} does not serve on Onboarding WG, so could not update the risk; give it "
        "to one of its members or the core CX team.",
    ),
    "case": Kind(
        {"service": case_service, "api": case_api},
        "owner",
        "the case",
        lambda: list(ClosedLoopCase.objects.values_list("owner_id", flat=True)),
    ),
    "touchpoint": Kind(
        {"model": touchpoint_model, "admin": touchpoint_admin},
        "owner",
        "the touchpoint's cases",
        lambda: Touchpoint.objects.count(),
    ),
}

CASES = [
    (kind, door, who)
    for kind, spec in KINDS.items()
    for door in spec.doors
    for who in [*NOT_ACTING, *(["otto"] if spec.outsider else [])]
]


@pytest.mark.parametrize(("kind", "door", "who"), CASES)
def test_work_is_never_given_to_someone_who_cannot_act_on_it(world, kind, door, who):
    spec = KINDS[kind]
    if kind == "case":
        a_case(world)
    person = {"nora": world.nora, "vic": world.vic, "otto": world.other}[who]
    before = spec.count()
    errors = spec.doors[door](world, person)
    otto = person_name(world.other)
    says = spec.outsider.format(otto=otto) if who == "otto" else f"{NOT_ACTING[who]} {spec.what}"
    assert spec.field in errors, errors
    assert says in errors[spec.field]
    assert spec.count() == before


def test_each_kind_still_goes_to_someone_who_acts(world):
    """The rules refuse only what breaks them: a member of the group, the core team."""
    governance.action_item_create(
        by=world.core,
        body=world.onboarding,
        title="Call back",
        owner=world.member,
        due_on=dt.date(2027, 1, 5),
    )
    portfolio.initiative_update(
        initiative=world.initiative, by=world.core, data={"owner": world.core}
    )
    portfolio.risk_create(
        by=world.core,
        initiative=world.initiative,
        title="Late",
        likelihood=1,
        impact=1,
        owner=world.member,
    )
    case = voc.case_reassign(case=a_case(world), owner=world.member, by=world.core)
    assert (case.owner, world.initiative.owner) == (world.member, world.core)


def test_a_viewer_left_owning_a_case_cannot_move_it(world):
    case = a_case(world)
    ClosedLoopCase.objects.filter(pk=case.pk).update(owner=world.vic)
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        voc.case_transition(case=case, to_status="in_progress", by=world.vic)
    response = api(world.vic).post(
        f"/api/v1/cases/{case.pk}/transition/", {"to_status": "in_progress"}
    )
    assert response.status_code in (403, 404)
    case.refresh_from_db()
    assert case.status == "open"
