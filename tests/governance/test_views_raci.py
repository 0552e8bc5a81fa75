"""The RACI matrix page: letters, gaps, overload, and editing a cell in place."""

import re

import pytest
from django.urls import reverse

from governance.models import Activity, RaciAssignment
from governance.selectors import column_key
from tests.factories import ActivityFactory, BodyFactory, RaciFactory, UserFactory
from tests.helpers import NOT_CONFIGURERS, assert_flat_query_count

HTMX = {"HTTP_HX_REQUEST": "true"}

# User, roles; activities, active bodies, assignments with their people (the matrix);
# activities and people for the "add a person" form; the header's unread count. The session
# is read from the cache (cached_db sessions), not the database.
MATRIX_QUERIES = 8


@pytest.fixture
def activity(db):
    Activity.objects.all().delete()  # only this test's rows
    return ActivityFactory(name="Journey mapping")


def row_tag(html, activity):
    """The opening <tr> of an activity's row."""
    (tag,) = re.findall(rf'<tr id="raci-row-{activity.pk}"[^>]*>', html)
    return tag


def cell_url(activity, **party):
    return reverse("governance:raci-cell", args=[activity.pk, column_key(**party)])


def test_cells_show_letters_and_rows_with_gaps_are_marked(client, viewer_user, structure, activity):
    RaciFactory(activity=activity, body=structure["core"], letter="R")
    client.force_login(viewer_user)
    html = client.get(reverse("governance:raci")).content.decode()
    assert 'class="matrix__gap"' in row_tag(html, activity)
    assert '<span class="matrix__gap">No Accountable</span>' in html
    assert "No Responsible" not in html
    assert '<span class="raci raci--R">R</span>' in html
    assert 'class="raci raci--empty"' in html


def test_a_complete_row_has_no_gap_marker(client, viewer_user, structure, activity):
    RaciFactory(activity=activity, body=structure["core"], letter="R")
    RaciFactory(activity=activity, body=structure["steering"], letter="A")
    client.force_login(viewer_user)
    html = client.get(reverse("governance:raci")).content.decode()
    assert "matrix__gap" not in row_tag(html, activity)
    assert "matrix__gap" not in html


def test_people_above_the_threshold_are_flagged_on_their_column(
    client, viewer_user, structure, settings
):
    settings.CXGOV_RACI_OVERLOAD_THRESHOLD = 2
    busy = UserFactory(first_name="Ines", last_name="Moreau")
    for _ in range(3):
        RaciFactory(body=None, person=busy, letter="R")
    client.force_login(viewer_user)
    html = client.get(reverse("governance:raci")).content.decode()
    assert f'id="raci-col-person-{busy.pk}" class="matrix__overloaded"' in html
    assert "3 R/A, over 2" in html


@pytest.mark.parametrize("persona", NOT_CONFIGURERS, indirect=True)
def test_others_see_the_matrix_read_only(client, persona, structure, activity):
    client.force_login(persona)
    html = client.get(reverse("governance:raci")).content.decode()
    assert "raci/cell/" not in html
    assert "Add a person to the matrix" not in html


@pytest.mark.parametrize("persona", NOT_CONFIGURERS, indirect=True)
def test_others_may_not_edit_a_cell(client, persona, structure, activity):
    client.force_login(persona)
    url = cell_url(activity, body_id=structure["core"].pk)
    assert client.get(url, **HTMX).status_code == 403
    assert client.post(url, {"letter": "A"}, **HTMX).status_code == 403
    assert not RaciAssignment.objects.filter(activity=activity).exists()


def test_configurers_get_an_editable_matrix(client, core_team_user, structure, activity):
    client.force_login(core_team_user)
    html = client.get(reverse("governance:raci")).content.decode()
    assert f'hx-get="{cell_url(activity, body_id=structure["core"].pk)}"' in html
    assert "Add a person to the matrix" in html


