"""Helpers the care services share."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from commissioning.models import CarePackage
from commissioning.selectors.care.hour_bank import HourBank, Schedule, Use
from commissioning.templatetags.formatting import hours as hours_text


def day(value: dt.date) -> str:
    """A date as officers read it: 3 March 2025."""
    return date_format(value, "j F Y")


def lock(package: CarePackage) -> CarePackage:
    """The package row, locked until the transaction ends, so two officers
    booking short breaks (or reviewing) at once cannot overdraw the bank."""
    return CarePackage.objects.select_for_update().get(pk=package.pk)


def check_not_future(
    errors: dict[str, list[str]], value: dt.date, *, field: str, what: str
) -> None:
    """Records happen before they are recorded: note a date after today."""
    if value > timezone.localdate():
        errors.setdefault(field, []).append(f"{what} cannot be in the future.")


def check_bank_still_covers(schedule: Schedule, uses: list[Use], *, field: str | None) -> None:
    """Refuse a change that would leave recorded short-break use without
    banked hours (a review lowering hours, new dates)."""
    bank = HourBank(schedule, uses, through=timezone.localdate())
    if bank.balanced:
        return
    first = bank.shortfalls[0]
    if not schedule.in_place(first.use.date):
        message = (
            f"Short breaks are recorded on {day(first.use.date)}, outside these dates. "
            "Correct that use first, or choose dates that include it."
        )
        raise ValidationError({field: message} if field else message)
    message = (
        f"This would leave the {hours_text(first.use.hours)} of short breaks recorded "
        f"on {day(first.use.date)} without banked hours to cover them"
    )
    if first.covered:
        message += f" (only {hours_text(first.covered)} would be covered)"
    message += ". Correct that use first, or choose different dates or hours."
    raise ValidationError({field: message} if field else message)
