"""The structure's invariants hold on every door: the services, the API, the pages and the admin,
on create as on change. Each refusal names its field and leaves the database as it was.

The invariants: every body but the executive sponsor reports to a body of an allowed tier; a
program has one executive sponsor body and one core CX team at a time; a disbanded body takes
no new body reporting to it. (Bodies have no import: these four are all the doors.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from governance import services
from governance.models import GovernanceBody, Tier

pytestmark = pytest.mark.django_db

FIELDS = ("name", "tier", "parent", "kind", "purpose", "formed_on", "planned_disband_on")


@dataclass
class World:
    structure: dict[str, GovernanceBody]
    core_user: Any
    admin_user: Any
    disbanded: GovernanceBody


@pytest.fixture
def world(structure, core_team_user, admin_user):
    admin_user.is_superuser = True  # the platform administrator who runs the Django admin
    admin_user.save()
    disbanded = GovernanceBody.objects.create(
        name="Old committee",
        tier=Tier.STEERING_COMMITTEE,
        parent=structure["sponsor"],
        formed_on=dt.date(2026, 1, 1),
        disbanded_on=dt.date(2026, 2, 1),
    )
    return World(structure, core_team_user, admin_user, disbanded)


def values_of(body: GovernanceBody | None, data: dict[str, Any]) -> dict[str, Any]:
    """Every field of the body form: the body's values (defaults for a new one), then `data`."""
    base = {
        "name": "",
        "tier": "",
        "parent": None,
        "kind": "standing",
        "purpose": "",
        "formed_on": dt.date(2026, 3, 1),
        "planned_disband_on": None,
    }
    if body is not None:
        base = {name: getattr(body, name) for name in FIELDS}
    return {**base, **data}


def as_post(values: dict[str, Any]) -> dict[str, str]:
    def text(value):
        if value is None:
            return ""
        if isinstance(value, GovernanceBody):
            return str(value.pk)
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    return {name: text(value) for name, value in values.items()}


def form_errors(form) -> dict[str, str]:
    return {name: " ".join(messages) for name, messages in form.errors.items()}


# Each door takes (world, body or None for a create, data) and returns {field: messages}.


def service_door(w: World, body, data) -> dict[str, str]:
    try:
        if body is None:
            services.body_create(by=w.core_user, **values_of(None, data))
        else:
            services.body_update(body=body, by=w.core_user, data=data)
    except ValidationError as refusal:
        return {name: " ".join(messages) for name, messages in refusal.message_dict.items()}
    raise AssertionError("the service accepted it")


def api_door(w: World, body, data) -> dict[str, str]:
    client = APIClient()
    client.force_login(w.core_user)
    payload = {
        name: (value.pk if isinstance(value, GovernanceBody) else value)
        for name, value in data.items()
    }
    if body is None:
        response = client.post("/api/v1/bodies/", payload, format="json")
    else:
        response = client.patch(f"/api/v1/bodies/{body.pk}/", payload, format="json")
    assert response.status_code == 400, response.content
    return {name: " ".join(messages) for name, messages in response.json().items()}


def page_door(w: World, body, data) -> dict[str, str]:
    client = Client()
    client.force_login(w.core_user)
    url = (
        reverse("governance:body-create")
        if body is None
        else reverse("governance:body-edit", args=[body.pk])
    )
    response = client.post(url, as_post(values_of(body, data)))
    assert response.status_code == 200, response.status_code
    return form_errors(response.context["form"])


