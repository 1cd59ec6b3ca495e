"""The daily scheduled checks: the Celery beat task and the management
command ``run_scheduled_checks`` both call ``run_scheduled_checks()``.

One run, in one transaction under a PostgreSQL advisory lock:

1. lapse the extension options whose decision deadline has passed
   (``lapse_overdue_options``, the contracts area's service);
2. find what is due (``dues``) and raise each alert once: its key
   (subject, kind, due date, lead) is a unique constraint and rows are
   inserted with ON CONFLICT DO NOTHING;
3. tell the recipients (one delivery per user and alert) and escalate to
   managers the alerts left unacknowledged for 14 days;
4. gather each user's new deliveries into that day's digest.

After the transaction commits, each digest not yet sent is queued for
sending. A second run for the same day, or a run on another worker at the
same time, raises and sends nothing twice; a run that died after step 4
committed but before its emails went out leaves its digests pending, and the
next run queues them again.
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from commissioning.models import (
    Alert,
    AlertDelivery,
    AlertDigest,
    DeliveryReason,
    DigestStatus,
    ScheduledCheckRun,
)
from commissioning.models.alerts import Lead
from commissioning.services.alerts import dues
from commissioning.services.alerts.audience import Audience
from commissioning.services.alerts.dues import Due, LeadsFrom, MissedDeadline
from commissioning.services.contracts import (
    contract_lapse_overdue_options,
    contract_refresh_statuses,
)
from tenders.services.frameworks import frameworks_refresh

logger = logging.getLogger(__name__)

# One lock for every run, whatever its day: runs never overlap.
RUN_LOCK_KEY = zlib.crc32(b"commissioning.scheduled_checks")


@dataclass(frozen=True)
class CheckRunResult:
    day: dt.date
    ran: bool
    alerts_raised: int = 0
    deliveries_made: int = 0
    escalations: int = 0
    digests_queued: int = 0

    def summary(self) -> str:
        if not self.ran:
            return f"Scheduled checks for {self.day:%d/%m/%Y}: another run is in progress."
        return (
            f"Scheduled checks for {self.day:%d/%m/%Y}: {self.alerts_raised} alerts raised, "
            f"{self.deliveries_made} deliveries, {self.escalations} escalated, "
            f"{self.digests_queued} digests queued."
        )


def run_scheduled_checks(
    *, today: dt.date | None = None, send_email: bool = True
) -> CheckRunResult:
    """Run the daily checks for ``today`` (default: today in Europe/London).

    ``send_email=False`` raises and delivers in the app only; the next run
    emails what is still unsent.
    """
    today = today or timezone.localdate()
    started_at = timezone.now()
    with transaction.atomic():
        if not lock_run():
            logger.info("Scheduled checks for %s skipped: another run holds the lock.", today)
            return CheckRunResult(day=today, ran=False)
        lapsing = lapse_overdue_options(today=today)
        audience = Audience.load()
        found = _find_dues(today, audience, lapsing)
        raised, delivered = _raise(found, today, audience)
        escalated, escalation_deliveries = _escalate(today, audience)
        digest_ids = _gather_digests(today) if send_email else []
        result = CheckRunResult(
            day=today,
            ran=True,
            alerts_raised=raised,
            deliveries_made=delivered + escalation_deliveries,
            escalations=escalated,
            digests_queued=len(digest_ids),
        )
        ScheduledCheckRun.objects.create(
            day=today,
            started_at=started_at,
            finished_at=timezone.now(),
            alerts_raised=result.alerts_raised,
            deliveries_made=result.deliveries_made,
            escalations=result.escalations,
            digests_queued=result.digests_queued,
        )
        if digest_ids:
            # A broker that is down must not undo the run: the digests stay
            # pending and the next run queues them again.
            transaction.on_commit(lambda: queue_digests(digest_ids), robust=True)
    logger.info(result.summary())
    return result


def run_scheduled_checks_if_missed(
    *, today: dt.date | None = None, send_email: bool = True
) -> CheckRunResult | None:
    """Run today's checks unless a run has already done them (the hourly
    catch-up, for a day when 06:00 passed while Redis or the workers were
    down). If they have run, queue again any digest no worker has tried yet
    (one that could not be queued while Redis was down)."""
    today = today or timezone.localdate()
    if ScheduledCheckRun.objects.filter(day=today).exists():
        if send_email:
            untried = AlertDigest.objects.filter(status=DigestStatus.PENDING, attempts=0)
            queue_digests(list(untried.order_by("day", "pk").values_list("pk", flat=True)))
        return None
    return run_scheduled_checks(today=today, send_email=send_email)


def lapse_overdue_options(*, today: dt.date) -> list[MissedDeadline]:
    """Step 1: lapse every extension option not exercised by its decision
    deadline, and the options after it, and recompute the contracts' dates,
    so the checks below read the terms as they now stand.

    Also brings contract and framework statuses up to ``today``. Returns the
    options whose deadline has passed, read before they lapse: lapsing clears
    an option's deadline, and the alert that tells the officer and managers
    names it.
    """
    missed = dues.options_past_deadline(today=today)
    contract_lapse_overdue_options(today=today)
    # Contracts that have ended become expired; pilots get their end date
    # once the procurement that replaces them is awarded.
    contract_refresh_statuses(today=today)
    frameworks_refresh(today=today)
    return missed


def lock_run(using=None) -> bool:
    """Take the run's lock for this transaction, or say another run has it."""
    database = using or connection
    if database.vendor != "postgresql":
        # SQLite (make run) lets one writer in at a time; the unique keys
        # still stop anything being raised twice.
        return True
    with database.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [RUN_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _find_dues(today: dt.date, audience: Audience, lapsing: list[MissedDeadline]) -> list[Due]:
    return [
        *dues.contract_expiry(today=today, most_months=audience.most(LeadsFrom.EXPIRY_MONTHS)),
        *dues.extension_decision_due(today=today, most_days=audience.most(LeadsFrom.DECISION_DAYS)),
        *dues.options_lapsed(today=today, lapsing=lapsing),
        *dues.reprocurement_due(today=today),
        *dues.reablement_overrun(today=today),
        *dues.follow_up_due(today=today),
        *dues.review_overdue(today=today),
        *dues.capacity_full(today=today),
        *dues.rating_drop(today=today),
    ]


def current_stage(
    stages: tuple[Lead, ...], due_date: dt.date, today: dt.date, *, late_window: bool
) -> Lead | None:
    """The latest stage whose day has come, so a run after missed days
    raises what is due now (once), not every stage it missed."""
    reached = [(stage.trigger(due_date), stage) for stage in stages]
    reached = [(day, stage) for day, stage in reached if day <= today]
    if not reached:
        return None
    day, stage = max(reached, key=lambda pair: pair[0])
    if late_window and day < today - dt.timedelta(days=settings.ALERTS_LATE_WINDOW_DAYS):
        return None
    return stage


Key = tuple[int, int, str, dt.date, str]


def _raise(found: list[Due], today: dt.date, audience: Audience) -> tuple[int, int]:
    """Insert the alerts due today (each key once) and their deliveries.

    Returns how many alerts and deliveries were new."""
    wanted: dict[Key, tuple[Due, Lead]] = {}
    recipients: dict[Key, set[int]] = {}
    for due in found:
        for user_id in audience.recipients(due):
            stage = current_stage(
                audience.stages(due, user_id), due.due_date, today, late_window=due.late_window
            )
            if stage is None:
                continue
            key = (due.content_type_id, due.object_id, due.kind, due.due_date, stage.code)
            wanted.setdefault(key, (due, stage))
            recipients.setdefault(key, set()).add(user_id)
    if not wanted:
        return 0, 0

    existing = _alerts_by_key(wanted)
    new_alerts = [
        Alert(
            kind=due.kind,
            content_type_id=due.content_type_id,
            object_id=due.object_id,
            subject_label=due.label[:300],
            message=due.message(stage),
            due_date=due.due_date,
            lead=stage.code,
            raised_on=today,
        )
        for key, (due, stage) in wanted.items()
        if key not in existing
    ]
    Alert.objects.bulk_create(new_alerts, ignore_conflicts=True)
    alerts = _alerts_by_key(wanted) if new_alerts else existing

    # Everyone is told of a new alert; an alert someone has already
    # acknowledged is not sent to people who join later.
    pairs = {
        (alerts[key][0], user_id)
        for key, user_ids in recipients.items()
        if key in alerts and (key not in existing or alerts[key][1])
        for user_id in user_ids
    }
    delivered = _deliver(pairs, DeliveryReason.RECIPIENT, audience)
    return len(new_alerts), delivered


def _alerts_by_key(wanted) -> dict[Key, tuple[int, bool]]:
    """Alerts already raised for these keys: key -> (id, still open)."""
    groups: dict[tuple[int, str], set[int]] = {}
    for content_type_id, object_id, kind, _, _ in wanted:
        groups.setdefault((content_type_id, kind), set()).add(object_id)
    condition = Q()
    for (content_type_id, kind), object_ids in groups.items():
        condition |= Q(content_type_id=content_type_id, kind=kind, object_id__in=object_ids)
    due_dates = {key[3] for key in wanted}
    rows = Alert.objects.filter(condition, due_date__in=due_dates).values_list(
        "id", "content_type_id", "object_id", "kind", "due_date", "lead", "acknowledged_at"
    )
    return {
        (content_type_id, object_id, kind, due_date, lead): (alert_id, acknowledged is None)
        for alert_id, content_type_id, object_id, kind, due_date, lead, acknowledged in rows
        if (content_type_id, object_id, kind, due_date, lead) in wanted
    }


def _deliver(pairs: set[tuple[int, int]], reason: str, audience: Audience) -> int:
    if not pairs:
        return 0
    alert_ids = {alert_id for alert_id, _ in pairs}
    already = set(
        AlertDelivery.objects.filter(alert_id__in=alert_ids, reason=reason).values_list(
            "alert_id", "user_id"
        )
    )
    new = [
        AlertDelivery(
            alert_id=alert_id,
            user_id=user_id,
            reason=reason,
            email_wanted=user_id in audience.with_email,
        )
        for alert_id, user_id in sorted(pairs - already)
    ]
    AlertDelivery.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _escalate(today: dt.date, audience: Audience) -> tuple[int, int]:
    """Tell every manager of the alerts nobody has acknowledged in 14 days."""
    cutoff = today - dt.timedelta(days=settings.ALERTS_ESCALATE_AFTER_DAYS)
    alert_ids = list(
        Alert.objects.filter(
            acknowledged_at__isnull=True, escalated_on__isnull=True, raised_on__lte=cutoff
        ).values_list("id", flat=True)
    )
    if not alert_ids:
        return 0, 0
    managers = [user_id for user_id in audience.managers if user_id in audience.active]
    pairs = {(alert_id, user_id) for alert_id in alert_ids for user_id in managers}
    delivered = _deliver(pairs, DeliveryReason.ESCALATION, audience)
    Alert.objects.filter(pk__in=alert_ids).update(escalated_on=today, modified_at=timezone.now())
    return len(alert_ids), delivered


def _gather_digests(today: dt.date) -> list[int]:
    """Put each user's deliveries not yet emailed into that day's digest
    (one per user per day: deliveries made after it was sent wait for the
    next day's), and return every digest still to be sent."""
    waiting = AlertDelivery.objects.filter(digest__isnull=True, email_wanted=True)
    user_ids = set(waiting.values_list("user_id", flat=True).order_by().distinct())
    if user_ids:
        AlertDigest.objects.bulk_create(
            [AlertDigest(user_id=user_id, day=today) for user_id in sorted(user_ids)],
            ignore_conflicts=True,
        )
        todays = AlertDigest.objects.filter(
            user_id=OuterRef("user_id"), day=today, status=DigestStatus.PENDING
        )
        waiting.filter(Exists(todays)).update(
            digest=Subquery(todays.values("pk")[:1]), modified_at=timezone.now()
        )
    return list(
        AlertDigest.objects.filter(status=DigestStatus.PENDING)
        .filter(Exists(AlertDelivery.objects.filter(digest=OuterRef("pk"))))
        .order_by("day", "pk")
        .values_list("pk", flat=True)
    )


def queue_digests(digest_ids: list[int]) -> None:
    """Queue each digest for sending (runs after the run's transaction commits)."""
    from celery.exceptions import Retry

    from commissioning.tasks import send_alert_digest

    for digest_id in digest_ids:
        try:
            send_alert_digest.delay(digest_id)
        except Retry:
            # Without a broker (make run) the task runs in process and cannot
            # wait to retry: the digest stays pending for the next run.
            logger.warning("Alert digest %s was not accepted; it stays pending.", digest_id)
