"""What officers do with alerts: acknowledge them, set their preferences."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from commissioning.models import Alert, AlertPreference
from commissioning.models.alerts import parse_leads

NOTE_MAX_LENGTH = 2000


@transaction.atomic
def alert_acknowledge(*, alert: Alert, user, note: str) -> Alert:
    """Record who has dealt with an alert, and how; it leaves everyone's open
    alerts and is not escalated."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": "Enter a note saying what you have done or will do about this alert."}
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer."})
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("acknowledged_by")
        .get(pk=alert.pk)
    )
    if alert.acknowledged_at is not None:
        by = alert.acknowledged_by
        who = (by.get_full_name() or by.get_username()) if by else "Someone"
        when = date_format(timezone.localtime(alert.acknowledged_at), "j F Y")
        raise ValidationError(
            f"{who} already acknowledged this alert on {when}. Their note is on the alert."
        )
    alert.acknowledged_by = user
    alert.acknowledged_at = timezone.now()
    alert.acknowledgement_note = note
    alert.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
    return alert


@transaction.atomic
def alert_preference_update(
    *,
    user,
    email_enabled: bool,
    contract_expiry_lead_months: str = "",
    extension_decision_lead_days: str = "",
) -> AlertPreference:
    """Save a user's own lead times (blank: the council's defaults) and
    whether they want the daily email."""
    errors = {}
    cleaned = {}
    for name, text, most in (
        ("contract_expiry_lead_months", contract_expiry_lead_months, 36),
        ("extension_decision_lead_days", extension_decision_lead_days, 365),
    ):
        try:
            cleaned[name] = ", ".join(str(value) for value in parse_leads(text or "", most=most))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    preference, _ = AlertPreference.objects.select_for_update().get_or_create(user=user)
    preference.email_enabled = email_enabled
    preference.contract_expiry_lead_months = cleaned["contract_expiry_lead_months"]
    preference.extension_decision_lead_days = cleaned["extension_decision_lead_days"]
    preference.save()
    return preference
