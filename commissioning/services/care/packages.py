"""Requesting, placing, editing, suspending and ending care packages
(DOMAIN.md §4).

The provider of a package in place changes only at a review (seed 004: an
existing package moves to a new provider only at the point of review).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.common.choices import ServiceType
from commissioning.models import (
    BrokerageOffer,
    CarePackage,
    Contract,
    OfferResponse,
    PackageStatus,
    Person,
)
from commissioning.selectors.care.brokerage import brokerage_tiers
from commissioning.selectors.care.hour_bank import package_schedule, package_uses
from commissioning.selectors.care.packages import review_due
from commissioning.services.care.common import check_bank_still_covers, day, lock
from providers.models import Provider
from tenders.models import Framework, FrameworkMember

PROVIDER_CHANGES_AT_REVIEW = (
    "The provider of a package in place changes only at a review: record a review "
    "with the new provider."
)
HOURS_CHANGE_AT_REVIEW = (
    "The weekly hours of a package that has been reviewed change only at a review: "
    "record a review with the new hours."
)

# Status changes an officer makes directly. Placing a package (to active)
# happens when a provider accepts it or is chosen; see brokerage and
# package_place.
STATUS_MOVES = {
    PackageStatus.REQUESTED: {PackageStatus.ENDED},
    PackageStatus.SOURCING: {PackageStatus.ENDED},
    PackageStatus.ACTIVE: {PackageStatus.SUSPENDED, PackageStatus.ENDED},
    PackageStatus.SUSPENDED: {PackageStatus.ACTIVE, PackageStatus.ENDED},
    PackageStatus.ENDED: set(),
}


def _check_provider_terms(
    *,
    provider: Provider | None,
    contract: Contract | None,
    framework: Framework | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if contract is not None:
        if provider is None:
            errors["contract"] = ["Choose the provider before linking their contract."]
        elif contract.provider_id != provider.pk:
            errors["contract"] = [
                f"Contract {contract.reference} is with {contract.provider}, not {provider}. "
                "Choose a contract with this package's provider."
            ]
    if framework is not None and provider is not None:
        member = FrameworkMember.objects.filter(framework=framework, provider=provider)
        if not member.exists():
            errors["framework"] = [
                f"{provider} is not a provider on {framework.reference}. "
                "Choose the framework the package is called off under, or none."
            ]
    return errors


def _check_dates(package: CarePackage, errors: dict[str, list[str]]) -> None:
    if package.end_date and package.end_date < package.start_date:
        errors.setdefault("end_date", []).append(
            f"The end date must be on or after the start date ({day(package.start_date)})."
        )
    person = package.person
    if person.date_of_death and package.start_date > person.date_of_death:
        errors.setdefault("start_date", []).append(
            f"{person} died on {day(person.date_of_death)}: a package cannot start after that."
        )


def _check_hours(hours: Decimal, errors: dict[str, list[str]], *, field="weekly_hours") -> None:
    if hours is None or hours <= 0:
        errors.setdefault(field, []).append("Enter the weekly hours assessed, more than 0.")


def _has_tiers(package: CarePackage) -> bool:
    return brokerage_tiers(package).exists()


@transaction.atomic
def package_create(
    *,
    person: Person,
    service_type: str,
    start_date: dt.date,
    weekly_hours: Decimal,
    requested_on: dt.date | None = None,
    end_date: dt.date | None = None,
    provider: Provider | None = None,
    contract: Contract | None = None,
    framework: Framework | None = None,
    time_critical: bool = False,
) -> CarePackage:
    """Request a package; with a provider it is recorded as placed (an
    existing arrangement), otherwise it waits to be sourced."""
    today = timezone.localdate()
    package = CarePackage(
        person=person,
        service_type=service_type,
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        requested_on=requested_on or min(start_date, today),
        provider=provider,
        contract=contract,
        framework=framework if framework is not None else getattr(contract, "framework", None),
        time_critical=time_critical,
        status=PackageStatus.ACTIVE if provider else PackageStatus.REQUESTED,
    )
    errors = _check_provider_terms(
        provider=provider, contract=contract, framework=package.framework
    )
    _check_dates(package, errors)
    _check_hours(weekly_hours, errors)
    if package.requested_on > today:
        errors.setdefault("requested_on", []).append("The request date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if end_date and end_date < today and provider:
        package.status = PackageStatus.ENDED
    package.next_review_due = review_due(
        start_date=start_date,
        last_review_date=None,
        ended=package.status == PackageStatus.ENDED,
    )
    package.save()
    return package


EDITABLE = (
    "service_type",
    "framework",
    "contract",
    "provider",
    "requested_on",
    "start_date",
    "end_date",
    "weekly_hours",
    "time_critical",
)


@transaction.atomic
def package_update(*, package: CarePackage, **changes) -> CarePackage:
    """Edit a package. Refuses a change of provider once it has one (that is
    a review), and a change of hours once it has been reviewed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not an editable field of a package: {', '.join(sorted(unknown))}")
    package = lock(package)
    changes = {name: value for name, value in changes.items() if getattr(package, name) != value}
    errors: dict[str, list[str]] = {}
    reviewed = package.reviews.exists()
    has_history = reviewed or package.offers.exists() or package.usage.exists()

    if "provider" in changes:
        if package.provider_id is not None:
            errors["provider"] = [PROVIDER_CHANGES_AT_REVIEW]
        elif changes["provider"] is not None and _has_tiers(package):
            errors["provider"] = [
                "This package is placed through brokerage: offer it to the framework's "
                "providers in tier order and record their answers."
            ]
    if "weekly_hours" in changes:
        if reviewed:
            errors["weekly_hours"] = [HOURS_CHANGE_AT_REVIEW]
        else:
            _check_hours(changes["weekly_hours"], errors)
    if "service_type" in changes and has_history:
        errors["service_type"] = [
            "The service type cannot change once the package has offers, reviews or "
            "short-break use. End it and request a new package instead."
        ]
    if "framework" in changes and package.offers.exists():
        errors["framework"] = [
            "The framework cannot change once the package has been offered to providers."
        ]
    if package.status == PackageStatus.ENDED and changes.get("end_date", "") is None:
        errors["end_date"] = ["An ended package needs its end date."]
    if errors:
        raise ValidationError(errors)

    for name, value in changes.items():
        setattr(package, name, value)
    if "requested_on" in changes and package.requested_on > timezone.localdate():
        errors["requested_on"] = ["The request date cannot be in the future."]
    if package.sourced_on and package.requested_on > package.sourced_on:
        errors["requested_on"] = [
            f"The request date cannot be after the day a provider accepted "
            f"({day(package.sourced_on)})."
        ]
    errors.update(
        _check_provider_terms(
            provider=package.provider,
            contract=package.contract,
            framework=package.framework,
        )
    )
    _check_dates(package, errors)
    first_review = package.reviews.order_by("review_date", "id").first()
    if first_review and first_review.review_date < package.start_date:
        errors.setdefault("start_date", []).append(
            f"The package was reviewed on {day(first_review.review_date)}: it cannot start "
            "after that."
        )
    last_review = package.reviews.order_by("-review_date", "-id").first()
    if last_review and package.end_date and package.end_date < last_review.review_date:
        errors.setdefault("end_date", []).append(
            f"The package was reviewed on {day(last_review.review_date)}: it cannot end "
            "before that."
        )
    if errors:
        raise ValidationError(errors)
    if package.service_type == ServiceType.SHORT_BREAKS:
        check_bank_still_covers(package_schedule(package), package_uses(package), field="end_date")
    if package.provider_id and package.status in (
        PackageStatus.REQUESTED,
        PackageStatus.SOURCING,
    ):
        # Placed directly (no tiered framework): placed today.
        package.status = PackageStatus.ACTIVE
        package.sourced_on = max(timezone.localdate(), package.requested_on)
    package.next_review_due = review_due(
        start_date=package.start_date,
        last_review_date=last_review.review_date if last_review else None,
        ended=package.status == PackageStatus.ENDED,
    )
    package.save()
    return package


