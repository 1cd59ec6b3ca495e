"""Brokerage by framework tier: who a package is offered to, in what order.

A package under a tiered framework is offered to the framework's providers
for its service type in tier priority order (1 = offered first), then rank
order within a tier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from commissioning.models import BrokerageOffer, CarePackage
from tenders.models import FrameworkMember, FrameworkTier


def member_current_on(day: dt.date) -> Q:
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gte=day))


def brokerage_tiers(package: CarePackage) -> QuerySet[FrameworkTier]:
    """The framework's tiers for the package's service type, in priority order."""
    if package.framework_id is None:
        return FrameworkTier.objects.none()
    return FrameworkTier.objects.filter(
        framework_id=package.framework_id, service_type=package.service_type
    ).order_by("priority", "name")


def brokerage_members(package: CarePackage, *, on: dt.date) -> QuerySet[FrameworkMember]:
    """Members a package may be offered to on a day, in tier then rank order."""
    return (
        FrameworkMember.objects.filter(tier__in=brokerage_tiers(package))
        .filter(member_current_on(on))
        .select_related("provider", "tier")
        .order_by("tier__priority", "rank", "provider__name")
    )


@dataclass(frozen=True)
class Candidate:
    member: FrameworkMember
    offer: BrokerageOffer | None

    @property
    def offered(self) -> bool:
        return self.offer is not None


def brokerage_candidates(package: CarePackage, *, on: dt.date) -> list[Candidate]:
    """Every member the package may go to, in order, with its offer if made."""
    offers = {offer.provider_id: offer for offer in package.offers.all()}
    return [
        Candidate(member, offers.get(member.provider_id))
        for member in brokerage_members(package, on=on)
    ]


def higher_tier_members_not_offered(
    package: CarePackage, member: FrameworkMember, *, on: dt.date
) -> list[FrameworkMember]:
    """Members of tiers ahead of ``member``'s who have not been offered the
    package: offering to ``member`` now needs a recorded reason."""
    offered = set(package.offers.values_list("provider_id", flat=True))
    return [
        other
        for other in brokerage_members(package, on=on).filter(
            tier__priority__lt=member.tier.priority
        )
        if other.provider_id not in offered
    ]


def next_to_offer(candidates: list[Candidate]) -> Candidate | None:
    """The first member in tier and rank order not yet offered the package."""
    return next((candidate for candidate in candidates if not candidate.offered), None)
