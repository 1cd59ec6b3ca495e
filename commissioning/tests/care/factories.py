"""Factories and builders for care tests."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import factory
import time_machine

from commissioning.common.choices import ServiceType
from commissioning.models import CarePackage, Contract, PackageStatus
from commissioning.testing.factories import PersonFactory
from providers.tests.factories import ProviderFactory
from tenders.tests.factories import FrameworkFactory, FrameworkMemberFactory, FrameworkTierFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


def on_day(day: dt.date):
    """Make ``day`` today (midday in London) for the block or test."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 12, tzinfo=LONDON), tick=False
    )


class CarePackageFactory(factory.django.DjangoModelFactory):
    """A home care package in place with a provider and no reviews."""

    class Meta:
        model = CarePackage

    person = factory.SubFactory(PersonFactory)
    provider = factory.SubFactory(ProviderFactory)
    service_type = ServiceType.HOME_CARE
    requested_on = dt.date(2025, 2, 24)
    start_date = dt.date(2025, 3, 3)
    weekly_hours = Decimal("10.5")
    status = PackageStatus.ACTIVE
    next_review_due = factory.LazyAttribute(lambda p: p.start_date + dt.timedelta(weeks=6))


def contract_with(
    provider, reference="C-001", service_type=ServiceType.HOME_CARE, start=dt.date(2024, 4, 1)
):
    """A minimal contract register entry (the contracts area owns the rest)."""
    end = dt.date(2027, 3, 31)
    return Contract.objects.create(
        reference=reference,
        title="Call-off",
        provider=provider,
        service_type=service_type,
        start_date=start,
        initial_term_months=36,
        annual_value=Decimal("100000"),
        initial_end_date=end,
        current_end_date=end,
        max_end_date=end,
        final_end_date=end,
        reprocurement_start_by=dt.date(2026, 3, 31),
    )


def short_break_package(*, start=dt.date(2025, 3, 3), hours="6", end=None, **kwargs):
    return CarePackageFactory(
        service_type=ServiceType.SHORT_BREAKS,
        start_date=start,
        requested_on=start,
        end_date=end,
        weekly_hours=Decimal(hours),
        **kwargs,
    )


def tiered_framework():
    """A framework with two home care tiers (three and two providers, in
    rank order) and a learning disability tier, like HCS-2024 (seed 003)."""
    framework = FrameworkFactory(reference="HCS-T")
    tier1 = FrameworkTierFactory(framework=framework, name="Tier 1", priority=1)
    tier2 = FrameworkTierFactory(framework=framework, name="Tier 2", priority=2)
    ld = FrameworkTierFactory(
        framework=framework,
        name="Learning Disability",
        priority=1,
        service_type=ServiceType.LEARNING_DISABILITY,
        lot_group="learning disability",
    )
    names = {
        tier1: ["Alder Care", "Birch Homecare", "Cedar Support"],
        tier2: ["Damson Care", "Elder Home Help"],
        ld: ["Fir LD Services"],
    }
    members = {}
    for tier, providers in names.items():
        for rank, name in enumerate(providers, start=1):
            member = FrameworkMemberFactory(
                tier=tier, provider=ProviderFactory(name=name), rank=rank
            )
            members[name] = member
    return framework, members
