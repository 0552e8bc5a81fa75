"""Project-wide rows of the authorization table: home, accounts, health, the API's own routes."""

from __future__ import annotations

from tests.authz import PERSONAS, Check, Route, World, statuses
from tests.factories import PASSWORD


def build(world: World) -> None:
    """Nothing of its own: these routes act on the personas."""


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
    Route("voc-index", checks=[Check("GET", statuses(200))]),
    Route("meetings-index", checks=[Check("GET", statuses(200))]),
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
        checks=[Check("GET", {**EVERYONE, "anonymous": 401})],
        note="any login or token, no role needed; anonymous is refused",
    ),
    Route("api-docs", checks=[Check("GET", {**EVERYONE, "anonymous": 302})]),
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
]
