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


# --- Scheduled checks and alerts -----------------------------------------------


@shared_task
def run_scheduled_checks(today: str | None = None) -> str:
    """The daily checks (beat, 06:00 Europe/London); ``today`` as YYYY-MM-DD."""
    import datetime as dt

    from commissioning.services.alerts.checks import run_scheduled_checks as run

    day = dt.date.fromisoformat(today) if today else None
    return run(today=day).summary()


@shared_task
def run_scheduled_checks_if_missed() -> str:
    """Hourly after 06:00: today's checks if no run has done them yet, else
    the digests that could not be queued."""
    from commissioning.services.alerts.checks import run_scheduled_checks_if_missed as run

    result = run()
    return result.summary() if result else "Today's scheduled checks have already run."


@shared_task(bind=True, max_retries=None)
def send_alert_digest(self, digest_id: int) -> bool:
    """Send one user's daily digest; retried with back-off (1, 2, 4 … minutes)
    while the mail server refuses it or cannot be reached."""
    from django.conf import settings

    from commissioning.services.alerts.email import DigestNotAccepted, alert_digest_send

    retries = self.request.retries
    try:
        return alert_digest_send(
            digest_id=digest_id, final_attempt=retries >= settings.ALERTS_EMAIL_MAX_RETRIES
        )
    except DigestNotAccepted as refusal:
        if refusal.final:
            return False
        raise self.retry(
            exc=refusal, countdown=settings.ALERTS_EMAIL_RETRY_SECONDS * 2**retries
        ) from refusal
