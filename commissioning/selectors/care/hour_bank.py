"""The short-break hour bank (DOMAIN.md §4, seed 004).

The hours assessed for week W (Monday to Sunday) may be used in week W or the
three weeks after it, then expire; use draws on the oldest unexpired hours
first. A booking beyond the available hours is refused with the available
figure.

Decisions where DOMAIN.md is silent:
- Every week the package is in place for on at least one day is assessed the
  full weekly hours (no pro rata for a first or last part week).
- The hours assessed for a week are those in force on its first day in the
  package: a review takes effect from its own week when held on that week's
  first day, otherwise from the following Monday.
- Use may be recorded ahead of the day it happens (a booking). Bookings
  already recorded stay covered: the hours available on a day are the most
  that can be added on that day without leaving any recorded use uncovered.

Everything here is pure arithmetic on dates and Decimals, so pages, the API,
services (which refuse bookings) and reports share one calculation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

WINDOW_WEEKS = 4  # week W and the three weeks after it
ZERO = Decimal("0")
WEEK = dt.timedelta(days=7)


def week_starting(day: dt.date) -> dt.date:
    """The Monday of the week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def expires_after(week_start: dt.date) -> dt.date:
    """The last day the hours assessed for a week can be used: the Sunday of
    the third week after it (week of Mon 3 Mar → Sun 30 Mar)."""
    return week_start + WEEK * WINDOW_WEEKS - dt.timedelta(days=1)


@dataclass(frozen=True)
class Use:
    """Hours used (or booked) on a day; ``key`` identifies the record."""

    date: dt.date
    hours: Decimal
    key: object = None


@dataclass(frozen=True)
class Draw:
    """Part of one use, taken from the hours assessed for one week."""

    week_starting: dt.date
    hours: Decimal


@dataclass
class BankWeek:
    week_starting: dt.date
    assessed: Decimal
    # Use dated in this week, and where it was drawn from.
    used: Decimal = ZERO
    draws: list[Draw] = field(default_factory=list)
    # Hours of this week's assessment taken by use in this or later weeks.
    drawn: Decimal = ZERO

    @property
    def expires_after(self) -> dt.date:
        return expires_after(self.week_starting)

    @property
    def left(self) -> Decimal:
        return self.assessed - self.drawn

    def expired_on(self, today: dt.date) -> Decimal:
        """Hours of this week's assessment that expired unused by ``today``."""
        return self.left if today > self.expires_after else ZERO


@dataclass(frozen=True)
class Shortfall:
    """A use the bank cannot cover: ``covered`` of its hours had banked hours."""

    use: Use
    covered: Decimal


@dataclass(frozen=True)
class Expiring:
    week_starting: dt.date
    hours: Decimal
    expires_after: dt.date


