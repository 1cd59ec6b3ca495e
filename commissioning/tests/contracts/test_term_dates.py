"""The derived dates a contract stores, worked out by hand from DOMAIN.md §1
with the seeds' own dates, through the services officers use."""

import datetime as dt

import pytest

from commissioning.common.terms import OptionStatus
from commissioning.models import ContractStatus
from commissioning.services.contracts import (
    contract_exercise_option,
    contract_extend_by_waiver,
    contract_recompute_term,
    contract_update,
)
from commissioning.tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db
D = dt.date


def idc_contract(**kwargs):
    # Seed 004: IDC framework from 1 January 2018 to 31 December 2019 with an
    # option to extend for a further period of up to 24 months.
    return ContractFactory(
        start_date=D(2018, 1, 1), initial_term_months=24, option_months=[24], **kwargs
    )


def test_seed_004_idc_dates_before_any_extension():
    contract = idc_contract()
    option = contract.extension_options.get()
    assert contract.initial_end_date == D(2019, 12, 31)  # 1 Jan 2018 + 24 months - 1 day
    assert contract.current_end_date == D(2019, 12, 31)
    assert contract.max_end_date == D(2021, 12, 31)  # + the 24-month option
    assert contract.final_end_date == D(2021, 12, 31)
    assert contract.beyond_max_extent is False
    # 31 Dec 2019 - 90 days: 31 Dec -> 1 Dec (30) -> 1 Nov (30) -> 2 Oct (30).
    assert option.decision_deadline == D(2019, 10, 2)
    assert contract.next_decision_deadline == D(2019, 10, 2)
    # Maximum end date - 12 months.
    assert contract.reprocurement_start_by == D(2020, 12, 31)


def test_seed_004_full_extension_then_three_month_waiver_is_flagged_beyond_max():
    contract = idc_contract()
    option = contract.extension_options.get()
    contract = contract_exercise_option(
        contract=contract, option=option, decided_on=D(2019, 9, 17), today=D(2019, 9, 17)
    )
    option.refresh_from_db()
    assert option.status == OptionStatus.EXERCISED
    assert option.months_used == 24
    assert option.decision_deadline is None
    assert contract.current_end_date == D(2021, 12, 31)
    assert contract.status == ContractStatus.EXTENDED

    # Waiver of CPR 3.2.9.3 "for a further 3 months to 31 March 2022".
    waiver = contract_extend_by_waiver(
        contract=contract,
        months=3,
        reason="Waiver of the Contract Procedure Rules under Rule 3.2.9.3.",
        decided_on=D(2021, 7, 20),
        decision_reference="Cabinet, Rule 3.2.9.3 waiver",
        today=D(2021, 7, 20),
    )
    contract.refresh_from_db()
    assert contract.current_end_date == D(2022, 3, 31)
    assert contract.max_end_date == D(2021, 12, 31)
    assert contract.beyond_max_extent is True
    assert waiver.beyond_max_extent is True
    assert waiver.resulting_end_date == D(2022, 3, 31)
    # Final end is the waiver's 31 Mar 2022 (later than the maximum): - 12 months.
    assert contract.reprocurement_start_by == D(2021, 3, 31)


def test_seed_004_option_used_in_two_parts_moves_the_deadline_not_the_maximum():
    contract = idc_contract()
    option = contract.extension_options.get()
    contract = contract_exercise_option(
        contract=contract, option=option, months=12, decided_on=D(2019, 9, 2), today=D(2019, 9, 2)
    )
    option.refresh_from_db()
    assert option.status == OptionStatus.AVAILABLE  # partly used stays available
    assert option.months_used == 12
    assert contract.current_end_date == D(2020, 12, 31)
    assert contract.max_end_date == D(2021, 12, 31)
    # 31 Dec 2020 - 90 days = 2 Oct 2020.
    assert option.decision_deadline == D(2020, 10, 2)

    contract = contract_exercise_option(
        contract=contract, option=option, decided_on=D(2020, 9, 14), today=D(2020, 9, 14)
    )
    option.refresh_from_db()
    assert (option.status, option.months_used) == (OptionStatus.EXERCISED, 24)
    assert contract.current_end_date == D(2021, 12, 31)
    assert list(contract.variations.values_list("months", "resulting_end_date")) == [
        (12, D(2020, 12, 31)),
        (12, D(2021, 12, 31)),
    ]


