"""Settings load from the environment: the embedded default, the real servers, and loud errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'host': settings.DATABASES['default'].get('HOST', ''), "
    "'broker': settings.CELERY_BROKER_URL, 'debug': settings.DEBUG}))"
)


def run_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "cxgov.settings", **env})
    return subprocess.run(
        [sys.executable, *(["-c", code] if code else []), *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_is_sqlite_and_filesystem_broker(tmp_path):
    result = run_python(PROBE, {"DEBUG": "true", "CXGOV_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(tmp_path / "cxgov.sqlite3")
    assert loaded["broker"] == "filesystem://"
    assert (tmp_path / "celery" / "broker").is_dir()


def test_postgres_and_redis_urls_switch_the_backends():
    result = run_python(
        PROBE,
        {
            "SECRET_KEY": "a-real-secret-for-this-test",
            "DATABASE_URL": "postgres://cx:pw@db.internal:5433/cxprod",
            "CELERY_BROKER_URL": "redis://cache.internal:6379/2",
        },
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert (loaded["name"], loaded["host"]) == ("cxprod", "db.internal")
    assert loaded["broker"] == "redis://cache.internal:6379/2"
    assert loaded["debug"] is False


def test_missing_secret_key_with_debug_off_is_a_clear_error():
    result = run_python(PROBE, {"DEBUG": "false"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_with_production_settings_has_no_warnings():
    env = {
        "SECRET_KEY": "x9$Kq2!vZp7@Lr4#Tn8^Wm3&Hs6*Jd1(Fb5)Gc0-Ye2_Ua7+Oi4=Pl9~Qk3",
        "ALLOWED_HOSTS": "cx.example.com",
        "DATABASE_URL": "postgres://cx:pw@db.internal:5432/cx",
        "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
    }
    result = run_python("", env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


CACHE_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "from django.template import engines; "
    "print(json.dumps({'cache': settings.CACHES['default'], "
    "'sessions': settings.SESSION_ENGINE, "
    "'loaders': [type(l).__module__ for l in engines['django'].engine.template_loaders]}))"
)


def test_production_caches_on_redis_with_cached_sessions_and_templates():
    result = run_python(
        CACHE_PROBE,
        {"SECRET_KEY": "x" * 50, "REDIS_URL": "redis://cache.internal:6379/1"},
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["cache"]["BACKEND"] == "cxgov.caching.ForgivingRedisCache"
    assert loaded["cache"]["LOCATION"] == "redis://cache.internal:6379/1"
    assert loaded["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert loaded["loaders"] == ["django.template.loaders.cached"]


def test_embedded_default_caches_in_files_the_worker_shares(tmp_path):
    result = run_python(CACHE_PROBE, {"DEBUG": "true", "CXGOV_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["cache"] == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }
