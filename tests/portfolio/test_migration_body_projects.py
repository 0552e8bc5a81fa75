"""The data migration carrying governance's old `project` text over to initiatives: a project
that names an existing initiative is linked to it; any other becomes a proposed initiative of
that working group, owned by its lead; governance then drops the text field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("governance", "0004_charters_missions_acknowledgements"),
    ("portfolio", "0001_initiatives_milestones_updates_risks"),
]
AFTER = [("governance", "0005_remove_body_project_text")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    # Later tests (serialized_rollback ones especially) need every table of the latest schema,
    # not the one this test stopped at: migrate forward to every app's leaf when done.
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_project_texts_become_initiatives_keyed_on_the_initiative_side():
    old = migrate(BEFORE)
    Body = old.get_model("governance", "GovernanceBody")
    Membership = old.get_model("governance", "Membership")
    Unit = old.get_model("governance", "BusinessUnit")
    User = old.get_model("auth", "User")
    Initiative = old.get_model("portfolio", "Initiative")
    unit = Unit.objects.create(name="Retail", code="retail")
    lead = User.objects.create(username="lead-lena")
    member = User.objects.create(username="member-max")
    formed, disband = dt.date(2026, 2, 1), dt.date(2027, 1, 31)

    def project_group(name, project):
        return Body.objects.create(
            name=name,
            tier="working_group",
            kind="project",
            project=project,
            formed_on=formed,
            planned_disband_on=disband,
        )

    billing = project_group("Billing WG", "New invoices")
    Membership.objects.create(person=member, body=billing, business_unit=unit, start_date=formed)
    Membership.objects.create(
        person=lead, body=billing, role="lead", business_unit=unit, start_date=formed
    )
    onboarding = project_group("Onboarding WG", "open an account in ten minutes")
    existing = Initiative.objects.create(
        title="Open an account in ten minutes",
        working_group=onboarding,
        business_unit=unit,
        owner=member,
        start_date=formed,
        target_date=disband,
    )
    Body.objects.create(name="Standing WG", tier="working_group", kind="standing", project="")

    new = migrate(AFTER)
    Initiative = new.get_model("portfolio", "Initiative")
    Body = new.get_model("governance", "GovernanceBody")
    assert "project" not in {f.name for f in Body._meta.get_fields()}
    linked = Initiative.objects.get(pk=existing.pk)
    assert linked.formed_group_id == onboarding.pk
    created = Initiative.objects.get(formed_group_id=billing.pk)
    assert (created.title, created.status, created.working_group_id) == (
        "New invoices",
        "proposed",
        billing.pk,
    )
    assert (created.owner_id, created.business_unit_id) == (lead.pk, unit.pk)
    assert (created.start_date, created.target_date) == (formed, disband)
    assert Initiative.objects.count() == 2
