"""The closed-loop pages: the list (filters, pagination, empty states, htmx partial), a case
with its response (comment only for those allowed), the transition and reassignment forms
refusing bad input next to the field and saving nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.dates import today
from cxgov.roles import Role
from tests.factories import UserFactory
from voc.models import ClosedLoopCase, Response

from .factories import metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(username="otto", first_name="Otto", roles=[Role.WORKING_GROUP_MEMBER])


def make_case(
    owner=None, *, due=None, touchpoint=None, comment="Parcel lost twice."
) -> ClosedLoopCase:
    n = Response.objects.count() + 1
    response = Response.objects.create(
        metric=metric("nps"), score=2, comment=comment, external_id=f"v-{n}",
        responded_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), touchpoint=touchpoint,
    )  # fmt: skip
    due = due or today() + dt.timedelta(days=3)
    return ClosedLoopCase.objects.create(
        response=response, metric=response.metric, owner=owner, touchpoint=touchpoint,
        opened_on=min(due, today()), due_on=due,
    )  # fmt: skip


def test_the_list_filters_by_overdue_and_its_form_defaults_mean_any(client, core_team_user, owner):
    late = make_case(owner, due=today() - dt.timedelta(days=1))
    make_case(owner)
    client.force_login(core_team_user)
    url = reverse("voc:case-list")
    page = client.get(url, {"status": "", "overdue": "", "touchpoint": "", "owner": ""})
    assert page.status_code == 200 and page.content.decode().count('">Case ') == 2
    overdue = client.get(url, {"overdue": "true"}).content.decode()
    assert f'href="/voc/cases/{late.pk}/"' in overdue and overdue.count('">Case ') == 1
    partial = client.get(url, {"overdue": "true"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"Case " in partial.content


def test_the_filters_are_labelled_and_their_empty_choice_says_any(client, core_team_user):
    client.force_login(core_team_user)
    form = client.get(reverse("voc:case-list")).context["filters"]
    labels = {name: str(field.label) for name, field in form.fields.items()}
    assert labels["overdue"] == "Overdue" and labels["due_before"] == "Due before"
    assert form.fields["due_before"].widget.input_type == "date"
    page = client.get(reverse("voc:case-list")).content.decode()
    assert "[invalid name]" not in page and "---------" not in page
    assert ">Any status<" in page and ">Any metric<" in page and ">Anyone<" in page


def test_a_filter_that_cannot_apply_is_a_400_naming_it(client, core_team_user):
    client.force_login(core_team_user)
    page = client.get(reverse("voc:case-list"), {"status": "resolved"})
    assert page.status_code == 400 and "Status: Select a valid choice" in page.content.decode()


def test_the_list_says_what_to_do_when_empty_and_pages_at_fifty(client, core_team_user, owner):
    client.force_login(core_team_user)
    assert (
        "They open by themselves when an import"
        in client.get(reverse("voc:case-list")).content.decode()
    )
    for _ in range(51):
        make_case(owner)
    page = client.get(reverse("voc:case-list")).content.decode()
    assert "51 cases, page 1 of 2." in page


def test_a_member_lists_only_the_cases_they_own(client, owner):
    make_case(owner)
    make_case(UserFactory())
    client.force_login(owner)
    assert client.get(reverse("voc:case-list")).content.decode().count('">Case ') == 1


def test_the_case_page_shows_the_comment_to_its_owner_and_the_core_team_only(
    client, owner, core_team_user, steering_user
):
    case = make_case(owner)
    for reader in (owner, core_team_user):
        client.force_login(reader)
        assert "Parcel lost twice." in client.get(case.get_absolute_url()).content.decode()
    client.force_login(steering_user)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_closing_without_a_note_on_the_page_is_refused_next_to_the_note(client, owner):
    case = make_case(owner)
    client.force_login(owner)
    answer = client.post(
        reverse("voc:case-transition", args=[case.pk]), {"to_status": "closed", "note": ""}
    )
    assert answer.status_code == 400
    assert "Say what was done for the customer before closing the case." in answer.content.decode()
    assert ClosedLoopCase.objects.get().status == "open"
    done = client.post(
        reverse("voc:case-transition", args=[case.pk]),
        {"to_status": "closed", "note": "Refunded."},
    )
    assert done.status_code == 302 and ClosedLoopCase.objects.get().status == "closed"


def test_reassigning_to_a_deactivated_person_on_the_page_is_refused(client, core_team_user, owner):
    case = make_case(owner)
    gone = UserFactory(username="gone", roles=[Role.WORKING_GROUP_MEMBER], is_active=False)
    client.force_login(core_team_user)
    answer = client.post(reverse("voc:case-reassign", args=[case.pk]), {"owner": gone.pk})
    # The picker offers active people only: a deactivated one is not a valid choice.
    assert answer.status_code == 400 and "Select a valid choice" in answer.content.decode()
    assert ClosedLoopCase.objects.get().owner == owner


def test_the_case_page_history_shows_each_move_with_its_note_and_who(client, core_team_user, owner):
    case = make_case(owner)
    client.force_login(owner)
    client.post(
        reverse("voc:case-transition", args=[case.pk]),
        {"to_status": "closed", "note": "Refunded the parcel."},
    )
    client.force_login(core_team_user)
    page = client.get(reverse("voc:case-detail", args=[case.pk]))
    history = page.context["history"]
    # Newest first: the close (by the owner, with the note), then the case's creation.
    assert [(entry.action, entry.who, entry.note) for entry in history] == [
        ("Changed", owner, "Refunded the parcel."),
        ("Created", None, ""),
    ]
    assert "Status: Open → Closed" in history[0].changes
    html = page.content.decode()
    assert "Changed: Refunded the parcel.<ul>" in html and "<li>Status: Open → Closed</li>" in html


def test_someone_who_owns_no_case_is_told_they_see_only_their_own(client, viewer_user, owner):
    make_case(owner)
    client.force_login(viewer_user)
    page = client.get(reverse("voc:case-list")).content.decode()
    assert "No closed-loop case is yours to follow up." in page
    assert "No closed-loop cases yet" not in page
