"""The kit's search registry: each registered model is asked through its scope, short queries
ask nothing, and a model is refused at registration when a field does not exist. The mechanism
is tried on governance bodies, by their registered fields: on PostgreSQL a model is searched
through the stored vector its migration adds (AddSearchVector)."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist

from cxgov import search as kit
from cxgov.registry import Registry
from cxgov.search import Searchable, register_search, search
from governance.models import GovernanceBody
from governance.search import BODY_FIELDS
from tests.factories import BodyFactory


@pytest.fixture
def registry(monkeypatch) -> Registry:
    """An empty registry in place of the one the apps filled, for the mechanism alone."""
    fresh: Registry[Searchable] = Registry("search")
    monkeypatch.setattr(kit, "searchables", fresh)
    return fresh


def test_the_apps_register_bodies_and_initiatives_at_startup():
    assert {"governance.governancebody", "portfolio.initiative"} <= set(kit.searchables.keys())


def test_each_model_is_matched_on_its_fields_within_its_scope(db, registry, viewer_user):
    # "co" begins a word of (and is in) both names, on PostgreSQL and SQLite alike; the scope
    # lets through only names starting with "S".
    for name in ("Core team", "Steering committee", "Onboarding group"):
        BodyFactory(name=name)
    register_search(
        Searchable(
            model=GovernanceBody,
            fields=BODY_FIELDS,
            scope=lambda user: GovernanceBody.objects.filter(name__startswith="S"),
        )
    )
    (found,) = search(user=viewer_user, q="CO")
    assert found.title == "Governing bodies"
    assert [b.name for b in found.objects] == ["Steering committee"]


def test_a_model_without_a_match_is_left_out_and_short_queries_ask_nothing(
    db, registry, viewer_user, django_assert_num_queries
):
    BodyFactory(name="Core team")
    register_search(
        Searchable(model=GovernanceBody, fields=BODY_FIELDS, scope=lambda u: _all_bodies())
    )
    with django_assert_num_queries(1):
        assert search(user=viewer_user, q="zzyzx") == []
    with django_assert_num_queries(0):
        assert search(user=viewer_user, q=" a ") == []


def test_results_per_model_are_limited(db, registry, viewer_user):
    BodyFactory(name="Core team")
    BodyFactory(name="Steering committee")
    register_search(
        Searchable(model=GovernanceBody, fields=BODY_FIELDS, scope=lambda u: _all_bodies())
    )
    (found,) = search(user=viewer_user, q="co", limit=1)
    assert len(found.objects) == 1


def _all_bodies():
    return GovernanceBody.objects.all()


def test_an_unknown_field_is_refused_at_registration(registry):
    with pytest.raises(FieldDoesNotExist):
        register_search(Searchable(model=GovernanceBody, fields=("title",)))
    assert len(registry) == 0


def test_the_prefix_query_passes_only_words():
    assert kit.prefix_query("onboard  journey") == "onboard:* & journey:*"
    assert kit.prefix_query("a' | !b:* & (c)") == "a:* & b:* & c:*"
    assert kit.prefix_query("'!&|") == ""


def test_each_hit_reads_leads_and_marks_its_match_escaped(db, registry, viewer_user):
    register_search(
        Searchable(
            model=GovernanceBody,
            fields=BODY_FIELDS,
            scope=lambda u: _all_bodies(),
            label=lambda b: f"Body {b.name}",
            url=lambda b: f"/bodies/{b.pk}/",
        )
    )
    BodyFactory(name="Steering <b>shadow</b>")
    (found,) = search(user=viewer_user, q="shadow")
    (hit,) = found.hits
    assert hit.label == "Body Steering <b>shadow</b>" and hit.url == f"/bodies/{hit.object.pk}/"
    assert "<mark>shadow</mark>" in hit.snippet
    # The stored text's markup is never live: escaped (PostgreSQL's headline drops tags first).
    assert "<b>" not in hit.snippet and "shadow</b>" not in hit.snippet
