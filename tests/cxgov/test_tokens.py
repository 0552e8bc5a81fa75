"""API tokens end with the password, with the account, at their expiry, or when revoked.

And the schema and Swagger UI need a login like the rest: a token works for the schema.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cxgov import tokens
from tests.factories import PASSWORD
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def obtain(client, user, password=PASSWORD):
    return client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": password},
        content_type="application/json",
    )


def api_get(client, key, url="/api/v1/bodies/"):
    return client.get(url, HTTP_AUTHORIZATION=f"Token {key}")


def test_a_password_change_on_the_page_ends_the_token(client, viewer_user):
    key = obtain(client, viewer_user).json()["token"]
    client.force_login(viewer_user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-long-pass!",
            "new_password2": "n3w-long-pass!",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert api_get(client, key).status_code == 401
    assert not Token.objects.filter(user=viewer_user).exists()


def test_a_password_set_anywhere_ends_the_token(client, viewer_user):
    # The admin's password form and `manage.py changepassword` both set_password and save.
    key = obtain(client, viewer_user).json()["token"]
    viewer_user.set_password("another-long-pass")
    viewer_user.save()
    assert api_get(client, key).status_code == 401


def test_deactivating_an_account_ends_its_token_for_good(client, viewer_user):
    key = obtain(client, viewer_user).json()["token"]
    viewer_user.is_active = False
    viewer_user.save(update_fields=["is_active"])
    viewer_user.is_active = True
    viewer_user.save()
    assert api_get(client, key).status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_other_changes_to_an_account_keep_its_token(client, viewer_user):
    key = obtain(client, viewer_user).json()["token"]
    viewer_user.first_name = "Victor"
    viewer_user.save()
    assert api_get(client, key).status_code == 200


def test_the_login_stamp_costs_no_extra_query(viewer_user):
    viewer_user.last_login = timezone.now()
    queries, _ = count_queries(lambda: viewer_user.save(update_fields=["last_login"]))
    assert queries == 1


def test_the_token_answer_says_when_it_expires(client, viewer_user):
    body = obtain(client, viewer_user).json()
    token = Token.objects.get(key=body["token"])
    expires = dt.datetime.fromisoformat(body["expires"])
    assert expires - token.created == dt.timedelta(days=30)


@override_settings(API_TOKEN_TTL_DAYS=7)
def test_an_expired_token_is_refused_with_a_way_forward(client, viewer_user):
    key = obtain(client, viewer_user).json()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=7, seconds=1))
    response = api_get(client, key)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This token has expired. Ask for a new one: POST /api/v1/auth/token/."
    }


@override_settings(API_TOKEN_TTL_DAYS=7)
def test_a_token_within_its_lifetime_works_and_is_given_again(client, viewer_user):
    key = obtain(client, viewer_user).json()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=6))
    assert api_get(client, key).status_code == 200
    assert obtain(client, viewer_user).json()["token"] == key


def test_asking_again_after_expiry_issues_a_new_token(client, viewer_user):
    key = obtain(client, viewer_user).json()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=31))
    new_key = obtain(client, viewer_user).json()["token"]
    assert new_key != key
    assert api_get(client, new_key).status_code == 200


def test_changepassword_command_ends_the_token(client, viewer_user, monkeypatch):
    key = obtain(client, viewer_user).json()["token"]
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "cmd-long-pass-99")
    call_command("changepassword", viewer_user.username, stdout=io.StringIO())
    assert api_get(client, key).status_code == 401


# The page where a person manages their own token.


def test_the_token_page_says_when_there_is_none(client, viewer_user):
    client.force_login(viewer_user)
    response = client.get(reverse("api_token"))
    assert response.status_code == 200
    assert "You have no API token." in response.content.decode()


def test_a_person_creates_a_token_and_sees_it_once(client, viewer_user):
    client.force_login(viewer_user)
    response = client.post(reverse("api_token"), {"action": "create"})
    key = Token.objects.get(user=viewer_user).key
    assert key in response.content.decode()
    assert key not in client.get(reverse("api_token")).content.decode()
    assert "Expires" in client.get(reverse("api_token")).content.decode()


def test_a_person_revokes_their_own_token(client, viewer_user):
    key = tokens.token_issue(user=viewer_user).key
    client.force_login(viewer_user)
    response = client.post(reverse("api_token"), {"action": "revoke"}, follow=True)
    assert "Your API token is revoked" in response.content.decode()
    client.logout()
    assert api_get(client, key).status_code == 401


def test_revoking_touches_only_ones_own_token(client, viewer_user, core_team_user):
    theirs = tokens.token_issue(user=core_team_user).key
    client.force_login(viewer_user)
    client.post(reverse("api_token"), {"action": "revoke"})
    assert Token.objects.filter(key=theirs).exists()


def test_replacing_a_token_stops_the_old_one(client, viewer_user):
    old = tokens.token_issue(user=viewer_user).key
    client.force_login(viewer_user)
    client.post(reverse("api_token"), {"action": "create"})
    client.logout()
    assert api_get(client, old).status_code == 401


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api_token"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_person_without_a_role_may_manage_their_own_token(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("api_token")).status_code == 200


# The schema and Swagger UI need a login.


def test_the_schema_refuses_an_anonymous_client(client):
    response = client.get("/api/schema/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_the_schema_answers_a_token(client, viewer_user):
    key = tokens.token_issue(user=viewer_user).key
    response = client.get("/api/schema/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert b"openapi" in response.content


def test_swagger_ui_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/api/docs/"


@pytest.mark.parametrize("word", ["Bearer", "bearer", "Token"])
def test_the_token_works_under_bearer_and_under_token_as_the_schema_says(client, viewer_user, word):
    key = obtain(client, viewer_user).json()["token"]
    response = client.get("/api/v1/bodies/", HTTP_AUTHORIZATION=f"{word} {key}")
    assert response.status_code == 200
    schema = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"{word} {key}").json()
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "The token from POST /api/v1/auth/token/, as `Bearer <token>` (what "
        "generated clients send) or `Token <token>`.",
    }


@override_settings(API_TOKEN_TTL_DAYS=7)
def test_an_expired_or_unknown_token_is_refused_under_bearer_too(client, viewer_user):
    key = obtain(client, viewer_user).json()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=8))
    expired = client.get("/api/v1/bodies/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert expired.status_code == 401
    assert expired.json()["detail"].startswith("This token has expired.")
    unknown = client.get("/api/v1/bodies/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert unknown.status_code == 401
    two_words = client.get("/api/v1/bodies/", HTTP_AUTHORIZATION=f"Bearer {key} extra")
    assert two_words.status_code == 401
