"""Rules that always hold are database constraints (DOMAIN.md §3)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from providers.models import Provider, Rating, Regulator
from providers.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("regulator_id", ["1-101614751", "1-12345678901", "RJ1", "RZX12"])
def test_cqc_ids_and_nhs_ods_codes_are_accepted(regulator_id):
    provider = ProviderFactory.build(regulator_id=regulator_id)
    provider.full_clean()


@pytest.mark.parametrize("regulator_id", ["1-12345678", "1-123456789012", "101614751", "rj1"])
def test_malformed_cqc_id_is_refused_by_the_database(regulator_id):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory(regulator_id=regulator_id)


def test_malformed_cqc_id_gets_an_officer_message_before_the_database():
    provider = ProviderFactory.build(regulator_id="1-123")
    with pytest.raises(ValidationError, match="1- then 9 to 11 digits"):
        provider.full_clean()


def test_a_cqc_provider_needs_its_id():
    provider = ProviderFactory.build(regulator_id="")
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert refused.value.message_dict["regulator_id"] == [
        "Enter the Care Quality Commission (England) ID of this provider."
    ]


def test_the_same_regulator_id_cannot_be_registered_twice():
    ProviderFactory(regulator_id="1-101614751")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory(regulator_id="1-101614751")


def test_only_cqc_providers_have_an_overall_rating():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory(regulator=Regulator.CIW, regulator_id="SIN-00012345", rating=Rating.GOOD)
    welsh = ProviderFactory(
        regulator=Regulator.CIW, regulator_id="SIN-00012345", rating=Rating.NOT_RATED
    )
    assert welsh.rating == Rating.NOT_RATED


def test_an_unregulated_provider_has_no_regulator_id():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory(regulator=Regulator.NONE, regulator_id="1-101614751", rating="not_rated")


def test_an_archived_provider_has_a_reason():
    provider = ProviderFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.filter(pk=provider.pk).update(archived_at="2025-01-01T00:00Z")
