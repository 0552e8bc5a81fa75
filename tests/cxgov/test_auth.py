"""Every page needs a login; the API answers 401/403; each role lands on its own home."""

import pytest
from django.urls import reverse

from cxgov.roles import Role
from tests.factories import PASSWORD

PAGES = ["/", "/governance/", "/portfolio/", "/voc/", "/meetings/", "/accounts/password/change/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_login_page_needs_no_login(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


@pytest.mark.django_db
def test_anonymous_api_call_is_401_with_a_message(client):
    response = client.get("/api/v1/bodies/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_api_refuses_a_user_without_a_role(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get("/api/v1/bodies/")
    assert response.status_code == 403
    assert "role" in response.json()["detail"]


HOMES = {
    Role.ADMIN: "Administration",
    Role.CORE_TEAM: "Core CX team dashboard",
    Role.EXECUTIVE: "Executive summary",
    Role.STEERING_COMMITTEE: "Steering committee",
    Role.WORKING_GROUP_MEMBER: "My working groups",
    Role.VIEWER: "CX program overview",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "heading"), HOMES.items(), indirect=["persona"])
def test_each_role_lands_on_its_home_after_login(client, persona, heading):
    response = client.post(
        reverse("login"), {"username": persona.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_user_without_a_role_is_told_whom_to_ask(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Ask an administrator" in response.content.decode()


@pytest.mark.django_db
def test_logout_ends_the_session(client, viewer_user):
    client.force_login(viewer_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_password_change_works(client, viewer_user):
    client.force_login(viewer_user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-pass-42",
            "new_password2": "a-new-long-pass-42",
        },
    )
    assert response.status_code == 302
    viewer_user.refresh_from_db()
    assert viewer_user.check_password("a-new-long-pass-42")


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client, core_team_user):
    client.force_login(core_team_user)
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script>" not in html  # every script is a file under /static/


@pytest.mark.django_db
def test_favicon_needs_no_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
