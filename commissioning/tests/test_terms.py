import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from commissioning.common.terms import (
    AVAILABLE,
    DECLINED,
    EXERCISED,
    LAPSED,
    OptionTerms,
    compute_term,
)

D = dt.date


def test_seed_004_idc_framework_full_extension_then_waiver():
    # 1 Jan 2018 – 31 Dec 2019, up to 24 months used to 31 Dec 2021, then a
    # 3-month waiver under CPR 3.2.9.3 to 31 Mar 2022.
    term = compute_term(
        start=D(2018, 1, 1),
        initial_months=24,
        options=[OptionTerms(1, 24, 24, EXERCISED)],
        waiver_months=[3],
    )
    assert term.initial_end == D(2019, 12, 31)
    assert term.max_end == D(2021, 12, 31)
    assert term.current_end == D(2022, 3, 31)
    assert term.beyond_max_extent is True
    assert term.decision_deadlines == {}
    assert term.reprocurement_start_by == D(2021, 3, 31)


def test_seed_004_before_any_extension():
    term = compute_term(start=D(2018, 1, 1), initial_months=24, options=[OptionTerms(1, 24)])
    assert term.current_end == D(2019, 12, 31)
    assert term.max_end == D(2021, 12, 31)
    assert term.beyond_max_extent is False
    # Notice of 90 days before 31 Dec 2019.
    assert term.decision_deadlines == {1: D(2019, 10, 2)}
    # 12 months before the maximum end.
    assert term.reprocurement_start_by == D(2020, 12, 31)


def test_seed_001_three_years_plus_up_to_two():
    term = compute_term(
        start=D(2021, 6, 1), initial_months=36, options=[OptionTerms(1, 12), OptionTerms(2, 12)]
    )
    assert term.initial_end == D(2024, 5, 31)
    assert term.max_end == D(2026, 5, 31)
    assert term.decision_deadlines == {1: D(2024, 3, 2), 2: D(2025, 3, 2)}


def test_partial_exercise_moves_the_end_but_not_the_maximum():
    term = compute_term(
        start=D(2021, 6, 1), initial_months=36, options=[OptionTerms(1, 24, 6, AVAILABLE)]
    )
    assert term.current_end == D(2024, 11, 30)
    assert term.max_end == D(2026, 5, 31)
    # The rest of the option is decided 90 days before the new end.
    assert term.decision_deadlines == {1: D(2024, 9, 1)}


def test_declined_and_lapsed_options_no_longer_count_towards_the_final_end():
    term = compute_term(
        start=D(2021, 6, 1),
        initial_months=36,
        options=[OptionTerms(1, 12, 0, DECLINED), OptionTerms(2, 12, 0, LAPSED)],
        lead_months=12,
    )
    assert term.max_end == D(2026, 5, 31)
    assert term.final_end == D(2024, 5, 31)
    assert term.reprocurement_start_by == D(2023, 5, 31)
    assert term.decision_deadlines == {}


def test_notice_period_is_a_local_setting():
    term = compute_term(
        start=D(2020, 4, 1), initial_months=36, options=[OptionTerms(1, 24)], notice_days=180
    )
    assert term.decision_deadlines == {1: D(2022, 10, 2)}


def test_termination_ends_the_term_and_its_options():
    term = compute_term(
        start=D(2020, 4, 1),
        initial_months=36,
        options=[OptionTerms(1, 24)],
        terminated_on=D(2021, 9, 30),
    )
    assert term.current_end == D(2021, 9, 30)
    assert term.decision_deadlines == {}
    assert term.reprocurement_start_by == D(2020, 9, 30)


option_lists = st.lists(
    st.tuples(
        st.integers(1, 36),
        st.integers(0, 36),
        st.sampled_from([AVAILABLE, EXERCISED, DECLINED, LAPSED]),
    ),
    max_size=4,
)


@given(
    start=st.dates(D(2000, 1, 1), D(2060, 12, 31)),
    initial=st.integers(1, 120),
    raw_options=option_lists,
    waivers=st.lists(st.integers(1, 12), max_size=2),
)
def test_term_invariants(start, initial, raw_options, waivers):
    options = [
        OptionTerms(i + 1, months, min(used, months) if status != EXERCISED else months, status)
        for i, (months, used, status) in enumerate(raw_options)
    ]
    term = compute_term(start=start, initial_months=initial, options=options, waiver_months=waivers)
    assert start <= term.initial_end <= term.current_end
    assert term.initial_end <= term.max_end
    assert term.current_end <= term.final_end
    # Only a waiver takes a contract past its maximum extent.
    if not waivers:
        assert term.current_end <= term.max_end
        assert term.beyond_max_extent is False
    assert term.beyond_max_extent == (term.current_end > term.max_end)
    assert term.reprocurement_start_by < term.final_end
    deadlines = [term.decision_deadlines[s] for s in sorted(term.decision_deadlines)]
    assert deadlines == sorted(deadlines)


def test_extension_of_a_month_end_term_runs_from_the_day_after_its_end():
    # 31 Aug 2021 + 6 months ends 28 Feb 2022 (no 31 Feb: the month's last day);
    # a 6-month extension runs 1 Mar – 31 Aug 2022: (E + 1 day) + N months − 1 day.
    term = compute_term(
        start=D(2021, 8, 31), initial_months=6, options=[OptionTerms(1, 6, 6, EXERCISED)]
    )
    assert term.initial_end == D(2022, 2, 28)
    assert term.current_end == D(2022, 8, 31)
    assert term.max_end == D(2022, 8, 31)


def test_later_option_deadline_assumes_the_earlier_options_are_used_in_full():
    term = compute_term(
        start=D(2020, 4, 1),
        initial_months=36,
        options=[OptionTerms(1, 12, 12, EXERCISED), OptionTerms(2, 12), OptionTerms(3, 6)],
    )
    assert term.current_end == D(2024, 3, 31)
    # Option 2: 90 days before 31 Mar 2024; option 3: 90 days before 31 Mar 2025.
    assert term.decision_deadlines == {2: D(2024, 1, 1), 3: D(2024, 12, 31)}
    assert term.final_end == D(2025, 9, 30)
    assert term.reprocurement_start_by == D(2024, 9, 30)
