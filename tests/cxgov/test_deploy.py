"""The production path: compose's defaults pass `check --deploy`, proxy headers are trusted only
behind a declared proxy, migrate runs once, nothing signed-in is cached, and connections persist
and survive a database restart."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import override_settings

from tests.cxgov.test_settings import run_python

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
STRONG_KEY = "x9$Kq2!vZp7@Lr4#Tn8^Wm3&Hs6*Jd1(Fb5)Gc0-Ye2_Ua7+Oi4=Pl9~Qk3"


def compose_env(service: str) -> dict[str, str]:
    """A service's environment with compose's ${VAR:-default} taken at its default."""
    env = {}
    for name, value in COMPOSE["services"][service]["environment"].items():
        value = re.sub(r"\$\{SECRET_KEY:\?[^}]*\}", STRONG_KEY, str(value))
        env[name] = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)
    return env


def test_compose_defaults_pass_check_deploy_with_no_warning():
    env = compose_env("web")
    assert "${" not in "".join(env.values()), env
    result = run_python("", env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_compose_publishes_only_the_proxy_and_trusts_exactly_it():
    services = COMPOSE["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "--to web:8000" in services["proxy"]["command"]
    for name in ("migrate", "web", "worker", "beat"):
        assert compose_env(name)["TRUSTED_PROXY_COUNT"] == "1", name


def test_compose_migrates_once_before_web_worker_and_beat():
    services = COMPOSE["services"]
    assert "migrate" in services["migrate"]["command"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in services[name]["command"], name
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }, name


PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'proxy': settings.SECURE_PROXY_SSL_HEADER, 'age': db['CONN_MAX_AGE'], "
    "'checks': db['CONN_HEALTH_CHECKS']}))"
)
PRODUCTION = {"SECRET_KEY": STRONG_KEY, "DATABASE_URL": "postgres://cx:pw@db.internal:5432/cx"}


def probe(env: dict[str, str]) -> dict:
    result = run_python(PROBE, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_proxy_headers_are_not_trusted_by_default():
    assert probe(PRODUCTION)["proxy"] is None


def test_proxy_headers_are_trusted_behind_a_declared_proxy():
    loaded = probe({**PRODUCTION, "TRUSTED_PROXY_COUNT": "1"})
    assert loaded["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_keeps_connections_and_checks_them_before_reuse():
    loaded = probe(PRODUCTION)
    assert loaded["age"] == 600
    assert loaded["checks"] is True


@pytest.mark.django_db
def test_a_client_cannot_claim_https_without_a_trusted_proxy(client, viewer_user):
    client.force_login(viewer_user)
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


# Cache-Control on what a signed-in person sees.


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/governance/", "/governance/bodies/", "/accounts/token/"])
def test_signed_in_pages_are_private_and_not_stored(client, viewer_user, url):
    client.force_login(viewer_user)
    response = client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/bodies/", "/api/v1/", "/api/schema/"])
def test_api_answers_to_a_token_are_private_and_not_stored(client, viewer_user, url):
    from cxgov.tokens import token_issue

    key = token_issue(user=viewer_user).key
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
def test_api_refusals_are_not_stored_either(client):
    response = client.get("/api/v1/bodies/")
    assert response.status_code == 401
    assert "no-store" in response["Cache-Control"]


# The next request after the database connection dies.


def wsgi_get(path: str) -> tuple[int, bytes]:
    """A request through Django's real WSGI handler (the test client skips the per-request
    connection housekeeping this is about)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }
    status = []
    body = b"".join(WSGIHandler()(environ, lambda s, headers, exc=None: status.append(s)))
    return int(status[0].split()[0]), body


@pytest.mark.postgres
# serialized_rollback: the flush after a transaction test must not lose the migrations' rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_request_after_the_database_connection_is_killed_succeeds():
    settings_dict = connection.settings_dict
    saved = settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"]
    settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"] = 600, True  # production
    try:
        _, body = wsgi_get("/healthz")
        assert json.loads(body)["checks"]["database"]["ok"], body
        assert connection.connection is not None, "the connection should persist"
        pid = connection.connection.get_backend_pid()

        killer = connections.create_connection("default")
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
        killer.close()

        _, body = wsgi_get("/healthz")
        assert json.loads(body)["checks"]["database"]["ok"], body
        assert connection.connection.get_backend_pid() != pid
    finally:
        settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"] = saved
        connection.close()
