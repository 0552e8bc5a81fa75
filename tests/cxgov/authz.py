"""Project-wide rows of the authorization table: home, accounts, health, the API's own routes."""

from __future__ import annotations

from cxgov.notifications import notify, register_kind
from tests.authz import PERSONAS, Check, Route, World, statuses
from tests.factories import PASSWORD

# notify sends only kinds that are registered; this table's own, as an app would register one.
AUTHZ = register_kind("authz", "Authorization table")


def build(world: World) -> None:
    """A notification for the working-group member, through the kit's own door."""
    world.objects["notification"] = notify(
        recipient=world.users["wg_member"],
        kind=AUTHZ,
        occasion="authz",
        subject="For the working-group member",
        body="",
        link="/",
    )


# A person's own notifications: everyone else with a role gets 404, never someone else's.
OWN_NOTIFICATION = statuses(404, wg_member=200)


EVERYONE = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = statuses(200, no_role=200)

ROUTES: list[Route] = [
    Route("home", checks=[Check("GET", SIGNED_IN)]),
    Route("healthz", checks=[Check("GET", EVERYONE)]),
    Route("favicon", checks=[Check("GET", dict.fromkeys(PERSONAS, 301))]),
    Route(
        "login",
        checks=[
            Check("GET", {**dict.fromkeys(PERSONAS, 302), "anonymous": 200}),
        ],
        note="a signed-in person is sent on to their home",
    ),
    # Single sign-on answers only when an issuer is set (the table runs without one: 404 for
    # all); with a provider on loopback, tests/cxgov/test_sso.py and test_browser_sso.py.
    Route("sso-login", checks=[Check("GET", dict.fromkeys(PERSONAS, 404))]),
    Route("sso-callback", checks=[Check("GET", dict.fromkeys(PERSONAS, 404))]),
    Route(
        "logout",
        checks=[
            Check("GET", {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}),
            Check("POST", dict.fromkeys(PERSONAS, 302)),
        ],
    ),
    Route(
        "password_change",
        checks=[
            Check("GET", SIGNED_IN),
            Check(
                "POST",
                SIGNED_IN,
                data=lambda w: {"old_password": "wrong"},
                note="a wrong old password is shown on the form",
            ),
        ],
    ),
    Route("password_change_done", checks=[Check("GET", SIGNED_IN)]),
    Route(
        "meetings-index",
        checks=[Check("GET", dict.fromkeys(PERSONAS, 302))],
        note="the meeting list moved under governance; the old address redirects",
    ),
    Route(
        "api-token",
        checks=[
            Check("GET", dict.fromkeys(PERSONAS, 405)),
            Check(
                "POST",
                dict.fromkeys(PERSONAS, 200),
                data=lambda w: {"username": w.users["viewer"].username, "password": PASSWORD},
                note="credentials, not the session, decide",
            ),
        ],
    ),
    Route("api-root", checks=[Check("GET", statuses(200, api=True))]),
    Route(
        "api-schema",
        checks=[Check("GET", statuses(200, api=True))],
        note="a role, as on every data route",
    ),
    Route("api-docs", checks=[Check("GET", statuses(200))]),
    Route(
        "api-not-found",
        checks=[Check("GET", dict.fromkeys(PERSONAS, 404))],
        note="any other address under /api/ is the API's JSON 404",
    ),
    Route(
        "api_token",
        checks=[
            Check("GET", SIGNED_IN),
            Check(
                "POST",
                {**dict.fromkeys(PERSONAS, 302)},
                data=lambda w: {"action": "revoke"},
                note="each person revokes only their own token",
            ),
        ],
    ),
    # The digest (the kit): each person's own preference and preview; no role, no digest.
    Route(
        "digest",
        checks=[
            Check("GET", statuses(200)),
            Check(
                "POST",
                statuses(302),
                data=lambda w: {"frequency": "weekly"},
                note="each person sets only their own",
            ),
            Check(
                "POST",
                statuses(200),
                data=lambda w: {"frequency": "daily"},
                note="an unknown frequency is shown on the form, nothing saved",
            ),
        ],
    ),
    # Notifications (the kit): each person's own
    Route("notifications", checks=[Check("GET", statuses(200))]),
    Route(
        "notification-mark-read",
        lambda w: {"pk": w["notification"].pk},
        [Check("POST", {**OWN_NOTIFICATION, "wg_member": 302})],
    ),
    Route("notifications-mark-all-read", checks=[Check("POST", statuses(302))]),
    Route("notification-list", checks=[Check("GET", statuses(200, api=True))]),
    Route(
        "notification-detail",
        lambda w: {"pk": w["notification"].pk},
        [Check("GET", statuses(404, api=True, wg_member=200))],
    ),
    Route(
        "notification-read",
        lambda w: {"pk": w["notification"].pk},
        [Check("POST", statuses(404, api=True, wg_member=200))],
    ),
    Route("notification-read-all", checks=[Check("POST", statuses(200, api=True))]),
]
