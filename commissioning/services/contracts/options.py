"""Extension options: exercised in sequence, in full or in part, before their
decision deadline; declined (the later ones lapse with it); lapsed when the
deadline passes without a decision (DOMAIN.md §1)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from commissioning.common.audit import current_user
from commissioning.common.terms import OptionStatus
from commissioning.models import (
    Contract,
    ContractStatus,
    ContractVariation,
    ExtensionOption,
    VariationKind,
)
from commissioning.services.contracts.common import (
    check_decided_on,
    lock_contract,
    long_date,
    months_text,
    option_on,
    options_of,
    ordinal,
    refuse_unless_running,
)
from commissioning.services.contracts.terms import contracts_recompute_terms, store_term

AVAILABLE = OptionStatus.AVAILABLE


def _refuse_unless_usable(contract: Contract, option: ExtensionOption) -> None:
    number = option.sequence
    if contract.ends_on_award_of_id is not None:
        raise ValidationError(
            f"This pilot runs until the award of {contract.ends_on_award_of.reference}: "
            "its extension options no longer apply."
        )
    if option.status == OptionStatus.EXERCISED:
        raise ValidationError(f"Option {number} has already been used in full.")
    if option.status == OptionStatus.DECLINED:
        declined = f" on {long_date(option.decided_on)}" if option.decided_on else ""
        raise ValidationError(f"Option {number} was declined{declined}: it can no longer be used.")
    if option.status == OptionStatus.LAPSED:
        raise ValidationError(
            f"Option {number} has lapsed: it can no longer be used. If the contract must "
            "continue, a manager can record a waiver of the Contract Procedure Rules."
        )


def _check_in_time(contract: Contract, option: ExtensionOption, decided_on: dt.date) -> None:
    deadline = option.decision_deadline
    if deadline is not None and decided_on > deadline:
        raise ValidationError(
            {
                "decided_on": (
                    f"The decision on option {option.sequence} was due by {long_date(deadline)}, "
                    f"{contract.notice_days} days before the contract's end on "
                    f"{long_date(contract.current_end_date)}. It is too late to use this "
                    "option: the contract can only continue by a waiver."
                )
            }
        )


@transaction.atomic
def contract_exercise_option(
    *,
    contract: Contract,
    option: ExtensionOption | int,
    decided_on: dt.date,
    months: int | None = None,
    decision_reference: str = "",
    decision=None,
    reason: str = "",
    today: dt.date | None = None,
) -> Contract:
    """Use an extension option, in full (the default) or for some of its months."""
    today = today or timezone.localdate()
    contract = lock_contract(contract)
    options = options_of(contract)
    option = option_on(options, option)
    refuse_unless_running(contract, "use its extension options")
    _refuse_unless_usable(contract, option)
    earlier = [o for o in options if o.sequence < option.sequence and o.status == AVAILABLE]
    if earlier:
        first = earlier[0]
        raise ValidationError(
            f"The {ordinal(option.sequence)} extension option cannot be used before the "
            f"{ordinal(first.sequence)}: exercise or decline option {first.sequence} first."
        )
    left = option.months - option.months_used
    months = left if months is None else months
    if months < 1:
        raise ValidationError({"months": "Enter at least 1 month."})
    if months > left:
        raise ValidationError(
            {
                "months": (
                    f"Option {option.sequence} has {months_text(left)} left: enter {left} or fewer."
                )
            }
        )
    check_decided_on(decided_on, today)
    _check_in_time(contract, option, decided_on)

    option.months_used += months
    if option.months_used == option.months:
        option.status = OptionStatus.EXERCISED
    option.decided_on = decided_on
    option.decision_reference = decision_reference
    store_term(contract, options, changed_options=[option], today=today)
    ContractVariation.objects.create(
        contract=contract,
        kind=VariationKind.EXERCISE,
        option=option,
        months=months,
        reason=reason.strip()
        or f"Extension option {option.sequence} exercised for {months_text(months)}.",
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision=decision,
        resulting_end_date=contract.current_end_date,
        beyond_max_extent=contract.beyond_max_extent,
    )
    return contract


@transaction.atomic
def contract_decline_option(
    *,
    contract: Contract,
    option: ExtensionOption | int,
    decided_on: dt.date,
    decision_reference: str = "",
    today: dt.date | None = None,
) -> Contract:
    """Decide not to use (the rest of) an option; the options after it lapse."""
    today = today or timezone.localdate()
    contract = lock_contract(contract)
    options = options_of(contract)
    option = option_on(options, option)
    refuse_unless_running(contract, "decide on its extension options")
    _refuse_unless_usable(contract, option)
    check_decided_on(decided_on, today)
    if option.decision_deadline is not None and decided_on > option.decision_deadline:
        raise ValidationError(
            {
                "decided_on": (
                    f"The decision on option {option.sequence} was due by "
                    f"{long_date(option.decision_deadline)}: the option lapsed then, so there "
                    "is nothing left to decline."
                )
            }
        )
    option.status = OptionStatus.DECLINED
    option.decided_on = decided_on
    option.decision_reference = decision_reference
    later = [o for o in options if o.sequence > option.sequence and o.status == AVAILABLE]
    for later_option in later:
        later_option.status = OptionStatus.LAPSED
    store_term(contract, options, changed_options=[option, *later], today=today)
    return contract


@transaction.atomic
def contract_lapse_overdue_options(*, today: dt.date) -> int:
    """Lapse every option not exercised by its decision deadline, and the
    options after it on the same contract. Set-based and idempotent (a second
    run the same day finds nothing to do): for the daily scheduled checks.
    Returns how many options lapsed."""
    overdue_contracts = ExtensionOption.objects.filter(
        status=AVAILABLE,
        decision_deadline__lt=today,
        contract__status__in=[
            ContractStatus.ACTIVE,
            ContractStatus.EXTENDED,
            ContractStatus.EXPIRED,
        ],
    ).values("contract_id")
    # Locked, so two workers running the check at once lapse each option once.
    candidates = list(
        ExtensionOption.objects.select_for_update()
        .filter(status=AVAILABLE, contract_id__in=Subquery(overdue_contracts))
        .order_by("contract_id", "sequence")
    )
    first_overdue: dict[int, int] = {}
    for option in candidates:
        if option.decision_deadline is not None and option.decision_deadline < today:
            first_overdue.setdefault(option.contract_id, option.sequence)
    lapsing = [
        option
        for option in candidates
        if option.contract_id in first_overdue
        and option.sequence >= first_overdue[option.contract_id]
    ]
    if not lapsing:
        return 0
    now, user = timezone.now(), current_user()
    for option in lapsing:
        option.status = OptionStatus.LAPSED
        option.decision_deadline = None
        option.modified_at, option.modified_by = now, user
    reason = "Not exercised by its decision deadline"
    bulk_update_with_history(
        lapsing,
        ExtensionOption,
        ["status", "decision_deadline", "modified_at", "modified_by"],
        default_user=user,
        default_change_reason=reason,
    )
    contracts_recompute_terms(
        contracts=Contract.objects.filter(pk__in=list(first_overdue)), today=today, reason=reason
    )
    return len(lapsing)
