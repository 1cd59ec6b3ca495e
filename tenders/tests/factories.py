import datetime as dt

import factory

from commissioning.common.choices import ServiceType
from commissioning.common.dates import term_end
from tenders.models import Framework, FrameworkMember, FrameworkTier


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
