"""Method adoption: initiatives record which of the standards library's methods they use, and
the library shows, per method and business unit, how many active initiatives use it (counted
in the database, a fixed number of queries). Written by those who may edit the initiative;
anything but a method is refused on `methods`, nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cxgov.dates import today
from governance import services as governance
from governance.models import StandardKind
from portfolio import services
from portfolio.models import MethodUse
from portfolio.selectors import method_adoption
from tests.factories import BusinessUnitFactory

pytestmark = pytest.mark.django_db


def standard(by, title, kind=StandardKind.METHOD):
    return governance.standard_create(
        by=by,
        kind=kind,
        title=title,
        text=f"How we run {title}.",
        owner=by,
        review_on=today() + dt.timedelta(days=60),
    )


@pytest.fixture
def library(program):
    return (
        standard(program.core, "Journey mapping"),
        standard(program.core, "Listening sessions"),
        standard(program.core, "Survey standards"),
    )


def table(adoption) -> dict[str, dict[str, int]]:
    names = [unit.name for unit in adoption.units]
    return {row.method.title: dict(zip(names, row.counts, strict=True)) for row in adoption.rows}


def test_adoption_counts_active_initiatives_per_method_and_unit(
    program, make_initiative, library, django_assert_num_queries
):
    mapping, listening, survey = library
    wealth = BusinessUnitFactory(name="Wealth", code="wealth")
    BusinessUnitFactory(name="Marketing", code="marketing")  # no initiative: no column
    core = program.core
    uses = [
        # (status, unit, methods)
        ("in_progress", program.retail, [mapping, listening]),
        ("approved", program.retail, [mapping]),
        ("on_hold", wealth, [mapping]),
        ("proposed", wealth, [mapping, survey]),  # not active yet: not counted
        ("completed", wealth, [listening]),  # done: not counted
        ("cancelled", program.retail, [listening]),  # cancelled: not counted
    ]
    for status, unit, methods in uses:
        initiative = make_initiative(status=status, business_unit=unit)
        services.initiative_methods_set(initiative=initiative, by=core, methods=methods)
    # By hand: journey mapping, retail 2 (in progress, approved) and wealth 1 (on hold);
    # listening sessions, retail 1 (in progress; the cancelled one not); survey standards,
    # none (its only user is a proposal). Columns: the units with a counted use.
    with django_assert_num_queries(3):
        adoption = method_adoption()
    assert table(adoption) == {
        "Journey mapping": {"Retail": 2, "Wealth": 1},
        "Listening sessions": {"Retail": 1, "Wealth": 0},
        "Survey standards": {"Retail": 0, "Wealth": 0},
    }
    assert [row.total for row in adoption.rows] == [3, 1, 0]
    # Three queries still, with many more initiatives and uses.
    for _ in range(20):
        initiative = make_initiative(status="in_progress", business_unit=wealth)
        services.initiative_methods_set(initiative=initiative, by=core, methods=[survey])
    with django_assert_num_queries(3):
        adoption = method_adoption()
    assert table(adoption)["Survey standards"] == {"Retail": 0, "Wealth": 20}


def test_setting_the_methods_adds_and_removes_and_keeps_who_marked(
    program, make_initiative, library
):
    mapping, listening, survey = library
    initiative = make_initiative(status="in_progress")
    services.initiative_methods_set(
        initiative=initiative, by=program.member, methods=[mapping, listening]
    )
    services.initiative_methods_set(
        initiative=initiative, by=program.core, methods=[listening, survey]
    )
    marked = dict(
        MethodUse.objects.filter(initiative=initiative).values_list("method__title", "marked_by")
    )
    assert marked == {"Listening sessions": program.member.pk, "Survey standards": program.core.pk}


def test_anything_but_a_method_is_refused_on_methods(program, make_initiative, library):
    mapping, _, _ = library
    definition = standard(program.core, "Detractor", kind=StandardKind.DEFINITION)
    initiative = make_initiative(status="in_progress")
    services.initiative_methods_set(initiative=initiative, by=program.core, methods=[mapping])
    with pytest.raises(ValidationError) as refused:
        services.initiative_methods_set(
            initiative=initiative, by=program.core, methods=[definition]
        )
    assert refused.value.message_dict == {
        "methods": ["Not a method of the standards library: Detractor."]
    }
    assert list(initiative.method_uses.values_list("method", flat=True)) == [mapping.pk]


def test_a_member_of_another_group_cannot_mark_methods(program, make_initiative, library):
    initiative = make_initiative(status="in_progress")
    with pytest.raises(PermissionDenied):
        services.initiative_methods_set(
            initiative=initiative, by=program.other, methods=list(library)
        )
    assert not MethodUse.objects.exists()


def test_the_initiative_page_marks_a_method_and_the_library_count_changes(
    program, make_initiative, library, client
):
    mapping, _, _ = library
    initiative = make_initiative(status="in_progress")
    client.force_login(program.member)
    url = reverse("portfolio:initiative-methods", args=[initiative.pk])
    response = client.post(url, {"methods": [mapping.pk]})
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url() + "#methods"
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Journey mapping" in page
    library_page = client.get(reverse("governance:standard-list"))
    (row,) = [r for r in library_page.context["adoption"].rows if r.method == mapping]
    assert row.counts == [1]
    # A refused choice (an id that is no method) is named on the field, nothing saved.
    response = client.post(url, {"methods": [999999]})
    assert response.status_code == 200
    assert "methods" in response.context["form"].errors
    assert initiative.method_uses.count() == 1
