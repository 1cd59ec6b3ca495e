"""Entering and correcting contracts: their terms, extension options and funders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.common.terms import OptionStatus
from commissioning.models import (
    Contract,
    ContractFunding,
    ContractStatus,
    ExtensionOption,
    ProcurementRoute,
)
from commissioning.models.contracts import EXTENDING_KINDS
from commissioning.services.contracts.common import lock_contract, long_date, options_of
from commissioning.services.contracts.terms import store_term

# Fields an officer may correct on a contract after it is entered.
EDITABLE = (
    "reference",
    "title",
    "description",
    "department",
    "provider",
    "framework",
    "procurement",
    "replacement_procurement",
    "service_type",
    "procurement_route",
    "start_date",
    "initial_term_months",
    "notice_days",
    "procurement_lead_months",
    "annual_value",
    "irrecoverable_vat",
    "responsible_officer",
    "is_pilot",
    "review_date",
)
# Changing these would move the dates of extensions already recorded.
TERM_FIELDS = ("start_date", "initial_term_months")

Funding = Sequence[tuple[str, Decimal]]


def _check_reference(reference: str, contract: Contract | None = None) -> None:
    clash = Contract.objects.filter(reference__iexact=reference.strip())
    if contract is not None:
        clash = clash.exclude(pk=contract.pk)
    if clash.exists():
        raise ValidationError(
            {"reference": f"A contract with the reference {reference.strip()} already exists."}
        )


def _check_framework(framework, start_date: dt.date) -> None:
    if framework is None:
        return
    if not framework.start_date <= start_date <= framework.current_end_date:
        raise ValidationError(
            {
                "start_date": (
                    f"A contract under {framework.reference} must start while the framework runs, "
                    f"from {long_date(framework.start_date)} to "
                    f"{long_date(framework.current_end_date)}."
                )
            }
        )


def _check_months(initial_term_months: int, option_months: Sequence[int]) -> None:
    if initial_term_months is None or initial_term_months < 1:
        raise ValidationError({"initial_term_months": "Enter an initial term of at least 1 month."})
    if any(months < 1 for months in option_months):
        raise ValidationError(
            {"extension_options": "Each extension option must be at least 1 month long."}
        )


def _clean_funding(funding: Funding) -> list[tuple[str, Decimal]]:
    rows, seen = [], {}
    for funder, amount in funding:
        name = " ".join(funder.split())
        if not name:
            raise ValidationError({"funding": "Enter the name of each funder."})
        if name.lower() in seen:
            raise ValidationError(
                {"funding": f"List each funder once: {seen[name.lower()]} is listed twice."}
            )
        if amount is None or amount < 0:
            raise ValidationError(
                {"funding": f"Enter how much {name} pays a year, in pounds (0 or more)."}
            )
        seen[name.lower()] = name
        rows.append((name, amount))
    return rows


def _plan_options(
    contract: Contract, existing: list[ExtensionOption], option_months: Sequence[int]
) -> tuple[list[ExtensionOption], list[ExtensionOption], list[ExtensionOption]]:
    """The options after the change: (all kept, changed or new, removed).

    Options already decided on are history: they keep their length, and none
    is added after one that was declined or lapsed (that would undo the lapse).
    """
    kept, changed, removed = [], [], []
    if len(option_months) > len(existing) and (
        contract.terminated_on is not None or contract.ends_on_award_of_id is not None
    ):
        ended = "was terminated" if contract.terminated_on else "runs until a procurement's award"
        raise ValidationError(
            {"extension_options": f"This contract {ended}: no extension option can be added."}
        )
    by_sequence = {option.sequence: option for option in existing}
    closed = [o for o in existing if o.status in (OptionStatus.DECLINED, OptionStatus.LAPSED)]
    for sequence, months in enumerate(option_months, start=1):
        option = by_sequence.get(sequence)
        if option is None:
            if closed:
                raise ValidationError(
                    {
                        "extension_options": (
                            f"Option {closed[0].sequence} was {_decided(closed[0])}: "
                            "no option can be added after it."
                        )
                    }
                )
            option = ExtensionOption(contract=contract, sequence=sequence, months=months)
            changed.append(option)
        elif option.months != months:
            if option.status != OptionStatus.AVAILABLE or option.months_used:
                raise ValidationError(
                    {
                        "extension_options": (
                            f"Option {sequence} has been {_decided(option)}: its length of "
                            f"{option.months} months can no longer change."
                        )
                    }
                )
            option.months = months
            changed.append(option)
        kept.append(option)
    for option in existing[len(option_months) :]:
        if option.status != OptionStatus.AVAILABLE or option.months_used:
            raise ValidationError(
                {
                    "extension_options": (
                        f"Option {option.sequence} has been {_decided(option)}: "
                        "it cannot be removed."
                    )
                }
            )
        removed.append(option)
    return kept, changed, removed


def _decided(option: ExtensionOption) -> str:
    if option.status == OptionStatus.AVAILABLE:
        return "partly used"
    return {"exercised": "used", "declined": "declined", "lapsed": "lapsed"}[option.status]


def _write_funding(contract: Contract, funding: list[tuple[str, Decimal]]) -> None:
    current = {row.funder.lower(): row for row in contract.funding.all()}
    for name, amount in funding:
        row = current.pop(name.lower(), None)
        if row is None:
            ContractFunding.objects.create(contract=contract, funder=name, annual_amount=amount)
        elif (row.funder, row.annual_amount) != (name, amount):
            row.funder, row.annual_amount = name, amount
            row.save()
    for row in current.values():
        row.delete()


@transaction.atomic
def contract_create(
    *,
    reference: str,
    title: str,
    provider,
    service_type: str,
    start_date: dt.date,
    initial_term_months: int,
    annual_value: Decimal,
    option_months: Sequence[int] = (),
    funding: Funding | None = None,
    notice_days: int = 90,
    procurement_lead_months: int = 12,
    framework=None,
    procurement=None,
    procurement_route: str = ProcurementRoute.TENDER,
    description: str = "",
    department: str = "Adult Social Care",
    responsible_officer=None,
    is_pilot: bool = False,
    review_date: dt.date | None = None,
    irrecoverable_vat: Decimal = Decimal(0),
    draft: bool = False,
    today: dt.date | None = None,
) -> Contract:
    _check_reference(reference)
    _check_months(initial_term_months, option_months)
    _check_framework(framework, start_date)
    if annual_value is None or annual_value < 0:
        raise ValidationError({"annual_value": "Enter the annual value in pounds (0 or more)."})
    funding_rows = _clean_funding(funding or [])
    contract = Contract(
        reference=reference.strip(),
        title=title.strip(),
        provider=provider,
        service_type=service_type,
        start_date=start_date,
        initial_term_months=initial_term_months,
        annual_value=annual_value,
        notice_days=notice_days,
        procurement_lead_months=procurement_lead_months,
        framework=framework,
        procurement=procurement,
        procurement_route=procurement_route,
        description=description,
        department=department,
        responsible_officer=responsible_officer,
        is_pilot=is_pilot,
        review_date=review_date,
        irrecoverable_vat=irrecoverable_vat,
        status=ContractStatus.DRAFT if draft else ContractStatus.ACTIVE,
    )
    options = [
        ExtensionOption(contract=contract, sequence=sequence, months=months)
        for sequence, months in enumerate(option_months, start=1)
    ]
    store_term(contract, options, changed_options=options, waivers=[], today=today)
    _write_funding(contract, funding_rows)
    return contract


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    option_months: Sequence[int] | None = None,
    funding: Funding | None = None,
    today: dt.date | None = None,
    **changes,
) -> Contract:
    """Correct a contract's details, its extension options and funders.

    A change of annual value on a contract in force is a variation, recorded
    with its decision; here it is only allowed while the contract is a draft.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    contract = lock_contract(contract)
    changes = {name: value for name, value in changes.items() if getattr(contract, name) != value}
    if "reference" in changes:
        _check_reference(changes["reference"], contract)
    if "annual_value" in changes and contract.status != ContractStatus.DRAFT:
        raise ValidationError(
            {
                "annual_value": (
                    "Record a change of value as a variation, so the decision behind it is kept."
                )
            }
        )
    if (
        set(TERM_FIELDS) & set(changes)
        and contract.variations.filter(kind__in=EXTENDING_KINDS).exists()
    ):
        raise ValidationError(
            {
                "start_date": (
                    "The start date and initial term cannot change once extensions are "
                    "recorded: they fix the dates of those extensions."
                )
            }
        )
    if changes.get("is_pilot") is False and contract.ends_on_award_of_id is not None:
        raise ValidationError(
            {"is_pilot": "This pilot runs until a procurement is awarded: it stays a pilot."}
        )
    for name, value in changes.items():
        setattr(contract, name, value)
    _check_months(contract.initial_term_months, option_months or [])
    _check_framework(contract.framework, contract.start_date)
    if contract.annual_value is None or contract.annual_value < 0:
        raise ValidationError({"annual_value": "Enter the annual value in pounds (0 or more)."})

    existing = options_of(contract)
    if option_months is None:
        options, changed, removed = existing, [], []
    else:
        options, changed, removed = _plan_options(contract, existing, option_months)
    for option in removed:
        option.delete()
    store_term(contract, options, changed_options=changed, today=today)
    if funding is not None:
        _write_funding(contract, _clean_funding(funding))
    return contract


@transaction.atomic
def contract_set_funding(*, contract: Contract, funding: Funding) -> Contract:
    """Replace the list of funders and what each pays a year."""
    contract = lock_contract(contract)
    _write_funding(contract, _clean_funding(funding))
    return contract


@transaction.atomic
def contract_activate(*, contract: Contract, today: dt.date | None = None) -> Contract:
    """A draft becomes a contract in force."""
    contract = lock_contract(contract)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError("Only a draft contract can be activated.")
    contract.status = ContractStatus.ACTIVE
    return store_term(contract, options_of(contract), today=today)
