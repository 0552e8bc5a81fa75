"""Single sign-on against a real OpenID Connect provider on loopback (tests/oidc_provider.py):
the code flow with PKCE over HTTP, the ID token checked against the provider's published keys,
roles following the groups at each sign-in, and each bad answer (a token signed with another
key, expired, for another client; a replayed state; the provider's own refusal) refused with a
clear page and nobody signed in. The whole flow in the browser: tests/cxgov/test_browser_sso.py.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from cxgov.models import RoleChange, SsoGroupMapping, SsoIdentity
from cxgov.permissions import user_roles
from cxgov.roles import Role
from governance.models import BodyGroupMapping, Membership, Tier
from tests.conftest import make_user
from tests.factories import (
    PASSWORD,
    BodyFactory,
    BusinessUnitFactory,
    MembershipFactory,
    UserFactory,
)
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, Provider, Running

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    running = Running(
        Provider(
            people={
                "alice": Person(
                    "sub-alice", "alice", "alice@bank.example", ["cx-core", "staff"], "Alice Martin"
                ),
                "bob": Person("sub-bob", "bob", "bob@bank.example", ["staff"]),
            }
        )  # fmt: skip
    )
    settings.OIDC_ISSUER = running.provider.issuer
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    yield running.provider
    running.stop()


@pytest.fixture
def mapping(db):
    SsoGroupMapping.objects.create(group="cx-core", role=Role.CORE_TEAM)
    SsoGroupMapping.objects.create(group="cx-viewers", role=Role.VIEWER)


def start(client: Client, provider: Provider, username: str) -> str:
    """Begin at cxgov, sign in at the provider as a browser would; the callback address."""
    begin = client.get("/accounts/sso/login/")
    assert begin.status_code == 302
    assert begin["Location"].startswith(provider.issuer + "/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlparse(begin["Location"]).query).items()}
    assert query["code_challenge_method"] == "S256" and query["nonce"]
    answer = requests.post(
        provider.issuer + "/authorize", data={**query, "username": username},
        allow_redirects=False, timeout=10,
    )  # fmt: skip
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def finish(client: Client, callback: str):
    url = urlparse(callback)
    assert url.path == "/accounts/sso/callback/"
    return client.get(f"{url.path}?{url.query}")


def signed_in(client: Client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def test_the_code_flow_signs_in_with_the_role_the_group_maps_to(client, provider, mapping):
    answer = finish(client, start(client, provider, "alice"))
    assert answer.status_code == 302 and answer["Location"] == "/"
    alice = signed_in(client)
    assert (alice.username, alice.email, alice.get_full_name()) == (
        "alice", "alice@bank.example", "Alice Martin",
    )  # fmt: skip
    assert user_roles(alice) == {Role.CORE_TEAM}
    assert not alice.has_usable_password()
    assert SsoIdentity.objects.get(user=alice).subject == "sub-alice"
    # The token request proved the PKCE verifier and the client's secret to the provider.
    [token_request] = provider.token_requests
    assert len(token_request["code_verifier"]) >= 43
    # The home of the role the group maps to.
    assert "Core CX team dashboard" in client.get("/").content.decode()
    [change] = RoleChange.objects.all()
    assert (change.role, change.granted, change.groups) == ("Core team", True, ["cx-core", "staff"])


def test_roles_follow_the_groups_at_each_sign_in_and_changes_are_kept(client, provider, mapping):
    finish(client, start(client, provider, "alice"))
    alice = signed_in(client)
    alice.groups.add(Group.objects.get(name=Role.EXECUTIVE))
    provider.people["alice"].groups = ["cx-viewers"]
    again = Client()
    finish(again, start(again, provider, "alice"))
    assert signed_in(again) == alice
    alice = get_user_model().objects.get(pk=alice.pk)
    assert user_roles(alice) == {Role.VIEWER}
    provider.people["alice"].groups = ["staff"]  # no group maps: no role left
    third = Client()
    finish(third, start(third, provider, "alice"))
    assert user_roles(get_user_model().objects.get(pk=alice.pk)) == frozenset()
    assert [(c.role, c.granted) for c in RoleChange.objects.order_by("pk")] == [
        ("Core team", True),
        ("Viewer", True),  # granted first, then what no group maps any more removed
        ("Core team", False),
        ("Executive", False),  # given by hand, mapped by no group: removed at sign-in
        ("Viewer", False),
    ]


@pytest.mark.parametrize(
    ("knob", "value", "reason"),
    [
        (
            "sign_with_other_key",
            True,
            "The ID token's signature does not match the provider's published keys.",
        ),
        ("expired", True, "The ID token has expired. Start the sign-in again."),
        (
            "audience",
            "another-app",
            "The ID token was issued for another application (its audience is not cxgov).",
        ),
    ],  # fmt: skip
    ids=["bad-signature", "expired", "wrong-audience"],
)
def test_a_token_that_does_not_check_out_is_refused_and_nobody_signed_in(
    client, provider, mapping, knob, value, reason
):
    setattr(provider, knob, value)
    answer = finish(client, start(client, provider, "alice"))
    assert answer.status_code == 400
    page = html.unescape(answer.content.decode())
    assert "Sign-in refused" in page and reason in page, page[page.find("<main") :][:600]
    assert signed_in(client) is None
    assert not get_user_model().objects.filter(username="alice").exists()


def test_a_replayed_state_is_refused(client, provider, mapping):
    callback = start(client, provider, "alice")
    assert finish(client, callback).status_code == 302
    # The same answer again, in another browser, and in the same one: the state is spent.
    for replay in (Client(), client):
        answer = finish(replay, callback)
        assert answer.status_code == 400
        assert "already used or does not belong to this browser" in answer.content.decode()
    fresh = Client()
    finish(fresh, callback)
    assert signed_in(fresh) is None


def test_the_providers_refusal_is_shown(client, provider):
    client.get("/accounts/sso/login/")
    state = next(iter(client.session.keys()))
    answer = client.get("/accounts/sso/callback/", {"error": "access_denied",
                                                    "error_description": "User cancelled",
                                                    "state": state})  # fmt: skip
    assert answer.status_code == 400
    assert "The sign-in provider refused: User cancelled." in answer.content.decode()
    assert signed_in(client) is None


def test_sso_is_off_without_an_issuer(client, settings):
    settings.OIDC_ISSUER = ""
    assert client.get("/accounts/sso/login/").status_code == 404
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()


def test_password_login_off_leaves_only_the_break_glass_admin(client, settings, provider):
    settings.PASSWORD_LOGIN = False
    settings.BREAK_GLASS_USERS = ["glass"]
    UserFactory(username="core-pw", roles=[Role.CORE_TEAM])
    UserFactory(username="glass", roles=[Role.ADMIN])
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with your company account" in page
    assert "kept for the break-glass administrator only" in page
    refused = client.post("/accounts/login/", {"username": "core-pw", "password": PASSWORD})
    assert refused.status_code == 200 and signed_in(client) is None
    token = Client().post(
        "/api/v1/auth/token/", {"username": "core-pw", "password": PASSWORD},
        content_type="application/json",
    )  # fmt: skip
    assert token.status_code == 400
    allowed = client.post("/accounts/login/", {"username": "glass", "password": PASSWORD})
    assert allowed.status_code == 302 and signed_in(client).username == "glass"


# Seats on bodies from the provider's groups (governance's hook, through BodyGroupMapping)


@pytest.fixture
def seats(db):
    """Three mapped bodies: two working groups and the steering committee."""
    unit = BusinessUnitFactory(name="Retail banking")
    onboarding = BodyFactory(name="Onboarding working group")
    steering = BodyFactory(name="CX steering committee", tier=Tier.STEERING_COMMITTEE)
    complaints = BodyFactory(name="Complaints working group")
    BodyGroupMapping.objects.create(group="wg-onboarding", body=onboarding, business_unit=unit)
    BodyGroupMapping.objects.create(group="cx-steering", body=steering, role="secretary")
    BodyGroupMapping.objects.create(group="wg-complaints", body=complaints, business_unit=unit)
    return {"onboarding": onboarding, "steering": steering, "complaints": complaints,
            "unit": unit}  # fmt: skip


def seats_of(user) -> dict[str, tuple[str, str, bool]]:
    """Each body the person has a seat on: (role, the group it came from, open)."""
    return {
        seat.body.name: (seat.role, seat.sso_group, seat.end_date is None)
        for seat in Membership.objects.filter(person=user).select_related("body")
    }


def test_seats_follow_the_groups_at_each_sign_in_and_hand_seats_stay(
    client, provider, mapping, seats
):
    provider.people["alice"].groups = ["cx-core", "wg-onboarding", "cx-steering"]
    finish(client, start(client, provider, "alice"))
    alice = signed_in(client)
    assert seats_of(alice) == {
        "Onboarding working group": ("member", "wg-onboarding", True),
        "CX steering committee": ("secretary", "cx-steering", True),
    }
    onboarding_seat = Membership.objects.get(person=alice, body=seats["onboarding"])
    assert onboarding_seat.business_unit == seats["unit"]
    # A seat on the complaints group given by hand: the mapping finds it taken, and it stays
    # when the group is gone, since the provider did not give it.
    MembershipFactory(person=alice, body=seats["complaints"], role="lead")
    provider.people["alice"].groups = ["cx-core", "wg-complaints", "cx-steering"]
    again = Client()
    finish(again, start(again, provider, "alice"))
    assert seats_of(alice) == {
        "Onboarding working group": ("member", "wg-onboarding", False),  # left the group
        "CX steering committee": ("secretary", "cx-steering", True),
        "Complaints working group": ("lead", "", True),
    }
    provider.people["alice"].groups = ["cx-core"]
    third = Client()
    finish(third, start(third, provider, "alice"))
    assert seats_of(alice)["CX steering committee"] == ("secretary", "cx-steering", False)
    assert seats_of(alice)["Complaints working group"] == ("lead", "", True)
    # Back in the onboarding group the same day: the seat it ended opens again.
    provider.people["alice"].groups = ["cx-core", "wg-onboarding"]
    fourth = Client()
    finish(fourth, start(fourth, provider, "alice"))
    assert seats_of(alice)["Onboarding working group"] == ("member", "wg-onboarding", True)
    # Every change is in the seat's history, with the reason.
    reasons = list(
        Membership.history.filter(person=alice, body=seats["onboarding"])
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Sign-in: in the group wg-onboarding",
        "Sign-in: no longer in the group wg-onboarding",
        "Sign-in: in the group wg-onboarding again",
    ]


def test_a_seat_on_a_disbanded_body_is_not_given_and_the_sign_in_goes_on(
    client, provider, mapping, seats
):
    import datetime as dt

    body = seats["onboarding"]
    body.disbanded_on = dt.date(2026, 2, 1)
    body.save()
    provider.people["alice"].groups = ["cx-core", "wg-onboarding"]
    assert finish(client, start(client, provider, "alice")).status_code == 302
    assert seats_of(signed_in(client)) == {}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "sponsor"}, "role", "The executive sponsor is one named person, not a group"),
        ({"unit": None}, "business_unit", "its members represent a business unit"),
        ({"group": "wg\nonboarding"}, "group", "The group"),
    ],
    ids=["sponsor-role", "working-group-without-unit", "two-line-group"],
)
def test_a_body_group_mapping_that_could_not_give_a_seat_is_refused_by_field(
    client, seats, data, field, message
):
    client.force_login(make_user("ada", Role.ADMIN, is_staff=True, is_superuser=True))
    before = BodyGroupMapping.objects.count()
    form = {
        "group": data.get("group", "wg-new"),
        "body": seats["onboarding"].pk,
        "role": data.get("role", "member"),
        "business_unit": seats["unit"].pk if data.get("unit", 1) else "",
    }
    answer = client.post("/admin/governance/bodygroupmapping/add/", form)
    assert answer.status_code == 200
    errors = answer.context["adminform"].form.errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert BodyGroupMapping.objects.count() == before
