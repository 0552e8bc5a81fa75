"""Backups restore exactly: the demo organization backed up with `manage.py backup`, restored
into a fresh database, has every table's row count and content checksum of the original.

The checksums (tests.helpers.table_fingerprints) are computed by the database itself on
PostgreSQL (md5 over each table's rows as text in a fixed order) or over SQLite's sorted rows,
never by the code under test.
"""

from __future__ import annotations

import io
import sqlite3
import uuid

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cxgov.backups import backup, restore
from tests.helpers import table_fingerprints

SQLITE = "django.db.backends.sqlite3"


def pg_fingerprints(dsn: dict) -> dict[str, tuple[int, str]]:
    with psycopg2.connect(**dsn) as db, db.cursor() as cursor:
        return table_fingerprints(cursor, vendor="postgresql")


def pg_dsn(database: dict, name: str | None = None) -> dict:
    return {
        "dbname": name or database["NAME"],
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
    }


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    database = connection.settings_dict
    name = f"cxgov_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(**pg_dsn(database, "postgres"))
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield {**database, "NAME": name}
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_restored_into_a_fresh_database_has_every_table_as_it_was(
    tmp_path, fresh_database, demo_data
):
    original = pg_fingerprints(pg_dsn(connection.settings_dict))
    dump = tmp_path / "demo.dump"
    call_command("backup", str(dump), stdout=io.StringIO())

    restore(dump, database=fresh_database)

    restored = pg_fingerprints(pg_dsn(fresh_database))
    assert restored == original
    # The demo's year of survey responses (31,800) and the one its Typeform webhook stored.
    assert original["voc_response"][0] == 31800 + 1
    assert original["portfolio_initiative"][0] == 40
    assert sum(rows for rows, _ in original.values()) > 40000


def sqlite_fingerprints(path) -> dict[str, tuple[int, str]]:
    db = sqlite3.connect(path)
    try:
        return table_fingerprints(db.cursor(), vendor="sqlite")
    finally:
        db.close()


def test_the_embedded_database_restores_into_a_fresh_file(tmp_path):
    source = tmp_path / "cxgov.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, score REAL)")
        db.executemany("INSERT INTO person (name, score) VALUES (?, ?)",
                       [(f"p{i}", i / 7) for i in range(500)])  # fmt: skip
        db.execute("CREATE TABLE note (body TEXT)")
        db.execute("INSERT INTO note VALUES ('Zoë said: ''fine''')")
    original = sqlite_fingerprints(source)
    copy = backup(tmp_path / "backup.sqlite3", database={"ENGINE": SQLITE, "NAME": str(source)})
    with sqlite3.connect(source) as db:
        db.execute("DELETE FROM person WHERE id > 10")  # a later change the backup predates

    fresh = tmp_path / "fresh.sqlite3"
    restore(copy, database={"ENGINE": SQLITE, "NAME": str(fresh)})
    assert sqlite_fingerprints(fresh) == original
    assert original["person"][0] == 500


def test_restoring_something_that_is_not_a_backup_says_so_and_changes_nothing(tmp_path, settings):
    target = tmp_path / "cxgov.sqlite3"
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE person (name TEXT)")
        db.execute("INSERT INTO person VALUES ('kept')")
    before = sqlite_fingerprints(target)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database " * 100)
    with pytest.raises(Exception, match="is not an intact SQLite database"):
        restore(junk, database={"ENGINE": SQLITE, "NAME": str(target)})
    with pytest.raises(CommandError, match="There is no backup at"):
        call_command("restore", str(tmp_path / "missing.dump"), "--no-input")
    assert sqlite_fingerprints(target) == before
