"""Charter and mission reads: the side-by-side diff, and query counts that do not grow."""

import datetime as dt

import pytest
from django.test import Client

from cxgov.roles import Role
from governance import selectors, services
from governance.models import Charter, MemberRole
from tests.factories import BodyFactory, UserFactory
from tests.governance.charters_helpers import approved
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db


def segments(side):
    return [(s.text, s.changed) for s in side]


def test_the_diff_pairs_changed_lines_and_marks_the_changed_words():
    rows = selectors.text_diff(
        "Meets monthly.\nMinutes in two days.", "Meets weekly.\nMinutes in two days.\nA new line."
    )
    assert [r.tag for r in rows] == ["replace", "equal", "insert"]
    assert segments(rows[0].left) == [("Meets ", False), ("monthly.", True)]
    assert segments(rows[0].right) == [("Meets ", False), ("weekly.", True)]
    assert segments(rows[2].left) == [] and segments(rows[2].right) == [("A new line.", True)]


def test_a_removed_line_shows_on_the_left_only():
    rows = selectors.text_diff("One.\nTwo.", "One.")
    assert [(r.tag, segments(r.left), segments(r.right)) for r in rows] == [
        ("equal", [("One.", False)], [("One.", False)]),
        ("delete", [("Two.", True)], []),
    ]


def test_the_charter_diff_compares_each_component_and_the_linked_statements(chartering):
    statement = services.success_statement_create(
        by=chartering["core"], title="Onboarding success", text="Quick and clear."
    )
    approved(chartering)
    second = approved(chartering, meeting_cadence="Every week.", success_statements=[statement])
    diff = selectors.charter_diff(charter=second.charter, left=1, right=2)
    changed = [c.name for c in diff.components if c.changed]
    assert changed == ["meeting_cadence"]
    cadence = next(c for c in diff.components if c.name == "meeting_cadence")
    assert segments(cadence.rows[0].left) == [("Every ", False), ("two weeks.", True)]
    assert segments(cadence.rows[0].right) == [("Every ", False), ("week.", True)]
    assert diff.statements_added == [statement] and diff.statements_removed == []
    assert diff.changed_count == 2


def _grow_charter(world, charter_body, size):
    """`size` versions of the charter and `size` members acknowledging it."""
    body = world[charter_body]
    while body.memberships.count() < size:
        person = UserFactory(roles=[Role.WORKING_GROUP_MEMBER])
        services.membership_create(
            by=world["admin"],
            body=body,
            person=person,
            role=MemberRole.MEMBER,
            business_unit=world["retail"],
            start_date=dt.date(2026, 1, 1),
        )
    charter = Charter.objects.filter(body=body).first()
    while charter is None or charter.versions.count() < size:
        version = approved(world, body=charter_body)
        charter = version.charter
    latest = charter.versions.get(status="approved")
    for membership in body.memberships.select_related("person"):
        if not latest.acknowledgements.filter(person=membership.person).exists():
            services.acknowledge(by=membership.person, document=latest)
    return charter


def test_the_charter_page_runs_a_fixed_number_of_queries(chartering):
    client = Client()
    client.force_login(chartering["member"])
    state = {}

    def grow(size):
        state["charter"] = _grow_charter(chartering, "onboarding", size)

    count = assert_flat_query_count(
        fetch=lambda: client.get(state["charter"].get_absolute_url()), grow_to=grow, sizes=(3, 30)
    )
    print(f"charter page: {count} queries")


def test_the_charter_selector_runs_a_fixed_number_of_queries(chartering, django_assert_num_queries):
    charter = _grow_charter(chartering, "onboarding", 5)
    charter = Charter.objects.select_related("body").get(pk=charter.pk)
    with django_assert_num_queries(12):  # the body's cadences are the twelfth
        selectors.charter_page(charter=charter, user=chartering["member"])


def test_the_charter_page_shows_the_bodys_meeting_cadence_beside_component_five(chartering):
    from tests.governance.factories import CadenceFactory

    charter = _grow_charter(chartering, "onboarding", 1)
    cadence = CadenceFactory(body=charter.body)
    client = Client()
    client.force_login(chartering["member"])
    html = client.get(charter.get_absolute_url()).content.decode()
    assert cadence.describe() in html


def test_the_mission_page_runs_a_fixed_number_of_queries(chartering):
    client = Client()
    client.force_login(chartering["member"])
    mission = services.mission_publish(
        mission=services.mission_draft(
            by=chartering["core"],
            statement="Simple.",
            customers="All.",
            experience="Clarity.",
            feeling="Calm.",
            difference="Causes.",
        ),
        by=chartering["core"],
    )

    def grow(size):
        while len(selectors.mission_page(user=chartering["core"]).share.agreed) < size:
            body = BodyFactory(parent=chartering["steering"])
            person = UserFactory(roles=[Role.WORKING_GROUP_MEMBER])
            services.membership_create(
                by=chartering["admin"],
                body=body,
                person=person,
                business_unit=chartering["retail"],
                start_date=dt.date(2026, 1, 1),
            )
            services.acknowledge(by=person, document=mission)

    count = assert_flat_query_count(
        fetch=lambda: client.get("/governance/mission/"), grow_to=grow, sizes=(5, 60)
    )
    print(f"mission page: {count} queries")


def test_the_charter_list_runs_a_fixed_number_of_queries(chartering):
    client = Client()
    client.force_login(chartering["member"])

    def grow(size):
        while Charter.objects.count() < size:
            body = BodyFactory(parent=chartering["steering"])
            chartering[f"body-{body.pk}"] = body
            approved(chartering, body=f"body-{body.pk}")

    assert_flat_query_count(
        fetch=lambda: client.get("/governance/charters/"), grow_to=grow, sizes=(3, 25)
    )


def test_the_home_page_banner_runs_a_fixed_number_of_queries(chartering):
    client = Client()
    client.force_login(chartering["member"])

    def grow(size):
        # The member serves on `size` bodies, each with an approved charter waiting for them.
        while chartering["member"].memberships.count() < size:
            body = BodyFactory(parent=chartering["steering"])
            services.membership_create(
                by=chartering["admin"],
                body=body,
                person=chartering["member"],
                business_unit=chartering["retail"],
                start_date=dt.date(2026, 1, 1),
            )
            chartering[f"body-{body.pk}"] = body
            approved(chartering, body=f"body-{body.pk}")

    assert_flat_query_count(fetch=lambda: client.get("/"), grow_to=grow, sizes=(2, 20))


def test_the_success_statement_pages_and_list_run_a_fixed_number_of_queries(chartering):
    client = Client()
    client.force_login(chartering["member"])
    client.get("/governance/success-statements/")

    def grow(size):
        from governance.models import SuccessStatement

        while SuccessStatement.objects.count() < size:
            objective = services.objective_create(
                by=chartering["core"],
                business_unit=chartering["retail"],
                text="Grow.",
                owner=chartering["chair"],
            )
            services.success_statement_create(
                by=chartering["core"], title="S", text="T.", objectives=[objective]
            )

    assert_flat_query_count(
        fetch=lambda: client.get("/governance/success-statements/"), grow_to=grow, sizes=(3, 40)
    )
    assert_flat_query_count(
        fetch=lambda: client.get("/governance/objectives/"), grow_to=grow, sizes=(41, 60)
    )
