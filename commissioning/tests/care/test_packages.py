"""Care packages: requesting, editing (the provider changes only at a
review, seed 004), statuses and the next review due (a local rule)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.common.choices import ServiceType
from commissioning.models import BrokerageOffer, OfferResponse, PackageStatus
from commissioning.selectors.care.packages import package_list, review_due, sourcing_days
from commissioning.services.care.packages import (
    package_change_status,
    package_create,
    package_update,
)
from commissioning.services.care.reviews import package_review_record
from commissioning.testing.factories import PersonFactory
from commissioning.tests.care.factories import (
    CarePackageFactory,
    contract_with,
    on_day,
    tiered_framework,
)
from providers.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_first_review_is_due_six_weeks_after_the_start():
    # Mon 3 Mar 2025 + 6 weeks = Mon 14 Apr 2025.
    assert review_due(start_date=D(2025, 3, 3), last_review_date=None) == D(2025, 4, 14)


def test_then_a_review_is_due_a_year_after_each_review():
    assert review_due(start_date=D(2025, 3, 3), last_review_date=D(2025, 4, 16)) == D(2026, 4, 16)
    # A review on 29 Feb 2024 falls due on the last day of February 2025.
    assert review_due(start_date=D(2024, 1, 1), last_review_date=D(2024, 2, 29)) == D(2025, 2, 28)


def test_review_rule_is_a_local_setting(settings):
    settings.CARE_FIRST_REVIEW_WEEKS = 4
    settings.CARE_REVIEW_INTERVAL_MONTHS = 6
    assert review_due(start_date=D(2025, 3, 3), last_review_date=None) == D(2025, 3, 31)
    assert review_due(start_date=D(2025, 3, 3), last_review_date=D(2025, 4, 1)) == D(2025, 10, 1)


def test_no_review_is_due_once_a_package_has_ended():
    assert review_due(start_date=D(2025, 3, 3), last_review_date=None, ended=True) is None


@on_day(D(2025, 3, 20))
def test_request_without_a_provider_waits_to_be_sourced():
    package = package_create(
        person=PersonFactory(),
        service_type=ServiceType.HOME_CARE,
        start_date=D(2025, 3, 24),
        weekly_hours=Decimal("14"),
        time_critical=True,
    )
    assert package.status == PackageStatus.REQUESTED
    assert package.requested_on == D(2025, 3, 20)  # today: the start is later
    assert package.next_review_due == D(2025, 5, 5)  # 24 Mar + 6 weeks
    assert sourcing_days(package, today=D(2025, 3, 25)) == 5


@on_day(D(2025, 3, 20))
def test_existing_arrangement_with_a_provider_is_recorded_in_place():
    package = package_create(
        person=PersonFactory(),
        service_type=ServiceType.HOME_CARE,
        start_date=D(2024, 11, 4),
        weekly_hours=Decimal("7"),
        provider=ProviderFactory(),
    )
    assert package.status == PackageStatus.ACTIVE
    assert package.requested_on == D(2024, 11, 4)  # the start: it is in the past
    assert sourcing_days(package) is None  # not brokered


def test_package_needs_hours_and_an_end_after_its_start():
    with pytest.raises(ValidationError) as refusal:
        package_create(
            person=PersonFactory(),
            service_type=ServiceType.HOME_CARE,
            start_date=D(2025, 3, 3),
            end_date=D(2025, 3, 2),
            weekly_hours=Decimal("0"),
        )
    errors = refusal.value.message_dict
    assert errors["weekly_hours"] == ["Enter the weekly hours assessed, more than 0."]
    assert errors["end_date"] == ["The end date must be on or after the start date (3 March 2025)."]


def test_provider_must_be_on_the_framework_chosen():
    framework, _ = tiered_framework()
    with pytest.raises(ValidationError) as refusal:
        package_create(
            person=PersonFactory(),
            service_type=ServiceType.HOME_CARE,
            start_date=D(2025, 3, 3),
            weekly_hours=Decimal("7"),
            provider=ProviderFactory(name="Not On It Care"),
            framework=framework,
        )
    assert refusal.value.message_dict["framework"][0].startswith(
        "Not On It Care is not a provider on HCS-T."
    )


def test_changing_the_provider_of_a_package_in_place_is_refused_with_the_reason():
    package = CarePackageFactory()
    with pytest.raises(ValidationError) as refusal:
        package_update(package=package, provider=ProviderFactory())
    assert refusal.value.message_dict == {
        "provider": [
            "The provider of a package in place changes only at a review: record a review "
            "with the new provider."
        ]
    }


def test_saving_the_same_provider_with_other_changes_is_allowed():
    package = CarePackageFactory()
    package_update(package=package, provider=package.provider, time_critical=True)
    package.refresh_from_db()
    assert package.time_critical is True


def test_hours_can_be_corrected_until_the_first_review_then_change_only_at_reviews():
    with on_day(D(2025, 5, 1)):
        package = CarePackageFactory(weekly_hours=Decimal("10"))
        package_update(package=package, weekly_hours=Decimal("12"))
        package_review_record(
            package=package, review_date=D(2025, 4, 14), led_by="provider", hours_after=Decimal(9)
        )
        with pytest.raises(ValidationError, match="change only at a review"):
            package_update(package=package, weekly_hours=Decimal("11"))
    package.refresh_from_db()
    assert package.weekly_hours == 9
    assert package.reviews.get().hours_before == 12


def test_a_package_under_a_tiered_framework_is_not_placed_by_editing():
    framework, members = tiered_framework()
    package = CarePackageFactory(provider=None, framework=framework, status=PackageStatus.REQUESTED)
    with pytest.raises(ValidationError, match="placed through brokerage"):
        package_update(package=package, provider=members["Alder Care"].provider)


@on_day(D(2025, 3, 20))
def test_a_request_without_a_framework_is_placed_by_choosing_its_provider():
    package = CarePackageFactory(provider=None, status=PackageStatus.REQUESTED)
    provider = ProviderFactory()
    package_update(package=package, provider=provider)
    package.refresh_from_db()
    assert (package.provider, package.status, package.sourced_on) == (
        provider,
        PackageStatus.ACTIVE,
        D(2025, 3, 20),
    )


def test_start_cannot_move_after_a_review_and_end_cannot_come_before_one():
    with on_day(D(2025, 6, 1)):
        package = CarePackageFactory()
        package_review_record(
            package=package, review_date=D(2025, 4, 14), led_by="council", hours_after=Decimal(9)
        )
        with pytest.raises(ValidationError, match="reviewed on 14 April 2025"):
            package_update(package=package, start_date=D(2025, 4, 20))
        with pytest.raises(ValidationError, match="reviewed on 14 April 2025"):
            package_update(package=package, end_date=D(2025, 4, 10))


def test_service_type_is_fixed_once_the_package_has_history():
    with on_day(D(2025, 6, 1)):
        package = CarePackageFactory()
        package_review_record(
            package=package, review_date=D(2025, 4, 14), led_by="council", hours_after=Decimal(9)
        )
        with pytest.raises(ValidationError, match="service type cannot change"):
            package_update(package=package, service_type=ServiceType.SHORT_BREAKS)


def test_contract_must_be_with_the_packages_provider():
    package = CarePackageFactory()
    contract = contract_with(ProviderFactory(name="Other Care Ltd"))
    with pytest.raises(ValidationError) as refusal:
        package_update(package=package, contract=contract)
    assert refusal.value.message_dict["contract"][0].startswith(
        "Contract C-001 is with Other Care Ltd, not"
    )


def test_suspend_resume_and_end():
    package = CarePackageFactory()
    package_change_status(package=package, status=PackageStatus.SUSPENDED)
    package_change_status(package=package, status=PackageStatus.ACTIVE)
    package_change_status(package=package, status=PackageStatus.ENDED, end_date=D(2025, 9, 30))
    package.refresh_from_db()
    assert (package.status, package.end_date, package.next_review_due) == (
        PackageStatus.ENDED,
        D(2025, 9, 30),
        None,
    )
    with pytest.raises(ValidationError, match=r"has ended\. Request a new package"):
        package_change_status(package=package, status=PackageStatus.ACTIVE)


def test_ending_needs_an_end_date_not_before_the_start():
    package = CarePackageFactory()
    with pytest.raises(ValidationError, match="Enter the date the package ended"):
        package_change_status(package=package, status=PackageStatus.ENDED)
    with pytest.raises(ValidationError, match="on or after the start date"):
        package_change_status(package=package, status=PackageStatus.ENDED, end_date=D(2025, 3, 2))


def test_a_request_becomes_active_only_when_placed():
    package = CarePackageFactory(provider=None, status=PackageStatus.REQUESTED)
    with pytest.raises(ValidationError, match="becomes active when a provider accepts it"):
        package_change_status(package=package, status=PackageStatus.ACTIVE)


def test_ending_a_request_withdraws_its_open_offers():
    framework, members = tiered_framework()
    package = CarePackageFactory(provider=None, framework=framework, status=PackageStatus.SOURCING)
    offer = BrokerageOffer.objects.create(
        package=package, provider=members["Alder Care"].provider, offered_on=D(2025, 3, 1)
    )
    package_change_status(package=package, status=PackageStatus.ENDED, end_date=D(2025, 3, 5))
    offer.refresh_from_db()
    assert (offer.response, offer.responded_on) == (OfferResponse.WITHDRAWN, D(2025, 3, 5))


def test_review_overdue_is_for_packages_in_place_past_their_due_date():
    due_yesterday = CarePackageFactory(next_review_due=D(2025, 4, 13))
    due_today = CarePackageFactory(next_review_due=D(2025, 4, 14))
    ended = CarePackageFactory(
        next_review_due=D(2025, 4, 1), status=PackageStatus.ENDED, end_date=D(2025, 4, 30)
    )
    packages = {p.pk: p.review_overdue for p in package_list(today=D(2025, 4, 14))}
    assert packages == {due_yesterday.pk: True, due_today.pk: False, ended.pk: False}
