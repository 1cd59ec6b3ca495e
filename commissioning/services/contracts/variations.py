"""Variations: extension by waiver (may pass the maximum end date, which is
then flagged), a pilot's extension until a procurement is awarded, changes
of value and scope, and termination (DOMAIN.md §1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.common.terms import OptionStatus
from commissioning.models import Contract, ContractVariation, VariationKind
from commissioning.services.contracts.common import (
    check_decided_on,
    check_decision_recorded,
    check_reason,
    lock_contract,
    long_date,
    months_text,
    options_of,
    refuse_unless_running,
)
from commissioning.services.contracts.terms import AWARDED, store_term, waiver_months
from tenders.models import ProcurementStatus

# Kinds that extend a contract outside its own terms: managers alone approve them.
NEEDS_APPROVAL = (VariationKind.WAIVER_EXTENSION, VariationKind.UNTIL_AWARD)
# Kinds recorded through this service (options are exercised through theirs).
RECORDABLE = (
    VariationKind.WAIVER_EXTENSION,
    VariationKind.UNTIL_AWARD,
    VariationKind.VALUE_CHANGE,
    VariationKind.SCOPE_CHANGE,
    VariationKind.TERMINATION,
)


def _begin(contract: Contract, decided_on: dt.date, today: dt.date | None, action: str):
    today = today or timezone.localdate()
    contract = lock_contract(contract)
    refuse_unless_running(contract, action)
    check_decided_on(decided_on, today)
    return contract, today


def _refuse_while_options_remain(contract: Contract, options, what: str) -> None:
    for option in options:
        if option.status == OptionStatus.AVAILABLE:
            left = option.months - option.months_used
            raise ValidationError(
                f"Option {option.sequence} still has {months_text(left)} available: exercise "
                f"or decline it before {what}."
            )


def _refuse_if_ended(contract: Contract, decided_on: dt.date) -> None:
    end = contract.current_end_date
    if end is not None and decided_on > end:
        raise ValidationError(
            {
                "decided_on": (
                    f"The contract ended on {long_date(end)}, before this decision: only a "
                    "contract that is still running can be extended. Let a new contract instead."
                )
            }
        )


def _record(contract: Contract, kind: str, **fields) -> ContractVariation:
    return ContractVariation.objects.create(
        contract=contract,
        kind=kind,
        resulting_end_date=contract.current_end_date,
        **fields,
    )


@transaction.atomic
def contract_extend_by_waiver(
    *,
    contract: Contract,
    months: int,
    reason: str,
    decided_on: dt.date,
    decision_reference: str = "",
    decision=None,
    today: dt.date | None = None,
) -> ContractVariation:
    """Extend by a waiver of the Contract Procedure Rules (seed 004: 3 months
    under Rule 3.2.9.3). It may go past the maximum end date; it is flagged."""
    contract, today = _begin(contract, decided_on, today, "extend it")
    if contract.ends_on_award_of_id is not None:
        raise ValidationError(
            f"This pilot runs until the award of {contract.ends_on_award_of.reference}: "
            "record its termination instead of a waiver."
        )
    if months is None or months < 1:
        raise ValidationError({"months": "Enter how many months the waiver extends the contract."})
    check_decision_recorded(decision, decision_reference, "A waiver")
    check_reason(reason, "Enter the reason for the waiver, such as the rule it is made under.")
    options = options_of(contract)
    _refuse_while_options_remain(contract, options, "extending the contract by waiver")
    _refuse_if_ended(contract, decided_on)
    store_term(contract, options, waivers=[*waiver_months(contract), months], today=today)
    return _record(
        contract,
        VariationKind.WAIVER_EXTENSION,
        months=months,
        reason=reason.strip(),
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision=decision,
        beyond_max_extent=contract.current_end_date > contract.max_end_date,
    )


@transaction.atomic
def contract_extend_until_award(
    *,
    contract: Contract,
    procurement,
    reason: str,
    decided_on: dt.date,
    decision_reference: str = "",
    decision=None,
    today: dt.date | None = None,
) -> ContractVariation:
    """Seed 000: a pilot extended until the new provision is awarded has no
    fixed end date while that procurement runs."""
    contract, today = _begin(contract, decided_on, today, "extend it")
    if not contract.is_pilot:
        raise ValidationError(
            "Only a pilot can run until a procurement is awarded: extend this contract by "
            "waiver for a stated number of months instead."
        )
    if contract.ends_on_award_of_id is not None:
        raise ValidationError(
            f"This pilot already runs until the award of {contract.ends_on_award_of.reference}."
        )
    if procurement is None:
        raise ValidationError({"procurement": "Choose the procurement whose award ends the pilot."})
    if procurement.status in (*AWARDED, ProcurementStatus.CANCELLED):
        raise ValidationError(
            {
                "procurement": (
                    f"{procurement.reference} is {procurement.get_status_display().lower()}: "
                    "choose a procurement that is still running."
                )
            }
        )
    check_decision_recorded(decision, decision_reference, "An extension until award")
    check_reason(reason, "Enter the reason for extending the pilot until the award.")
    options = options_of(contract)
    _refuse_while_options_remain(contract, options, "extending the pilot until the award")
    _refuse_if_ended(contract, decided_on)
    contract.ends_on_award_of = procurement
    if contract.replacement_procurement_id is None:
        contract.replacement_procurement = procurement
    store_term(contract, options, today=today)
    return _record(
        contract,
        VariationKind.UNTIL_AWARD,
        procurement=procurement,
        reason=reason.strip(),
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision=decision,
        beyond_max_extent=contract.beyond_max_extent,
    )


@transaction.atomic
def contract_change_value(
    *,
    contract: Contract,
    new_annual_value: Decimal,
    reason: str,
    decided_on: dt.date,
    decision_reference: str = "",
    decision=None,
    today: dt.date | None = None,
) -> ContractVariation:
    contract, today = _begin(contract, decided_on, today, "change its value")
    if new_annual_value is None or new_annual_value < 0:
        raise ValidationError({"new_annual_value": "Enter the new annual value in pounds."})
    previous = contract.annual_value
    if new_annual_value == previous:
        raise ValidationError(
            {"new_annual_value": f"The annual value is already £{previous:,.2f}."}
        )
    check_reason(reason, "Enter the reason for the change of value, such as an annual uplift.")
    contract.annual_value = new_annual_value
    funding = list(contract.funding.all())
    # One funder paying the whole value keeps paying the whole value.
    if len(funding) == 1 and funding[0].annual_amount == previous:
        funding[0].annual_amount = new_annual_value
        funding[0].save()
    store_term(contract, options_of(contract), today=today)
    return _record(
        contract,
        VariationKind.VALUE_CHANGE,
        previous_annual_value=previous,
        new_annual_value=new_annual_value,
        reason=reason.strip(),
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision=decision,
    )


@transaction.atomic
def contract_change_scope(
    *,
    contract: Contract,
    reason: str,
    decided_on: dt.date,
    decision_reference: str = "",
    decision=None,
    today: dt.date | None = None,
) -> ContractVariation:
    contract, today = _begin(contract, decided_on, today, "change its scope")
    check_reason(reason, "Describe the change of scope.")
    return _record(
        contract,
        VariationKind.SCOPE_CHANGE,
        reason=reason.strip(),
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision=decision,
    )


@transaction.atomic
def contract_terminate(
    *,
    contract: Contract,
    termination_date: dt.date,
    reason: str,
    decided_on: dt.date,
    decision_reference: str = "",
    decision=None,
    today: dt.date | None = None,
) -> ContractVariation:
    """End the contract on a date; options not yet used can no longer be."""
    contract, today = _begin(contract, decided_on, today, "terminate it")
    if termination_date is None:
        raise ValidationError({"termination_date": "Enter the date the contract ends."})
    if termination_date < contract.start_date:
        raise ValidationError(
            {
                "termination_date": (
                    "The contract cannot end before it started on "
                    f"{long_date(contract.start_date)}."
                )
            }
        )
    if contract.current_end_date is not None and termination_date > contract.current_end_date:
        raise ValidationError(
            {
                "termination_date": (
                    f"The contract already ends on {long_date(contract.current_end_date)}: a "
                    "termination must take effect on or before that day."
                )
            }
        )
    if termination_date < decided_on:
        raise ValidationError(
            {
                "termination_date": (
                    f"A termination cannot take effect before it was decided, on "
                    f"{long_date(decided_on)}."
                )
            }
        )
    check_reason(reason, "Enter the reason for the termination.")
    options = options_of(contract)
    unused = [option for option in options if option.status == OptionStatus.AVAILABLE]
    for option in unused:
        option.status = OptionStatus.LAPSED
    contract.terminated_on = termination_date
    store_term(contract, options, changed_options=unused, today=today)
    return _record(
        contract,
        VariationKind.TERMINATION,
        termination_date=termination_date,
        reason=reason.strip(),
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision=decision,
    )


def contract_record_variation(
    *,
    contract: Contract,
    kind: str,
    reason: str,
    decided_on: dt.date,
    decision_reference: str = "",
    decision=None,
    months: int | None = None,
    new_annual_value: Decimal | None = None,
    termination_date: dt.date | None = None,
    procurement=None,
    today: dt.date | None = None,
) -> ContractVariation:
    """One entry point for pages and the API: the service for ``kind``."""
    common = {
        "contract": contract,
        "reason": reason,
        "decided_on": decided_on,
        "decision_reference": decision_reference,
        "decision": decision,
        "today": today,
    }
    if kind == VariationKind.WAIVER_EXTENSION:
        return contract_extend_by_waiver(months=months, **common)
    if kind == VariationKind.UNTIL_AWARD:
        return contract_extend_until_award(procurement=procurement, **common)
    if kind == VariationKind.VALUE_CHANGE:
        return contract_change_value(new_annual_value=new_annual_value, **common)
    if kind == VariationKind.SCOPE_CHANGE:
        return contract_change_scope(**common)
    if kind == VariationKind.TERMINATION:
        return contract_terminate(termination_date=termination_date, **common)
    if kind == VariationKind.EXERCISE:
        raise ValidationError(
            {"kind": "Use the extension option's exercise action to use an option."}
        )
    raise ValidationError({"kind": "Choose a kind of variation."})
