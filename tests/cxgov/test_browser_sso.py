"""In a real browser: the sign-in goes to the company's OpenID Connect provider (a real one on
loopback, tests/oidc_provider.py), and the person lands on the home of the role their group
maps to; the provider's answer replayed in the browser is refused with a clear page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cxgov.models import SsoGroupMapping
from cxgov.roles import Role
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, Provider, Running
from tests.test_accessibility import AXE, AXE_RUN, WCAG_21_AA


def wcag_violations(page) -> list[dict]:
    """axe-core (npm) on the page as it stands: WCAG 2.1 A/AA, as tests/test_accessibility.py."""
    page.evaluate(AXE.read_text())
    return page.evaluate(AXE_RUN, WCAG_21_AA)


@pytest.fixture
def provider(settings):
    running = Running(
        Provider(
            people={
                "alice": Person(
                    "sub-alice", "alice", "alice@bank.example", ["cx-core"], "Alice Martin"
                )
            }
        )  # fmt: skip
    )
    settings.OIDC_ISSUER = running.provider.issuer
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Bank account"
    yield running.provider
    running.stop()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_in_through_the_provider_lands_on_the_home_of_the_mapped_role(
    live_server, browser_page, provider
):
    SsoGroupMapping.objects.create(group="cx-core", role=Role.CORE_TEAM)
    page = browser_page
    answers: list[str] = []
    page.on("request", lambda r: answers.append(r.url) if "/sso/callback/" in r.url else None)
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Sign in with Bank account").click()
    page.wait_for_url(provider.issuer + "/authorize?**")
    page.get_by_role("button", name="Sign in as alice").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Core CX team dashboard")
    [answer] = answers
    assert answer.startswith(f"{live_server.url}/accounts/sso/callback/?code=")

    # The provider's answer (its code and state) replayed in a browser with no session: refused.
    page.context.clear_cookies()
    page.goto(answer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in refused")
    expect(page.get_by_role("alert")).to_contain_text("already used or does not belong")
    assert wcag_violations(page) == []
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    # The one error the console shows is the refusal's own status.
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
