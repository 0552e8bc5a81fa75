"""Backups of the database and their restore: `make backup` and `make restore FILE=...`.

On PostgreSQL a backup is `pg_dump`'s custom format (every table, sequence and constraint,
compressed), restored with `pg_restore` into the configured database in one transaction: an
empty database (a fresh `createdb`) or the same one, whose objects are dropped and re-created
first. On the embedded default (SQLite) it is a copy through SQLite's online backup API, which
is consistent while the server keeps writing, and the restore copies it back the same way.

The uploaded files waiting to be imported (MEDIA_ROOT) are not in the database; back up that
folder with the usual file tools if a pending upload matters.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that could not be done, with what to do about it."""


def _is_postgres(database: dict[str, Any]) -> bool:
    return database["ENGINE"].endswith("postgresql")


def default_path(database: dict[str, Any] | None = None) -> Path:
    """var/backups/cxgov-<UTC time>.<dump|sqlite3>, beside the embedded database."""
    database = database or connections["default"].settings_dict
    suffix = "dump" if _is_postgres(database) else "sqlite3"
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"cxgov-{stamp}.{suffix}"


def _pg_arguments(database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    arguments = ["--dbname", database["NAME"], "--no-password"]
    if database.get("HOST"):
        arguments += ["--host", database["HOST"]]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client (apt-get install "
            "postgresql-client) in the same major version as the server."
        ) from None
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def backup(path: Path | None = None, *, database: dict[str, Any] | None = None) -> Path:
    """Write a backup of `database` (the configured one by default) to `path`; returns it."""
    database = database or connections["default"].settings_dict
    path = Path(path or default_path(database))
    path.parent.mkdir(parents=True, exist_ok=True)
    if _is_postgres(database):
        arguments, env = _pg_arguments(database)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *arguments], env)
    else:
        with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(path) as target:
            source.backup(target)
    return path


def restore(path: Path, *, database: dict[str, Any] | None = None) -> None:
    """Replace the contents of `database` (the configured one by default) with a backup."""
    database = database or connections["default"].settings_dict
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if _is_postgres(database):
        arguments, env = _pg_arguments(database)
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", *arguments, str(path)],
            env,
        )  # fmt: skip
    else:
        source = sqlite3.connect(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            with sqlite3.connect(database["NAME"]) as target:
                source.backup(target)
        except sqlite3.DatabaseError as refusal:
            raise BackupError(f"{path} is not an intact SQLite database: {refusal}") from None
        finally:
            source.close()
