"""Recording short-break use: refused beyond the hours available, with the
figure; the bank follows the hours assessed at each review."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.models import HourBankUsage, PackageStatus, ReviewLead
from commissioning.selectors.care.hour_bank import package_hour_bank
from commissioning.services.care.hour_bank import hour_bank_use_record
from commissioning.services.care.packages import package_change_status, package_update
from commissioning.services.care.reviews import package_review_record
from commissioning.tests.care.factories import CarePackageFactory, on_day, short_break_package

pytestmark = pytest.mark.django_db
D = dt.date
H = Decimal


@pytest.fixture(autouse=True)
def _today():
    with on_day(D(2025, 6, 2)):
        yield


def use(package, day, hours):
    return hour_bank_use_record(package=package, date=day, hours=H(hours))


def test_booking_beyond_the_available_hours_is_refused_with_the_figure():
    package = short_break_package(start=D(2025, 3, 3), hours="6")
    use(package, D(2025, 3, 5), "2")
    # Wed 12 Mar: 4 left of the week of 3 Mar + 6 of the week of 10 Mar = 10.
    with pytest.raises(ValidationError) as refusal:
        use(package, D(2025, 3, 12), "10.5")
    assert refusal.value.message_dict == {
        "hours": [
            "Only 10 hours are available on 12 March 2025, so 10.5 hours cannot be booked. "
            "Book 10 hours or fewer, or choose another day."
        ]
    }
    use(package, D(2025, 3, 12), "10")
    assert HourBankUsage.objects.filter(package=package).count() == 2


def test_a_booking_on_a_day_with_nothing_left_says_so():
    package = short_break_package(start=D(2025, 3, 3), hours="1")
    use(package, D(2025, 3, 3), "1")
    with pytest.raises(ValidationError, match="No hours are available on 4 March 2025"):
        use(package, D(2025, 3, 4), "0.5")


def test_singular_hour_in_the_refusal():
    package = short_break_package(start=D(2025, 3, 3), hours="1")
    with pytest.raises(ValidationError, match="Only 1 hour is available on 3 March 2025"):
        use(package, D(2025, 3, 3), "2")


def test_unused_hours_expire_after_four_weeks_across_a_month_end():
    # 5 hours for the week of Mon 29 Sep 2025 only (reviewed to 0 from Mon 6 Oct):
    # usable until Sun 26 Oct, gone on Mon 27 Oct.
    with on_day(D(2025, 11, 1)):
        package = short_break_package(start=D(2025, 9, 29), hours="5")
        package_review_record(
            package=package, review_date=D(2025, 10, 6), led_by=ReviewLead.COUNCIL, hours_after=0
        )
        with pytest.raises(ValidationError, match="No hours are available on 27 October 2025"):
            use(package, D(2025, 10, 27), "1")
        use(package, D(2025, 10, 26), "5")


def test_use_outside_the_package_or_on_other_services_is_refused():
    package = short_break_package(start=D(2025, 3, 3), hours="6", end=D(2025, 3, 30))
    with pytest.raises(ValidationError) as refusal:
        use(package, D(2025, 3, 31), "1")
    assert refusal.value.message_dict == {
        "date": ["The package runs from 3 March 2025 to 30 March 2025: choose a day in that time."]
    }
    with pytest.raises(ValidationError, match="Only short-break packages have an hour bank"):
        use(CarePackageFactory(), D(2025, 3, 5), "1")
    with pytest.raises(ValidationError, match="more than 0"):
        use(package, D(2025, 3, 5), "0")


def test_a_package_not_yet_placed_takes_no_bookings():
    package = short_break_package(provider=None, status=PackageStatus.REQUESTED)
    with pytest.raises(ValidationError, match="no provider yet"):
        use(package, D(2025, 3, 5), "1")


def test_the_bank_uses_the_hours_assessed_for_each_week():
    package = short_break_package(start=D(2025, 3, 3), hours="6")
    # Reviewed on Wed 12 Mar to 9 hours: from the week of 17 Mar.
    package_review_record(
        package=package, review_date=D(2025, 3, 12), led_by=ReviewLead.COUNCIL, hours_after=H(9)
    )
    bank = package_hour_bank(package, through=D(2025, 3, 23))
    assert [(w.week_starting, w.assessed) for w in bank.weeks] == [
        (D(2025, 3, 3), 6),
        (D(2025, 3, 10), 6),
        (D(2025, 3, 17), 9),
    ]
    # Sun 23 Mar: 6 + 6 + 9 = 21; a booking of 21.5 is refused.
    with pytest.raises(ValidationError, match="Only 21 hours are available on 23 March 2025"):
        use(package, D(2025, 3, 23), "21.5")


def test_ending_a_package_before_recorded_use_is_refused():
    package = short_break_package(start=D(2025, 3, 3), hours="6")
    use(package, D(2025, 3, 20), "3")
    with pytest.raises(ValidationError) as refusal:
        package_change_status(package=package, status=PackageStatus.ENDED, end_date=D(2025, 3, 19))
    assert refusal.value.message_dict["end_date"] == [
        "Short breaks are recorded on 20 March 2025, outside these dates. Correct that use "
        "first, or choose dates that include it."
    ]
    with pytest.raises(ValidationError, match="outside these dates"):
        package_update(package=package, start_date=D(2025, 3, 21))
