"""Each alert is raised and sent once: the same day run twice, two runs at
once, a run killed between raising and emailing, Redis down when the emails
are queued; and the lock on PostgreSQL, none on the SQLite of ``make run``."""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection, transaction

from commissioning.celery import app
from commissioning.models import Alert, AlertDelivery, AlertDigest, DigestStatus
from commissioning.services.alerts.checks import RUN_LOCK_KEY, lock_run, run_scheduled_checks
from commissioning.tasks import run_scheduled_checks_if_missed
from commissioning.tests.alerts import builders
from commissioning.tests.alerts.conftest import at_six
from commissioning.tests.alerts.smtp import free_port, smtp_server

D = dt.date
BASE_DIR = Path(__file__).resolve().parents[3]
DECISION_DAY = D(2024, 10, 2)  # 90 days before 31 Dec 2024


def _contract(officer, reference="HCS-2023"):
    """Ends 31 Mar 2025 with a 12-month option: decision deadline 31 Dec 2024."""
    return builders.contract(
        reference=reference, start=D(2023, 4, 1), initial_months=24, options=(12,), officer=officer
    )


def _counts():
    return (
        Alert.objects.count(),
        AlertDelivery.objects.count(),
        AlertDigest.objects.filter(status=DigestStatus.SENT).count(),
    )


@pytest.mark.django_db
def test_running_the_same_day_twice_raises_and_sends_nothing_new(
    priya, gareth, run_checks, mailoutbox
):
    _contract(priya)
    builders.care_package(review_due=DECISION_DAY - dt.timedelta(days=1))
    first = run_checks(DECISION_DAY)
    assert "2 alerts raised" in first
    assert _counts() == (2, 2, 1)
    second = run_checks(DECISION_DAY)
    assert "0 alerts raised, 0 deliveries, 0 escalated, 0 digests queued" in second
    assert _counts() == (2, 2, 1)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_alert_with_the_same_key(priya):
    _contract(priya)
    run_scheduled_checks(today=DECISION_DAY, send_email=False)
    alert = Alert.objects.get()
    alert.pk = None
    alert.raised_on = DECISION_DAY + dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        alert.save()


@contextmanager
def _lock_held_elsewhere():
    """Another database session holding the run's advisory lock."""
    from django.db import connections

    holding, done = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_LOCK_KEY])
                holding.set()
                done.wait(30)
        finally:
            connections.close_all()

    other = threading.Thread(target=hold)
    other.start()
    assert holding.wait(30)
    try:
        yield
    finally:
        done.set()
        other.join(30)


@pytest.mark.django_db(transaction=True)
def test_a_run_while_another_holds_the_lock_does_nothing(priya):
    _contract(priya)
    with _lock_held_elsewhere():
        result = run_scheduled_checks(today=DECISION_DAY)
    assert result.ran is False
    assert Alert.objects.count() == 0
    assert run_scheduled_checks(today=DECISION_DAY).alerts_raised == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_raise_and_send_each_alert_once(priya, dafydd, gareth):
    mail.outbox = []
    _contract(priya)
    _contract(None, reference="HCS-2023-LOT2")  # both officers are told of this one
    start = threading.Barrier(2)
    results = []

    def run():
        from django.db import connections

        try:
            start.wait(10)
            results.append(run_scheduled_checks(today=DECISION_DAY))
        finally:
            connections.close_all()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(60)

    assert len(results) == 2
    assert sum(result.alerts_raised for result in results) == 2
    assert Alert.objects.count() == 2
    # Priya: both alerts; Dafydd: the second. One digest each.
    assert AlertDelivery.objects.count() == 3
    assert sorted(tuple(m.to) for m in mail.outbox) == [(dafydd.email,), (priya.email,)]


def _test_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_between_raising_and_emailing_sends_the_rest_once(priya, settings, run_checks):
    _contract(priya)
    with smtp_server(settings) as (mailbox, port):
        mailbox.hold_next = True
        env = {
            **{k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"},
            "DATABASE_URL": _test_database_url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        }
        # The run commits its alerts and digest, then hangs sending the email
        # (the server does not answer): kill it there.
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_scheduled_checks", "--today", "2024-10-02"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert mailbox.holding.wait(60), "the killed run never reached the mail server"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        mailbox.release.set()

        alert = Alert.objects.get()
        digest = AlertDigest.objects.get()
        assert (alert.sent_at, digest.status, mailbox.received) == (None, "pending", [])

        run_checks(DECISION_DAY)
        run_checks(DECISION_DAY)
        run_checks(DECISION_DAY + dt.timedelta(days=1))

        assert len(mailbox.received) == 1
        assert mailbox.received[0]["To"] == priya.email
        digest.refresh_from_db()
        alert.refresh_from_db()
        assert digest.status == DigestStatus.SENT
        assert alert.sent_at == digest.sent_at


@contextmanager
def _redis_down():
    """Tasks go to a broker nobody is listening on."""
    saved = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=f"redis://127.0.0.1:{free_port()}/0", task_always_eager=False)
    app.__dict__.pop("amqp", None)
    app._pool = None
    try:
        yield
    finally:
        app.conf.update(saved)
        app.__dict__.pop("amqp", None)
        app._pool = None


@pytest.mark.django_db
def test_redis_down_when_emails_are_queued_loses_nothing_and_sends_once(
    priya, run_checks, mailoutbox, caplog
):
    _contract(priya)
    with _redis_down():
        run_checks(DECISION_DAY)
    # The run itself stands; the digest waits for the next run.
    assert Alert.objects.count() == 1
    assert AlertDigest.objects.get().status == DigestStatus.PENDING
    assert mailoutbox == []
    assert "Error calling" in caplog.text
    # Redis is back: the hourly catch-up finds today's run done and queues
    # the digest no worker has tried; later runs send nothing more.
    with time_machine.travel(at_six(DECISION_DAY) + dt.timedelta(hours=2, minutes=15)):
        assert run_scheduled_checks_if_missed.delay().get() == (
            "Today's scheduled checks have already run."
        )
    assert len(mailoutbox) == 1
    assert AlertDigest.objects.get().status == DigestStatus.SENT
    run_checks(DECISION_DAY + dt.timedelta(days=1))
    assert len(mailoutbox) == 1


def test_on_sqlite_the_run_goes_ahead_without_an_advisory_lock():
    """`make run` uses SQLite, which has no advisory locks (and lets one
    writer in at a time): the run takes no lock there and is not refused."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    sqlite = DatabaseWrapper({**connection.settings_dict, "NAME": ":memory:"}, alias="sqlite")
    try:
        assert lock_run(using=sqlite) is True
        assert sqlite.connection is None  # nothing was asked of the database
    finally:
        sqlite.close()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_second_session_cannot_take_the_run_lock():
    with _lock_held_elsewhere(), transaction.atomic():
        assert lock_run() is False
    with transaction.atomic():
        assert lock_run() is True
