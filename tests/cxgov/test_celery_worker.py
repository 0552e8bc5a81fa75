"""A task really runs through the Redis broker, consumed by a real worker process."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

from tests.conftest import redis_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_worker():
    env = {
        **os.environ,
        "CELERY_BROKER_URL": redis_url(),
        "CELERY_RESULT_BACKEND": redis_url(),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "test-worker"),
    }
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cxgov",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.mark.redis
def test_ping_task_runs_on_a_real_worker_through_redis(redis_worker):
    client = Celery("test-client", broker=redis_url(), backend=redis_url(), set_as_current=False)
    payload = uuid.uuid4().hex
    result = client.send_task("cxgov.ping", args=[payload], queue=redis_worker)
    assert result.get(timeout=60) == f"pong:{payload}"
