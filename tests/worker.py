"""The application's Celery app for worker processes the tests start, sweeping for abandoned
tasks every second instead of every ~100 s (kombu's Redis defaults: a sweep every 10 s, a scan on
every 10th), so a test of redelivery after a short visibility timeout waits seconds, not minutes.

Start a worker with `celery -A tests.worker worker ...`.
"""

from cxgov.celery import app

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
