"""Celery tasks of the core app: thin wrappers that call services."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def clear_expired_sessions() -> None:
    """Housekeeping: remove sessions that have expired (daily, see settings)."""
    call_command("clearsessions")


@shared_task
def count_users() -> int:
    """Reads the database from a worker; used by operators to test a worker."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.count()
