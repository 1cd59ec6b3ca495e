import datetime as dt
from decimal import Decimal

import factory

from commissioning.common.choices import ServiceType
from providers.models import (
    Provider,
    ProviderContact,
    ProviderRate,
    ProviderRating,
    ProviderType,
    RateUnit,
    Rating,
    ReferenceRate,
    ReferenceRateKind,
    Regulator,
)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n} Home Care")
    legal_name = factory.LazyAttribute(lambda p: f"{p.name} Ltd")
    provider_type = ProviderType.INDEPENDENT
    regulator = Regulator.CQC
    regulator_id = factory.Sequence(lambda n: f"1-{100000000 + n}")
    rating = Rating.GOOD
    postcode = "ES1 4QT"


class ProviderRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderRating

    provider = factory.SubFactory(ProviderFactory)
    rating = Rating.GOOD
    rated_on = dt.date(2024, 3, 12)
    source = "CQC inspection report"


class ProviderContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderContact

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Faker("name", locale="en_GB")
    role = "Registered manager"
    email = factory.Sequence(lambda n: f"manager{n}@provider.example")


class ProviderRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderRate

    provider = factory.SubFactory(ProviderFactory)
    service_type = ServiceType.HOME_CARE
    unit = RateUnit.HOUR
    amount = Decimal("24.50")
    effective_from = dt.date(2025, 4, 1)


class ReferenceRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceRate

    kind = ReferenceRateKind.HOMECARE_MINIMUM_PRICE
    unit = RateUnit.HOUR
    amount = Decimal("32.14")
    effective_from = dt.date(2025, 4, 1)
    source = "Homecare Association Minimum Price for Homecare 2025-26"
