import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.common.dates import (
    extended_end,
    financial_year,
    financial_year_label,
    is_working_day,
    next_working_day_on_or_after,
    term_end,
    working_days_beginning_with,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2018, 1, 1), 24, D(2019, 12, 31)),  # seed 004: IDC framework
        (D(2020, 4, 1), 36, D(2023, 3, 31)),  # DOMAIN.md §1
        (D(2020, 4, 1), 24, D(2022, 3, 31)),  # the brief: 1 Apr 2020 + 2 years
        (D(2021, 6, 1), 36, D(2024, 5, 31)),  # seed 001: 3 years
        (D(2019, 7, 1), 24, D(2021, 6, 30)),  # seed 004: short breaks, 2 years from July 2019
        (D(2016, 4, 1), 24, D(2018, 3, 31)),  # seed 004: the 2016 framework
        (D(2021, 1, 15), 1, D(2021, 2, 14)),
    ],
)
def test_term_ends_the_day_before_the_corresponding_date(start, months, end):
    assert term_end(start, months) == end


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2020, 2, 29), 12, D(2021, 2, 28)),  # leap day start, no 29 Feb in 2021
        (D(2020, 2, 29), 48, D(2024, 2, 28)),  # corresponding date exists: day before it
        (D(2021, 1, 31), 1, D(2021, 2, 28)),  # month-end start into a short month
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # ... into a leap February
        (D(2021, 1, 30), 1, D(2021, 2, 28)),
        (D(2021, 3, 31), 1, D(2021, 4, 30)),
        (D(2021, 2, 28), 1, D(2021, 3, 27)),
    ],
)
def test_term_from_a_day_missing_in_the_end_month_ends_on_that_months_last_day(start, months, end):
    assert term_end(start, months) == end


@pytest.mark.parametrize(
    ("end", "months", "new_end"),
    [
        (D(2019, 12, 31), 24, D(2021, 12, 31)),  # seed 004: the full extension
        (D(2021, 12, 31), 3, D(2022, 3, 31)),  # seed 004: the waiver
        (D(2024, 5, 31), 24, D(2026, 5, 31)),  # seed 001: up to 2 years
        (D(2021, 2, 28), 12, D(2022, 2, 28)),
        (D(2023, 2, 28), 12, D(2024, 2, 29)),  # into a leap year: 1 Mar 2023 + 12 months − 1 day
    ],
)
def test_extension_runs_from_the_day_after_the_end(end, months, new_end):
    assert extended_end(end, months) == new_end


def test_a_term_must_be_at_least_a_month():
    with pytest.raises(ValueError, match="at least one month"):
        term_end(D(2020, 1, 1), 0)


@given(start=st.dates(D(2000, 1, 1), D(2080, 12, 31)), months=st.integers(1, 240))
def test_term_end_is_after_start_and_within_the_months(start, months):
    end = term_end(start, months)
    assert start <= end
    # Never longer than N months plus the clipped days of a short month.
    assert (end - start).days < months * 31
    assert term_end(start, months + 1) > end


@given(
    start=st.dates(D(2000, 1, 1), D(2080, 12, 31)),
    months=st.integers(1, 120),
    extension=st.integers(1, 60),
)
def test_extending_a_term_ends_later_and_starts_the_day_after(start, months, extension):
    end = term_end(start, months)
    new_end = extended_end(end, extension)
    assert new_end > end
    assert new_end == term_end(end + dt.timedelta(days=1), extension)


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(D(2025, 12, 19))  # Friday
    assert not is_working_day(D(2025, 12, 20))  # Saturday
    assert not is_working_day(D(2025, 12, 25))  # Christmas Day
    assert not is_working_day(D(2025, 12, 26))  # Boxing Day
    assert not is_working_day(D(2025, 8, 25), "ENG")  # summer bank holiday (England)
    assert not is_working_day(D(2022, 9, 19))  # State funeral of Queen Elizabeth II


def test_eight_working_days_beginning_with_a_friday_before_christmas():
    # DOMAIN.md §2: notice on Fri 19 Dec 2025 -> standstill ends Fri 2 Jan 2026.
    assert working_days_beginning_with(D(2025, 12, 19), 8, "ENG") == D(2026, 1, 2)


def test_counting_working_days_from_a_weekend_starts_on_monday():
    assert working_days_beginning_with(D(2025, 12, 20), 1, "ENG") == D(2025, 12, 22)


def test_next_working_day_rolls_over_a_bank_holiday_weekend():
    # Sat 3 May 2025 -> Mon 5 May is the early May bank holiday -> Tue 6 May.
    assert next_working_day_on_or_after(D(2025, 5, 3), "ENG") == D(2025, 5, 6)


def test_boxing_day_is_a_bank_holiday_in_wales_too():
    assert not is_working_day(D(2025, 12, 26), "WLS")


def test_financial_year_runs_april_to_march():
    assert financial_year(D(2018, 3, 31)) == 2017
    assert financial_year(D(2018, 4, 1)) == 2018
    assert financial_year_label(2017) == "2017-18"
    assert financial_year_label(2099) == "2099-00"
