"""Alerts raised by the daily scheduled checks, who was told and how, and each
user's alert preferences.

An alert is one fact about one record ("CON-12 ends on 31 December 2021 and
no extension option is left"), raised once: its key (subject, kind, due date,
lead) is unique in the database, so the daily check may run twice, or on two
workers at once, without raising or sending anything twice. Who is told is a
delivery; the email that tells them is the day's digest for that user.

Alerts point at contracts, care packages and reablement episodes: they are
for officers and managers only (``personal_data``), and their labels and
messages never name the person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from commissioning.common.audit import audit_history
from commissioning.common.dates import months_after, months_before
from commissioning.common.models import BaseModel


class AlertKind(models.TextChoices):
    """API.md's ``alerts.kind``."""

    CONTRACT_EXPIRY = "contract_expiry", "Contract ending"
    EXTENSION_DECISION_DUE = "extension_decision_due", "Extension decision due"
    REPROCUREMENT_DUE = "reprocurement_due", "Re-procurement due"
    REABLEMENT_OVERRUN = "reablement_overrun", "Reablement over six weeks"
    FOLLOW_UP_DUE = "follow_up_due", "91-day follow-up due"
    REVIEW_OVERDUE = "review_overdue", "Package review overdue"
    CAPACITY_FULL = "capacity_full", "Reablement service full"
    RATING_DROP = "rating_drop", "Provider rating dropped"


@dataclass(frozen=True)
class Lead:
    """When an alert is raised relative to its due date.

    Stored as a short code: ``90d`` (90 days before), ``12m`` (12 months
    before), ``0d`` (on the due date), ``+7d`` (7 days after), ``+2m``
    (2 months after).
    """

    amount: int
    unit: str  # "d" or "m"
    after: bool = False

    @classmethod
    def days(cls, amount: int, *, after: bool = False) -> Lead:
        return cls(amount, "d", after)

    @classmethod
    def months(cls, amount: int, *, after: bool = False) -> Lead:
        return cls(amount, "m", after)

    @classmethod
    def parse(cls, code: str) -> Lead:
        after = code.startswith("+")
        body = code.lstrip("+")
        if len(body) < 2 or body[-1] not in "dm" or not body[:-1].isdigit():
            raise ValueError(f"Not a lead: {code!r}")
        return cls(int(body[:-1]), body[-1], after)

    @property
    def code(self) -> str:
        return f"{'+' if self.after else ''}{self.amount}{self.unit}"

    def trigger(self, due: dt.date) -> dt.date:
        """The day an alert with this lead is raised for ``due``."""
        if self.unit == "m":
            return months_after(due, self.amount) if self.after else months_before(due, self.amount)
        offset = dt.timedelta(days=self.amount)
        return due + offset if self.after else due - offset

    @property
    def label(self) -> str:
        """'90 days before the due date', 'on the due date'."""
        if self.amount == 0:
            return "on the due date"
        unit = {"d": "day", "m": "month"}[self.unit]
        plural = "" if self.amount == 1 else "s"
        return f"{self.amount} {unit}{plural} {'after' if self.after else 'before'} the due date"


ON_THE_DAY = Lead.days(0)


