import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.common.choices import ServiceType
from providers import services
from providers.models import Provider, ProviderRate, ProviderRating, ProviderType, Rating, Regulator
from providers.tests.factories import ProviderFactory, ProviderRateFactory, ProviderRatingFactory
from providers.tests.relations import membership

pytestmark = pytest.mark.django_db
D = dt.date


def _create(**overrides):
    fields = {
        "name": "Brightwater Home Care",
        "legal_name": "Brightwater Home Care Ltd",
        "provider_type": ProviderType.INDEPENDENT,
        "regulator": Regulator.CQC,
        "regulator_id": "1-1148830211",
        "postcode": " es1 4qt ",
        **overrides,
    }
    return services.provider_create(**fields)


def test_a_new_provider_with_a_rating_starts_its_rating_history():
    provider = _create(rating=Rating.GOOD, rating_date=D(2024, 3, 12))
    assert provider.postcode == "ES1 4QT"
    assert (provider.rating, provider.rating_date) == (Rating.GOOD, D(2024, 3, 12))
    assert list(provider.ratings.values_list("rating", "rated_on")) == [
        (Rating.GOOD, D(2024, 3, 12))
    ]


def test_a_rating_without_its_date_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError) as refused:
        _create(rating=Rating.GOOD)
    assert "rating_date" in refused.value.message_dict
    assert not Provider.objects.exists()


def test_a_change_of_rating_is_a_new_dated_row_not_an_overwrite():
    provider = ProviderFactory(rating=Rating.GOOD, rating_date=D(2021, 6, 3))
    ProviderRatingFactory(provider=provider, rating=Rating.GOOD, rated_on=D(2021, 6, 3))
    services.provider_record_rating(
        provider=provider, rating=Rating.REQUIRES_IMPROVEMENT, rated_on=D(2025, 9, 4)
    )
    provider.refresh_from_db()
    assert (provider.rating, provider.rating_date) == (
        Rating.REQUIRES_IMPROVEMENT,
        D(2025, 9, 4),
    )
    assert list(provider.ratings.order_by("rated_on").values_list("rating", flat=True)) == [
        Rating.GOOD,
        Rating.REQUIRES_IMPROVEMENT,
    ]


def test_a_back_dated_rating_joins_the_history_without_replacing_the_current_one():
    provider = ProviderFactory(rating=Rating.GOOD, rating_date=D(2024, 3, 12))
    services.provider_record_rating(
        provider=provider, rating=Rating.INADEQUATE, rated_on=D(2022, 1, 10)
    )
    provider.refresh_from_db()
    assert (provider.rating, provider.rating_date) == (Rating.GOOD, D(2024, 3, 12))
    assert provider.ratings.count() == 1


def test_two_ratings_on_one_day_are_refused():
    provider = ProviderFactory()
    ProviderRatingFactory(provider=provider, rated_on=D(2024, 3, 12))
    with pytest.raises(ValidationError, match="already recorded for 12/03/2024"):
        services.provider_record_rating(provider=provider, rating="good", rated_on=D(2024, 3, 12))


def test_a_rating_dated_in_the_future_is_refused():
    provider = ProviderFactory()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.provider_record_rating(provider=provider, rating="good", rated_on=tomorrow)


def test_care_inspectorate_wales_gives_no_overall_rating():
    provider = ProviderFactory(
        regulator=Regulator.CIW, regulator_id="SIN-00012345", rating=Rating.NOT_RATED
    )
    with pytest.raises(ValidationError, match="publishes no overall rating"):
        services.provider_record_rating(provider=provider, rating="good", rated_on=D(2024, 5, 1))
    services.provider_record_rating(
        provider=provider,
        rating=Rating.NOT_RATED,
        rated_on=D(2024, 5, 1),
        notes="Well-being: Good; Care and support: Good; Leadership: Requires improvement",
    )
    assert ProviderRating.objects.filter(provider=provider).count() == 1


def test_archiving_needs_a_reason():
    provider = ProviderFactory()
    with pytest.raises(ValidationError) as refused:
        services.provider_archive(provider=provider, reason="  ")
    assert refused.value.message_dict == {
        "reason": ["Give the reason for archiving this provider."]
    }


def test_a_provider_on_a_live_framework_must_leave_it_before_archiving():
    today = timezone.localdate()
    member = membership(start=today - dt.timedelta(days=400))
    with pytest.raises(ValidationError, match=f"still on Tier 1 of {member.framework.reference}"):
        services.provider_archive(provider=member.provider, reason="Ceased trading")
    member.left_on = today
    member.save()
    services.provider_archive(provider=member.provider, reason="Ceased trading")
    member.provider.refresh_from_db()
    assert member.provider.archived_reason == "Ceased trading"
    assert member.provider.archived_at is not None


def test_membership_of_an_expired_framework_does_not_block_archiving():
    member = membership(start=D(2018, 1, 1), months=24)
    services.provider_archive(provider=member.provider, reason="Deregistered by the CQC")
    assert Provider.objects.get(pk=member.provider.pk).archived_at is not None


def test_reinstating_clears_the_archive():
    provider = ProviderFactory()
    services.provider_archive(provider=provider, reason="Ceased trading")
    services.provider_reinstate(provider=provider)
    provider.refresh_from_db()
    assert (provider.archived_at, provider.archived_reason) == (None, "")
    with pytest.raises(ValidationError, match="is not archived"):
        services.provider_reinstate(provider=provider)


def test_a_rated_provider_cannot_quietly_stop_being_cqc_regulated():
    provider = ProviderFactory(rating=Rating.GOOD)
    with pytest.raises(ValidationError, match="Only CQC-regulated providers"):
        services.provider_update(provider=provider, regulator=Regulator.CIW)


def test_a_new_rate_from_a_date_keeps_the_earlier_rate():
    earlier = ProviderRateFactory(amount=Decimal("24.50"), effective_from=D(2025, 4, 1))
    services.provider_rate_create(
        provider=earlier.provider,
        service_type=ServiceType.HOME_CARE,
        unit="hour",
        amount=Decimal("26.10"),
        effective_from=D(2026, 4, 1),
    )
    assert list(
        ProviderRate.objects.order_by("effective_from").values_list("amount", flat=True)
    ) == [Decimal("24.50"), Decimal("26.10")]
    with pytest.raises(ValidationError, match="already has a rate for this service"):
        services.provider_rate_create(
            provider=earlier.provider,
            service_type=ServiceType.HOME_CARE,
            unit="hour",
            amount=Decimal("27.00"),
            effective_from=D(2026, 4, 1),
        )
