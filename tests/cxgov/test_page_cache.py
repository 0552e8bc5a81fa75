"""Whole pages from the cache (cxgov.caching.PageCacheMiddleware), and the statement hook that
makes them stale: a write of any kind (a save, a queryset's update, a bulk insert, raw SQL)
shows on the next request of the writer and of anyone else; a person never gets another's
page; a waiting message, a missing CSRF cookie or an API token is never answered from it."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cxgov.caching import data_version, writes_shown_data
from cxgov.roles import Role
from governance.models import RaciAssignment, Tier
from portfolio.models import Initiative, Status
from portfolio.services import initiative_update
from tests.conftest import make_user
from tests.factories import ActivityFactory, BodyFactory
from tests.portfolio.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
PORTFOLIO = "/portfolio/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def browser(user) -> Client:
    """A signed-in client holding its CSRF cookie, as a browser does after its first page;
    it checks the CSRF token of what it posts, as the site does for a browser."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(PORTFOLIO).status_code == 200  # sets the CSRF cookie
    return client


def get(client: Client, url: str = PORTFOLIO):
    response = client.get(url)
    assert response.status_code == 200
    return response


def from_cache(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def test_the_second_view_is_the_first_page_from_the_cache_with_fewer_queries(core_team_user):
    InitiativeFactory(title="Fix the branch queue")
    client = browser(core_team_user)
    with CaptureQueriesContext(connection) as rendered:
        first = get(client)
    with CaptureQueriesContext(connection) as kept:
        second = get(client)
    assert (from_cache(first), from_cache(second)) == (False, True)
    assert second.content == first.content and b"Fix the branch queue" in second.content
    assert second.context is None  # no template ran
    assert len(kept) < len(rendered)
    assert second["Content-Type"] == first["Content-Type"]


def test_a_service_write_shows_on_the_next_view_of_the_writer_and_of_another(core_team_user):
    initiative = InitiativeFactory(title="Fix the branch queue", status=Status.IN_PROGRESS)
    other = browser(make_user("core-two", Role.CORE_TEAM))
    mine = browser(core_team_user)
    for client in (mine, other):
        get(client)
        assert from_cache(get(client))
    initiative_update(by=core_team_user, initiative=initiative, data={"title": "Queue fixed"})
    for client in (mine, other):
        again = get(client)
        assert not from_cache(again) and b"Queue fixed" in again.content


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda i: Initiative.objects.filter(pk=i.pk).update(title="Renamed"),
            id="a queryset's update (no signal)",
        ),  # fmt: skip
        pytest.param(
            lambda i: connection.cursor().execute(
                "UPDATE portfolio_initiative SET title = %s WHERE id = %s", ["Renamed", i.pk]
            ),
            id="raw SQL",
        ),
        pytest.param(
            lambda i: Initiative.objects.bulk_create(
                [
                    InitiativeFactory.build(
                        title="Renamed",
                        owner=i.owner,
                        working_group=i.working_group,
                        business_unit=i.business_unit,
                    )
                ]
            ),
            id="a bulk insert",
        ),
    ],
)
def test_a_write_by_any_door_makes_the_page_stale(core_team_user, write):
    initiative = InitiativeFactory(title="Fix the branch queue")
    client = browser(core_team_user)
    get(client)
    assert from_cache(get(client))
    write(initiative)
    again = get(client)
    assert not from_cache(again) and b"Renamed" in again.content


def test_what_no_page_shows_leaves_the_pages_as_they_were(core_team_user):
    """A sign-in (its session row, the last-login stamp) and reads move no version."""
    before = data_version()
    Client().force_login(core_team_user)
    list(Initiative.objects.all())
    assert data_version() == before


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ('SELECT "portfolio_initiative"."id" FROM "portfolio_initiative"', False),
        ('INSERT INTO "portfolio_initiative" ("title") VALUES (%s)', True),
        ("  UPDATE voc_kpirollup SET score = 1", True),
        ('DELETE FROM "governance_decision" WHERE "id" IN (%s)', True),
        ("TRUNCATE voc_thememention", True),
        (
            "WITH gone AS (DELETE FROM voc_commentrollup RETURNING 1) SELECT count(*) FROM gone",
            True,
        ),  # fmt: skip
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
        ('UPDATE "django_celery_beat_periodictask" SET "last_run_at" = %s', False),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', False),
        ('UPDATE "auth_user" SET "is_active" = %s WHERE "auth_user"."id" = %s', True),
        (
            'INSERT INTO "django_session" ("session_key") VALUES (%s) '
            'ON CONFLICT ("session_key") DO UPDATE SET "session_data" = EXCLUDED."session_data"',
            False,
        ),  # fmt: skip
        (
            "WITH due AS (SELECT id FROM voc_importjob FOR UPDATE SKIP LOCKED) SELECT id FROM due",
            False,
        ),  # fmt: skip
        ('INSERT INTO "voc_kpirollup" ("n") VALUES (%s) ON CONFLICT DO UPDATE SET "n" = 1', True),
    ],
)
def test_which_statements_change_what_pages_show(sql, shown):
    assert writes_shown_data(sql) is shown


