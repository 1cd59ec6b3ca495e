"""The short-break hour bank rule (DOMAIN.md §4, seed 004), on the pure
calculation: weeks Monday to Sunday, usable in the week and the three after,
oldest hours first, across month and year ends."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.selectors.care.hour_bank import (
    HourBank,
    Schedule,
    Use,
    expires_after,
    week_starting,
)

D = dt.date
H = Decimal


def bank(schedule, *uses, through):
    return HourBank(
        schedule, [Use(day, H(hours), i) for i, (day, hours) in enumerate(uses)], through=through
    )


def test_weeks_run_monday_to_sunday():
    assert week_starting(D(2025, 3, 3)) == D(2025, 3, 3)  # a Monday
    assert week_starting(D(2025, 3, 9)) == D(2025, 3, 3)  # the Sunday after
    assert week_starting(D(2025, 3, 10)) == D(2025, 3, 10)
    # Across a month end: Wed 1 Oct 2025 is in the week of Mon 29 Sep.
    assert week_starting(D(2025, 10, 1)) == D(2025, 9, 29)


def test_hours_expire_after_the_sunday_of_the_third_following_week():
    # Week of Mon 3 Mar 2025: usable 3–30 Mar (weeks of 3, 10, 17 and 24 Mar).
    assert expires_after(D(2025, 3, 3)) == D(2025, 3, 30)
    # Week of Mon 29 Sep 2025 (into October): 29 Sep + 27 days = Sun 26 Oct.
    assert expires_after(D(2025, 9, 29)) == D(2025, 10, 26)
    # Week of Mon 29 Dec 2025 (into 2026): 29 Dec + 27 days = Sun 25 Jan 2026.
    assert expires_after(D(2025, 12, 29)) == D(2026, 1, 25)


def test_a_weeks_hours_are_available_through_its_fourth_week_then_expire():
    # 6 hours for the week of 3 Mar only (a review took the hours to 0 from 10 Mar).
    schedule = Schedule(D(2025, 3, 3), None, H(6), ((D(2025, 3, 10), H(0)),))
    assert bank(schedule, through=D(2025, 3, 31)).available_on(D(2025, 3, 3)) == 6
    assert bank(schedule, through=D(2025, 3, 31)).available_on(D(2025, 3, 30)) == 6  # Sunday
    assert bank(schedule, through=D(2025, 3, 31)).available_on(D(2025, 3, 31)) == 0  # Monday


def test_hours_are_not_available_before_their_week():
    # 4 hours a week from 3 Mar: on Sun 9 Mar only the first week's 4 are there.
    schedule = Schedule(D(2025, 3, 3), None, H(4))
    assert bank(schedule, through=D(2025, 3, 9)).available_on(D(2025, 3, 9)) == 4
    assert bank(schedule, through=D(2025, 3, 10)).available_on(D(2025, 3, 10)) == 8


def test_hours_bank_up_to_four_weeks_and_unused_hours_expire():
    schedule = Schedule(D(2025, 3, 3), None, H(4))
    result = bank(schedule, through=D(2025, 3, 31))
    # Sun 30 Mar: weeks of 3, 10, 17, 24 Mar = 16 hours.
    assert result.available_on(D(2025, 3, 30)) == 16
    # Mon 31 Mar: the week of 3 Mar has expired unused; 10, 17, 24, 31 Mar = 16.
    assert result.available_on(D(2025, 3, 31)) == 16
    first = result.week(D(2025, 3, 3))
    assert first.expired_on(D(2025, 3, 30)) == 0
    assert first.expired_on(D(2025, 3, 31)) == 4


def test_use_draws_on_the_oldest_unexpired_hours_first():
    schedule = Schedule(D(2025, 3, 3), None, H(4))
    # 3 hours on Wed 5 Mar leaves 1 of the first week; 6 on Mon 17 Mar take
    # that 1 (oldest), all 4 of the week of 10 Mar and 1 of the week of 17 Mar.
    result = bank(schedule, (D(2025, 3, 5), "3"), (D(2025, 3, 17), "6"), through=D(2025, 3, 31))
    assert result.balanced
    week_17 = result.week(D(2025, 3, 17))
    assert [(d.week_starting, d.hours) for d in week_17.draws] == [
        (D(2025, 3, 3), 1),
        (D(2025, 3, 10), 4),
        (D(2025, 3, 17), 1),
    ]
    assert result.week(D(2025, 3, 17)).left == 3
    # Mon 31 Mar: 0 (10 Mar) + 3 (17 Mar) + 4 (24 Mar) + 4 (31 Mar) = 11.
    assert result.available_on(D(2025, 3, 31)) == 11


def test_use_beyond_the_bank_is_a_shortfall():
    schedule = Schedule(D(2025, 3, 3), None, H(4))
    result = bank(schedule, (D(2025, 3, 12), "9"), through=D(2025, 3, 12))
    assert not result.balanced
    assert result.shortfalls[0].covered == 8  # weeks of 3 and 10 Mar


def test_expiring_lists_the_available_hours_oldest_first_with_their_last_day():
    # Across the year end: 5 hours a week from Mon 22 Dec 2025.
    schedule = Schedule(D(2025, 12, 22), None, H(5))
    result = bank(schedule, (D(2026, 1, 2), "3"), through=D(2026, 1, 18))
    # Fri 2 Jan took 3 of the week of 22 Dec. On Sun 18 Jan the weeks of
    # 22 Dec (2 left, last day that Sunday), 29 Dec, 5 Jan and 12 Jan count.
    assert result.available_on(D(2026, 1, 18)) == 17
    assert [
        (e.week_starting, e.hours, e.expires_after) for e in result.expiring_on(D(2026, 1, 18))
    ] == [
        (D(2025, 12, 22), 2, D(2026, 1, 18)),
        (D(2025, 12, 29), 5, D(2026, 1, 25)),
        (D(2026, 1, 5), 5, D(2026, 2, 1)),
        (D(2026, 1, 12), 5, D(2026, 2, 8)),
    ]
    # Mon 19 Jan: the 2 hours of 22 Dec expired; 29 Dec to 19 Jan = 20.
    assert result.available_on(D(2026, 1, 19)) == 20


def test_breaks_booked_ahead_stay_covered():
    schedule = Schedule(D(2025, 3, 3), None, H(6))
    # 24 hours booked for Mon 31 Mar take the weeks of 10, 17, 24 and 31 Mar
    # (3 Mar has expired by then), so on Sun 30 Mar only 3 Mar's 6 are free.
    result = bank(schedule, (D(2025, 3, 31), "24"), through=D(2025, 3, 30))
    assert result.available_on(D(2025, 3, 30)) == 6
    assert [(e.week_starting, e.hours) for e in result.expiring_on(D(2025, 3, 30))] == [
        (D(2025, 3, 3), 6)
    ]


def test_a_booking_ahead_does_not_hold_back_hours_it_can_take_from_later_weeks():
    schedule = Schedule(D(2025, 3, 3), None, H(6))
    # 6 hours booked for Mon 31 Mar can come from the week of 31 Mar itself,
    # so all 24 hours of 3–24 Mar can still be used on Sun 30 Mar.
    result = bank(schedule, (D(2025, 3, 31), "6"), through=D(2025, 3, 30))
    assert result.available_on(D(2025, 3, 30)) == 24
    # The replay draws the booking on the oldest hours it may use (10 Mar).
    assert result.week(D(2025, 3, 10)).left == 0


def test_a_review_changes_the_hours_from_the_week_after_unless_held_on_a_monday():
    schedule = Schedule(D(2025, 3, 3), None, H(6), ((D(2025, 3, 12), H(3)), (D(2025, 3, 24), H(8))))
    # Wed 12 Mar: from the week of 17 Mar. Mon 24 Mar: from that week.
    assert schedule.weeks_through(D(2025, 3, 30)) == [
        (D(2025, 3, 3), 6),
        (D(2025, 3, 10), 6),
        (D(2025, 3, 17), 3),
        (D(2025, 3, 24), 8),
    ]
    # Sun 30 Mar: 6 + 6 + 3 + 8 = 23.
    assert bank(schedule, through=D(2025, 3, 30)).available_on(D(2025, 3, 30)) == 23


def test_a_part_week_at_the_start_gets_the_full_weeks_hours_from_the_start_day():
    schedule = Schedule(D(2025, 3, 6), None, H(6))  # Thursday
    result = bank(schedule, through=D(2025, 3, 6))
    assert result.weeks[0].week_starting == D(2025, 3, 3)
    assert result.available_on(D(2025, 3, 5)) == 0  # before the package
    assert result.available_on(D(2025, 3, 6)) == 6


def test_no_use_after_the_package_ends():
    schedule = Schedule(D(2025, 3, 3), D(2025, 3, 19), H(6))  # ends on a Wednesday
    assert bank(schedule, through=D(2025, 3, 19)).available_on(D(2025, 3, 19)) == 18
    assert bank(schedule, through=D(2025, 3, 20)).available_on(D(2025, 3, 20)) == 0
    late = bank(schedule, (D(2025, 3, 20), "1"), through=D(2025, 3, 20))
    assert not late.balanced


# --- The available figure is exactly the most that can be booked -----------------

START = D(2025, 3, 3)


@st.composite
def banks(draw):
    hours = st.integers(min_value=0, max_value=32).map(lambda q: H(q) / 4)
    weeks = draw(st.integers(min_value=1, max_value=10))
    end = START + dt.timedelta(days=weeks * 7 - 1 - draw(st.integers(0, 6)))
    changes = tuple(
        sorted(
            draw(
                st.lists(
                    st.tuples(
                        st.integers(1, weeks * 7 - 1).map(lambda n: START + dt.timedelta(n)), hours
                    ),
                    max_size=3,
                )
            )
        )
    )
    schedule = Schedule(START, end, draw(hours), changes)
    uses = []
    for day_number, amount in draw(
        st.lists(st.tuples(st.integers(0, (end - START).days), hours), max_size=12)
    ):
        candidate = [*uses, Use(START + dt.timedelta(day_number), amount, len(uses))]
        if amount and HourBank(schedule, candidate, through=end).balanced:
            uses = candidate
    return schedule, uses, START + dt.timedelta(draw(st.integers(-2, (end - START).days + 2)))


def most_bookable(schedule, uses, day):
    """Search in quarter hours for the largest booking that keeps every use covered."""
    booked = H(0)
    while HourBank(schedule, [*uses, Use(day, booked + H("0.25"), "new")], through=day).balanced:
        booked += H("0.25")
    return booked


@settings(max_examples=150, deadline=None)
@given(banks())
def test_available_figure_is_the_largest_booking_that_keeps_every_use_covered(case):
    schedule, uses, day = case
    result = HourBank(schedule, uses, through=day)
    assert result.available_on(day) == most_bookable(schedule, uses, day)
    assert sum((e.hours for e in result.expiring_on(day)), H(0)) == result.available_on(day)
