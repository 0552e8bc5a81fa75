"""On PostgreSQL, each registered model's search is served by the GIN index its app's
migration built on the same vector (AddSearchIndex): the plan names the index."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from cxgov.search import CONFIG, prefix_query, search_vector, searchables

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("key", sorted(searchables.keys()))
def test_each_models_search_uses_its_gin_index(db, key):
    searchable = searchables[key]
    query = SearchQuery(prefix_query("onboard"), search_type="raw", config=CONFIG)
    rows = searchable.model._default_manager.alias(
        search_vector=search_vector(searchable.fields)
    ).filter(search_vector=query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: ask what it would use
    plan = rows.explain()
    assert "Bitmap Index Scan on search_" in plan, plan
