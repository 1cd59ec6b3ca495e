"""pytest plugin loaded by pytest.ini (``-p commissioning.testing.plugin``).

Tests run on PostgreSQL and use a real Redis for the Celery worker tests. This
sets their defaults before Django reads its settings, and stops the run at
once, saying how to start them, when either service is not reachable. It
never falls back to SQLite.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest

DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"

os.environ.setdefault("DATABASE_URL", DEFAULT_TEST_DATABASE_URL)
os.environ.setdefault("TEST_REDIS_URL", DEFAULT_TEST_REDIS_URL)
# Tests exercise the in-process (eager) task mode unless a test starts a worker.
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("EMAIL_URL", "consolemail://")
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect 15 main start"
START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def pytest_configure(config):
    database_url = os.environ["DATABASE_URL"]
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        pytest.exit(
            f"The tests run on PostgreSQL, but DATABASE_URL is {database_url!r}. "
            f"Unset it to use {DEFAULT_TEST_DATABASE_URL}.",
            returncode=2,
        )
    if not _reachable(database_url, 5432):
        pytest.exit(
            f"PostgreSQL is not reachable at {urlsplit(database_url).netloc}. "
            f"Start it (for example: {START_POSTGRES}) or set DATABASE_URL.",
            returncode=2,
        )
    redis_url = os.environ["TEST_REDIS_URL"]
    if not _reachable(redis_url, 6379):
        pytest.exit(
            f"Redis is not reachable at {urlsplit(redis_url).netloc}. "
            f"Start it (for example: {START_REDIS}) or set TEST_REDIS_URL.",
            returncode=2,
        )
