"""Recording short-break use against the weekly hour bank (seed 004,
DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.common.choices import ServiceType
from commissioning.models import CarePackage, HourBankUsage, PackageStatus
from commissioning.selectors.care.hour_bank import package_hour_bank
from commissioning.services.care.common import day, lock
from commissioning.templatetags.formatting import hours as hours_text


@transaction.atomic
def hour_bank_use_record(
    *, package: CarePackage, date: dt.date, hours: Decimal, notes: str = ""
) -> HourBankUsage:
    """Record short-break hours used (or booked) on a day. Refused beyond the
    hours available that day, saying how many are available."""
    package = lock(package)
    if package.service_type != ServiceType.SHORT_BREAKS:
        raise ValidationError("Only short-break packages have an hour bank.")
    if package.status in (PackageStatus.REQUESTED, PackageStatus.SOURCING):
        raise ValidationError("The package has no provider yet: place it before booking breaks.")
    if hours is None or hours <= 0:
        raise ValidationError({"hours": "Enter the hours used, more than 0."})
    if date < package.start_date or (package.end_date and date > package.end_date):
        until = f" to {day(package.end_date)}" if package.end_date else ""
        raise ValidationError(
            {
                "date": f"The package runs from {day(package.start_date)}{until}: "
                "choose a day in that time."
            }
        )
    bank = package_hour_bank(package, through=date)
    available = bank.available_on(date)
    if hours > available:
        raise ValidationError(
            {
                "hours": f"Only {hours_text(available)} {'is' if available == 1 else 'are'} "
                f"available on {day(date)}, "
                f"so {hours_text(hours)} cannot be booked. Book {hours_text(available)} or "
                "fewer, or choose another day."
                if available
                else f"No hours are available on {day(date)}: the banked hours are used up "
                "or have expired. Choose another day."
            }
        )
    return HourBankUsage.objects.create(
        package=package, date=date, hours=hours, notes=notes.strip()
    )
