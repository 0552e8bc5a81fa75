"""Guessing passwords is throttled per account and per address, on the API and the login page.

With a limit of 3 here (10 in production), the 3rd failure locks: it and every attempt after it
in the cool-off, right password or not, get 429 with Retry-After on the API and the login page
with the reason on the page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LIMIT = 3
COOL_OFF = dt.timedelta(minutes=15)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("small_limit"),
]


@pytest.fixture
def small_limit():
    with override_settings(AXES_FAILURE_LIMIT=LIMIT, AXES_COOLOFF_TIME=COOL_OFF):
        yield


def token(client, username, password, ip="203.0.113.5", **headers):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
        **headers,
    )


def page_login(client, username, password, ip="203.0.113.5"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_after_the_limit_the_right_password_gets_429_with_retry_after(client, viewer_user):
    statuses = [token(client, viewer_user.username, "wrong").status_code for _ in range(LIMIT)]
    assert statuses == [400] * (LIMIT - 1) + [429]
    response = token(client, viewer_user.username, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response["Content-Type"] == "application/json"
    assert "Too many failed logins" in response.json()["detail"]
    assert "token" not in response.json()


def test_below_the_limit_the_right_password_still_works(client, viewer_user):
    for _ in range(LIMIT - 1):
        token(client, viewer_user.username, "wrong")
    assert token(client, viewer_user.username, PASSWORD).status_code == 200


def test_an_account_is_locked_whichever_address_the_guesses_come_from(client, viewer_user):
    for n in range(LIMIT):
        token(client, viewer_user.username, "wrong", ip=f"198.51.100.{n + 1}")
    assert token(client, viewer_user.username, PASSWORD, ip="192.0.2.77").status_code == 429


def test_an_address_is_locked_whichever_accounts_it_guesses(client, viewer_user):
    for n in range(LIMIT):
        token(client, f"someone-{n}", "wrong", ip="198.51.100.9")
    assert token(client, viewer_user.username, PASSWORD, ip="198.51.100.9").status_code == 429
    # The same account from another address is not locked: its own count is still 0.
    assert token(client, viewer_user.username, PASSWORD, ip="198.51.100.10").status_code == 200


def test_other_accounts_from_other_addresses_are_not_affected(client, viewer_user):
    other = UserFactory(username="otto")
    for _ in range(LIMIT):
        token(client, viewer_user.username, "wrong", ip="198.51.100.1")
    assert token(client, other.username, PASSWORD, ip="198.51.100.2").status_code == 200


def test_the_lock_lifts_after_the_cool_off(client, viewer_user):
    for _ in range(LIMIT):
        token(client, viewer_user.username, "wrong")
    assert token(client, viewer_user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - COOL_OFF * 2)
    assert token(client, viewer_user.username, PASSWORD).status_code == 200


def test_the_login_page_is_throttled_with_a_clear_message(client, viewer_user):
    statuses = [page_login(client, viewer_user.username, "x").status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]
    response = page_login(client, viewer_user.username, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    html = response.content.decode()
    assert "Too many failed logins for this account or from this address" in html
    assert "Wait 15 minutes" in html
    assert 'name="password"' in html
    assert client.get("/").status_code == 302  # not logged in


def test_failures_on_the_page_count_for_the_api_too(client, viewer_user):
    for _ in range(LIMIT):
        page_login(client, viewer_user.username, "wrong")
    assert token(client, viewer_user.username, PASSWORD).status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_address_counts_apart(client, viewer_user):
    proxy = "172.18.0.5"
    for _ in range(LIMIT):
        token(client, "nobody", "wrong", ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    # Another client through the same proxy is not locked by the first one's guesses.
    response = token(
        client, viewer_user.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert response.status_code == 200
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_forged_forwarded_for_does_not_escape_the_count(client, viewer_user):
    # The proxy appends the real peer; what the client put first is ignored.
    for n in range(LIMIT):
        token(
            client,
            "nobody",
            "wrong",
            ip="172.18.0.5",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.1",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, viewer_user):
    for n in range(LIMIT):
        token(client, "nobody", "wrong", ip="198.51.100.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert token(client, viewer_user.username, PASSWORD, ip="198.51.100.1").status_code == 429
