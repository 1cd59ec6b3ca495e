"""Reviews of care packages.

Seed 003: provider-led reviews may adjust hours; the change and who led the
review are kept so the reduction can be reported. Seed 004: an existing
package moves to a new provider only at a review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.common.choices import ServiceType
from commissioning.models import CarePackage, PackageReview, ReviewLead
from commissioning.selectors.care.hour_bank import package_schedule, package_uses
from commissioning.selectors.care.packages import IN_PLACE, review_due
from commissioning.services.care.common import check_bank_still_covers, check_not_future, day, lock
from providers.models import Provider


@transaction.atomic
def package_review_record(
    *,
    package: CarePackage,
    review_date: dt.date,
    led_by: str,
    hours_after: Decimal,
    new_provider: Provider | None = None,
    outcome_notes: str = "",
) -> PackageReview:
    """Record a review: its hours become the package's weekly hours from the
    review date, and a new provider (if any) takes the package over."""
    package = lock(package)
    if package.status not in IN_PLACE:
        raise ValidationError(
            "Only a package in place (active or suspended) can be reviewed; "
            f"this one is {package.get_status_display().lower()}."
        )
    errors: dict[str, list[str]] = {}
    if led_by not in ReviewLead.values:
        errors["led_by"] = ["Choose who led the review: the provider or the council."]
    if hours_after is None or hours_after < 0:
        errors["hours_after"] = ["Enter the weekly hours after the review: 0 or more."]
    check_not_future(errors, review_date, field="review_date", what="A review date")
    if review_date < package.start_date:
        errors.setdefault("review_date", []).append(
            f"The review cannot be before the package started ({day(package.start_date)})."
        )
    if package.end_date and review_date > package.end_date:
        errors.setdefault("review_date", []).append(
            f"The review cannot be after the package ends ({day(package.end_date)})."
        )
    last = package.reviews.order_by("-review_date", "-id").first()
    if last and review_date < last.review_date:
        errors.setdefault("review_date", []).append(
            f"The last review was on {day(last.review_date)}: record reviews in date order."
        )
    if new_provider is not None and new_provider.pk == package.provider_id:
        errors["new_provider"] = [
            f"The package is already with {new_provider}. Leave the new provider empty to "
            "keep it there."
        ]
    if errors:
        raise ValidationError(errors)

    review = PackageReview(
        package=package,
        review_date=review_date,
        led_by=led_by,
        hours_before=package.weekly_hours,
        hours_after=hours_after,
        provider_before=package.provider,
        new_provider=new_provider,
        outcome_notes=outcome_notes.strip(),
    )
    if package.service_type == ServiceType.SHORT_BREAKS:
        reviews = [*package.reviews.all(), review]
        check_bank_still_covers(
            package_schedule(package, reviews), package_uses(package), field="hours_after"
        )
    review.save()

    package.weekly_hours = hours_after
    if new_provider is not None:
        package.provider = new_provider
        if package.contract_id and package.contract.provider_id != new_provider.pk:
            # The old provider's contract does not cover the new provider.
            package.contract = None
    package.next_review_due = review_due(
        start_date=package.start_date, last_review_date=review_date
    )
    package.save()
    return review
