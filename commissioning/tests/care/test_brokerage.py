"""Brokerage by framework tier (seed 003): offers in tier priority then rank
order; a lower tier while a higher-tier provider has not been offered needs a
recorded reason; sourcing time from request to acceptance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.common.choices import ServiceType
from commissioning.models import OfferResponse, PackageStatus
from commissioning.selectors.care.brokerage import brokerage_candidates, next_to_offer
from commissioning.selectors.care.packages import sourcing_days
from commissioning.services.care.brokerage import brokerage_offer_answer, brokerage_offer_make
from commissioning.tests.care.factories import CarePackageFactory, on_day, tiered_framework
from tenders.tests.factories import FrameworkMemberFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with on_day(D(2025, 3, 20)):
        yield


@pytest.fixture
def framework():
    return tiered_framework()


@pytest.fixture
def package(framework):
    return CarePackageFactory(
        provider=None,
        framework=framework[0],
        status=PackageStatus.REQUESTED,
        requested_on=D(2025, 3, 10),
        start_date=D(2025, 3, 24),
        weekly_hours=Decimal("14"),
    )


REQUESTED_ON = D(2025, 3, 10)


def offer(package, members, name, day=REQUESTED_ON, reason=""):
    return brokerage_offer_make(
        package=package,
        provider=members[name].provider,
        offered_on=day,
        out_of_order_reason=reason,
    )


def test_candidates_come_in_tier_priority_then_rank_order(framework, package):
    _, members = framework
    # Added last but ranked first on Tier 2: still after all of Tier 1.
    members["Damson Care"].rank = 3
    members["Damson Care"].save()
    FrameworkMemberFactory(tier=members["Damson Care"].tier, rank=1, provider__name="Aspen Care")
    names = [c.member.provider.name for c in brokerage_candidates(package, on=D(2025, 3, 10))]
    # Only the home care tiers: the learning disability tier is for other work.
    assert names == [
        "Alder Care",
        "Birch Homecare",
        "Cedar Support",
        "Aspen Care",
        "Elder Home Help",
        "Damson Care",
    ]


def test_first_offer_starts_sourcing_and_records_tier_and_rank(framework, package):
    _, members = framework
    made = offer(package, members, "Birch Homecare")
    package.refresh_from_db()
    assert package.status == PackageStatus.SOURCING
    assert (made.tier.name, made.rank, made.response) == ("Tier 1", 2, OfferResponse.PENDING)
    candidates = brokerage_candidates(package, on=D(2025, 3, 10))
    assert next_to_offer(candidates).member.provider.name == "Alder Care"


def test_a_lower_tier_while_higher_tier_providers_wait_needs_a_reason(framework, package):
    _, members = framework
    offer(package, members, "Alder Care")
    with pytest.raises(ValidationError) as refusal:
        offer(package, members, "Damson Care")
    assert refusal.value.message_dict == {
        "out_of_order_reason": [
            "Birch Homecare and Cedar Support on Tier 1 have not been offered this package. "
            "Offer it to them first, or record why it goes to Tier 2 now."
        ]
    }
    reason = "Needed today for a hospital discharge; Tier 1 phoned with no capacity."
    made = offer(package, members, "Damson Care", reason=reason)
    assert made.out_of_order_reason == reason


def test_no_reason_is_needed_once_every_higher_tier_provider_has_been_offered(framework, package):
    _, members = framework
    for name in ("Alder Care", "Birch Homecare", "Cedar Support"):
        offer(package, members, name)
    made = offer(package, members, "Elder Home Help", reason="typed anyway")
    assert made.out_of_order_reason == ""  # kept only where the rule needs it


def test_a_provider_left_on_a_higher_tier_needs_no_reason(framework, package):
    _, members = framework
    cedar = members["Cedar Support"]
    cedar.left_on = D(2025, 3, 1)
    cedar.save()
    offer(package, members, "Alder Care")
    offer(package, members, "Birch Homecare")
    assert offer(package, members, "Damson Care").tier.name == "Tier 2"


def test_offers_only_to_current_framework_providers_for_the_service(framework, package):
    _, members = framework
    with pytest.raises(ValidationError) as refusal:
        offer(package, members, "Fir LD Services")
    assert refusal.value.message_dict["provider"] == [
        "Fir LD Services is not on a HCS-T tier for home care on 10 March 2025."
    ]


def test_each_provider_is_offered_a_package_once(framework, package):
    _, members = framework
    offer(package, members, "Alder Care")
    with pytest.raises(ValidationError, match="already offered this package on 10 March 2025"):
        offer(package, members, "Alder Care", day=D(2025, 3, 11))


def test_offer_dates_are_between_the_request_and_today(framework, package):
    _, members = framework
    with pytest.raises(ValidationError, match="before the package was requested"):
        offer(package, members, "Alder Care", day=D(2025, 3, 9))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        offer(package, members, "Alder Care", day=D(2025, 3, 21))


def test_a_tier_with_no_service_match_means_no_brokerage(framework):
    package = CarePackageFactory(
        provider=None,
        framework=framework[0],
        status=PackageStatus.REQUESTED,
        service_type=ServiceType.SHORT_BREAKS,
    )
    with pytest.raises(ValidationError, match="has no tier for short breaks"):
        offer(package, framework[1], "Alder Care")


def test_acceptance_places_the_package_and_withdraws_other_open_offers(framework, package):
    _, members = framework
    alder = offer(package, members, "Alder Care", day=D(2025, 3, 10))
    birch = offer(package, members, "Birch Homecare", day=D(2025, 3, 11))
    brokerage_offer_answer(
        offer=alder, response=OfferResponse.NO_CAPACITY, responded_on=D(2025, 3, 11)
    )
    brokerage_offer_answer(
        offer=birch, response=OfferResponse.ACCEPTED, responded_on=D(2025, 3, 14)
    )
    with pytest.raises(ValidationError, match="only a package still to be placed"):
        offer(package, members, "Cedar Support", day=D(2025, 3, 14))
    package.refresh_from_db()
    assert (package.provider.name, package.status, package.sourced_on) == (
        "Birch Homecare",
        PackageStatus.ACTIVE,
        D(2025, 3, 14),
    )
    # Requested 10 Mar, accepted 14 Mar: 4 days to source.
    assert sourcing_days(package) == 4


def test_open_offers_are_withdrawn_when_another_provider_accepts(framework, package):
    _, members = framework
    alder = offer(package, members, "Alder Care")
    birch = offer(package, members, "Birch Homecare")
    brokerage_offer_answer(
        offer=birch, response=OfferResponse.ACCEPTED, responded_on=D(2025, 3, 12)
    )
    alder.refresh_from_db()
    assert (alder.response, alder.responded_on) == (OfferResponse.WITHDRAWN, D(2025, 3, 12))
    with pytest.raises(ValidationError, match="already answered on 12 March 2025"):
        brokerage_offer_answer(
            offer=alder, response=OfferResponse.ACCEPTED, responded_on=D(2025, 3, 13)
        )


def test_an_answer_needs_a_real_answer_dated_after_the_offer(framework, package):
    _, members = framework
    made = offer(package, members, "Alder Care", day=D(2025, 3, 12))
    with pytest.raises(ValidationError) as refusal:
        brokerage_offer_answer(offer=made, response="pending", responded_on=D(2025, 3, 11))
    assert set(refusal.value.message_dict) == {"response", "responded_on"}
