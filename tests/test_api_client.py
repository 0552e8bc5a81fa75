"""A Python client generated from the live OpenAPI schema works for every operation.

Teams integrate by generating a client from /api/schema/. This does what they do, as the README
says: the schema is fetched with a login, openapi-spec-validator checks it, and
openapi-python-client (pinned in requirements.txt) generates a client from it with
cxgov/api/openapi-python-client.yaml, once per session, printing no warning. Every generated
module imports. Then the client walks the API through the real WSGI application, with a token
under the client's default `Bearer` prefix, as the core team and as a working-group member, in
the authorization table's world (tests/authz.py): every collection listed page by page, one of
each object read, a create and an update in each app that takes writes, a CSV imported and its
job read, a KPI pack read with typed sections. Every answer parses into the generated models;
a call the member may not make is a 403 or 404 that parses into the generated `Error`; a status
the schema does not document raises (`raise_on_unexpected_status`). A new operation joins the
walk by being in the schema: an operation the walk does not call fails it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import math
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.test import Client
from openapi_spec_validator import validate

from cxgov.notifications import notify
from cxgov.roles import Role
from cxgov.tokens import token_issue
from tests.authz import World, world_for_module
from tests.cxgov.authz import AUTHZ
from tests.factories import UserFactory
from tests.helpers import in_process_requests
from tests.portfolio.factories import InitiativeFactory

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "cxgov" / "api" / "openapi-python-client.yaml"
PACKAGE = "cxgov_client"
PAGE_SIZE = 2  # small, so that the walk follows several pages
# Reads that are not "one of a collection", each called by its own step of the walk.
OWN_STEP = {
    "charters_versions_list", "charters_versions_retrieve", "maturity_assessments_questions_list",
    "raci_matrix_retrieve", "meetings_ics_retrieve", "meetings_pack_retrieve", "drivers_list",
    "standards_versions_list", "correlation_retrieve",
}  # fmt: skip
CSV = (
    b"Metric,Rating,When,Id\n"
    b"nps,10,2026-03-02T10:00:00Z,client-a\n"
    b"nps,3,2026-03-02T11:00:00Z,client-b\n"
)
MAPPING = {"metric": "Metric", "score": "Rating", "responded_at": "When", "external_id": "Id"}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def live_schema(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """/api/schema/?format=json as a core-team member is served it."""
    with django_db_blocker.unblock(), transaction.atomic():
        client = Client()
        client.force_login(UserFactory(username="schema-reader", roles=[Role.CORE_TEAM]))
        response = client.get("/api/schema/?format=json")
        transaction.set_rollback(True)
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


@pytest.fixture(scope="session")
def generated(live_schema: dict, tmp_path_factory) -> Iterator[ModuleType]:
    """The client openapi-python-client generates from the live schema, imported."""
    out = tmp_path_factory.mktemp("client")
    (out / "schema.json").write_text(json.dumps(live_schema))
    run = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path",
         str(out / "schema.json"), "--config", str(CONFIG), "--meta", "none",
         "--output-path", str(out / PACKAGE)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    said = run.stdout + run.stderr
    assert run.returncode == 0, said
    assert "warning" not in said.lower() and "skipping" not in said.lower(), said
    sys.path.insert(0, str(out))
    try:
        for part in ("api", "models", "types"):
            importlib.import_module(f"{PACKAGE}.{part}")
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def world(built_world: World, db) -> Iterator[World]:
    with in_process_requests():
        yield built_world


def operations(generated: ModuleType) -> dict[str, ModuleType]:
    """Every generated endpoint module, by operation id."""
    found = {}
    for info in pkgutil.walk_packages(generated.api.__path__, f"{PACKAGE}.api."):
        if not info.ispkg:
            found[info.name.rsplit(".", 1)[-1]] = importlib.import_module(info.name)
    return found


def collections(generated: ModuleType) -> dict[str, ModuleType]:
    """The paged list operations, by operation id."""
    return {
        name: op
        for name, op in operations(generated).items()
        if name.endswith("_list") and "page" in inspect.signature(op.sync_detailed).parameters
    }


def client_for(generated: ModuleType, user):
    """The generated client for `user`, its requests answered in-process by the WSGI app."""
    return generated.AuthenticatedClient(  # with the client's default prefix, Bearer
        base_url="http://testserver",
        token=token_issue(user=user).key,
        raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.WSGITransport(app=get_wsgi_application())},
    )


def kind(value) -> str:
    return type(value).__name__


def list_all(name: str, operation: ModuleType, client) -> list:
    """Every row of a collection, following its pages to the last, checking the page numbers
    and, where the list is counted, the count and the number of pages."""
    rows, page = [], 1
    while True:
        answer = operation.sync_detailed(client=client, page=page, page_size=PAGE_SIZE)
        assert answer.status_code == 200, (name, answer.content[:300])
        body = answer.parsed
        assert kind(body).startswith("Paginated"), (name, body)
        assert body.page == page, name
        rows += body.results
        if not body.next_:  # the client names `next` so
            break
        page += 1
    if isinstance(getattr(body, "count", None), int):  # counted lists
        assert len(rows) == body.count, name
        assert body.pages == max(1, math.ceil(body.count / PAGE_SIZE)) == page, name
    return rows


def refused(answer, *statuses: int) -> str:
    """A refusal the client parsed into the schema's Error: its detail."""
    assert answer.status_code in statuses, (answer.status_code, answer.content[:300])
    assert kind(answer.parsed) == "Error", answer.parsed
    assert answer.parsed.detail
    return answer.parsed.detail


