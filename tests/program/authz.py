"""Program rows of the authorization table (see tests/authz.py).

- Search answers every role, with only what each may open (tests/program/test_search.py);
  the API without `q` is a 400 naming it.
- Governance health reads every app's signals, so every role reads it (the bodies listed are
  those the person may see).
- The line of sight reads every app, so every role reads it; a target outside a person's scope
  (here: one that does not exist) is a 404. Builds on voc's NPS target and portfolio's links.
- A meeting's KPI pack (page, print view, API): whoever sees the meeting sees its pack; a
  working-group member asking for the pack of a body they do not serve on gets a 404, as for
  the meeting itself. Builds on governance's meetings.
- Storing the late pack of a meeting that took place without one: those who run the body's
  meetings (the rule governance.run_meeting), a 404 outside the body.
- Rebuilding the pack before its meeting: the same rule (the chair, the core team, admins); a
  reader who does not run the meetings is refused, outsiders get a 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cxgov.program.models import SuccessStory
from governance.models import Meeting
from tests.authz import CONFIGURERS, Check, Route, World, only, statuses
from tests.governance.authz import RUNS_ONBOARDING, RUNS_STEERING

EVERY_ROLE = statuses(200)
STEERING_MEETING = statuses(200, wg_member=404, wg_other=404, lead=404)
ONBOARDING_MEETING = statuses(200, wg_other=404)


def build(world: World) -> None:
    """Success stories on the other apps' initiatives and links: one on the approved
    initiative quoting a comment only the core team and admins may read (the response has no
    touchpoint, so no owner), one on the Onboarding group's proposal."""
    o = world.objects
    o["story"] = SuccessStory.objects.create(
        title="Ten-minute accounts", initiative=o["initiative"], link=o["target_link"],
        narrative="Accounts open on the phone.", response=o["response"], quote="Too slow.",
        told_by=world.users["core"],
    )  # fmt: skip
    o["proposal_story"] = SuccessStory.objects.create(
        title="Paperless", initiative=o["proposal"], link=o["proposal_link"],
        narrative="No paper.", told_by=world.users["core"],
    )  # fmt: skip


def _took_place_unopened(world: World) -> None:
    # Time passing, not a service: the onboarding meeting was held two days ago and never
    # opened, so its pack is read late and may be stored.
    Meeting.objects.filter(pk=world["wg_meeting"].pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2)
    )


# Those who may tell a story at all: members of a working group, the core team, admins.
TELLERS = (*CONFIGURERS, "wg_member", "wg_other", "lead")
# The proposal (and its story) is hidden from those outside its group who do not lead.
HIDDEN = {"viewer": 404, "wg_other": 404}

ROUTES: list[Route] = [
    # The CX storyline: every role reads it (each only what they may); stories are told by
    # those who may change the initiative, changed by those who may also read the quote.
    Route("program:storyline", checks=[Check("GET", EVERY_ROLE)]),
    Route("program:storyline-print", checks=[Check("GET", EVERY_ROLE)]),
    Route("program:story", lambda w: {"pk": w["story"].pk}, [Check("GET", EVERY_ROLE)]),
    Route(
        "program:story",
        lambda w: {"pk": w["proposal_story"].pk},
        [Check("GET", statuses(200, **HIDDEN))],
        note="the story of a proposal, outside its group: 404",
    ),
    Route(
        "program:story-create",
        checks=[
            Check("GET", only(200, *TELLERS)),
            Check("POST", only(400, *TELLERS), data=lambda w: {}),
        ],
    ),
    Route(
        "program:story-edit",
        lambda w: {"pk": w["story"].pk},
        [
            Check("GET", only(200, *CONFIGURERS)),
            Check(
                "POST",
                only(302, *CONFIGURERS),
                data=lambda w: {
                    "title": "Accounts in ten minutes",
                    "link": w["target_link"].pk,
                    "narrative": "On the phone.",
                    "response": w["response"].pk,
                    "quote": "Too slow.",
                },
            ),  # fmt: skip
        ],
        note="the quote is a comment only the core team and admins may read",
    ),
    Route(
        "story-list",
        checks=[
            Check("GET", statuses(200, api=True)),
            Check("POST", only(400, *TELLERS, api=True), data=lambda w: {}),
        ],
    ),
    Route(
        "story-detail",
        lambda w: {"pk": w["story"].pk},
        [
            Check("GET", statuses(200, api=True)),
            Check(
                "PATCH",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {"title": "Accounts in ten minutes"},
            ),
            Check(
                "PUT",
                only(200, *CONFIGURERS, api=True),
                data=lambda w: {
                    "title": "Accounts in ten minutes",
                    "link": w["target_link"].pk,
                    "narrative": "On the phone.",
                },
            ),  # fmt: skip
        ],
    ),
    Route(
        "story-detail",
        lambda w: {"pk": w["proposal_story"].pk},
        [Check("GET", statuses(200, api=True, **HIDDEN))],
        note="the story of a proposal, outside its group: 404",
    ),
    Route("program:health", checks=[Check("GET", EVERY_ROLE)]),
    Route("program:search", checks=[Check("GET", EVERY_ROLE)]),
    Route("search", checks=[Check("GET", statuses(400, api=True))], note="without q: refused"),
    Route(
        "search",
        checks=[Check("GET", statuses(200, api=True), data=lambda w: {"q": "onboarding"})],
        note="with q",
    ),
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
    *[
        Route(
            name,
            lambda w: {"pk": w["meeting"].pk},
            [Check("GET", STEERING_MEETING)],
            note="the steering committee's meeting",
        )
        for name in ("program:meeting-pack", "program:meeting-pack-print")
    ],
    *[
        Route(name, lambda w: {"pk": w["wg_meeting"].pk}, [Check("GET", ONBOARDING_MEETING)])
        for name in ("program:meeting-pack", "program:meeting-pack-print")
    ],
    Route(
        "meeting-pack",
        lambda w: {"pk": w["meeting"].pk},
        [Check("GET", statuses(200, api=True, wg_member=404, wg_other=404, lead=404))],
        note="the steering committee's meeting",
    ),
    Route(
        "meeting-pack",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("GET", statuses(200, api=True, wg_other=404))],
    ),
    Route(
        "program:meeting-pack-store",
        lambda w: {"pk": w["wg_meeting"].pk},
        [Check("POST", {**only(302, *RUNS_ONBOARDING), "wg_other": 404})],
        setup=_took_place_unopened,
        note="a meeting that took place without a pack",
    ),
    Route(
        "program:meeting-pack-rebuild",
        lambda w: {"pk": w["meeting"].pk},
        [
            Check(
                "POST",
                {**only(302, *RUNS_STEERING), "wg_member": 404, "wg_other": 404, "lead": 404},
            )
        ],
        note="the steering committee's meeting, before it opens",
    ),
]
