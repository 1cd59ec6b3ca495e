"""Date arithmetic for terms, extensions and working days (DOMAIN.md §1).

Months are calendar months (dateutil.relativedelta), never 30 days.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.conf import settings

ONE_DAY = dt.timedelta(days=1)


def term_end(start: dt.date, months: int) -> dt.date:
    """Last day of a term of ``months`` calendar months beginning on ``start``.

    The term ends the day before the corresponding date ``months`` later:
    1 Jan 2018 + 24 months ends 31 Dec 2019. Where that month has no
    corresponding date (a start on the 29th–31st), the term ends on the last
    day of the month, the corresponding-date rule of English law (Dodds v
    Walker [1981] 1 WLR 1027): 29 Feb 2020 + 12 months ends 28 Feb 2021.
    """
    if months < 1:
        raise ValueError("A term is at least one month long.")
    corresponding = start + relativedelta(months=months)
    if corresponding.day != start.day:
        # relativedelta clipped to the month's last day: that day ends the term.
        return corresponding
    return corresponding - ONE_DAY


def extended_end(end: dt.date, months: int) -> dt.date:
    """End date after extending a term that ends on ``end`` by ``months``.

    (end + 1 day) + N months − 1 day: 31 Dec 2019 + 24 months ends 31 Dec 2021.
    """
    return term_end(end + ONE_DAY, months)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same date ``months`` earlier (clipped to the month's end)."""
    return day - relativedelta(months=months)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same date ``months`` later (clipped to the month's end)."""
    return day + relativedelta(months=months)


@lru_cache(maxsize=8)
def _bank_holidays(nation: str) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=nation)


def bank_holidays(nation: str | None = None) -> holidays.HolidayBase:
    """Bank holidays for the council's nation (ENG or WLS by default setting)."""
    return _bank_holidays(nation or settings.COUNCIL_NATION)


def is_working_day(day: dt.date, nation: str | None = None) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(nation)


def next_working_day_on_or_after(day: dt.date, nation: str | None = None) -> dt.date:
    while not is_working_day(day, nation):
        day += ONE_DAY
    return day


def working_days_beginning_with(day: dt.date, count: int, nation: str | None = None) -> dt.date:
    """The last of ``count`` working days counted from ``day`` inclusive.

    ``day`` is day 1 when it is a working day; otherwise the count starts on
    the next working day.
    """
    if count < 1:
        raise ValueError("Count at least one working day.")
    day = next_working_day_on_or_after(day, nation)
    counted = 1
    while counted < count:
        day += ONE_DAY
        if is_working_day(day, nation):
            counted += 1
    return day


def financial_year(day: dt.date) -> int:
    """The financial year (1 April to 31 March) containing ``day``, by its first year."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of financial year ``year`` (1 Apr year – 31 Mar year+1)."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def financial_year_label(year: int) -> str:
    """2024 -> '2024-25'."""
    return f"{year}-{(year + 1) % 100:02d}"
