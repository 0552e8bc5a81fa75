"""Health checks for /healthz: can we reach the database and the Celery broker?"""

import time

from django.conf import settings
from django.db import connection

from .celery import app as celery_app


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        check()
    except Exception as exc:  # a health check reports any failure instead of raising it
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    # A fresh connection to the configured URL each time: a pooled one could hide an outage.
    with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)


def run_checks() -> dict[str, dict]:
    return {"database": _timed(check_database), "broker": _timed(check_broker)}
