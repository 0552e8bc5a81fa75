"""A person's e-mail address is shown to configurers and to the person, never to other roles.

The rule is cxgov.permissions.can_see_email ("people.see_email"), asked by the person page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from cxgov.permissions import can_see_email
from tests.factories import UserFactory
from tests.helpers import NOT_CONFIGURERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def pat(db):
    return UserFactory(username="pat", email="pat.private@example.com", roles=["Viewer"])


def person_page(client, user, person):
    client.force_login(user)
    response = client.get(reverse("governance:person-detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", NOT_CONFIGURERS, indirect=True)
def test_other_roles_do_not_see_an_email_address(client, persona, pat):
    html = person_page(client, persona, pat)
    assert "pat.private@example.com" not in html
    assert "mailto:" not in html


def test_the_core_team_sees_an_email_address(client, core_team_user, pat):
    assert 'href="mailto:pat.private@example.com"' in person_page(client, core_team_user, pat)


def test_an_admin_sees_an_email_address(client, admin_user, pat):
    assert "pat.private@example.com" in person_page(client, admin_user, pat)


def test_a_person_sees_their_own_email_address(client, pat):
    assert "pat.private@example.com" in person_page(client, pat, pat)


def test_the_rule_refuses_an_account_without_a_role_even_for_itself(no_role_user):
    assert not can_see_email(no_role_user, no_role_user)
    assert can_see_email.refusal().startswith("Only admins, the core CX team")


def test_no_api_list_and_no_page_showing_people_carries_an_email_address(
    client, api_client, viewer_user, pat
):
    """The class, not the one page: every API list (walked from the API root) and the pages
    that list people show names, never addresses, to a role that may not see them."""
    from tests.factories import ActivityFactory, BodyFactory, MembershipFactory, RaciFactory

    body = BodyFactory(name="Steering committee", tier="steering_committee")
    MembershipFactory(person=pat, body=body, business_unit=None)
    RaciFactory(activity=ActivityFactory(), person=pat, body=None, letter="C")
    api_client.force_login(viewer_user)
    lists = api_client.get("/api/v1/").json()
    assert len(lists) > 10
    for name, url in lists.items():
        response = api_client.get(url)
        assert response.status_code == 200, name
        assert "pat.private@example.com" not in response.content.decode(), name
    client.force_login(viewer_user)
    for url in (
        reverse("governance:body-detail", args=[body.pk]),
        reverse("governance:body-members", args=[body.pk]),
        reverse("governance:raci"),
        reverse("governance:organization"),
    ):
        htmx = {"HTTP_HX_REQUEST": "true"} if url.endswith("/people/") else {}
        response = client.get(url, **htmx)
        assert response.status_code == 200, url
        assert "pat.private@example.com" not in response.content.decode(), url
