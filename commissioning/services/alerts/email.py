"""The daily digest email: one per user per day, plain text and HTML, with
links back into the app; marked sent only once the mail server accepts it."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commissioning.models import (
    Alert,
    AlertDelivery,
    AlertDigest,
    AlertKind,
    DeliveryReason,
    DigestStatus,
)

logger = logging.getLogger(__name__)


class DigestNotAccepted(Exception):
    """The mail server refused the digest or could not be reached."""

    def __init__(self, digest_id: int, error: Exception, *, final: bool):
        super().__init__(f"Alert digest {digest_id} was not accepted: {error}")
        self.final = final


@dataclass(frozen=True)
class DigestLine:
    alert: Alert
    url: str


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_digest_email(digest: AlertDigest) -> EmailMultiAlternatives:
    deliveries = (
        AlertDelivery.objects.filter(digest=digest)
        .select_related("alert")
        .order_by("alert__due_date", "alert__kind", "alert_id")
    )
    sections: dict[str, dict[str, list[DigestLine]]] = {
        DeliveryReason.RECIPIENT: defaultdict(list),
        DeliveryReason.ESCALATION: defaultdict(list),
    }
    for delivery in deliveries:
        alert = delivery.alert
        sections[delivery.reason][alert.get_kind_display()].append(
            DigestLine(alert=alert, url=absolute(reverse("alerts:detail", args=[alert.pk])))
        )
    new = dict(sections[DeliveryReason.RECIPIENT])
    escalated = dict(sections[DeliveryReason.ESCALATION])
    count = sum(len(lines) for lines in new.values())
    escalated_count = sum(len(lines) for lines in escalated.values())
    context = {
        "user": digest.user,
        "day": digest.day,
        "new": _in_kind_order(new),
        "escalated": _in_kind_order(escalated),
        "new_count": count,
        "escalated_count": escalated_count,
        "inbox_url": absolute(reverse("alerts:inbox")),
        "preferences_url": absolute(reverse("alerts:preferences")),
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "escalate_after_days": settings.ALERTS_ESCALATE_AFTER_DAYS,
    }
    parts = []
    if count:
        parts.append(f"{count} new alert{'s' if count != 1 else ''}")
    if escalated_count:
        parts.append(f"{escalated_count} not acknowledged")
    subject = f"{settings.SERVICE_NAME}: {' and '.join(parts)} – {digest.day:%d/%m/%Y}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("alerts/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
    )
    message.attach_alternative(render_to_string("alerts/email/digest.html", context), "text/html")
    return message


def _in_kind_order(groups: dict[str, list[DigestLine]]) -> list[tuple[str, list[DigestLine]]]:
    order = {label: position for position, label in enumerate(AlertKind.labels)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def alert_digest_send(*, digest_id: int, final_attempt: bool = False) -> bool:
    """Send one digest unless it is already sent or being sent.

    Returns True when this call sent it. Each attempt is recorded; a refusal
    raises DigestNotAccepted after recording it (``final`` when no retry is
    left, and the digest is then marked failed). Nothing is marked sent
    unless the server accepted the message.
    """
    with transaction.atomic():
        # Locked while sending, so two workers never send the same digest.
        digest = (
            AlertDigest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=digest_id, status=DigestStatus.PENDING)
            .first()
        )
        if digest is None:
            return False
        now = timezone.now()
        if not (digest.user.is_active and digest.user.email):
            # Nothing to retry: the alerts are in the app for whoever holds them now.
            digest.status = DigestStatus.FAILED
            digest.last_error = "Not sent: the user has no email address or is switched off."
            digest.save(update_fields=["status", "last_error"])
            return False
        digest.attempts += 1
        digest.last_attempt_at = now
        try:
            accepted = build_digest_email(digest).send(fail_silently=False)
        except OSError as error:  # smtplib's errors are OSErrors, as are refused connections
            refusal = error
        else:
            if accepted:
                digest.status = DigestStatus.SENT
                digest.sent_at = now
                digest.last_error = ""
                digest.save(
                    update_fields=["status", "sent_at", "attempts", "last_attempt_at", "last_error"]
                )
                Alert.objects.filter(deliveries__digest=digest, sent_at__isnull=True).update(
                    sent_at=now, modified_at=now
                )
                return True
            refusal = OSError("The mail backend sent nothing.")
        digest.last_error = f"{type(refusal).__name__}: {refusal}"[:2000]
        if final_attempt:
            digest.status = DigestStatus.FAILED
        digest.save(update_fields=["status", "attempts", "last_attempt_at", "last_error"])
    logger.warning(
        "Alert digest %s not accepted (attempt %s): %s", digest_id, digest.attempts, refusal
    )
    raise DigestNotAccepted(digest_id, refusal, final=final_attempt)
