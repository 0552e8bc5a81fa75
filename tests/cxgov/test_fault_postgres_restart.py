"""PostgreSQL restarted under a running web server: the next request succeeds.

gunicorn keeps its database connection between requests (CONN_MAX_AGE, as in production); a
restart of the database server ends that connection without the web process knowing. With
CONN_HEALTH_CHECKS (on by default, cxgov/settings.py) Django checks a kept connection before a
request reuses it and opens a new one when it is gone; without it the first request after the
restart fails on the dead connection (the second row below shows the harness really breaks it).

The database server is a private cluster this test creates with initdb and restarts with
pg_ctl, on a spare port in a temporary directory; the machine's PostgreSQL is never touched.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.faults


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        hint = "needs PostgreSQL's server binaries (initdb, pg_ctl): apt-get install postgresql"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {hint}", pytrace=False)
        pytest.skip(hint)
    return Path(found[-1]).parent


# PostgreSQL's server refuses to run as root: as root (a container), run it as `postgres`.
AS_SERVER_USER = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class PrivateCluster:
    def __init__(self, bin_dir: Path, data: Path, port: int):
        self.bin_dir, self.data, self.port = bin_dir, data, port

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*AS_SERVER_USER, self.bin_dir / "pg_ctl", "-D", self.data, "-l",
             self.data / "server.log", "-w", "-t", "60", *args],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-o", options, "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def cluster():
    bin_dir = postgres_binaries()
    home = Path(tempfile.mkdtemp(prefix="cxgov-pg-"))
    if AS_SERVER_USER:
        shutil.chown(home, "postgres")
    data = home / "data"
    subprocess.run(
        [*AS_SERVER_USER, bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
         "--no-sync"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    server = PrivateCluster(bin_dir, data, spare_port())
    server.start()
    yield server
    server.pg_ctl("-m", "immediate", "stop")
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def web(cluster, tmp_path):
    """gunicorn, one sync worker, on the private cluster with connections kept (CONN_MAX_AGE)."""
    started: list[subprocess.Popen] = []

    def start(*, health_checks: bool) -> str:
        port = spare_port()
        env = {
            **os.environ,
            "DATABASE_URL": cluster.url(),
            "CONN_MAX_AGE": "600",
            "CONN_HEALTH_CHECKS": "true" if health_checks else "false",
            "DEBUG": "false",
            "SECRET_KEY": "fault-test-only-key",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "CXGOV_VAR_DIR": str(tmp_path / "var"),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cxgov.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                database_ok(base)
                return base
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer within a minute")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=20)


def database_ok(base: str) -> bool:
    """/healthz's database check (its broker check is not this test's business)."""
    import json
    import urllib.error

    try:
        answer = urllib.request.urlopen(f"{base}/healthz", timeout=30)
    except urllib.error.HTTPError as refusal:  # 503: the body still says which check failed
        answer = refusal
    return json.load(answer)["checks"]["database"]["ok"]


def test_the_first_request_after_a_database_restart_succeeds(cluster, web):
    base = web(health_checks=True)
    assert database_ok(base)  # the worker now holds a connection
    cluster.pg_ctl("-m", "fast", "restart")
    assert database_ok(base)


def test_without_health_checks_the_kept_connection_is_dead_after_the_restart(cluster, web):
    base = web(health_checks=False)
    assert database_ok(base)
    cluster.pg_ctl("-m", "fast", "restart")
    assert not database_ok(base)  # what CONN_HEALTH_CHECKS prevents
    assert database_ok(base)  # Django dropped the broken connection after that request
