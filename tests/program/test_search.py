"""Search across everything, as each role sees it: for every registered model and every role,
each result is one the person may open (its page answers 200) and within the model's scope,
and what a scope hides is not found; the page and the API, with bad input refused naming `q`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cxgov.dates import today
from cxgov.roles import Role
from cxgov.search import search, searchables
from governance import services as governance
from governance.models import (
    AgendaItem,
    Charter,
    CharterVersion,
    SuccessStatement,
    Tier,
)
from portfolio.models import Status
from tests.conftest import make_user
from tests.factories import BodyFactory, MembershipFactory, UserFactory
from tests.governance.factories import ActionItemFactory, DecisionFactory, MeetingFactory
from tests.portfolio.factories import InitiativeFactory
from tests.voc.factories import metric
from voc.models import ClosedLoopCase, Response

WORD = "zephyr"

PERSONAS = {
    "admin": (Role.ADMIN,),
    "core": (Role.CORE_TEAM,),
    "executive": (Role.EXECUTIVE,),
    "steering": (Role.STEERING_COMMITTEE,),
    "member": (Role.WORKING_GROUP_MEMBER,),
    "viewer": (Role.VIEWER,),
}


@pytest.fixture
def world(db):
    """Every registered kind of record holding the word, in a steering committee the member
    does not sit on and in the member's working group; a proposal of another group, a case
    owned by someone else. What each role may open is each model's own rule."""
    people = {name: make_user(f"s-{name}", *roles) for name, roles in PERSONAS.items()}
    steering = BodyFactory(name="Zephyr steering", tier=Tier.STEERING_COMMITTEE)
    group = BodyFactory(name="Zephyr working group", purpose=f"Keep the {WORD} promise")
    other = BodyFactory(name="Other group")
    start = dt.date(2026, 1, 1)
    MembershipFactory(body=steering, person=people["steering"], start_date=start)
    MembershipFactory(body=group, person=people["member"], start_date=start)
    outsider = UserFactory()
    for body in (steering, group):
        meeting = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=3))
        AgendaItem.objects.create(meeting=meeting, title=f"{WORD.title()} review", minutes=WORD)
        DecisionFactory(meeting=meeting, text=f"Fund the {WORD} work")
        ActionItemFactory(meeting=meeting, title=f"Draft the {WORD} plan", owner=outsider)
    charter = Charter.objects.create(body=steering)
    CharterVersion.objects.create(charter=charter, number=1, purpose_vision=f"A {WORD} vision")
    SuccessStatement.objects.create(title=f"{WORD.title()} success", text="Every time.")
    governance.standard_create(
        by=people["core"], kind="definition", title=f"{WORD.title()} promise",
        text="What we promise, every time.", owner=people["core"],
        review_on=today() + dt.timedelta(days=30),
    )  # fmt: skip
    InitiativeFactory(
        title=f"{WORD.title()} journey", working_group=group, status=Status.IN_PROGRESS
    )
    InitiativeFactory(title=f"{WORD.title()} proposal", working_group=other, owner=outsider)
    for n, owner in enumerate((people["member"], outsider)):
        response = Response.objects.create(
            metric=metric("nps"), score=2, external_id=f"search-{n}",
            responded_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        )  # fmt: skip
        ClosedLoopCase.objects.create(
            response=response, metric=response.metric, owner=owner, opened_on=start,
            due_on=start, status="closed", closed_on=start, closing_note=f"Called: {WORD}.",
        )  # fmt: skip
    return people


def test_every_model_and_role_finds_only_what_it_may_open(client, world):
    found_by = {}
    for name, person in world.items():
        client.force_login(person)
        results = {r.searchable.key: r for r in search(user=person, q=WORD)}
        found_by[name] = {key: {o.pk for o in r.objects} for key, r in results.items()}
        for searchable in searchables:
            scope = set(searchable.queryset(person).values_list("pk", flat=True))
            assert found_by[name].get(searchable.key, set()) <= scope, (name, searchable.key)
            for hit in results[searchable.key].hits if searchable.key in results else []:
                assert client.get(hit.url).status_code == 200, (name, searchable.key, hit.url)
    # Not vacuous: the core team finds every kind of record...
    assert set(found_by["core"]) == set(searchables.keys())
    # ...and the scopes hide: the member sees neither the steering committee's meeting parts
    # nor the other group's proposal nor the case another person owns.
    member, core = found_by["member"], found_by["core"]
    for key in ("governance.agendaitem", "governance.decision", "governance.actionitem"):
        assert len(member[key]) == 1 and len(core[key]) == 2, key
    assert len(member["portfolio.initiative"]) == 1 < len(core["portfolio.initiative"])
    assert len(member["voc.closedloopcase"]) == 1 < len(core["voc.closedloopcase"])


def test_a_person_without_a_role_finds_nothing(world, no_role_user):
    assert search(user=no_role_user, q=WORD) == []


def test_the_page_lists_each_kind_with_its_marked_snippet(client, world):
    client.force_login(world["core"])
    page = client.get("/program/search/", {"q": WORD})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>" in html and WORD in html.lower()
    assert "Closed-loop cases" in html and "Meetings" in html and "Charters" in html
    assert 'role="search"' in html  # the header's box


@pytest.mark.parametrize("q", ["x" * 201, "a"])
def test_the_page_refuses_a_query_too_long_or_too_short(client, world, q):
    client.force_login(world["core"])
    page = client.get("/program/search/", {"q": q})
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.content.decode()


def test_the_api_answers_each_kind_with_its_hits(api_client, world):
    api_client.force_authenticate(world["member"])
    body = api_client.get("/api/v1/search/", {"q": WORD}).json()
    assert body["q"] == WORD
    kinds = {group["kind"]: group for group in body["results"]}
    assert len(kinds["portfolio.initiative"]["hits"]) == 1
    hit = kinds["portfolio.initiative"]["hits"][0]
    assert set(hit) == {"id", "label", "url", "snippet"} and "<mark>" in hit["snippet"]


@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 201}, {"q": "a"}])
def test_the_api_refuses_empty_or_over_long_q_naming_it(api_client, world, query):
    api_client.force_authenticate(world["core"])
    response = api_client.get("/api/v1/search/", query)
    assert response.status_code == 400
    assert list(response.json()) == ["q"]
