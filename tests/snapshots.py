"""The demo organization, seeded once per test process and put back in a moment for each test
or module that reads it.

Seeding the demo takes ten seconds or more; a dozen modules read it. On PostgreSQL the first
reader seeds it inside a transaction, copies every table out with COPY, and rolls back; each
reader after that empties the tables and copies the rows back in (one transaction, foreign keys
checked at its commit, as Django declares them deferrable), then moves the id sequences past
them. On SQLite (no COPY) each reader seeds the demo as before.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction

KEPT_OUT = {"django_migrations"}  # the schema's own record, never part of the data


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, bytes]  # table name: its rows in COPY's text format


def _tables() -> list[str]:
    """Every installed model's table (not a temporary one an import left in the session)."""
    tables = connection.introspection.django_table_names(only_existing=True)
    return sorted(set(tables) - KEPT_OUT)


def take_demo_snapshot() -> Snapshot | None:
    """Seed the demo in a transaction that is rolled back, and keep a copy of every table."""
    if connection.vendor != "postgresql":
        return None
    tables = {}
    with transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        with connection.cursor() as cursor:
            for table in _tables():
                rows = io.BytesIO()
                cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} TO STDOUT", rows)
                tables[table] = rows.getvalue()
        transaction.set_rollback(True)
    return Snapshot(tables=tables)


def with_rows(cursor, tables: list[str]) -> list[str]:
    """Those of `tables` that hold a row: one statement, an index-free probe of each."""
    if not tables:
        return []
    quote = connection.ops.quote_name
    cursor.execute(
        " UNION ALL ".join(
            f"(SELECT {i} FROM {quote(table)} LIMIT 1)" for i, table in enumerate(tables)
        )
    )
    return [tables[i] for (i,) in cursor.fetchall()]


def emptied_sql(cursor, tables: list[str]) -> list[str]:
    """The statements that empty `tables` on PostgreSQL: a DELETE of each table that holds a
    row, the foreign keys checked at commit (Django declares them deferrable).

    In place of one TRUNCATE of every table, which gives each of the ~110 tables new files
    (0.5 to 2 s a time, a second again at commit): a test database holds rows in a few."""
    quote = connection.ops.quote_name
    full = with_rows(cursor, tables)
    return ["SET CONSTRAINTS ALL DEFERRED"] + [f"DELETE FROM {quote(table)}" for table in full]


def put_back_demo(snapshot: Snapshot | None) -> None:
    """Make the database hold exactly the demo: from the snapshot, or by seeding (SQLite)."""
    from cxgov.caching import data_changed
    from tests.conftest import reset_sequences

    if snapshot is None:
        call_command("seed_demo", stdout=io.StringIO())
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in emptied_sql(cursor, list(snapshot.tables)):
            cursor.execute(sql)
        for table, rows in snapshot.tables.items():
            cursor.copy_expert(f"COPY {quote(table)} FROM STDIN", io.BytesIO(rows))
    reset_sequences()
    data_changed()  # nothing cached from the rows that were there before is read again