@transaction.atomic
def package_change_status(
    *, package: CarePackage, status: str, end_date: dt.date | None = None
) -> CarePackage:
    """Suspend, resume or end a package (a request not yet placed may be
    ended too: it was not needed after all)."""
    package = lock(package)
    current = PackageStatus(package.status)
    status = PackageStatus(status)
    if status not in STATUS_MOVES[current]:
        if current == PackageStatus.ENDED:
            reason = "This package has ended. Request a new package instead."
        elif status == PackageStatus.ACTIVE:
            reason = "A package becomes active when a provider accepts it."
        else:
            reason = f"A {current.label.lower()} package cannot be made {status.label.lower()}."
        raise ValidationError({"status": reason})
    if status == PackageStatus.ENDED:
        if end_date is None:
            raise ValidationError({"end_date": "Enter the date the package ended."})
        if end_date < package.start_date:
            raise ValidationError(
                {
                    "end_date": "The end date must be on or after the start date "
                    f"({day(package.start_date)})."
                }
            )
        last_review = package.reviews.order_by("-review_date").first()
        if last_review and end_date < last_review.review_date:
            raise ValidationError(
                {
                    "end_date": f"The package was reviewed on {day(last_review.review_date)}: "
                    "it cannot end before that."
                }
            )
        package.end_date = end_date
        if package.service_type == ServiceType.SHORT_BREAKS:
            check_bank_still_covers(
                package_schedule(package), package_uses(package), field="end_date"
            )
        withdraw_pending_offers(package, on=end_date)
        package.next_review_due = None
    package.status = status
    package.save()
    return package


def withdraw_pending_offers(package: CarePackage, *, on: dt.date) -> None:
    """Offers still unanswered when the package is placed or ended."""
    for offer in BrokerageOffer.objects.filter(package=package, response=OfferResponse.PENDING):
        offer.response = OfferResponse.WITHDRAWN
        offer.responded_on = max(on, offer.offered_on)
        offer.save(update_fields=["response", "responded_on"])