def test_opening_a_cell_with_htmx_answers_with_its_row_holding_the_editor(
    client, core_team_user, structure, activity
):
    RaciFactory(activity=activity, body=structure["core"], letter="C")
    client.force_login(core_team_user)
    response = client.get(cell_url(activity, body_id=structure["core"].pk), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="raci-row-{activity.pk}"')
    assert html.count('class="cell-editor"') == 1
    assert '<option value="C" selected>' in html
    assert "<html" not in html


def test_opening_a_cell_without_htmx_answers_with_a_page_of_its_own(
    client, core_team_user, structure, activity
):
    client.force_login(core_team_user)
    response = client.get(cell_url(activity, body_id=structure["core"].pk))
    assert response.status_code == 200
    assert response.templates[0].name == "governance/raci_cell.html"
    assert "Core CX team on “Journey mapping”" in response.content.decode()


def test_setting_a_letter_with_htmx_answers_with_the_updated_row(
    client, core_team_user, structure, activity
):
    RaciFactory(activity=activity, body=structure["core"], letter="R")
    client.force_login(core_team_user)
    response = client.post(
        cell_url(activity, body_id=structure["steering"].pk), {"letter": "A"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(row_tag(html, activity))
    assert "matrix__gap" not in html  # neither the row's class nor a marker
    assert '<span class="raci raci--A">A</span>' in html
    assert "cell-editor" not in html
    assert RaciAssignment.objects.get(activity=activity, letter="A").body == structure["steering"]


def test_setting_a_letter_without_htmx_redirects_to_the_row(
    client, core_team_user, structure, activity
):
    client.force_login(core_team_user)
    response = client.post(cell_url(activity, body_id=structure["core"].pk), {"letter": "R"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('governance:raci')}#raci-row-{activity.pk}"
    assert RaciAssignment.objects.get(activity=activity).letter == "R"


def test_choosing_no_letter_clears_the_cell(client, core_team_user, structure, activity):
    RaciFactory(activity=activity, body=structure["core"], letter="R")
    client.force_login(core_team_user)
    response = client.post(cell_url(activity, body_id=structure["core"].pk), {"letter": ""}, **HTMX)
    assert "No Responsible" in response.content.decode()
    assert not RaciAssignment.objects.filter(activity=activity).exists()


def test_a_second_accountable_is_refused_in_the_cell_and_nothing_is_saved(
    client, core_team_user, structure, activity
):
    RaciFactory(activity=activity, body=structure["steering"], letter="A")
    client.force_login(core_team_user)
    for extra in (HTMX, {}):
        response = client.post(
            cell_url(activity, body_id=structure["core"].pk), {"letter": "A"}, **extra
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="cell-editor"' in html or "<form" in html
        assert (
            "Journey mapping already has an Accountable (Steering committee); an activity has "
            "exactly one. Change that one first." in html
        )
    assert (
        'role="alert"'
        in client.post(
            cell_url(activity, body_id=structure["core"].pk), {"letter": "A"}, **HTMX
        ).content.decode()
    )
    assert list(RaciAssignment.objects.values_list("body__name", "letter")) == [
        ("Steering committee", "A")
    ]


def test_a_persons_cell_redraws_the_whole_matrix(client, core_team_user, structure, activity):
    person = UserFactory()
    RaciFactory(activity=activity, body=None, person=person, letter="R")
    client.force_login(core_team_user)
    response = client.post(cell_url(activity, person_id=person.pk), {"letter": ""}, **HTMX)
    assert response["HX-Retarget"] == "#raci-matrix"
    assert response["HX-Reswap"] == "outerHTML"
    assert f"raci-col-person-{person.pk}" not in response.content.decode()  # column gone


def test_a_column_that_is_not_on_the_matrix_is_not_found(
    client, core_team_user, structure, activity
):
    client.force_login(core_team_user)
    gone = BodyFactory(disbanded_on=structure["core"].formed_on)
    assert client.get(cell_url(activity, body_id=gone.pk), **HTMX).status_code == 404
    url = reverse("governance:raci-cell", args=[activity.pk, "team-1"])
    assert client.get(url, **HTMX).status_code == 404


def test_cancel_answers_with_the_row_as_it_stands(client, core_team_user, structure, activity):
    client.force_login(core_team_user)
    url = reverse("governance:raci-row", args=[activity.pk])
    response = client.get(url, **HTMX)
    assert response.content.decode().startswith(f'<tr id="raci-row-{activity.pk}"')
    assert client.get(url).status_code == 302


def test_adding_a_person_with_htmx_redraws_the_board(client, core_team_user, structure, activity):
    person = UserFactory(first_name="Dev", last_name="Shah")
    client.force_login(core_team_user)
    data = {"activity": activity.pk, "person": person.pk, "letter": "R"}
    response = client.post(reverse("governance:raci-person-add"), data, **HTMX)
    html = response.content.decode()
    assert html.startswith('<div id="raci-board">')
    assert f'id="raci-col-person-{person.pk}"' in html
    assert "Dev Shah is now R for Journey mapping." in html
    assert RaciAssignment.objects.get(person=person).letter == "R"


def test_adding_a_person_without_htmx_redirects_to_the_matrix(
    client, core_team_user, structure, activity
):
    client.force_login(core_team_user)
    data = {"activity": activity.pk, "person": UserFactory().pk, "letter": "C"}
    response = client.post(reverse("governance:raci-person-add"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:raci")


def test_adding_a_second_accountable_person_is_refused_next_to_the_letter(
    client, core_team_user, structure, activity
):
    RaciFactory(activity=activity, body=structure["core"], letter="A")
    person = UserFactory()
    client.force_login(core_team_user)
    data = {"activity": activity.pk, "person": person.pk, "letter": "A"}
    response = client.post(reverse("governance:raci-person-add"), data, **HTMX)
    (message,) = response.context["person_form"].errors["letter"]
    assert message.startswith("Journey mapping already has an Accountable (Core CX team)")
    assert not RaciAssignment.objects.filter(person=person).exists()


def test_a_viewer_may_not_add_people_to_the_matrix(client, viewer_user, structure, activity):
    client.force_login(viewer_user)
    data = {"activity": activity.pk, "person": viewer_user.pk, "letter": "R"}
    assert client.post(reverse("governance:raci-person-add"), data).status_code == 403


def test_the_matrix_runs_a_fixed_number_of_queries(client, core_team_user, db):
    client.force_login(core_team_user)
    activities = list(Activity.objects.all()[:5])

    def grow_to(size):
        while RaciAssignment.objects.filter(person__isnull=False).count() < size:
            n = RaciAssignment.objects.filter(person__isnull=False).count()
            RaciFactory(activity=activities[n % 5], body=BodyFactory(), letter="C")
            RaciFactory(activity=activities[n % 5], body=None, person=UserFactory(), letter="I")

    queries = assert_flat_query_count(
        fetch=lambda: client.get(reverse("governance:raci")), grow_to=grow_to
    )
    assert queries == MATRIX_QUERIES
