"""Input of the wrong type is refused by every API serializer, never coerced.

A fractional id used to be truncated (parent 2.5 became body 2) and a number sent for a name
was stored as its digits. The rule lives in cxgov.api.serializers; the last test walks every
viewset so a new app's serializers are held to it.
"""

from __future__ import annotations

import pytest
from rest_framework import relations
from rest_framework import serializers as drf

from cxgov.api import serializers as strict
from governance.models import GovernanceBody, Membership
from tests.cxgov.api_routes import api_viewsets
from tests.factories import BodyFactory, BusinessUnitFactory, UserFactory


@pytest.fixture
def admin_api(api_client, admin_user):
    api_client.force_login(admin_user)
    return api_client


@pytest.fixture
def steering(db):
    return BodyFactory(name="Steering", tier="steering_committee")


def new_group(parent, **changes):
    return {"name": "Billing WG", "tier": "working_group", "parent": parent, **changes}


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [2.5, "2.5", 2.0, True, [1], {"id": 1}, "1e3", "-1"])
def test_a_related_id_that_is_not_a_whole_number_is_refused(admin_api, steering, bad):
    parent = bad if not isinstance(bad, float) else steering.pk + (bad - int(bad))
    before = GovernanceBody.objects.count()
    response = admin_api.post("/api/v1/bodies/", new_group(parent), format="json")
    assert response.status_code == 400, response.json()
    assert list(response.json()) == ["parent"]
    assert GovernanceBody.objects.count() == before


@pytest.mark.django_db
def test_a_fractional_parent_is_refused_not_truncated(admin_api, steering):
    response = admin_api.post("/api/v1/bodies/", new_group(steering.pk + 0.5), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "parent": [f"Give the id as a whole number, not a number {steering.pk + 0.5}."]
    }
    assert not GovernanceBody.objects.filter(name="Billing WG").exists()


@pytest.mark.django_db
def test_a_whole_id_is_accepted_as_a_number(admin_api, steering):
    response = admin_api.post("/api/v1/bodies/", new_group(steering.pk), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["parent"] == steering.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad", "kind"),
    [(12345, "a number"), (1.5, "a number"), (True, "true/false"), (["x"], "a list")],
)
def test_a_number_where_text_is_expected_is_refused(admin_api, steering, bad, kind):
    response = admin_api.post("/api/v1/bodies/", new_group(steering.pk, name=bad), format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [f"Give text here, not {kind}."]}
    assert GovernanceBody.objects.count() == 1


@pytest.mark.django_db
def test_a_fractional_person_on_a_membership_is_refused(admin_api, steering):
    person = UserFactory()
    unit = BusinessUnitFactory()
    response = admin_api.post(
        "/api/v1/memberships/",
        {
            "person": person.pk + 0.25,
            "body": steering.pk,
            "role": "member",
            "business_unit": unit.pk,
            "start_date": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["person"]
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_a_number_for_the_username_when_asking_for_a_token_is_refused(client):
    response = client.post(
        "/api/v1/auth/token/", {"username": 1, "password": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"username": ["Give text here, not a number."]}


def writable_fields(serializer) -> list[tuple[str, drf.Field]]:
    return [(name, field) for name, field in serializer.fields.items() if not field.read_only]


def test_every_api_serializer_takes_text_only_as_text_and_ids_only_as_whole_numbers():
    checked = 0
    for prefix, viewset in api_viewsets():
        view = viewset()
        view.action, view.format_kwarg, view.request = "create", None, None
        serializer = view.get_serializer_class()()
        for name, field in writable_fields(serializer):
            where = f"{prefix}: {type(serializer).__name__}.{name}"
            if isinstance(field, relations.ManyRelatedField):
                field = field.child_relation
            if isinstance(field, drf.CharField) and not isinstance(field, drf.ChoiceField):
                assert isinstance(field, strict.TextOnlyMixin), (
                    f"{where} is a plain {type(field).__name__}; use cxgov.api.serializers"
                )
            if isinstance(field, relations.RelatedField):
                assert isinstance(field, strict.PrimaryKeyRelatedField | strict.SlugRelatedField), (
                    f"{where} is a plain {type(field).__name__}; use cxgov.api.serializers"
                )
            checked += 1
    assert checked > 20
