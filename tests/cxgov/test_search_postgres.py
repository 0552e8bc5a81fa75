"""On PostgreSQL, each registered model is searched through the stored vector its app's
migration adds (AddSearchVector): a generated column of exactly its registered fields, which
follows every write, with a GIN index that serves the search (the plan names it). Matches are
ranked best first, ties in the model's order; at most `RANK_AT_MOST` of them, counted within
the person's scope, so a query with fewer is ranked exactly."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from cxgov import search as kit
from cxgov.registry import Registry
from cxgov.search import (
    CONFIG,
    VECTOR_COLUMN,
    Searchable,
    StoredVector,
    prefix_query,
    register_search,
    search,
    searchables,
)
from governance.models import GovernanceBody
from governance.search import BODY_FIELDS
from tests.factories import BodyFactory

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("key", sorted(searchables.keys()))
def test_each_models_search_uses_its_gin_index(db, key):
    searchable = searchables[key]
    query = SearchQuery(prefix_query("onboard"), search_type="raw", config=CONFIG)
    rows = (
        searchable.model._default_manager.alias(search_vector=StoredVector())
        .filter(search_vector=query)
        .order_by()
    )
    with connection.cursor() as cursor:
        # Tiny tables, analysed empty by the migration: ask what it would use at scale.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = rows.explain()
    assert "Bitmap Index Scan on search_" in plan, plan


@pytest.mark.parametrize("key", sorted(searchables.keys()))
def test_each_models_vector_is_generated_from_its_registered_fields(db, key):
    searchable = searchables[key]
    table = searchable.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s AND is_generated = 'ALWAYS'",
            [table, VECTOR_COLUMN],
        )
        (expression,) = cursor.fetchone()
        # The columns the generated column is computed from, as PostgreSQL records them.
        cursor.execute(
            "SELECT source.attname FROM pg_attrdef generated "
            "JOIN pg_attribute vector "
            "  ON vector.attrelid = generated.adrelid AND vector.attnum = generated.adnum "
            "JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = generated.oid "
            "JOIN pg_attribute source "
            "  ON source.attrelid = d.refobjid AND source.attnum = d.refobjsubid "
            "WHERE generated.adrelid = %s::regclass AND vector.attname = %s "
            "AND source.attnum <> vector.attnum",
            [table, VECTOR_COLUMN],
        )
        sources = {row[0] for row in cursor.fetchall()}
    fields = {searchable.model._meta.get_field(name).column for name in searchable.fields}
    assert sources == fields
    assert expression.startswith(f"to_tsvector('{CONFIG}'::regconfig,"), expression


@pytest.mark.parametrize("key", sorted(searchables.keys()))
def test_each_models_gin_index_keeps_no_pending_list(db, key):
    # fastupdate off: a search never reads through entries waiting for a vacuum to merge them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.reloptions FROM pg_index i "
            "JOIN pg_class index ON index.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = index.relam AND am.amname = 'gin' "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = %s::regclass AND a.attname = %s",
            [searchables[key].model._meta.db_table, VECTOR_COLUMN],
        )
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in (options or []), options


def test_a_rows_vector_follows_its_update(db, viewer_user):
    body = BodyFactory(name="Quokka working group")
    assert _bodies(viewer_user, "quokka") == ["Quokka working group"]
    body.name = "Wombat working group"
    body.purpose = "Shorter queues"
    body.save()
    assert _bodies(viewer_user, "quokka") == []
    assert _bodies(viewer_user, "queue") == _bodies(viewer_user, "wombat") == [body.name]


def _bodies(user, q: str) -> list[str]:
    return [
        str(o)
        for results in search(user=user, q=q)
        if results.searchable.key == "governance.governancebody"
        for o in results.objects
    ]


# Four bodies matching "quokka", by how often their purpose says it: ts_rank (unnormalized)
# grows with the count, so the best first is Beta (3), then Delta and Gamma (2 each: a tie,
# broken by the registered order, the name), then Alpha (1).
PURPOSES = {
    "Alpha group": "quokka",
    "Beta group": "quokka quokka quokka",
    "Gamma group": "quokka quokka",
    "Delta group": "quokka quokka",
}
BEST_FIRST = ["Beta group", "Delta group", "Gamma group", "Alpha group"]


@pytest.fixture
def quokkas(db, monkeypatch) -> None:
    """The four bodies, searched alone (an empty registry with bodies by name, in a scope that
    leaves out the names starting with "Out"), and an out-of-scope match made before them."""
    fresh: Registry[Searchable] = Registry("search")
    monkeypatch.setattr(kit, "searchables", fresh)
    register_search(
        Searchable(
            model=GovernanceBody,
            fields=BODY_FIELDS,
            order_by=("name",),
            scope=lambda user: GovernanceBody.objects.exclude(name__startswith="Out"),
        )
    )
    for name in ("Out of scope one", "Out of scope two"):  # the first rows the scan meets
        BodyFactory(name=name, purpose="quokka quokka quokka quokka")
    for name, purpose in PURPOSES.items():
        BodyFactory(name=name, purpose=purpose)


@pytest.mark.parametrize("cap", [4, 5_000])
def test_matches_within_the_cap_are_ranked_exactly(
    quokkas, monkeypatch, viewer_user, cap, django_assert_num_queries
):
    # Four matches in the scope: ranked all, with the cap at four as with none.
    monkeypatch.setattr(kit, "RANK_AT_MOST", cap)
    with django_assert_num_queries(2):  # the best pks, then those rows with their snippets
        (found,) = search(user=viewer_user, q="quokka")
    assert [b.name for b in found.objects] == BEST_FIRST


def test_beyond_the_cap_the_best_of_that_many_matches_in_the_scope_are_shown(
    quokkas, monkeypatch, viewer_user
):
    monkeypatch.setattr(kit, "RANK_AT_MOST", 2)
    (found,) = search(user=viewer_user, q="quokka")
    names = [b.name for b in found.objects]
    # Two of the four ranked, in their order among the four; counted within the scope (the
    # out-of-scope matches, found first, neither shown nor taking a place).
    assert len(names) == 2 and set(names) <= set(BEST_FIRST)
    assert names == [name for name in BEST_FIRST if name in names]