def test_seed_001_three_years_plus_up_to_two():
    # DOMAIN.md: "3 years + up to 2 years" from 1 Jun 2021 ends 31 May 2024
    # and at most 31 May 2026.
    contract = ContractFactory(start_date=D(2021, 6, 1), initial_term_months=36, option_months=[24])
    assert contract.initial_end_date == D(2024, 5, 31)
    assert contract.max_end_date == D(2026, 5, 31)
    # 31 May 2024 - 90 days: -31 -> 30 Apr, -30 -> 31 Mar, -29 -> 2 Mar.
    assert contract.next_decision_deadline == D(2024, 3, 2)
    assert contract.reprocurement_start_by == D(2025, 5, 31)


def test_seed_001_partial_exercise_of_six_months():
    contract = ContractFactory(start_date=D(2021, 6, 1), initial_term_months=36, option_months=[24])
    option = contract.extension_options.get()
    contract = contract_exercise_option(
        contract=contract, option=option, months=6, decided_on=D(2024, 2, 1), today=D(2024, 2, 1)
    )
    option.refresh_from_db()
    assert contract.current_end_date == D(2024, 11, 30)
    assert contract.max_end_date == D(2026, 5, 31)
    # 30 Nov 2024 - 90 days: -30 -> 31 Oct, -31 -> 30 Sep, -29 -> 1 Sep.
    assert option.decision_deadline == D(2024, 9, 1)
    assert option.months_used == 6


def test_seed_003_hcs_dates_one_year_option():
    # HCS-2020: from 1 April 2020, 3 years and a one-year option.
    contract = ContractFactory(start_date=D(2020, 4, 1), initial_term_months=36, option_months=[12])
    assert contract.initial_end_date == D(2023, 3, 31)
    assert contract.max_end_date == D(2024, 3, 31)
    # 31 Mar 2023 - 90 days: -31 -> 28 Feb, -28 -> 31 Jan, -31 -> 31 Dec 2022.
    assert contract.next_decision_deadline == D(2022, 12, 31)


def test_leap_day_start():
    # 29 Feb 2020 + 12 months: 29 Feb 2021 does not exist, so the term ends on
    # the last day of February 2021.
    contract = ContractFactory(
        start_date=D(2020, 2, 29), initial_term_months=12, option_months=[12]
    )
    assert contract.initial_end_date == D(2021, 2, 28)
    assert contract.max_end_date == D(2022, 2, 28)
    # 28 Feb 2021 - 90 days: -28 -> 31 Jan, -31 -> 31 Dec, -31 -> 30 Nov 2020.
    assert contract.next_decision_deadline == D(2020, 11, 30)
    # 48 months reach 29 Feb 2024, which exists: the day before it.
    longer = ContractFactory(start_date=D(2020, 2, 29), initial_term_months=48)
    assert longer.initial_end_date == D(2024, 2, 28)


def test_extension_of_a_month_end_term_runs_from_the_day_after_its_end():
    # 31 Aug 2021 + 6 months: no 31 Feb, so the term ends 28 Feb 2022.
    contract = ContractFactory(start_date=D(2021, 8, 31), initial_term_months=6, option_months=[6])
    assert contract.initial_end_date == D(2022, 2, 28)
    option = contract.extension_options.get()
    contract = contract_exercise_option(
        contract=contract, option=option, decided_on=D(2021, 11, 1), today=D(2021, 11, 1)
    )
    # DOMAIN.md §1: the extension runs from the day after the end,
    # (28 Feb 2022 + 1 day) + 6 months − 1 day = 31 Aug 2022.
    assert contract.current_end_date == D(2022, 8, 31)


def test_notice_period_and_lead_time_are_per_contract():
    contract = ContractFactory(
        start_date=D(2020, 4, 1),
        initial_term_months=36,
        option_months=[24],
        notice_days=180,
        procurement_lead_months=18,
    )
    # 31 Mar 2023 - 180 days = 2 Oct 2022.
    assert contract.next_decision_deadline == D(2022, 10, 2)
    # Maximum end 31 Mar 2025 - 18 months = 30 Sep 2023 (no 31 Sep).
    assert contract.reprocurement_start_by == D(2023, 9, 30)


def test_changing_the_notice_period_recomputes_every_deadline():
    contract = ContractFactory(start_date=D(2021, 6, 1), initial_term_months=36, option_months=[24])
    contract = contract_update(contract=contract, notice_days=60)
    # 31 May 2024 - 60 days: -31 -> 30 Apr, -29 -> 1 Apr.
    assert contract.extension_options.get().decision_deadline == D(2024, 4, 1)
    assert contract.next_decision_deadline == D(2024, 4, 1)


def test_recompute_is_stable():
    contract = idc_contract()
    before = contract.history.count()
    contract_recompute_term(contract=contract)
    contract.refresh_from_db()
    assert contract.current_end_date == D(2019, 12, 31)
    assert contract.history.count() == before + 1
