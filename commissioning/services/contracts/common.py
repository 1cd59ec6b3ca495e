"""Checks and wording shared by the contract services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from commissioning.models import Contract, ContractStatus, ExtensionOption

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def long_date(day: dt.date) -> str:
    """31 March 2022, as officers write it."""
    return f"{day.day} {day:%B %Y}"


def ordinal(number: int) -> str:
    return ORDINALS[number - 1] if 1 <= number <= len(ORDINALS) else f"number {number}"


def months_text(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"


def lock_contract(contract: Contract) -> Contract:
    """The contract, locked for this transaction, so two people acting on it
    at once are applied one after the other."""
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("ends_on_award_of", "provider")
        .get(pk=contract.pk)
    )


def options_of(contract: Contract) -> list[ExtensionOption]:
    return list(contract.extension_options.order_by("sequence"))


def option_on(options: list[ExtensionOption], option: ExtensionOption | int) -> ExtensionOption:
    option_id = getattr(option, "pk", option)
    for candidate in options:
        if candidate.pk == option_id:
            return candidate
    raise ValidationError("This extension option does not belong to this contract.")


def refuse_unless_running(contract: Contract, action: str) -> None:
    if contract.status == ContractStatus.DRAFT:
        raise ValidationError(f"This contract is still a draft: activate it before you {action}.")
    if contract.terminated_on is not None:
        raise ValidationError(
            f"This contract was terminated with effect from {long_date(contract.terminated_on)}: "
            f"you can no longer {action}."
        )


def check_decided_on(decided_on: dt.date, today: dt.date) -> None:
    if decided_on > today:
        raise ValidationError(
            {"decided_on": "The decision date cannot be in the future: record it once it is made."}
        )


def check_decision_recorded(decision, decision_reference: str, what: str) -> None:
    if decision is None and not decision_reference.strip():
        raise ValidationError(
            {
                "decision_reference": (
                    f"{what} needs a recorded decision: choose the governance decision "
                    "or enter its reference."
                )
            }
        )


def check_reason(reason: str, message: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": message})
