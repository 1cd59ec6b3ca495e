"""Reviews: hours before and after and who led them (seed 003); a new
provider only at a review (seed 004); the reduction report."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.models import PackageStatus, ReviewLead
from commissioning.selectors.care.reviews import hours_change_by_lead, hours_change_by_month
from commissioning.services.care.hour_bank import hour_bank_use_record
from commissioning.services.care.reviews import package_review_record
from commissioning.tests.care.factories import (
    CarePackageFactory,
    contract_with,
    on_day,
    short_break_package,
)
from providers.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
D = dt.date
H = Decimal


@pytest.fixture(autouse=True)
def _today():
    with on_day(D(2025, 12, 1)):
        yield


def review(package, day, lead, hours, **kwargs):
    return package_review_record(
        package=package, review_date=day, led_by=lead, hours_after=H(hours), **kwargs
    )


def test_review_keeps_hours_before_and_after_and_who_led_it():
    package = CarePackageFactory(weekly_hours=H("14"))
    record = review(package, D(2025, 4, 16), ReviewLead.PROVIDER, "10.5", outcome_notes=" Ok ")
    package.refresh_from_db()
    assert (record.hours_before, record.hours_after, record.led_by) == (14, H("10.5"), "provider")
    assert record.hours_change == H("-3.5")
    assert record.provider_before == package.provider
    assert record.outcome_notes == "Ok"
    assert package.weekly_hours == H("10.5")
    # The next review is a year after this one.
    assert package.next_review_due == D(2026, 4, 16)


def test_a_review_moves_the_package_to_a_new_provider():
    old = ProviderFactory(name="Old Care")
    new = ProviderFactory(name="New Care")
    package = CarePackageFactory(provider=old)
    record = review(package, D(2025, 4, 16), ReviewLead.COUNCIL, "10.5", new_provider=new)
    package.refresh_from_db()
    assert package.provider == new
    assert (record.provider_before, record.new_provider) == (old, new)


def test_moving_to_the_same_provider_is_refused():
    package = CarePackageFactory()
    with pytest.raises(ValidationError, match="already with"):
        review(package, D(2025, 4, 16), ReviewLead.COUNCIL, "8", new_provider=package.provider)


def test_a_contract_with_the_old_provider_is_unlinked_when_the_package_moves():
    old = ProviderFactory(name="Old Care")
    contract = contract_with(old)
    package = CarePackageFactory(provider=old, contract=contract)
    review(package, D(2025, 4, 16), ReviewLead.COUNCIL, "8", new_provider=ProviderFactory())
    package.refresh_from_db()
    assert package.contract is None


def test_reviews_are_recorded_in_date_order_within_the_package_and_not_ahead():
    package = CarePackageFactory(end_date=D(2025, 10, 31))
    review(package, D(2025, 4, 16), ReviewLead.PROVIDER, "9")
    with pytest.raises(ValidationError) as refusal:
        review(package, D(2025, 4, 10), ReviewLead.PROVIDER, "9")
    assert refusal.value.message_dict["review_date"] == [
        "The last review was on 16 April 2025: record reviews in date order."
    ]
    with pytest.raises(ValidationError, match="before the package started"):
        review(CarePackageFactory(), D(2025, 3, 2), ReviewLead.PROVIDER, "9")
    with pytest.raises(ValidationError, match="after the package ends"):
        review(package, D(2025, 11, 3), ReviewLead.PROVIDER, "9")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        review(CarePackageFactory(), D(2025, 12, 2), ReviewLead.PROVIDER, "9")


def test_only_a_package_in_place_is_reviewed():
    package = CarePackageFactory(provider=None, status=PackageStatus.REQUESTED)
    with pytest.raises(ValidationError, match="Only a package in place"):
        review(package, D(2025, 4, 16), ReviewLead.PROVIDER, "9")


def test_a_review_lowering_short_break_hours_cannot_uncover_breaks_already_booked():
    package = short_break_package(start=D(2025, 3, 3), hours="6")
    # 24 hours booked on Mon 31 Mar need the weeks of 10, 17, 24 and 31 Mar.
    hour_bank_use_record(package=package, date=D(2025, 3, 31), hours=H(24))
    with pytest.raises(ValidationError) as refusal:
        # From the week of 17 Mar only 2 hours a week: 6 + 2 + 2 + 2 = 12 < 24.
        review(package, D(2025, 3, 12), ReviewLead.COUNCIL, "2")
    assert refusal.value.message_dict["hours_after"] == [
        "This would leave the 24 hours of short breaks recorded on 31 March 2025 without "
        "banked hours to cover them (only 12 hours would be covered). Correct that use "
        "first, or choose different dates or hours."
    ]
    # Held on Mon 31 Mar, new hours start that week: at 4 a week the weeks of
    # 10, 17, 24 and 31 Mar give 6 + 6 + 6 + 4 = 22 < 24; at 6 they give 24.
    with pytest.raises(ValidationError, match=r"only 22 hours would be covered"):
        review(package, D(2025, 3, 31), ReviewLead.COUNCIL, "4")
    review(package, D(2025, 3, 31), ReviewLead.COUNCIL, "6")


def test_hours_change_by_lead_reports_the_reduction_after_provider_led_reviews():
    first, second, third = CarePackageFactory.create_batch(3, weekly_hours=H("14"))
    review(first, D(2025, 4, 14), ReviewLead.PROVIDER, "10.5")  # −3.5
    review(second, D(2025, 4, 20), ReviewLead.PROVIDER, "14")  # no change
    review(third, D(2025, 5, 2), ReviewLead.COUNCIL, "17.5")  # +3.5
    review(first, D(2025, 11, 3), ReviewLead.PROVIDER, "7")  # −3.5, outside April–May

    provider_led, council_led = hours_change_by_lead(
        date_from=D(2025, 4, 1), date_to=D(2025, 5, 31)
    )
    assert (provider_led.led_by, provider_led.reviews) == ("provider", 2)
    assert (provider_led.hours_before, provider_led.hours_after) == (28, H("24.5"))
    # 3.5 of 28 hours = 12.5%.
    assert (provider_led.reduction, provider_led.reduction_pct) == (H("3.5"), H("12.5"))
    assert (provider_led.reduced, provider_led.increased) == (1, 0)
    assert (council_led.reviews, council_led.reduction, council_led.increased) == (1, H("-3.5"), 1)

    months = [(month, change.led_by, change.reviews) for month, change in hours_change_by_month()]
    assert months == [
        (D(2025, 4, 1), "provider", 2),
        (D(2025, 5, 1), "council", 1),
        (D(2025, 11, 1), "provider", 1),
    ]


def test_hours_change_lists_both_leads_even_without_reviews():
    changes = hours_change_by_lead()
    assert [(c.label, c.reviews, c.reduction_pct) for c in changes] == [
        ("Provider-led", 0, None),
        ("Council-led", 0, None),
    ]