def test_the_live_schema_is_valid_openapi(live_schema):
    validate(live_schema)


def test_every_generated_module_imports(generated):
    names = [info.name for info in pkgutil.walk_packages(generated.__path__, f"{PACKAGE}.")]
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # each failure is reported by name
            failed.append(f"{name}: {error!r}")
    assert len(names) > 300
    assert not failed, "\n".join(failed)


def test_no_model_takes_the_name_of_the_clients_own_classes(generated):
    models = {name for name in dir(generated.models) if not name.startswith("_")}
    assert not models & {"Response", "File", "Unset", "Client", "AuthenticatedClient"}
    assert "SurveyResponse" in models


def test_the_core_team_reads_every_collection_and_object(generated, world):
    notify(recipient=world.users["core"], kind=AUTHZ, occasion="client", subject="For the core",
           body="", link="/")  # fmt: skip
    ops = operations(generated)
    client = client_for(generated, world.users["core"])
    called = set()
    for name, operation in collections(generated).items():
        rows = list_all(name, operation, client)
        called.add(name)
        assert rows, f"{name}: the world has none, so nothing is read"
        read = ops.get(name.removesuffix("_list") + "_retrieve")
        if read is None:
            continue
        one = read.sync_detailed(id=rows[0].id, client=client)
        assert one.status_code == 200, (read.__name__, one.content[:300])
        assert kind(one.parsed) == kind(rows[0]) and one.parsed.id == rows[0].id
        called.add(read.__name__.rsplit(".", 1)[-1])

    charter = world["onboarding_charter"]
    versions = ops["charters_versions_list"].sync_detailed(id=charter.pk, client=client).parsed
    assert versions and kind(versions[0]) == "CharterVersion"
    version = ops["charters_versions_retrieve"].sync_detailed(
        id=charter.pk, number=versions[0].number, client=client
    )
    assert kind(version.parsed) == "CharterVersion"
    questions = ops["maturity_assessments_questions_list"].sync_detailed(client=client).parsed
    assert questions and all(kind(q) == "MaturityQuestion" for q in questions)
    matrix = ops["raci_matrix_retrieve"].sync_detailed(client=client)
    assert matrix.status_code == 200 and matrix.parsed is not None
    ics = ops["meetings_ics_retrieve"].sync_detailed(id=world["meeting"].pk, client=client)
    assert isinstance(ics.parsed, str) and ics.parsed.startswith("BEGIN:VCALENDAR")
    drivers = ops["drivers_list"].sync_detailed(client=client, metric="nps")
    assert drivers.status_code == 200 and kind(drivers.parsed) == "DriverTable"
    standard = world["standard"]
    kept = ops["standards_versions_list"].sync_detailed(id=standard.pk, client=client).parsed
    assert [(kind(v), v.number) for v in kept] == [("StandardVersion", 1)]
    # The world holds no operational figures: the documented 400 names the missing periods.
    pair = ops["correlation_retrieve"].sync_detailed(
        client=client, experience="csat", operational="repeat-contacts"
    )
    assert pair.status_code == 400 and b"periods" in pair.content, pair.content[:300]
    called |= OWN_STEP - {"meetings_pack_retrieve"}  # the pack: its own test

    reads = {n for n in ops if n.endswith(("_list", "_retrieve"))} - {"meetings_pack_retrieve"}
    assert reads - called == set(), "reads the walk does not call"


