"""Readiness checks behind /healthz: database, broker, migrations."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


@dataclass
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return Check(False, f"unreachable: {exc.__class__.__name__}")
    return Check(True, "reachable")


def check_broker() -> Check | None:
    """None when no broker is configured (tasks run eagerly in process)."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return None
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2, transport_options={"max_retries": 0}) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return Check(False, f"unreachable: {exc.__class__.__name__}")
    return Check(True, "reachable")


def check_migrations() -> Check:
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001 - no database, no answer
        return Check(False, f"unknown: {exc.__class__.__name__}")
    if plan:
        return Check(False, f"{len(plan)} pending")
    return Check(True, "none pending")


def health() -> tuple[bool, dict]:
    checks = {"database": check_database(), "migrations": check_migrations()}
    broker = check_broker()
    if broker is not None:
        checks["broker"] = broker
    healthy = all(check.ok for check in checks.values())
    report = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: asdict(check) for name, check in checks.items()},
    }
    if broker is None:
        report["checks"]["broker"] = {"ok": True, "detail": "not configured: tasks run in process"}
    return healthy, report