class Alert(BaseModel):
    personal_data = True

    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    # The record the alert is about: a contract, care package, reablement
    # episode or service, or a provider.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # Written when raised, so lists and emails need not fetch every subject.
    subject_label = models.CharField(max_length=300)
    message = models.TextField()
    due_date = models.DateField()
    lead = models.CharField(
        max_length=8, help_text="When it was raised relative to the due date, e.g. 90d or +7d."
    )
    raised_on = models.DateField()
    # The first time an email naming this alert was accepted by the mail server.
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The day managers were told it had been left unacknowledged.
    escalated_on = models.DateField(null=True, blank=True, editable=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="acknowledged_alerts",
        editable=False,
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)
    acknowledgement_note = models.TextField(blank=True, editable=False)

    history = audit_history()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "due_date", "lead"],
                name="one_alert_per_subject_kind_due_date_lead",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=False) | Q(acknowledgement_note=""),
                name="alert_note_only_when_acknowledged",
            ),
        ]
        indexes = [
            models.Index(fields=["acknowledged_at", "raised_on"]),
            models.Index(fields=["kind", "due_date"]),
            models.Index(fields=["raised_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label} ({self.due_date:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def lead_label(self) -> str:
        try:
            return Lead.parse(self.lead).label
        except ValueError:
            return self.lead

    @property
    def raised_on_time(self) -> bool:
        """Raised on its stage's own day, not late after missed runs or a change of date."""
        try:
            return Lead.parse(self.lead).trigger(self.due_date) == self.raised_on
        except ValueError:
            return False

    @property
    def subject_type(self) -> str:
        """API.md: the subject's model name in lower case."""
        return self.content_type.model


class DeliveryReason(models.TextChoices):
    RECIPIENT = "recipient", "Raised for them"
    ESCALATION = "escalation", "Escalated: not acknowledged"


class AlertDelivery(BaseModel):
    """One user told of one alert, in the app and (if they want email) in a digest."""

    personal_data = True

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    reason = models.CharField(
        max_length=12, choices=DeliveryReason.choices, default=DeliveryReason.RECIPIENT
    )
    # Decided when the delivery is made: the user had an email address and
    # email turned on. Deliveries without it show in the app only.
    email_wanted = models.BooleanField(default=True)
    digest = models.ForeignKey(
        "commissioning.AlertDigest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )

    history = audit_history()

    class Meta:
        ordering = ["alert", "user", "reason"]
        verbose_name_plural = "alert deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "user", "reason"], name="one_delivery_per_alert_user_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "alert"]),
            models.Index(fields=["digest", "email_wanted"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: alert {self.alert_id} to {self.user}"


class DigestStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class AlertDigest(BaseModel):
    """One email a day per user, grouping the alerts raised for them."""

    personal_data = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests"
    )
    day = models.DateField()
    status = models.CharField(
        max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # Set only once the mail server has accepted the message.
    sent_at = models.DateTimeField(null=True, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"], name="one_alert_digest_per_user_per_day"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="alert_digest_sent_when_accepted",
            ),
        ]
        indexes = [models.Index(fields=["status", "day"])]

    def __str__(self) -> str:
        return f"Alerts for {self.user} on {self.day:%d/%m/%Y} ({self.get_status_display()})"


def parse_leads(text: str, *, most: int) -> list[int]:
    """'12, 6, 3, 1' -> [12, 6, 3, 1]; refuses anything an officer did not mean."""
    values = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= most:
            raise ValidationError(
                f"Enter whole numbers from 1 to {most}, separated by commas, like 90, 30, 7."
            )
        values.append(int(part))
    if len(set(values)) != len(values):
        raise ValidationError("Enter each number once.")
    if len(values) > 6:
        raise ValidationError("Enter at most 6 numbers.")
    return sorted(values, reverse=True)


def _validate_lead_months(text: str) -> None:
    parse_leads(text, most=36)


def _validate_lead_days(text: str) -> None:
    parse_leads(text, most=365)


class AlertPreference(BaseModel):
    """A user's own lead times and whether they want email. Blank lead times
    mean the council's defaults (settings)."""

    personal_data = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference"
    )
    email_enabled = models.BooleanField(
        "Email me a daily digest of new alerts",
        default=True,
        help_text="Alerts always show here in the app.",
    )
    contract_expiry_lead_months = models.CharField(
        "Months before a contract ends",
        max_length=40,
        blank=True,
        validators=[_validate_lead_months],
    )
    extension_decision_lead_days = models.CharField(
        "Days before an extension decision is due",
        max_length=40,
        blank=True,
        validators=[_validate_lead_days],
    )

    history = audit_history()

    class Meta:
        ordering = ["user"]

    def __str__(self) -> str:
        return f"Alert preferences of {self.user}"

    @property
    def expiry_months(self) -> list[int]:
        text = self.contract_expiry_lead_months
        return parse_leads(text, most=36) if text else list(settings.ALERTS_CONTRACT_EXPIRY_MONTHS)

    @property
    def decision_days(self) -> list[int]:
        text = self.extension_decision_lead_days
        return (
            parse_leads(text, most=365) if text else list(settings.ALERTS_EXTENSION_DECISION_DAYS)
        )


class ScheduledCheckRun(BaseModel):
    """One run of the daily check that did the work (a run that found another
    run in progress records nothing). Operators read these in the admin."""

    day = models.DateField(help_text="The day the check ran for.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    alerts_raised = models.PositiveIntegerField(default=0)
    deliveries_made = models.PositiveIntegerField(default=0)
    escalations = models.PositiveIntegerField(default=0)
    digests_queued = models.PositiveIntegerField(default=0)

    history = audit_history()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"Scheduled checks for {self.day:%d/%m/%Y}: {self.alerts_raised} raised"