def admin_door(w: World, body, data) -> dict[str, str]:
    client = Client()
    client.force_login(w.admin_user)
    url = (
        reverse("admin:governance_governancebody_add")
        if body is None
        else reverse("admin:governance_governancebody_change", args=[body.pk])
    )
    post = as_post(values_of(body, data))
    post.pop("disbanded_on", None)
    post.update({"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    response = client.post(url, post)
    assert response.status_code == 200, response.status_code
    return form_errors(response.context["adminform"].form)


DOORS: dict[str, Callable[..., dict[str, str]]] = {
    "service": service_door,
    "api": api_door,
    "page": page_door,
    "admin": admin_door,
}


@dataclass
class Case:
    body: str | None  # the structure's body changed, or None for a create
    data: Callable[[World], dict[str, Any]]
    field: str
    says: str
    # What the page says instead: its choices leave a disbanded body out.
    form_says: str = ""


CASES = {
    "a working group created with no parent": Case(
        None,
        lambda w: {"name": "Orphan WG", "tier": Tier.WORKING_GROUP},
        "parent",
        "A working group reports to a steering committee or the core CX team: "
        "choose the body it reports to.",
    ),
    "a steering committee created with no parent": Case(
        None,
        lambda w: {"name": "Second committee", "tier": Tier.STEERING_COMMITTEE},
        "parent",
        "A steering committee reports to the executive sponsor: choose the body it reports to.",
    ),
    "a second executive sponsor body": Case(
        None,
        lambda w: {"name": "Shadow sponsor", "tier": Tier.EXECUTIVE_SPONSOR},
        "tier",
        "Executive sponsor is already the executive sponsor; a program has one. "
        "Disband it first, or choose another tier.",
    ),
    "a second core team": Case(
        None,
        lambda w: {
            "name": "Second core",
            "tier": Tier.CORE_TEAM,
            "parent": w.structure["sponsor"],
        },
        "tier",
        "Core CX team is already the core CX team; a program has one.",
    ),
    "a working group created under a disbanded committee": Case(
        None,
        lambda w: {"name": "Late WG", "tier": Tier.WORKING_GROUP, "parent": w.disbanded},
        "parent",
        "Old committee was disbanded on 1 Feb 2026; it takes no new bodies reporting to it.",
        form_says="Select a valid choice.",
    ),
    "a working group's parent removed": Case(
        "onboarding",
        lambda w: {"parent": None},
        "parent",
        "A working group reports to a steering committee or the core CX team",
    ),
    "a committee made a second executive sponsor body": Case(
        "steering",
        lambda w: {"tier": Tier.EXECUTIVE_SPONSOR, "parent": None},
        "tier",
        "Executive sponsor is already the executive sponsor; a program has one.",
    ),
    "a working group moved under a disbanded committee": Case(
        "complaints",
        lambda w: {"parent": w.disbanded},
        "parent",
        "Old committee was disbanded on 1 Feb 2026; it takes no new bodies reporting to it.",
        form_says="Select a valid choice.",
    ),
}


def snapshot() -> list[tuple]:
    return list(
        GovernanceBody.objects.order_by("pk").values_list("pk", "name", "tier", "parent_id")
    )


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("case", CASES)
def test_every_structure_invariant_holds_on_every_door(world, door, case):
    spec = CASES[case]
    body = world.structure[spec.body] if spec.body else None
    before = snapshot()
    errors = DOORS[door](world, body, spec.data(world))
    says = spec.form_says if spec.form_says and door == "page" else spec.says
    assert spec.field in errors, errors
    assert says in errors[spec.field]
    assert snapshot() == before


def test_a_body_created_where_the_structure_allows_it_is_saved(world):
    """The rules refuse only what breaks them: a second committee under the sponsor is fine,
    and a new sponsor body may follow a disbanded one."""
    committee = services.body_create(
        by=world.core_user,
        name="Risk committee",
        tier=Tier.STEERING_COMMITTEE,
        parent=world.structure["sponsor"],
    )
    assert committee.parent == world.structure["sponsor"]
    services.body_disband(body=world.structure["onboarding"], by=world.core_user)
    services.body_disband(body=world.structure["complaints"], by=world.core_user)
    for body in (committee, world.structure["steering"], world.structure["core"]):
        services.body_disband(body=body, by=world.core_user)
    services.body_disband(body=world.structure["sponsor"], by=world.core_user)
    sponsor = services.body_create(
        by=world.core_user, name="New sponsor", tier=Tier.EXECUTIVE_SPONSOR
    )
    assert sponsor.parent is None and sponsor.is_active


def test_the_database_refuses_a_second_open_sponsor_body_whatever_the_door(structure):
    """The constraint behind the rule, for a write that skips validation."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GovernanceBody.objects.create(name="Shadow", tier=Tier.EXECUTIVE_SPONSOR)