def test_the_core_team_reads_a_pack_with_typed_sections(generated, world):
    client = client_for(generated, world.users["core"])
    ops = operations(generated)
    answer = ops["meetings_pack_retrieve"].sync_detailed(id=world["meeting"].pk, client=client)
    assert answer.status_code == 200
    pack = answer.parsed
    assert kind(pack) == "KpiPack" and kind(pack.pack) == "PackDocument"
    assert pack.pack.meeting.id == world["meeting"].pk
    sections = pack.pack.sections
    assert {
        name: kind(getattr(sections, name))
        for name in ["kpis", "initiatives", "needs_help", "risks", "alerts", "decisions",
                     "actions", "cases", "escalated_cases", "flags"]
    } == {
        "kpis": "PackKpiSection", "initiatives": "PackInitiativeSection",
        "needs_help": "PackInitiativeSection", "risks": "PackRiskSection",
        "alerts": "PackAlertSection", "decisions": "PackDecisionSection",
        "actions": "PackActionSection", "cases": "PackCaseSection",
        "escalated_cases": "PackEscalatedCaseSection", "flags": "PackLineOfSightSection",
    }  # fmt: skip
    kpi = next(k for k in sections.kpis.items if k.target_id == world["target"].pk)
    assert kind(kpi) == "PackKpi" and kpi.target_value == 30.0
    assert kind(kpi.projection) == "PackProjection"
    assert all(kind(point) == "PackSeriesPoint" for point in kpi.series)
    # Nothing in the pack was left untyped: no key the schema does not name.
    assert not pack.pack.additional_properties and not sections.additional_properties


def test_the_core_team_creates_and_updates_in_each_app(generated, world):
    m, ops = generated.models, operations(generated)
    client = client_for(generated, world.users["core"])
    # governance: a business unit
    made = ops["business_units_create"].sync_detailed(
        client=client, body=m.BusinessUnitRequest(name="Payments", code="payments")
    )
    assert made.status_code == 201 and kind(made.parsed) == "BusinessUnit"
    renamed = ops["business_units_partial_update"].sync_detailed(
        id=made.parsed.id, client=client, body=m.PatchedBusinessUnitRequest(name="Cards")
    )
    assert (kind(renamed.parsed), renamed.parsed.name, renamed.parsed.code) == (
        "BusinessUnit", "Cards", "payments")  # fmt: skip
    # portfolio: a strategic priority
    made = ops["priorities_create"].sync_detailed(
        client=client, body=m.StrategicPriorityRequest(title="Fewer complaints", period="2026")
    )
    assert made.status_code == 201 and kind(made.parsed) == "StrategicPriority"
    changed = ops["priorities_partial_update"].sync_detailed(
        id=made.parsed.id, client=client, body=m.PatchedStrategicPriorityRequest(period="2027")
    )
    assert (changed.parsed.title, changed.parsed.period) == ("Fewer complaints", "2027")
    # voc: a target's value; the fields not sent keep their values (no defaults sent)
    # A change says which version it read (optimistic locking): read first, as a client does.
    target = world["target"]
    read = ops["targets_retrieve"].sync_detailed(id=target.pk, client=client).parsed
    changed = ops["targets_partial_update"].sync_detailed(
        id=target.pk,
        client=client,
        body=m.PatchedTargetInputRequest(target_value=35.0, version=read.version),
    )
    assert changed.status_code == 200, changed.content
    assert (kind(changed.parsed), changed.parsed.target_value) == ("TargetStatus", 35.0)
    target.refresh_from_db()
    assert (target.target_value, target.granularity, target.dimension_kind) == (
        35.0, "month", "overall")  # fmt: skip


