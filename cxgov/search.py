"""Search across the apps: each app registers its searchable models at startup, the kit asks them.

An app registers a model with the fields to match and the scope each result needs (by default
the model's `for_user` queryset), as NetBox's `register_search` does, from a `search.py` module
its `AppConfig.ready` imports:

    register_search(Searchable(model=GovernanceBody, fields=("name", "purpose")))

`search(user=user, q="steering")` then asks every registered model's scoped queryset, so a
result is never one the person could not open. On PostgreSQL the match is full-text (English
stemming, every word a prefix: "onboard" finds "onboarding"), ranked, with a highlighted
snippet. Each model's vector is a stored column its app's migration adds (`AddSearchVector`:
generated from the registered fields, GIN-indexed), so neither the match nor the rank parses
a row's text again; at most `RANK_AT_MOST` matches of a model are ranked, and the snippet is
made for the few rows shown only. Elsewhere (SQLite) it is a plain case-insensitive match of
the whole query. One statement per registered model, and one more for each with matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.migrations.operations.base import Operation
from django.db.models import Expression, F, Model, Q, QuerySet
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .registry import Registry

# Results per model: a search box answers with the best few of each kind, never a whole table.
RESULTS_PER_MODEL = 10
# Shorter queries match nearly everything and say nothing.
MIN_QUERY_LENGTH = 2
# Longer ones are not a search (the API refuses them by name).
MAX_QUERY_LENGTH = 200
# The text-search configuration of every vector, query and index.
CONFIG = "english"
# How much text a snippet shows around a match (SQLite), in characters either side.
SNIPPET_CONTEXT = 60
# The stored search vector's column in every searchable model's table (AddSearchVector).
VECTOR_COLUMN = "search_vector"
# The matches of one model ranked, at most: the first this many the scan finds (in storage
# order, roughly the oldest first). Ranking reads every match's vector and sorts them all: a
# word in every one of the design's 30,000 decisions cost 18 ms a table, 3 ms with the cap
# (5,000 cost 5 to 6, and 23 ms a search for two common words in a member's scope). A query
# with fewer matches in the person's scope (at the design's scale, a word in less than one row
# in fifteen: "biometric", in 1,316 decisions) is ranked exactly as without the cap; one with
# more shows the best of the first `RANK_AT_MOST`, where the ranks nearly tie (a word in every
# row is no better a match in one than in another).
RANK_AT_MOST = 2_000
# Markers PostgreSQL puts around a match in a headline: characters no text of ours holds, so
# the snippet is escaped whole and only then marked.
_START, _STOP = "\x02", "\x03"


def _for_user(model: type[Model]) -> Callable[[Any], QuerySet]:
    return lambda user: model._default_manager.for_user(user)


@dataclass(frozen=True)
class Searchable:
    """A model the search box looks in: which text fields to match, and the scope its results
    need (a function of the user returning the queryset they may open; the model's `for_user`
    unless given). `label` and `url` say how a result reads and where it leads (str() and
    get_absolute_url() unless given); `select_related` serves them without a query per row;
    `title` names the kind of result (the model's plural name unless given)."""

    model: type[Model]
    fields: tuple[str, ...]
    scope: Callable[[Any], QuerySet] | None = None
    order_by: tuple[str, ...] = ("pk",)
    label: Callable[[Any], str] | None = None
    url: Callable[[Any], str] | None = None
    select_related: tuple[str, ...] = ()
    kind: str = ""

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        return self.kind or str(self.model._meta.verbose_name_plural).capitalize()

    def queryset(self, user: Any) -> QuerySet:
        return (self.scope or _for_user(self.model))(user)

    def label_of(self, obj: Any) -> str:
        return self.label(obj) if self.label else str(obj)

    def url_of(self, obj: Any) -> str:
        if self.url:
            return self.url(obj)
        absolute = getattr(obj, "get_absolute_url", None)
        return absolute() if absolute else ""


searchables: Registry[Searchable] = Registry("search")


def register_search(searchable: Searchable) -> Searchable:
    """Make a model searchable (from an app's `search.py`, imported in its `ready`)."""
    for name in searchable.fields:
        searchable.model._meta.get_field(name)  # an unknown field fails at startup, not per query
    return searchables.register(searchable.key, searchable)


@dataclass(frozen=True)
class Hit:
    """One result: the object, how it reads, where it leads, and the matching text."""

    object: Model
    label: str
    url: str
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    """One registered model's matches, as the user may see them, best first."""

    searchable: Searchable
    hits: list[Hit] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.searchable.title

    @property
    def objects(self) -> list[Model]:
        return [hit.object for hit in self.hits]


def full_text() -> bool:
    return connection.vendor == "postgresql"


def search_vector(fields: tuple[str, ...]):
    """The vector a model is searched by; its GIN index is built on this very expression."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*fields, config=CONFIG)


class StoredVector(Expression):
    """A row's stored search vector: the generated column `AddSearchVector` adds, which the
    models do not know (so Django never selects it, and SQLite never needs it)."""

    def __init__(self, alias: str | None = None) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs) -> StoredVector:
        return StoredVector(query.get_initial_alias())

    def relabeled_clone(self, relabels: dict[str, str]) -> StoredVector:
        return StoredVector(relabels.get(self.alias, self.alias))

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        column = connection.ops.quote_name(VECTOR_COLUMN)
        return f"{compiler.quote_name_unless_alias(self.alias)}.{column}", []


def prefix_query(q: str) -> str:
    """`q` as a tsquery in which every word is a prefix and all must match: only word
    characters pass, so nothing the person types is read as tsquery syntax."""
    words = re.findall(r"\w+", q)
    return " & ".join(f"{word}:*" for word in words)


def _marked(text: str) -> SafeString:
    """A headline escaped whole, then its match markers turned into <mark>."""
    html = str(escape(text)).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)


def _plain_snippet(obj: Any, fields: tuple[str, ...], q: str) -> SafeString:
    """SQLite: the first field holding the query, a window around it, the match marked."""
    for name in fields:
        text = str(getattr(obj, name) or "")
        at = text.lower().find(q.lower())
        if at < 0:
            continue
        start, end = max(0, at - SNIPPET_CONTEXT), at + len(q) + SNIPPET_CONTEXT
        before, match, after = text[start:at], text[at : at + len(q)], text[at + len(q) : end]
        return mark_safe(
            f"{'…' if start else ''}{escape(before)}<mark>{escape(match)}</mark>"
            f"{escape(after)}{'…' if end < len(text) else ''}"
        )
    return mark_safe("")


def _best(searchable: Searchable, scoped: QuerySet, q: str, limit: int) -> list[Any]:
    """The pks of the best `limit` matches of `q` within `scoped`, best first, in one statement:
    `search_vector @@ query` on the stored column its GIN index holds, on the table alone (a
    common word matches most rows: no join, no text, is carried through the ranking), the
    first `RANK_AT_MOST` of them ranked on the same column, ties broken by the model's order.
    SQL around the ORM's statement, as Django selects from no subquery (and in `pk IN (...)`
    the planner reads the whole table to join the capped matches back to it)."""
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery(prefix_query(q), search_type="raw", config=CONFIG)
    keys = {f"search_order_{n}": f.removeprefix("-") for n, f in enumerate(searchable.order_by)}
    matches = (
        scoped.annotate(search_vector=StoredVector())
        .filter(search_vector=query)
        .order_by()  # the first matches the scan finds, in no order: it stops at the cap
        .values("search_vector", search_pk=F("pk"), **{k: F(f) for k, f in keys.items()})
    )[:RANK_AT_MOST]
    try:
        sql, params = matches.query.get_compiler(using=matches.db).as_sql()
    except EmptyResultSet:  # a scope that is none(): nothing to ask
        return []
    qn = connection.ops.quote_name
    ties = "".join(
        f", {qn(key)} {'DESC' if field.startswith('-') else 'ASC'}"
        for key, field in zip(keys, searchable.order_by, strict=True)
    )
    with connections[matches.db].cursor() as cursor:
        cursor.execute(
            f"SELECT {qn('search_pk')} FROM ({sql}) {qn('search_matches')} "
            f"ORDER BY ts_rank({qn('search_vector')}, to_tsquery(%s::regconfig, %s)) DESC{ties} "
            "LIMIT %s",
            (*params, CONFIG, prefix_query(q), limit),
        )
        return [searchable.model._meta.pk.to_python(pk) for (pk,) in cursor.fetchall()]


def _headline(searchable: Searchable, q: str) -> Expression:
    """A result's snippet: its fields' text with the matches marked, made by PostgreSQL."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery
    from django.db.models import TextField, Value
    from django.db.models.functions import Cast, Coalesce, Concat

    parts = [
        part
        for name in searchable.fields
        for part in (
            Coalesce(Cast(name, TextField()), Value(""), output_field=TextField()),
            Value(" \u2014 ", output_field=TextField()),
        )
    ][:-1]
    return SearchHeadline(
        Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0],
        SearchQuery(prefix_query(q), search_type="raw", config=CONFIG),
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _matches(searchable: Searchable, user: Any, q: str, limit: int) -> list[Hit]:
    scoped = searchable.queryset(user)
    rows = (
        scoped.select_related(*searchable.select_related) if searchable.select_related else scoped
    )
    if full_text():
        best = _best(searchable, scoped, q, limit)
        if not best:  # most models, for most words: one statement, nothing more composed
            return []
        # Those rows only, with what a result shows: the related rows its label needs and the
        # headline (which parses the text), still within the scope; put in the order found.
        shown = rows.filter(pk__in=best).annotate(search_snippet=_headline(searchable, q))
        by_pk = {o.pk: o for o in shown.order_by()}
        objects = [by_pk[pk] for pk in best if pk in by_pk]
        snippets = [_marked(o.search_snippet) for o in objects]
    else:
        match = reduce(or_, (Q(**{f"{name}__icontains": q}) for name in searchable.fields))
        objects = list(rows.filter(match).order_by(*searchable.order_by)[:limit])
        snippets = [_plain_snippet(o, searchable.fields, q) for o in objects]
    return [
        Hit(object=o, label=searchable.label_of(o), url=searchable.url_of(o), snippet=s)
        for o, s in zip(objects, snippets, strict=True)
    ]