@dataclass(frozen=True)
class Schedule:
    """The weekly hours assessed for a package over its dates.

    ``changes`` are (date, new weekly hours) pairs: reviews, in date order.
    """

    start: dt.date
    end: dt.date | None
    initial_hours: Decimal
    changes: tuple[tuple[dt.date, Decimal], ...] = ()

    def hours_in_force(self, day: dt.date) -> Decimal:
        hours = self.initial_hours
        for changed_on, new_hours in self.changes:
            if changed_on > day:
                break
            hours = new_hours
        return hours

    def in_place(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def first_week(self) -> dt.date:
        return week_starting(self.start)

    def weeks_through(self, last_day: dt.date) -> list[tuple[dt.date, Decimal]]:
        """(Monday, assessed hours) for each week from the start's week to
        ``last_day``'s week, stopping at the package's end."""
        if self.end is not None:
            last_day = min(last_day, self.end)
        weeks = []
        monday = self.first_week
        while monday <= last_day:
            weeks.append((monday, self.hours_in_force(max(monday, self.start))))
            monday += WEEK
        return weeks


class HourBank:
    """The bank of one package: its weeks, and every recorded use replayed
    in date order, each drawing on the oldest unexpired hours first."""

    def __init__(self, schedule: Schedule, uses: Iterable[Use], *, through: dt.date):
        self.schedule = schedule
        self.uses = sorted(uses, key=lambda use: (use.date, str(use.key)))
        last_use = self.uses[-1].date if self.uses else through
        self.through = max(through, last_use)
        self.weeks = [
            BankWeek(monday, hours) for monday, hours in schedule.weeks_through(self.through)
        ]
        self._index = {week.week_starting: i for i, week in enumerate(self.weeks)}
        self.shortfalls: list[Shortfall] = []
        self.draws_by_use: dict[object, list[Draw]] = {}
        self._replay()

    def _week_index(self, day: dt.date) -> int | None:
        return self._index.get(week_starting(day))

    def _replay(self) -> None:
        for use in self.uses:
            index = self._week_index(use.date)
            if index is None or not self.schedule.in_place(use.date):
                self.shortfalls.append(Shortfall(use, ZERO))
                continue
            wanted = use.hours
            draws = []
            for credit in self.weeks[max(0, index - WINDOW_WEEKS + 1) : index + 1]:
                if wanted <= 0:
                    break
                take = min(credit.left, wanted)
                if take > 0:
                    credit.drawn += take
                    wanted -= take
                    draws.append(Draw(credit.week_starting, take))
            week = self.weeks[index]
            week.used += use.hours
            week.draws.extend(draws)
            self.draws_by_use[use.key] = draws
            if wanted > 0:
                self.shortfalls.append(Shortfall(use, use.hours - wanted))

    @property
    def balanced(self) -> bool:
        return not self.shortfalls

    def week(self, monday: dt.date) -> BankWeek | None:
        index = self._index.get(monday)
        return None if index is None else self.weeks[index]

    def available_on(self, day: dt.date) -> Decimal:
        """The most hours that can be used on ``day`` with every recorded use
        still covered.

        The bank is a matching of use to assessed hours in which use in week
        K may take the hours of weeks K-3..K. By Hall's theorem (the
        neighbourhoods are intervals moving with K, so checking runs of
        consecutive weeks is enough) extra use x in week K fits exactly when,
        for every run of weeks a..b containing K,
            x <= hours assessed in a-3..b - use in a..b.
        That bound splits at K into a part before and a part after, each
        minimised on its own.
        """
        if not self.schedule.in_place(day) or not self.balanced:
            return ZERO
        index = self._week_index(day)
        if index is None:  # beyond the weeks built: no use recorded there yet
            return self._extended(day).available_on(day)
        assessed = [week.assessed for week in self.weeks]
        used = [week.used for week in self.weeks]

        # Runs a..K: hours of weeks a-3..K less use in a..K, for a = K down to 0.
        hours = sum(assessed[max(0, index - WINDOW_WEEKS + 1) : index + 1], ZERO)
        use_total = ZERO
        before = None
        for a in range(index, -1, -1):
            use_total += used[a]
            oldest = a - WINDOW_WEEKS + 1
            if a < index and oldest >= 0:
                hours += assessed[oldest]
            slack = hours - use_total
            before = slack if before is None else min(before, slack)

        # Runs K+1..b: hours of weeks K+1..b less use in K+1..b (0 for none).
        after = ZERO
        running = ZERO
        for b in range(index + 1, len(self.weeks)):
            running += assessed[b] - used[b]
            after = min(after, running)

        return max(ZERO, before + after)

    def _extended(self, day: dt.date) -> HourBank:
        return HourBank(self.schedule, self.uses, through=day)

    def expiring_on(self, day: dt.date) -> list[Expiring]:
        """The hours available on ``day`` by the week they were assessed for,
        oldest first, with the last day each can be used.

        Use up to and including ``day`` is replayed; the available figure is
        then spread over what is left, oldest first, as a booking on ``day``
        would draw it (hours held back for bookings after ``day`` are the
        newest ones).
        """
        available = self.available_on(day)
        if available <= 0:
            return []
        past = HourBank(self.schedule, [use for use in self.uses if use.date <= day], through=day)
        index = past._week_index(day)
        expiring = []
        for week in past.weeks[max(0, index - WINDOW_WEEKS + 1) : index + 1]:
            take = min(week.left, available)
            if take > 0:
                expiring.append(Expiring(week.week_starting, take, week.expires_after))
                available -= take
        return expiring


# --- Loading a package's bank from the database -------------------------------


def package_schedule(package, reviews=None) -> Schedule:
    """The assessed weekly hours of a package over time, from its reviews.

    Before the first review the hours are that review's "hours before";
    without reviews, the package's weekly hours.
    """
    if reviews is None:
        reviews = package.reviews.all()
    # A review not saved yet (being checked) comes after others on its day.
    reviews = sorted(
        reviews, key=lambda review: (review.review_date, review.pk is None, review.pk or 0)
    )
    initial = reviews[0].hours_before if reviews else package.weekly_hours
    return Schedule(
        start=package.start_date,
        end=package.end_date,
        initial_hours=initial,
        changes=tuple((review.review_date, review.hours_after) for review in reviews),
    )


def package_uses(package, usage=None) -> list[Use]:
    if usage is None:
        usage = package.usage.all()
    return [Use(entry.date, entry.hours, entry.pk) for entry in usage]


def package_hour_bank(package, *, through: dt.date) -> HourBank:
    """The bank of a short-break package through a day (and any later use).

    Uses the package's prefetched reviews and usage when present.
    """
    return HourBank(package_schedule(package), package_uses(package), through=through)
