import datetime as dt
from decimal import Decimal

import factory

from commissioning.common.choices import ServiceType
from commissioning.common.dates import term_end
from tenders.models import (
    Bid,
    BidStatus,
    Framework,
    FrameworkMember,
    FrameworkTier,
    Lot,
    Procurement,
    ProcurementStatus,
    Regime,
)


class FrameworkFactory(factory.django.DjangoModelFactory):
    """A framework with consistent stored dates (no extension options)."""

    class Meta:
        model = Framework

    reference = factory.Sequence(lambda n: f"FW-{n:03d}")
    name = factory.Sequence(lambda n: f"Home Care Framework {n}")
    service_type = ServiceType.HOME_CARE
    start_date = dt.date(2024, 4, 1)
    initial_term_months = 36
    initial_end_date = factory.LazyAttribute(
        lambda f: term_end(f.start_date, f.initial_term_months)
    )
    current_end_date = factory.LazyAttribute(lambda f: f.initial_end_date)
    max_end_date = factory.LazyAttribute(lambda f: f.initial_end_date)


class FrameworkTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkTier

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"Tier {n + 1}")
    priority = 1
    lot_group = "home care"


class FrameworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkMember

    tier = factory.SubFactory(FrameworkTierFactory)
    framework = factory.LazyAttribute(lambda m: m.tier.framework)
    provider = factory.SubFactory("providers.tests.factories.ProviderFactory")
    rank = factory.Sequence(lambda n: n + 1)
    lot_group = factory.LazyAttribute(lambda m: m.tier.lot_group)
    joined_on = factory.LazyAttribute(lambda m: m.tier.framework.start_date)


class ProcurementFactory(factory.django.DjangoModelFactory):
    """A PCR 2015 light-touch procurement with a voluntary standstill, as a
    row (tests that exercise the workflow go through the services)."""

    class Meta:
        model = Procurement

    reference = factory.Sequence(lambda n: f"ASC-2025-{n:03d}")
    title = factory.Sequence(lambda n: f"Home care tender {n}")
    service_type = ServiceType.HOME_CARE
    regime = Regime.PCR2015
    status = ProcurementStatus.OPEN
    publication_date = dt.date(2024, 9, 2)
    submission_deadline = dt.date(2024, 10, 18)
    quality_weight = 60
    price_weight = 40
    quality_max_marks = Decimal(100)


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    procurement = factory.SubFactory(ProcurementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Home care"
    service_type = ServiceType.HOME_CARE
    max_awards = 2


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    lot = factory.SubFactory(LotFactory)
    provider = factory.SubFactory("providers.tests.factories.ProviderFactory")
    price = Decimal("20.00")
    quality_marks = Decimal("70")
    status = BidStatus.SUBMITTED