def test_the_core_team_imports_a_csv_and_reads_its_job(generated, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    m, ops = generated.models, operations(generated)
    client = client_for(generated, world.users["core"])
    upload = m.ImportInputRequest(
        file=generated.types.File(payload=BytesIO(CSV), file_name="survey.csv"),
        mapping=m.ImportInputRequestMapping.from_dict(MAPPING),
        mode=m.ModeEnum.HISTORY,
    )
    answer = ops["responses_import_create"].sync_detailed(client=client, body=upload)
    assert answer.status_code == 201, answer.content
    job = answer.parsed
    assert (kind(job), job.inserted_rows, job.status.value) == ("ImportJob", 2, "succeeded")
    read = ops["response_imports_retrieve"].sync_detailed(id=job.id, client=client).parsed
    assert (kind(read), read.id, read.progress) == ("ImportJob", job.id, 100)
    # The raw text/csv body, the options in the query string (the mapping as JSON text).
    raw = ops["responses_import_create"].sync_detailed(
        client=client,
        body=generated.types.File(payload=BytesIO(CSV.replace(b"client-", b"raw-"))),
        mapping=json.dumps(MAPPING),
        mode=m.ResponsesImportCreateMode.HISTORY,
    )
    assert raw.status_code == 201, raw.content
    assert raw.parsed.inserted_rows == 2


def test_a_working_group_member_walks_the_api_and_gets_clean_refusals(generated, world):
    m, ops = generated.models, operations(generated)
    core = client_for(generated, world.users["core"])
    member = client_for(generated, world.users["wg_member"])
    refusals = 0
    for name, operation in collections(generated).items():
        list_all(name, operation, member)  # every collection lists (scoped to the member)
        read = ops.get(name.removesuffix("_list") + "_retrieve")
        if read is None:
            continue
        # Each object the core team reads: the member reads it, or is refused cleanly.
        for row in list_all(name, operation, core)[:3]:
            answer = read.sync_detailed(id=row.id, client=member)
            if answer.status_code == 200:
                assert kind(answer.parsed) == kind(row), name
            else:
                refused(answer, 403, 404)
                refusals += 1
    assert refusals  # the import jobs, others' cases and notifications at least

    # Their own working group's status update: created; a business unit, a target: refused.
    update = ops["status_updates_create"].sync_detailed(
        client=member,
        body=m.StatusUpdateRequest(
            initiative=world["initiative"].pk, health=m.HealthEnum.AMBER, progress=40,
            summary="Pilot slipped a week.", reported_on=dt.date(2026, 3, 2),
        ),
    )  # fmt: skip
    assert update.status_code == 201, update.content
    assert (kind(update.parsed), update.parsed.health.value) == ("StatusUpdate", "amber")
    refused(
        ops["business_units_create"].sync_detailed(
            client=member, body=m.BusinessUnitRequest(name="Payments", code="payments")
        ),
        403,
    )
    refused(
        ops["targets_partial_update"].sync_detailed(
            id=world["target"].pk, client=member, body=m.PatchedTargetInputRequest(note="x")
        ),
        403,
    )
    refused(
        ops["responses_import_create"].sync_detailed(
            client=member, body=generated.types.File(payload=BytesIO(CSV))
        ),
        403,
    )
    # Another group's initiative: theirs to read, not to change.
    theirs = InitiativeFactory(working_group=world["complaints"], owner=world.users["wg_other"])
    change = ops["initiatives_partial_update"].sync_detailed(
        id=theirs.pk, client=member, body=m.PatchedInitiativeRequest(title="Mine now")
    )
    refused(change, 403, 404)
    theirs.refresh_from_db()
    assert theirs.title != "Mine now"
