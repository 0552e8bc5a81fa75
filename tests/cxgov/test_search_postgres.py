"""On PostgreSQL, each registered model is searched through the stored vector its app's
migration adds (AddSearchVector): a generated column of exactly its registered fields, which
follows every write, with a GIN index that serves the search (the plan names it)."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from cxgov.search import CONFIG, VECTOR_COLUMN, StoredVector, prefix_query, search, searchables
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
