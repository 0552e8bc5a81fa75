"""The RACI matrix: gaps, overloaded people, and a query count that does not grow."""

from governance.models import Activity
from governance.selectors import column_key, raci_gap_count, raci_matrix
from tests.factories import ActivityFactory, BodyFactory, RaciFactory, UserFactory
from tests.helpers import count_queries


def row_for(matrix, activity):
    return next(row for row in matrix.rows if row.activity.pk == activity.pk)


def test_rows_without_an_accountable_or_responsible_are_gaps(structure):
    Activity.objects.all().delete()  # only this test's activities
    complete, no_a, empty = ActivityFactory(), ActivityFactory(), ActivityFactory()
    RaciFactory(activity=complete, body=structure["core"], letter="A")
    RaciFactory(activity=complete, body=structure["steering"], letter="R")
    RaciFactory(activity=no_a, body=structure["core"], letter="R")
    matrix = raci_matrix()
    assert row_for(matrix, complete).gaps == []
    assert row_for(matrix, no_a).gaps == ["No Accountable"]
    assert row_for(matrix, empty).gaps == ["No Accountable", "No Responsible"]
    assert matrix.gap_count == 2 == raci_gap_count()


def test_a_letter_held_by_a_disbanded_body_leaves_a_gap(structure):
    Activity.objects.all().delete()
    activity = ActivityFactory()
    gone = BodyFactory(name="Gone WG", disbanded_on=structure["core"].formed_on)
    RaciFactory(activity=activity, body=gone, letter="A")
    RaciFactory(activity=activity, body=structure["core"], letter="R")
    assert row_for(raci_matrix(), activity).gaps == ["No Accountable"]
    assert raci_gap_count() == 1


def test_cells_carry_letters_for_bodies_and_people(structure):
    activity, person = ActivityFactory(), UserFactory(first_name="Ines", last_name="Moreau")
    RaciFactory(activity=activity, body=None, person=person, letter="C")
    row = row_for(raci_matrix(), activity)
    cells = {column.key: letter for column, letter in row.cells}
    assert cells[column_key(person_id=person.pk)] == "C"
    assert cells[column_key(body_id=structure["core"].pk)] == ""


def test_people_above_the_threshold_are_flagged(structure):
    busy, calm = UserFactory(), UserFactory()
    for _ in range(3):
        RaciFactory(body=None, person=busy, letter="R")
    RaciFactory(body=None, person=busy, letter="C")  # C and I are not load
    RaciFactory(body=None, person=calm, letter="R")
    columns = {c.key: c for c in raci_matrix(threshold=2).columns}
    assert columns[column_key(person_id=busy.pk)].load == 3
    assert columns[column_key(person_id=busy.pk)].overloaded
    assert not columns[column_key(person_id=calm.pk)].overloaded


def test_matrix_runs_three_queries_whatever_its_size(db):
    sizes = []
    for n in (10, 200):
        while Activity.objects.count() < n:
            activity = ActivityFactory()
            RaciFactory(activity=activity, body=BodyFactory(), letter="A")
            RaciFactory(activity=activity, body=None, person=UserFactory(), letter="R")
        queries, matrix = count_queries(raci_matrix)
        assert len(matrix.rows) >= n
        sizes.append(queries)
    assert sizes == [3, 3]
