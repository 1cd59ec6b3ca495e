"""Demo alerts: the daily checks run for today over the rest of the demo
data, as beat would at 06:00, without email (the first real run sends the
digests). Some are acknowledged with a note, as an officer would.

Idempotent: the checks run once a day (a second load the same day finds
today's run and does nothing), and acknowledging skips what is done.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from commissioning.models import Alert, AlertKind
from commissioning.services.alerts.actions import alert_acknowledge
from commissioning.services.alerts.checks import run_scheduled_checks_if_missed

NOTES = {
    AlertKind.CONTRACT_EXPIRY: "Options appraisal for the replacement is going to the "
    "procurement board next month.",
    AlertKind.EXTENSION_DECISION_DUE: "Extension report drafted for the Corporate Director's "
    "decision under delegated powers.",
    AlertKind.REPROCUREMENT_DUE: "Procurement timetable agreed with the procurement team; "
    "market engagement starts in the spring.",
    AlertKind.REABLEMENT_OVERRUN: "Discussed with the reablement team: two more weeks to meet "
    "the mobility goals, then close.",
    AlertKind.FOLLOW_UP_DUE: "Follow-up call booked with the person and their carer.",
    AlertKind.REVIEW_OVERDUE: "Review booked with the provider for next week.",
    AlertKind.CAPACITY_FULL: "New referrals offered to the alternative service until places "
    "free up.",
    AlertKind.RATING_DROP: "Quality visit booked; improvement plan requested from the provider "
    "within 28 days.",
}
# One in three demo alerts is acknowledged, the rest left open.
ACKNOWLEDGE_EVERY = 3


def load(*, out) -> None:
    run_scheduled_checks_if_missed(send_email=False)
    officer = get_user_model().objects.get(username="officer")
    alerts = Alert.objects.order_by("kind", "due_date", "object_id", "lead", "id")
    for position, alert in enumerate(alerts):
        if position % ACKNOWLEDGE_EVERY == 0 and alert.acknowledged_at is None:
            alert_acknowledge(alert=alert, user=officer, note=NOTES[alert.kind])
    open_count = Alert.objects.filter(acknowledged_at__isnull=True).count()
    out.write(f"Alerts: {Alert.objects.count()} ({open_count} open)")
