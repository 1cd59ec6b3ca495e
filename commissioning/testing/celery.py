"""A real Celery worker on Redis for integration tests.

The app is pointed at TEST_REDIS_URL on a queue of its own (so parallel test
runs sharing one Redis never take each other's tasks), a worker runs in a
thread of the test process, and the eager setting is restored afterwards.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker

from commissioning.celery import app


@contextmanager
def running_worker():
    redis_url = os.environ["TEST_REDIS_URL"]
    queue = f"test-{uuid.uuid4().hex}"
    saved = {
        key: app.conf.get(key)
        for key in ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    }
    app.conf.update(
        broker_url=redis_url,
        result_backend=redis_url,
        task_always_eager=False,
        task_default_queue=queue,
    )
    # Connections and the result backend are cached per app/thread: drop them
    # so the new URLs take effect.
    app._local.__dict__.pop("backend", None)
    app.__dict__.pop("amqp", None)
    app._pool = None
    try:
        with start_worker(app, queues=[queue], perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        app._local.__dict__.pop("backend", None)
        app._pool = None