def search(*, user: Any, q: str, limit: int = RESULTS_PER_MODEL) -> list[SearchResults]:
    """Each registered model's matches for `q` within what `user` may open, in registration
    order, models without a match left out. One statement per registered model (PostgreSQL:
    and one more for each with matches)."""
    q = q.strip()
    if len(q) < MIN_QUERY_LENGTH or (full_text() and not prefix_query(q)):
        return []
    found = []
    for searchable in searchables:
        hits = _matches(searchable, user, q, limit)
        if hits:
            found.append(SearchResults(searchable=searchable, hits=hits))
    return found


def _vector_sql(model: type[Model], fields: tuple[str, ...], schema_editor: Any) -> str:
    """`search_vector(fields)` as SQL on `model`'s table, its columns unqualified."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(search_vector(fields).resolve_expression(query))
    return sql % tuple(schema_editor.quote_value(p) for p in params)


class AddSearchIndex(Operation):
    """A migration's GIN index on a model's search vector expression, on PostgreSQL only
    (SQLite has no full-text search and needs none). The search no longer reads it: the
    apps' later migrations put `AddSearchVector` in its place; kept for the migrations that
    built it."""

    reversible = True

    def __init__(self, model_name: str, fields: tuple[str, ...], name: str) -> None:
        self.model_name, self.fields, self.name = model_name, tuple(fields), name

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # not part of the models' state: the models know nothing of it

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        sql = _vector_sql(model, self.fields, schema_editor)
        qn = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {qn(self.name)} ON {qn(model._meta.db_table)} "
            f"USING gin (({sql}))"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self) -> str:
        return f"Full-text search index {self.name} on {self.model_name} (PostgreSQL)"


class AddSearchVector(Operation):
    """A migration's stored search vector for a model, on PostgreSQL only (SQLite has no
    full-text search and needs none): a column `search_vector` GENERATED ALWAYS AS
    `search_vector(fields)` STORED, so PostgreSQL keeps it in step with every write, and a GIN
    index `name` on it, in place of `AddSearchIndex`'s expression index of the same name. The
    models' state does not know the column. The fields must be the model's registered search
    fields; a migration that changes one of them must rebuild the column
    (tests/cxgov/test_search_postgres.py checks each column against them)."""

    reversible = True

    def __init__(self, model_name: str, fields: tuple[str, ...], name: str) -> None:
        self.model_name, self.fields, self.name = model_name, tuple(fields), name

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # not part of the models' state: the models know nothing of it

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        sql = _vector_sql(model, self.fields, schema_editor)
        qn, table = schema_editor.quote_name, schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"DROP INDEX IF EXISTS {qn(self.name)}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {qn(VECTOR_COLUMN)} tsvector "
            f"GENERATED ALWAYS AS ({sql}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {qn(self.name)} ON {table} USING gin ({qn(VECTOR_COLUMN)}) "
            "WITH (fastupdate = off)"  # as SearchIndexWithoutPendingList says why
        )
        # Statistics for the new column now, not at autovacuum's next pass: without them the
        # planner takes a word in every row for a rare one and joins by nested loops.
        schema_editor.execute(f"ANALYZE {table}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        qn = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {qn(model._meta.db_table)} DROP COLUMN {qn(VECTOR_COLUMN)}"
        )  # its index with it
        AddSearchIndex(self.model_name, self.fields, self.name).database_forwards(
            app_label, schema_editor, from_state, to_state
        )

    def describe(self) -> str:
        return f"Stored full-text search vector on {self.model_name}, GIN index {self.name}"


class SearchIndexWithoutPendingList(Operation):
    """A migration's switch of a search vector's GIN index `name` to `fastupdate = off`, on
    PostgreSQL only, and a merge of the pending list earlier writes left. With fastupdate on,
    PostgreSQL puts new rows' entries in a pending list that every search reads through, to
    the end, until a vacuum or its 4 MB limit (gin_pending_list_limit) merges it: at the
    design's scale 3 to 5 ms a search for each large table, and a cost that makes the planner
    read the whole table instead of the index for a rare word. Off, each write updates the
    index itself: a little slower, for writes people make one at a time (a decision, an
    action), and every search takes the same time. `AddSearchVector` creates its index so."""

    reversible = True

    def __init__(self, name: str) -> None:
        self.name = name

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # not part of the models' state: the models know nothing of the index

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER INDEX {schema_editor.quote_name(self.name)} SET (fastupdate = off)"
        )
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [self.name])

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER INDEX {schema_editor.quote_name(self.name)} RESET (fastupdate)"
            )

    def describe(self) -> str:
        return f"Search index {self.name} without a pending list (PostgreSQL)"
