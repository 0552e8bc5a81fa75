"""Program rows of the authorization table (see tests/authz.py): the line of sight reads every
app, so every role reads it; a target outside a person's scope (here: one that does not
exist) is a 404. Builds on voc's NPS target and portfolio's links to it."""

from __future__ import annotations

from tests.authz import Check, Route, World, statuses

EVERY_ROLE = statuses(200)


def build(world: World) -> None:
    """Nothing of its own: voc's target and portfolio's initiatives and links suffice."""


ROUTES: list[Route] = [
    Route("program:line-of-sight", checks=[Check("GET", EVERY_ROLE)]),
    Route(
        "program:line-of-sight-target",
        lambda w: {"pk": w["target"].pk},
        [Check("GET", EVERY_ROLE)],
    ),
    Route(
        "program:line-of-sight-target",
        lambda w: {"pk": w["target"].pk + 10_000},
        [Check("GET", statuses(404))],
        note="a target that does not exist",
    ),
]
