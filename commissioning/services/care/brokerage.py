"""Brokerage by framework tier: offering a package to providers in tier
priority and rank order, and recording their answers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.models import BrokerageOffer, CarePackage, OfferResponse, PackageStatus
from commissioning.selectors.care.brokerage import (
    brokerage_members,
    brokerage_tiers,
    higher_tier_members_not_offered,
)
from commissioning.services.care.common import check_not_future, day, lock
from commissioning.services.care.packages import withdraw_pending_offers
from providers.models import Provider

ANSWERS = (OfferResponse.ACCEPTED, OfferResponse.DECLINED, OfferResponse.NO_CAPACITY)


def _names(members) -> str:
    names = [str(member.provider) for member in members]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@transaction.atomic
def brokerage_offer_make(
    *,
    package: CarePackage,
    provider: Provider,
    offered_on: dt.date,
    out_of_order_reason: str = "",
) -> BrokerageOffer:
    """Offer a package to a framework provider. Going to a lower tier while a
    provider on a higher tier has not been offered it needs a reason."""
    package = lock(package)
    if package.status not in (PackageStatus.REQUESTED, PackageStatus.SOURCING):
        raise ValidationError(
            f"This package is {package.get_status_display().lower()}: only a package "
            "still to be placed is offered to providers."
        )
    if package.framework_id is None:
        raise ValidationError(
            {"framework": "Choose the framework the package is called off under first."}
        )
    if not brokerage_tiers(package).exists():
        raise ValidationError(
            f"{package.framework.reference} has no tier for "
            f"{package.get_service_type_display().lower()}: choose a provider directly."
        )
    errors: dict[str, list[str]] = {}
    check_not_future(errors, offered_on, field="offered_on", what="The offer date")
    if offered_on < package.requested_on:
        errors.setdefault("offered_on", []).append(
            f"The offer cannot be before the package was requested ({day(package.requested_on)})."
        )
    if errors:
        raise ValidationError(errors)

    member = brokerage_members(package, on=offered_on).filter(provider=provider).first()
    if member is None:
        raise ValidationError(
            {
                "provider": f"{provider} is not on a {package.framework.reference} tier for "
                f"{package.get_service_type_display().lower()} on {day(offered_on)}."
            }
        )
    earlier = package.offers.filter(provider=provider).first()
    if earlier is not None:
        raise ValidationError(
            {
                "provider": f"{provider} was already offered this package on "
                f"{day(earlier.offered_on)}."
            }
        )
    skipped = higher_tier_members_not_offered(package, member, on=offered_on)
    reason = out_of_order_reason.strip()
    if skipped and not reason:
        tiers = sorted({other.tier.name for other in skipped})
        raise ValidationError(
            {
                "out_of_order_reason": f"{_names(skipped)} on {' and '.join(tiers)} "
                f"{'has' if len(skipped) == 1 else 'have'} not been offered this package. "
                f"Offer it to them first, or record why it goes to {member.tier.name} now."
            }
        )
    offer = BrokerageOffer.objects.create(
        package=package,
        provider=provider,
        tier=member.tier,
        rank=member.rank,
        offered_on=offered_on,
        out_of_order_reason=reason if skipped else "",
    )
    if package.status == PackageStatus.REQUESTED:
        package.status = PackageStatus.SOURCING
        package.save(update_fields=["status"])
    return offer


@transaction.atomic
def brokerage_offer_answer(
    *, offer: BrokerageOffer, response: str, responded_on: dt.date
) -> BrokerageOffer:
    """Record a provider's answer. An acceptance places the package with
    them (its sourcing time ends) and withdraws the other open offers."""
    package = lock(offer.package)
    offer = BrokerageOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.response != OfferResponse.PENDING:
        raise ValidationError(
            f"{offer.provider} already answered on {day(offer.responded_on)} "
            f"({offer.get_response_display().lower()})."
        )
    errors: dict[str, list[str]] = {}
    if response not in ANSWERS:
        errors["response"] = ["Choose the provider's answer: accepted, declined or no capacity."]
    check_not_future(errors, responded_on, field="responded_on", what="The answer date")
    if responded_on < offer.offered_on:
        errors.setdefault("responded_on", []).append(
            f"The answer cannot be before the offer ({day(offer.offered_on)})."
        )
    if response == OfferResponse.ACCEPTED and package.provider_id is not None:
        errors.setdefault("response", []).append(
            f"The package is already placed with {package.provider}."
        )
    if response == OfferResponse.ACCEPTED and package.status == PackageStatus.ENDED:
        errors.setdefault("response", []).append("The package has ended.")
    if errors:
        raise ValidationError(errors)

    offer.response = response
    offer.responded_on = responded_on
    offer.save(update_fields=["response", "responded_on"])
    if response == OfferResponse.ACCEPTED:
        package.provider = offer.provider
        package.sourced_on = responded_on
        package.status = PackageStatus.ACTIVE
        package.save(update_fields=["provider", "sourced_on", "status"])
        withdraw_pending_offers(package, on=responded_on)
    return offer
