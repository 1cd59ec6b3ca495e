"""The daily check on a real Celery worker on Redis, and digests through a
real SMTP server (aiosmtpd on loopback): refused, retried with back-off,
accepted; or never accepted and recorded as failed."""

import datetime as dt
import time

import pytest
from django.core import mail

from commissioning.models import Alert, AlertDigest, DigestStatus
from commissioning.tasks import run_scheduled_checks
from commissioning.testing.celery import running_worker
from commissioning.tests.alerts import builders
from commissioning.tests.alerts.smtp import smtp_server

D = dt.date
DECISION_DAY = D(2024, 10, 2)  # 90 days before the deadline of 31 Dec 2024


def _contract(officer):
    return builders.contract(
        reference="HCS-2023", start=D(2023, 4, 1), initial_months=24, options=(12,), officer=officer
    )


def _wait_until_sent(timeout: float = 60) -> AlertDigest:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        digest = AlertDigest.objects.filter(status=DigestStatus.SENT).first()
        if digest is not None:
            return digest
        time.sleep(0.2)
    raise AssertionError(f"No digest was sent: {list(AlertDigest.objects.values())}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_daily_check_runs_on_a_worker_and_its_digest_is_sent_by_a_worker(priya):
    mail.outbox = []
    _contract(priya)
    with running_worker():
        summary = run_scheduled_checks.delay(DECISION_DAY.isoformat()).get(timeout=60)
        assert summary.startswith("Scheduled checks for 02/10/2024: 1 alerts raised")
        digest = _wait_until_sent()
    assert digest.attempts == 1
    assert [m.to for m in mail.outbox] == [[priya.email]]
    assert Alert.objects.get().sent_at == digest.sent_at


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_refused_digest_is_retried_with_back_off_and_sent_once_accepted(priya, settings):
    settings.ALERTS_EMAIL_RETRY_SECONDS = 1
    _contract(priya)
    with smtp_server(settings) as (mailbox, _), running_worker():
        mailbox.refusals_left = 1
        run_scheduled_checks.delay(DECISION_DAY.isoformat()).get(timeout=60)
        digest = _wait_until_sent()

    assert (mailbox.refused, len(mailbox.received)) == (1, 1)
    assert digest.attempts == 2
    # The refusal is on record in the digest's history.
    refused = digest.history.filter(attempts=1, status=DigestStatus.PENDING).get()
    assert "451" in refused.last_error
    assert "Mailbox busy" in refused.last_error
    # The first attempt waited for the back-off: 1 second, doubling each time.
    assert digest.sent_at - refused.last_attempt_at >= dt.timedelta(seconds=1)

    message = mailbox.received[0]
    assert message["To"] == priya.email
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.get_payload()] == [
        "text/plain",
        "text/html",
    ]
    assert "HCS-2023" in message.get_payload()[0].get_payload(decode=True).decode()
    assert Alert.objects.get().sent_at == digest.sent_at


@pytest.mark.django_db(transaction=True)
def test_a_digest_the_server_never_accepts_is_marked_failed_and_nothing_is_marked_sent(
    priya, settings, run_checks
):
    settings.ALERTS_EMAIL_MAX_RETRIES = 0  # the first attempt is the last
    _contract(priya)
    with smtp_server(settings) as (mailbox, _):
        mailbox.refusals_left = 10
        run_checks(DECISION_DAY)
        run_checks(DECISION_DAY + dt.timedelta(days=1))  # a failed digest is not retried daily
    digest = AlertDigest.objects.get()
    assert (digest.status, digest.attempts, digest.sent_at) == (DigestStatus.FAILED, 1, None)
    assert mailbox.refused == 1
    assert Alert.objects.get().sent_at is None


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_refused_digest_waits_for_the_next_run(priya, settings, run_checks):
    """`make run`: tasks run in process and cannot wait to retry."""
    _contract(priya)
    with smtp_server(settings) as (mailbox, _):
        mailbox.refusals_left = 1
        run_checks(DECISION_DAY)
        digest = AlertDigest.objects.get()
        assert (digest.status, digest.attempts) == (DigestStatus.PENDING, 1)
        assert Alert.objects.get().sent_at is None
        run_checks(DECISION_DAY + dt.timedelta(days=1))
    digest.refresh_from_db()
    assert (digest.status, digest.attempts, len(mailbox.received)) == (DigestStatus.SENT, 2, 1)
