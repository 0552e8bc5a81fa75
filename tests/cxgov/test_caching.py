"""The cached home panels: a write through a service shows on the very next request, the
writer's and anyone else's; a cached read does not go to the database again."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from cxgov.caching import data_version
from cxgov.roles import Role
from portfolio.models import Status
from portfolio.services import status_update_create
from tests.conftest import make_user, redis_url
from tests.portfolio.factories import InitiativeFactory
from voc.services import rollup_rebuild

pytestmark = pytest.mark.django_db


def red_count(client: Client) -> int:
    response = client.get("/")
    assert response.status_code == 200
    return response.context["portfolio_health"].counts["red"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def writes_show_on_the_next_request(writer, other) -> None:
    initiative = InitiativeFactory(status=Status.IN_PROGRESS, health="green")
    mine, theirs = logged_in(writer), logged_in(other)
    assert (red_count(mine), red_count(theirs)) == (0, 0)  # both now cached
    status_update_create(
        by=writer, initiative=initiative, health="red", progress=40, summary="Supplier slipped."
    )
    assert (red_count(mine), red_count(theirs)) == (1, 1)


def test_a_service_write_shows_on_the_next_request_of_the_writer_and_of_another(
    core_team_user,
):
    writes_show_on_the_next_request(core_team_user, make_user("core-two", Role.CORE_TEAM))


@pytest.mark.redis
def test_the_same_on_redis():
    redis_cache = {
        "default": {
            "BACKEND": "cxgov.caching.ForgivingRedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": "test-caching",
        }
    }
    with override_settings(CACHES=redis_cache):
        writes_show_on_the_next_request(
            make_user("core-one", Role.CORE_TEAM), make_user("core-two", Role.CORE_TEAM)
        )


def test_the_version_moves_again_when_the_writing_transaction_commits(
    core_team_user, django_capture_on_commit_callbacks
):
    """A reader between the write and its commit may cache what it read then (the write not
    yet visible to it): the bump at commit leaves that entry behind."""
    initiative = InitiativeFactory(status=Status.IN_PROGRESS, health="green")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        status_update_create(
            by=core_team_user, initiative=initiative, health="red", progress=1, summary="x"
        )
        during = data_version()
    assert data_version() != during


def test_a_rolled_back_write_leaves_the_readers_as_they_were(core_team_user):
    initiative = InitiativeFactory(status=Status.IN_PROGRESS, health="green")
    client = logged_in(core_team_user)
    assert red_count(client) == 0
    with pytest.raises(RuntimeError), transaction.atomic():
        status_update_create(
            by=core_team_user, initiative=initiative, health="red", progress=1, summary="x"
        )
        raise RuntimeError("refused after the write")
    assert red_count(client) == 0


def test_a_cached_home_reads_fewer_queries_until_something_changes(core_team_user):
    InitiativeFactory(status=Status.IN_PROGRESS, health="amber")
    client = logged_in(core_team_user)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(transaction.get_connection()) as queries:
            client.get("/")
        counts.append(len(queries))
    rollup_rebuild()  # a bulk write, not through a model's save: bumps the version itself
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        client.get("/")
    assert counts[1] < counts[0]
    assert len(queries) > counts[1]
