"""What the contract services allow and refuse, and what they record."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commissioning.common.audit import acting_as
from commissioning.common.choices import ServiceType
from commissioning.common.terms import OptionStatus
from commissioning.models import ContractStatus, ContractVariation, ExtensionOption, VariationKind
from commissioning.services.contracts import (
    contract_activate,
    contract_change_scope,
    contract_change_value,
    contract_create,
    contract_decline_option,
    contract_exercise_option,
    contract_extend_by_waiver,
    contract_extend_until_award,
    contract_lapse_overdue_options,
    contract_record_variation,
    contract_refresh_statuses,
    contract_set_funding,
    contract_terminate,
    contract_update,
)
from commissioning.tests.contracts.factories import ContractFactory
from providers.tests.factories import ProviderFactory
from tenders.models import Procurement, ProcurementStatus, Regime
from tenders.tests.factories import FrameworkFactory

pytestmark = pytest.mark.django_db
D = dt.date


def messages(error: ValidationError) -> list[str]:
    return error.messages


def two_option_contract(**kwargs):
    # 1 Apr 2024 + 36 months ends 31 Mar 2027; options of 12 and 12 months.
    # Option 1 is decided by 31 Mar 2027 - 90 days = 31 Dec 2026.
    return ContractFactory(
        start_date=D(2024, 4, 1), initial_term_months=36, option_months=[12, 12], **kwargs
    )


def reablement_procurement(**kwargs):
    defaults = {
        "reference": "REA-T1",
        "title": "Reablement at Home",
        "service_type": ServiceType.REABLEMENT,
        "regime": Regime.PA2023,
        "status": ProcurementStatus.OPEN,
    }
    return Procurement.objects.create(**{**defaults, **kwargs})


# --- Exercising options ----------------------------------------------------


def test_second_option_cannot_be_used_before_the_first():
    contract = two_option_contract()
    second = contract.extension_options.get(sequence=2)
    with pytest.raises(ValidationError) as refusal:
        contract_exercise_option(
            contract=contract, option=second, decided_on=D(2026, 11, 1), today=D(2026, 11, 1)
        )
    assert messages(refusal.value) == [
        "The second extension option cannot be used before the first: "
        "exercise or decline option 1 first."
    ]


def test_exercise_after_the_decision_deadline_is_refused():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    with pytest.raises(ValidationError) as refusal:
        contract_exercise_option(
            contract=contract, option=first, decided_on=D(2027, 1, 1), today=D(2027, 1, 1)
        )
    assert refusal.value.message_dict == {
        "decided_on": [
            "The decision on option 1 was due by 31 December 2026, 90 days before the "
            "contract's end on 31 March 2027. It is too late to use this option: the "
            "contract can only continue by a waiver."
        ]
    }


def test_exercise_on_the_deadline_day_is_in_time():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    contract = contract_exercise_option(
        contract=contract, option=first, decided_on=D(2026, 12, 31), today=D(2026, 12, 31)
    )
    assert contract.current_end_date == D(2028, 3, 31)


def test_exercise_for_more_months_than_are_left_is_refused():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    contract_exercise_option(
        contract=contract, option=first, months=8, decided_on=D(2026, 6, 1), today=D(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as refusal:
        contract_exercise_option(
            contract=contract, option=first, months=6, decided_on=D(2026, 6, 2), today=D(2026, 6, 2)
        )
    assert refusal.value.message_dict == {
        "months": ["Option 1 has 4 months left: enter 4 or fewer."]
    }


def test_exercise_defaults_to_the_months_left_and_marks_the_option_exercised():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    contract_exercise_option(
        contract=contract, option=first, months=5, decided_on=D(2026, 6, 1), today=D(2026, 6, 1)
    )
    contract = contract_exercise_option(
        contract=contract, option=first, decided_on=D(2026, 6, 2), today=D(2026, 6, 2)
    )
    first.refresh_from_db()
    assert (first.months_used, first.status) == (12, OptionStatus.EXERCISED)
    # 1 Apr 2024 + 48 months - 1 day; option 2 due 31 Mar 2028 - 90 days = 1 Jan 2028
    # (2028 is a leap year: -31 -> 29 Feb, -29 -> 31 Jan, -30 -> 1 Jan).
    assert contract.current_end_date == D(2028, 3, 31)
    assert contract.extension_options.get(sequence=2).decision_deadline == D(2028, 1, 1)
    assert contract.next_decision_deadline == D(2028, 1, 1)


def test_used_option_cannot_be_used_again():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    contract_exercise_option(
        contract=contract, option=first, decided_on=D(2026, 6, 1), today=D(2026, 6, 1)
    )
    with pytest.raises(ValidationError, match="Option 1 has already been used in full"):
        contract_exercise_option(
            contract=contract, option=first, decided_on=D(2026, 6, 2), today=D(2026, 6, 2)
        )


def test_decision_in_the_future_is_refused():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    with pytest.raises(ValidationError) as refusal:
        contract_exercise_option(
            contract=contract, option=first, decided_on=D(2026, 6, 2), today=D(2026, 6, 1)
        )
    assert "cannot be in the future" in refusal.value.message_dict["decided_on"][0]


def test_option_of_another_contract_is_refused():
    contract = two_option_contract()
    other = two_option_contract().extension_options.get(sequence=1)
    with pytest.raises(ValidationError, match="does not belong to this contract"):
        contract_exercise_option(
            contract=contract, option=other, decided_on=D(2026, 6, 1), today=D(2026, 6, 1)
        )


def test_exercise_writes_history_and_a_variation_by_the_acting_user(manager):
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    with acting_as(manager):
        contract_exercise_option(
            contract=contract,
            option=first,
            decided_on=D(2026, 6, 1),
            decision_reference="DOD/2026/14",
            today=D(2026, 6, 1),
        )
    latest = contract.history.latest()
    assert latest.history_user == manager
    assert latest.current_end_date == D(2028, 3, 31)
    assert first.history.latest().status == OptionStatus.EXERCISED
    # One history line per action, not one per save.
    assert first.history.count() == 2
    variation = ContractVariation.objects.get(contract=contract)
    assert (variation.kind, variation.option, variation.months) == ("exercise", first, 12)
    assert variation.decision_reference == "DOD/2026/14"
    assert variation.created_by == manager


# --- Declining and lapsing -------------------------------------------------


def test_declining_an_option_lapses_the_later_ones():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    contract = contract_decline_option(
        contract=contract, option=first, decided_on=D(2026, 10, 1), today=D(2026, 10, 1)
    )
    statuses = dict(contract.extension_options.values_list("sequence", "status"))
    assert statuses == {1: OptionStatus.DECLINED, 2: OptionStatus.LAPSED}
    assert contract.final_end_date == D(2027, 3, 31)
    assert contract.max_end_date == D(2029, 3, 31)
    # Start-by falls back to the final (reachable) end: 31 Mar 2027 - 12 months.
    assert contract.reprocurement_start_by == D(2026, 3, 31)
    assert contract.next_decision_deadline is None
    with pytest.raises(ValidationError, match="Option 2 has lapsed"):
        contract_exercise_option(
            contract=contract,
            option=contract.extension_options.get(sequence=2),
            decided_on=D(2026, 10, 2),
            today=D(2026, 10, 2),
        )


def test_declining_after_the_deadline_is_refused():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    with pytest.raises(ValidationError, match="nothing left to decline"):
        contract_decline_option(
            contract=contract, option=first, decided_on=D(2027, 1, 2), today=D(2027, 1, 2)
        )


def test_overdue_options_lapse_with_those_after_them_once():
    late = two_option_contract()
    on_time = ContractFactory(start_date=D(2024, 6, 1), initial_term_months=36, option_months=[12])
    # Deadlines: late 31 Dec 2026; on_time 31 May 2027 - 90 days = 2 Mar 2027.
    assert contract_lapse_overdue_options(today=D(2026, 12, 31)) == 0
    assert contract_lapse_overdue_options(today=D(2027, 1, 1)) == 2
    late.refresh_from_db()
    assert set(late.extension_options.values_list("status", flat=True)) == {OptionStatus.LAPSED}
    assert late.final_end_date == late.current_end_date == D(2027, 3, 31)
    assert late.next_decision_deadline is None
    assert late.reprocurement_start_by == D(2026, 3, 31)
    assert late.history.latest().history_change_reason == "Not exercised by its decision deadline"
    assert on_time.extension_options.get().status == OptionStatus.AVAILABLE
    # Idempotent: nothing more the same day or the next.
    assert contract_lapse_overdue_options(today=D(2027, 1, 1)) == 0
    assert contract_lapse_overdue_options(today=D(2027, 1, 2)) == 0


def test_lapsing_keeps_the_months_already_used_of_a_partly_used_option():
    contract = two_option_contract()
    first = contract.extension_options.get(sequence=1)
    contract = contract_exercise_option(
        contract=contract, option=first, months=6, decided_on=D(2026, 6, 1), today=D(2026, 6, 1)
    )
    # Now ends 30 Sep 2027; the rest of option 1 is due by 30 Sep 2027 - 90 = 2 Jul 2027.
    assert contract.next_decision_deadline == D(2027, 7, 2)
    assert contract_lapse_overdue_options(today=D(2027, 7, 3)) == 2
    contract.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, first.months_used) == (OptionStatus.LAPSED, 6)
    assert contract.current_end_date == contract.final_end_date == D(2027, 9, 30)


def test_lapse_check_leaves_drafts_alone():
    contract = two_option_contract(draft=True)
    assert contract_lapse_overdue_options(today=D(2027, 1, 1)) == 0
    assert contract.extension_options.get(sequence=1).status == OptionStatus.AVAILABLE


def test_lapse_check_query_count_does_not_grow_with_contracts(django_assert_max_num_queries):
    for _ in range(3):
        two_option_contract()
    with django_assert_max_num_queries(12):
        assert contract_lapse_overdue_options(today=D(2027, 1, 1)) == 6
    for _ in range(20):
        two_option_contract()
    with django_assert_max_num_queries(12):
        assert contract_lapse_overdue_options(today=D(2027, 1, 1)) == 40


# --- Waivers ---------------------------------------------------------------


def test_waiver_needs_a_recorded_decision_and_a_reason():
    contract = ContractFactory(start_date=D(2024, 4, 1), initial_term_months=24)
    with pytest.raises(ValidationError) as refusal:
        contract_extend_by_waiver(
            contract=contract, months=3, reason="CPR 3.2.9.3", decided_on=D(2026, 1, 5)
        )
    assert refusal.value.message_dict == {
        "decision_reference": [
            "A waiver needs a recorded decision: choose the governance decision or enter "
            "its reference."
        ]
    }
    with pytest.raises(ValidationError, match="Enter the reason for the waiver"):
        contract_extend_by_waiver(
            contract=contract,
            months=3,
            reason=" ",
            decided_on=D(2026, 1, 5),
            decision_reference="Cabinet 5/1/2026",
        )


def test_waiver_is_refused_while_an_option_remains():
    contract = two_option_contract()
    with pytest.raises(ValidationError) as refusal:
        contract_extend_by_waiver(
            contract=contract,
            months=3,
            reason="CPR 3.2.9.3",
            decided_on=D(2026, 6, 1),
            decision_reference="Cabinet",
            today=D(2026, 6, 1),
        )
    assert messages(refusal.value) == [
        "Option 1 still has 12 months available: exercise or decline it before extending "
        "the contract by waiver."
    ]


def test_waiver_after_the_contract_ended_is_refused():
    contract = ContractFactory(start_date=D(2022, 4, 1), initial_term_months=24)
    with pytest.raises(ValidationError) as refusal:
        contract_extend_by_waiver(
            contract=contract,
            months=3,
            reason="CPR 3.2.9.3",
            decided_on=D(2024, 4, 1),
            decision_reference="Cabinet",
            today=D(2024, 4, 1),
        )
    assert "The contract ended on 31 March 2024" in refusal.value.message_dict["decided_on"][0]


def test_waiver_within_the_maximum_is_not_flagged():
    # Option declined: the contract may still be extended by waiver, here to
    # well within its maximum extent.
    contract = two_option_contract()
    contract_decline_option(
        contract=contract,
        option=contract.extension_options.get(sequence=1),
        decided_on=D(2026, 6, 1),
        today=D(2026, 6, 1),
    )
    waiver = contract_extend_by_waiver(
        contract=contract,
        months=6,
        reason="CPR waiver while the re-tender completes",
        decided_on=D(2026, 7, 1),
        decision_reference="DOD/2026/20",
        today=D(2026, 7, 1),
    )
    contract.refresh_from_db()
    assert contract.current_end_date == D(2027, 9, 30)
    assert contract.beyond_max_extent is False
    assert waiver.beyond_max_extent is False


# --- Termination, value, scope ---------------------------------------------


def test_termination_ends_the_contract_and_its_options():
    contract = two_option_contract()
    variation = contract_terminate(
        contract=contract,
        termination_date=D(2026, 9, 30),
        reason="Provider handed back the contract.",
        decided_on=D(2026, 6, 30),
        decision_reference="DOD/2026/31",
        today=D(2026, 7, 1),
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED
    assert contract.terminated_on == contract.current_end_date == D(2026, 9, 30)
    assert contract.next_decision_deadline is None
    assert set(contract.extension_options.values_list("status", flat=True)) == {"lapsed"}
    assert variation.resulting_end_date == D(2026, 9, 30)
    with pytest.raises(ValidationError, match="terminated with effect from 30 September 2026"):
        contract_change_scope(contract=contract, reason="More hours", decided_on=D(2026, 7, 2))


def test_termination_after_the_current_end_is_refused():
    contract = two_option_contract()
    with pytest.raises(ValidationError) as refusal:
        contract_terminate(
            contract=contract,
            termination_date=D(2027, 4, 1),
            reason="End",
            decided_on=D(2026, 6, 30),
            today=D(2026, 7, 1),
        )
    assert refusal.value.message_dict["termination_date"] == [
        "The contract already ends on 31 March 2027: a termination must take effect on or "
        "before that day."
    ]


def test_value_change_keeps_the_previous_value_and_a_sole_funder_in_step():
    contract = ContractFactory(
        annual_value=Decimal("100000.00"),
        funding=[("Eastshire County Council", Decimal("100000.00"))],
    )
    variation = contract_change_value(
        contract=contract,
        new_annual_value=Decimal("104500.00"),
        reason="Annual uplift for the Real Living Wage",
        decided_on=D(2025, 4, 1),
    )
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("104500.00")
    assert variation.previous_annual_value == Decimal("100000.00")
    assert contract.funding.get().annual_amount == Decimal("104500.00")


def test_record_variation_refuses_exercise_and_asks_for_the_missing_field():
    contract = ContractFactory()
    with pytest.raises(ValidationError) as refusal:
        contract_record_variation(
            contract=contract, kind="exercise", reason="x", decided_on=D(2025, 1, 1)
        )
    assert "kind" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        contract_record_variation(
            contract=contract,
            kind="waiver_extension",
            reason="x",
            decided_on=D(2025, 1, 1),
            decision_reference="Cabinet",
        )
    assert "months" in refusal.value.message_dict


# --- Pilots (seed 000) -----------------------------------------------------


def test_pilot_extended_until_award_has_no_fixed_end_until_the_award():
    procurement = reablement_procurement()
    pilot = ContractFactory(
        service_type=ServiceType.REABLEMENT,
        start_date=D(2023, 7, 1),
        initial_term_months=12,
        is_pilot=True,
    )
    variation = contract_extend_until_award(
        contract=pilot,
        procurement=procurement,
        reason="Extended until the new Reablement at Home service is commissioned.",
        decided_on=D(2024, 4, 16),
        decision_reference="Cabinet 16/04/2024 Item 111",
        today=D(2024, 4, 16),
    )
    pilot.refresh_from_db()
    assert pilot.current_end_date is None
    assert pilot.final_end_date is None
    assert pilot.reprocurement_start_by is None
    assert pilot.awaiting_award
    assert pilot.beyond_max_extent is True
    assert pilot.status == ContractStatus.EXTENDED
    assert pilot.replacement_procurement == procurement
    assert (variation.kind, variation.procurement) == (VariationKind.UNTIL_AWARD, procurement)

    # Nothing changes while the procurement runs.
    assert contract_refresh_statuses(today=D(2026, 11, 22)) == 0
    procurement.status = ProcurementStatus.AWARDED
    procurement.contract_start_date = D(2027, 4, 1)
    procurement.save()
    assert contract_refresh_statuses(today=D(2026, 11, 22)) == 1
    pilot.refresh_from_db()
    # The day before the new provision starts.
    assert pilot.current_end_date == pilot.final_end_date == D(2027, 3, 31)
    assert pilot.status == ContractStatus.EXTENDED
    assert contract_refresh_statuses(today=D(2026, 11, 22)) == 0


def test_only_a_pilot_runs_until_award():
    contract = ContractFactory()
    with pytest.raises(ValidationError, match="Only a pilot can run until a procurement"):
        contract_extend_until_award(
            contract=contract,
            procurement=reablement_procurement(),
            reason="x",
            decided_on=D(2024, 5, 1),
            decision_reference="Cabinet",
        )


def test_open_end_without_a_procurement_is_refused_by_the_database():
    contract = ContractFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(contract).objects.filter(pk=contract.pk).update(current_end_date=None)


# --- Statuses --------------------------------------------------------------


def test_statuses_follow_the_dates():
    contract = ContractFactory(
        start_date=D(2024, 4, 1), initial_term_months=12, today=D(2024, 6, 1)
    )
    assert contract.status == ContractStatus.ACTIVE
    assert contract_refresh_statuses(today=D(2025, 3, 31)) == 0
    assert contract_refresh_statuses(today=D(2025, 4, 1)) == 1
    contract.refresh_from_db()
    assert contract.status == ContractStatus.EXPIRED


def test_draft_is_activated_once():
    contract = ContractFactory(draft=True)
    assert contract.status == ContractStatus.DRAFT
    with pytest.raises(ValidationError, match="activate it before"):
        contract_exercise_option(
            contract=ContractFactory(draft=True, option_months=[12]),
            option=ExtensionOption.objects.filter(contract__status="draft").last(),
            decided_on=D(2025, 1, 1),
        )
    contract = contract_activate(contract=contract, today=D(2025, 1, 1))
    assert contract.status == ContractStatus.ACTIVE
    with pytest.raises(ValidationError, match="Only a draft"):
        contract_activate(contract=contract)


# --- Entering and correcting contracts -------------------------------------


def test_duplicate_reference_is_refused_whatever_the_case():
    ContractFactory(reference="ASC-2024-001")
    with pytest.raises(ValidationError) as refusal:
        ContractFactory(reference="asc-2024-001")
    assert refusal.value.message_dict == {
        "reference": ["A contract with the reference asc-2024-001 already exists."]
    }


def test_call_off_must_start_while_its_framework_runs():
    framework = FrameworkFactory(reference="HCS-T", start_date=D(2024, 4, 1))
    with pytest.raises(ValidationError) as refusal:
        ContractFactory(framework=framework, start_date=D(2027, 4, 1))
    assert refusal.value.message_dict == {
        "start_date": [
            "A contract under HCS-T must start while the framework runs, from 1 April 2024 "
            "to 31 March 2027."
        ]
    }


def test_funders_are_listed_once_each():
    contract = ContractFactory()
    with pytest.raises(ValidationError, match="Eastshire County Council is listed twice"):
        contract_set_funding(
            contract=contract,
            funding=[
                ("Eastshire County Council", Decimal(1)),
                ("eastshire county council", Decimal(2)),
            ],
        )
    contract_set_funding(
        contract=contract,
        funding=[
            ("Eastshire County Council", Decimal("14400000")),
            ("Eastshire CCG", Decimal("1700000")),
        ],
    )
    contract_set_funding(contract=contract, funding=[("Eastshire CCG", Decimal("1800000"))])
    assert list(contract.funding.values_list("funder", "annual_amount")) == [
        ("Eastshire CCG", Decimal("1800000.00"))
    ]


def test_options_can_grow_but_decided_ones_keep_their_length():
    contract = two_option_contract()
    contract = contract_update(contract=contract, option_months=[12, 12, 6])
    assert list(contract.extension_options.values_list("months", flat=True)) == [12, 12, 6]
    # 1 Apr 2024 + 36 + 30 months - 1 day.
    assert contract.max_end_date == D(2029, 9, 30)
    contract_exercise_option(
        contract=contract,
        option=contract.extension_options.get(sequence=1),
        decided_on=D(2026, 6, 1),
        today=D(2026, 6, 1),
    )
    with pytest.raises(ValidationError) as refusal:
        contract_update(contract=contract, option_months=[24, 12])
    assert refusal.value.message_dict == {
        "extension_options": [
            "Option 1 has been used: its length of 12 months can no longer change."
        ]
    }
    contract = contract_update(contract=contract, option_months=[12])
    assert contract.extension_options.count() == 1
    assert contract.max_end_date == D(2028, 3, 31)


def test_no_option_is_added_to_a_terminated_contract():
    contract = two_option_contract()
    contract_terminate(
        contract=contract,
        termination_date=D(2026, 9, 30),
        reason="Handed back",
        decided_on=D(2026, 6, 30),
        today=D(2026, 7, 1),
    )
    with pytest.raises(ValidationError, match="was terminated: no extension option can be added"):
        contract_update(contract=contract, option_months=[12, 12, 12])


def test_value_cannot_be_edited_on_a_contract_in_force():
    contract = ContractFactory()
    with pytest.raises(ValidationError, match="Record a change of value as a variation"):
        contract_update(contract=contract, annual_value=Decimal("1.00"))


def test_start_date_is_fixed_once_extensions_are_recorded():
    contract = two_option_contract()
    contract_exercise_option(
        contract=contract,
        option=contract.extension_options.get(sequence=1),
        decided_on=D(2026, 6, 1),
        today=D(2026, 6, 1),
    )
    with pytest.raises(ValidationError, match="cannot change once extensions are recorded"):
        contract_update(contract=contract, start_date=D(2024, 5, 1))
    # Other corrections are fine.
    contract = contract_update(contract=contract, title="Home care, North and West")
    assert contract.title == "Home care, North and West"


def test_create_with_a_new_provider_stores_funders():
    contract = contract_create(
        reference="HCS-2020-01",
        title="Home care and support",
        provider=ProviderFactory(),
        service_type=ServiceType.HOME_CARE,
        start_date=D(2020, 4, 1),
        initial_term_months=36,
        option_months=[12],
        annual_value=Decimal("16100000.00"),
        funding=[
            ("Eastshire County Council", Decimal("14400000.00")),
            ("Eastshire Clinical Commissioning Group", Decimal("1700000.00")),
        ],
        today=D(2020, 4, 1),
    )
    assert contract.status == ContractStatus.ACTIVE
    assert sorted(contract.funding.values_list("annual_amount", flat=True)) == [
        Decimal("1700000.00"),
        Decimal("14400000.00"),
    ]
