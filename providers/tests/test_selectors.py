import datetime as dt
from decimal import Decimal

import pytest

from commissioning.common.choices import ServiceType
from providers import selectors
from providers.models import RateUnit, ReferenceRateKind
from providers.tests.factories import ProviderFactory, ProviderRateFactory, ReferenceRateFactory
from providers.tests.relations import membership

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_rate_on_a_date_is_the_latest_that_started_by_then():
    provider = ProviderFactory()
    ProviderRateFactory(provider=provider, amount=Decimal("24.50"), effective_from=D(2025, 4, 1))
    ProviderRateFactory(provider=provider, amount=Decimal("26.10"), effective_from=D(2026, 4, 1))
    ProviderRateFactory(
        provider=provider, unit=RateUnit.NIGHT, amount=Decimal("140"), effective_from=D(2025, 1, 1)
    )

    def rate(on):
        found = selectors.provider_rate_on(
            provider=provider, service_type=ServiceType.HOME_CARE, on=on
        )
        return found.amount if found else None

    assert rate(D(2025, 3, 31)) is None
    assert rate(D(2025, 4, 1)) == Decimal("24.50")
    assert rate(D(2026, 3, 31)) == Decimal("24.50")
    assert rate(D(2026, 4, 1)) == Decimal("26.10")


def test_reference_rate_on_a_date():
    ReferenceRateFactory(amount=Decimal("28.53"), effective_from=D(2024, 4, 1))
    ReferenceRateFactory(amount=Decimal("32.14"), effective_from=D(2025, 4, 1))
    kind = ReferenceRateKind.HOMECARE_MINIMUM_PRICE
    assert selectors.reference_rate_on(kind=kind, on=D(2025, 3, 31)).amount == Decimal("28.53")
    assert selectors.reference_rate_on(kind=kind, on=D(2025, 4, 1)).amount == Decimal("32.14")
    assert selectors.reference_rate_on(kind=kind, on=D(2024, 3, 31)) is None


def test_rate_rows_show_periods_and_compare_with_the_minimum_price_of_their_time():
    ReferenceRateFactory(amount=Decimal("28.53"), effective_from=D(2024, 4, 1))
    ReferenceRateFactory(amount=Decimal("32.14"), effective_from=D(2025, 4, 1))
    provider = ProviderFactory()
    old = ProviderRateFactory(
        provider=provider, amount=Decimal("29.00"), effective_from=D(2024, 4, 1)
    )
    current = ProviderRateFactory(
        provider=provider, amount=Decimal("31.00"), effective_from=D(2025, 10, 1)
    )
    night = ProviderRateFactory(
        provider=provider, unit=RateUnit.NIGHT, amount=Decimal("20"), effective_from=D(2024, 4, 1)
    )
    rows = {
        row.rate.pk: row for row in selectors.rate_rows([old, current, night], today=D(2026, 1, 15))
    }
    # £29.00 ran 1 Apr 2024 – 30 Sep 2025; on its last day the minimum was £32.14.
    assert rows[old.pk].until == D(2025, 9, 30)
    assert rows[old.pk].is_current is False
    assert rows[old.pk].minimum_price.amount == Decimal("32.14")
    assert rows[old.pk].shortfall == Decimal("3.14")
    assert rows[current.pk].until is None
    assert rows[current.pk].is_current is True
    assert rows[current.pk].below_minimum_price is True
    # A night rate has no published benchmark.
    assert rows[night.pk].minimum_price is None
    assert rows[night.pk].below_minimum_price is False


def test_a_framework_rate_stops_with_the_framework():
    ReferenceRateFactory(amount=Decimal("21.43"), effective_from=D(2021, 4, 1))
    rate = ProviderRateFactory(amount=Decimal("18.95"), effective_from=D(2021, 4, 1))
    # A framework from 1 Jan 2018 for 48 months ends on 31 Dec 2021.
    (row,) = selectors.rate_rows([rate], today=D(2026, 1, 1), ends_on=D(2021, 12, 31))
    assert row.until == D(2021, 12, 31)
    assert row.is_current is False
    assert row.shortfall == Decimal("2.48")


def test_providers_offering_a_service_by_rate_tier_or_contract():
    by_rate = ProviderRateFactory(service_type=ServiceType.SHORT_BREAKS).provider
    by_tier = membership(service_type=ServiceType.SHORT_BREAKS).provider
    left = membership(service_type=ServiceType.SHORT_BREAKS, left_on=D(2024, 6, 1)).provider
    ProviderFactory()
    found = selectors.providers_offering(selectors.provider_list(), ServiceType.SHORT_BREAKS)
    assert set(found) == {by_rate, by_tier}
    assert left not in found


def test_search_matches_names_ids_and_postcodes():
    wanted = ProviderFactory(
        name="Larkrise Care",
        regulator_id="1-1339207716",
        company_number="12345678",
        postcode="ES6 5PU",
    )
    ProviderFactory(name="Other", postcode="ES9 1AA")
    for text in ("larkrise", "1-1339207716", "12345678", "ES6"):
        assert list(selectors.provider_search(selectors.provider_list(), text)) == [wanted]


def test_provider_list_counts_only_frameworks_the_provider_is_on_today():
    today = D(2026, 1, 15)
    provider = ProviderFactory()
    membership(provider, start=D(2024, 4, 1))
    membership(provider, start=D(2018, 1, 1), months=24)
    row = selectors.provider_list(today).get(pk=provider.pk)
    assert row.current_framework_count == 1
