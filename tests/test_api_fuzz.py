"""schemathesis against the live OpenAPI schema, as a core-team user and as a viewer.

The schema is fetched from /api/schema/ with a token, and every operation in it gets a bounded
number of generated requests (valid and invalid) through the real WSGI application. Each
answer must not be a 5xx, must have a status the schema documents for that operation (the
400/401/403/404/409/413 the shared API base adds, cxgov/api/openapi.py), and must match the
documented body. New apps' endpoints join by being in the schema.
"""

from __future__ import annotations

import json
import os
import sys

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cxgov.roles import Role
from cxgov.tokens import token_issue
from tests.factories import BodyFactory, BusinessUnitFactory, MembershipFactory, UserFactory
from tests.helpers import in_process_requests

# Examples per operation and mode (valid and invalid input): 8 as the core team, who may write
# through every operation, so the generated bodies reach the validation of each field; 3 as the
# viewer, whose reads take the parameters the core team's examples already cover and whose
# writes are refused before any field is read (one answer whatever the body), so more would
# check the same answers again at ~40 ms a request. A developer may set both lower
# (CXGOV_FUZZ_EXAMPLES=2) for a quicker run.
EXAMPLES = int(os.environ.get("CXGOV_FUZZ_EXAMPLES", "8"))
EXAMPLES_REFUSED = min(EXAMPLES, 3)
# The operations for which no invalid request can be generated, and why. Any other operation
# whose requests cannot be generated fails the test: it would otherwise be checked by nothing.
NO_INVALID_REQUEST = {
    "GET /api/v1/maturity-assessments/questions/": "no parameters and no body",
    "GET /api/v1/raci/matrix/": "no parameters and no body",
    "POST /api/v1/notifications/read-all/": "no parameters and no body",
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_data(db):
    """A little of everything, so ids the generator guesses sometimes hit something."""
    sponsor = BodyFactory(name="Sponsor", tier="executive_sponsor")
    steering = BodyFactory(name="Steering", tier="steering_committee", parent=sponsor)
    group = BodyFactory(name="Group", tier="working_group", parent=steering)
    MembershipFactory(body=group, business_unit=BusinessUnitFactory())
    return group


def live_schema(client, key: str) -> dict:
    response = client.get("/api/schema/", {"format": "json"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    return json.loads(response.content)


def fuzz(operation, headers: dict[str, str], failures: list[str], examples: int = EXAMPLES) -> None:
    """`examples` valid and as many invalid requests to one operation; failures are collected."""
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @hypothesis.settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except hypothesis.errors.Unsatisfiable as exc:
            if mode is GenerationMode.NEGATIVE and operation.label in NO_INVALID_REQUEST:
                continue  # nothing to make invalid (see NO_INVALID_REQUEST)
            failures.append(f"{operation.label} [{mode.value}]: no request generated: {exc}")
        except (Exception, BaseExceptionGroup) as exc:  # all failures are reported at the end
            failures.append(f"{operation.label} [{mode.value}]: {exc}"[:1500])


@pytest.mark.parametrize(
    "role, examples",
    [(Role.CORE_TEAM, EXAMPLES), (Role.VIEWER, EXAMPLES_REFUSED)],
    ids=["core", "viewer"],
)
def test_the_api_answers_every_generated_request_as_its_schema_says(
    client, some_data, role, examples
):
    user = UserFactory(username=f"fuzz-{role.name.lower()}", roles=[role])
    key = token_issue(user=user).key
    schema = schemathesis.openapi.from_dict(live_schema(client, key))
    schema.app = get_wsgi_application()
    headers = {"Authorization": f"Token {key}"}

    only = os.environ.get("CXGOV_FUZZ_ONLY", "")
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if only in op.label]
    assert len(operations) > 30 or only
    labels = {op.label for op in operations}
    stale = sorted(set(NO_INVALID_REQUEST) - labels)
    assert not stale or only, f"NO_INVALID_REQUEST names operations the schema lacks: {stale}"
    failures: list[str] = []
    with in_process_requests():
        for operation in operations:
            fuzz(operation, headers, failures, examples)
    print(f"schemathesis as {role.label}: {len(operations)} operations, {examples} x 2 each")
    assert not failures, "\n\n".join(failures)


def test_an_operation_with_no_request_to_generate_fails_unless_named(client, monkeypatch):
    user = UserFactory(username="fuzz-unsatisfiable", roles=[Role.CORE_TEAM])
    key = token_issue(user=user).key
    schema = schemathesis.openapi.from_dict(live_schema(client, key))
    schema.app = get_wsgi_application()
    label = "GET /api/v1/raci/matrix/"
    [operation] = [r.ok() for r in schema.get_all_operations() if r.ok().label == label]
    headers = {"Authorization": f"Token {key}"}
    named: list[str] = []
    with in_process_requests():
        fuzz(operation, headers, named)
        monkeypatch.setattr(sys.modules[__name__], "NO_INVALID_REQUEST", {})
        unnamed: list[str] = []
        fuzz(operation, headers, unnamed)
    assert named == []
    assert len(unnamed) == 1
    assert unnamed[0].startswith(f"{label} [negative]: no request generated")