def test_a_write_moves_the_version_now_and_once_more_at_commit(
    core_team_user, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        before = data_version()
        for n in range(3):
            Initiative.objects.filter(pk=initiative.pk).update(progress=n)
        assert data_version() == before + 3
    assert len(callbacks) == 1  # one bump at commit, not one a statement


def test_a_person_never_gets_another_persons_page(core_team_user):
    InitiativeFactory(title="Fix the branch queue")
    carol = browser(core_team_user)
    get(carol)
    assert from_cache(get(carol))
    dave = browser(make_user("dave", Role.CORE_TEAM, first_name="Dave"))
    first = get(dave)
    assert not from_cache(first)
    (signed_in,) = re.findall(rb'user-menu__name">(\w+)', first.content)
    assert signed_in == b"Dave"


def test_a_form_on_a_page_from_the_cache_posts_and_its_message_shows(core_team_user):
    """The RACI matrix from the cache carries a CSRF token its form posts with; the message
    the post leaves is shown on the matrix it returns to, which is rendered for it."""
    activity = ActivityFactory(name="Journey mapping")
    core = BodyFactory(name="Core CX team", tier=Tier.CORE_TEAM)
    client = browser(core_team_user)
    get(client, "/governance/raci/")
    page = get(client, "/governance/raci/")
    assert from_cache(page)
    (token,) = set(re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content))
    cell = f"/governance/raci/cell/{activity.pk}/body-{core.pk}/"
    posted = client.post(cell, {"letter": "R", "csrfmiddlewaretoken": token.decode()})
    assert posted.status_code == 302
    assert RaciAssignment.objects.get(activity=activity).letter == "R"
    shown = get(client, "/governance/raci/")
    assert not from_cache(shown) and b"The RACI matrix was updated" in shown.content
    after = get(client, "/governance/raci/")  # the message shown once: rendered and kept
    assert not from_cache(after) and b"The RACI matrix was updated" not in after.content
    assert from_cache(get(client, "/governance/raci/"))


def test_no_csrf_cookie_no_cache(core_team_user):
    client = Client()
    client.force_login(core_team_user)
    for _ in range(3):
        response = get(client)
        client.cookies.pop("csrftoken", None)
        assert not from_cache(response)


def test_an_api_list_is_kept_for_a_session_and_never_for_a_token(core_team_user):
    InitiativeFactory(title="Fix the branch queue")
    client = browser(core_team_user)
    get(client, "/api/v1/initiatives/")
    kept = get(client, "/api/v1/initiatives/")
    assert from_cache(kept) and kept.json()["results"][0]["title"] == "Fix the branch queue"
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=core_team_user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    answers = [api.get("/api/v1/initiatives/") for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert not any(from_cache(a) for a in answers)
    token.delete()
    assert api.get("/api/v1/initiatives/").status_code == 401


def test_an_htmx_swap_and_the_full_page_are_kept_apart(core_team_user):
    """The list answers htmx with its partial and a browser with the whole page: each is kept
    under its own key, neither answered with the other."""
    InitiativeFactory(title="Fix the branch queue")
    client = browser(core_team_user)
    full = [get(client) for _ in range(2)]
    swap = [client.get(PORTFOLIO, HTTP_HX_REQUEST="true") for _ in range(2)]
    assert [from_cache(r) for r in full + swap] == [False, True, False, True]
    assert b"<html" in full[1].content and b"<html" not in swap[1].content
    assert b"Fix the branch queue" in swap[1].content
