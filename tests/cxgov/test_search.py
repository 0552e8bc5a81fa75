"""The kit's search registry: each registered model is asked through its scope, short queries
ask nothing, and a model is refused at registration when a field does not exist."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist

from cxgov import search as kit
from cxgov.registry import Registry
from cxgov.search import Searchable, register_search, search


@pytest.fixture
def registry(monkeypatch) -> Registry:
    """An empty registry in place of the one the apps filled, for the mechanism alone."""
    fresh: Registry[Searchable] = Registry("search")
    monkeypatch.setattr(kit, "searchables", fresh)
    return fresh


def test_the_apps_register_bodies_and_initiatives_at_startup():
    assert {"governance.governancebody", "portfolio.initiative"} <= set(kit.searchables.keys())


def test_each_model_is_matched_on_its_fields_within_its_scope(db, registry, viewer_user):
    # The role groups are made by a migration: Admin, Core team, Executive, Steering
    # committee, Working-group member, Viewer. "te" is in "Core team" and "Steering
    # committee"; the scope lets through only names starting with "S".
    register_search(
        Searchable(
            model=Group,
            fields=("name",),
            scope=lambda user: Group.objects.filter(name__startswith="S"),
        )
    )
    (found,) = search(user=viewer_user, q="TE")
    assert found.title == "Groups"
    assert [g.name for g in found.objects] == ["Steering committee"]


def test_a_model_without_a_match_is_left_out_and_short_queries_ask_nothing(
    db, registry, viewer_user, django_assert_num_queries
):
    register_search(Searchable(model=Group, fields=("name",), scope=lambda u: Group.objects.all()))
    with django_assert_num_queries(1):
        assert search(user=viewer_user, q="no such group") == []
    with django_assert_num_queries(0):
        assert search(user=viewer_user, q=" a ") == []


def test_results_per_model_are_limited(db, registry, viewer_user):
    register_search(Searchable(model=Group, fields=("name",), scope=lambda u: Group.objects.all()))
    (found,) = search(
        user=viewer_user, q="er", limit=2
    )  # Steering committee, Working-group member, Viewer
    assert len(found.objects) == 2


def test_an_unknown_field_is_refused_at_registration(registry):
    with pytest.raises(FieldDoesNotExist):
        register_search(Searchable(model=Group, fields=("title",)))
    assert len(registry) == 0
