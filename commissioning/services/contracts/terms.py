"""The one place a contract's derived dates are worked out and stored.

Every date the register, alerts and reports filter on (initial, current,
maximum and final end, "beyond maximum extent", each option's decision
deadline, the re-procurement start-by date) comes from
``commissioning.common.terms.compute_term`` through ``_apply_term`` below,
whenever a contract, its options or its variations change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from commissioning.common.audit import current_user
from commissioning.common.terms import OptionTerms, compute_term
from commissioning.models import (
    Contract,
    ContractStatus,
    ContractVariation,
    ExtensionOption,
    VariationKind,
)
from tenders.models import ProcurementStatus

ONE_DAY = dt.timedelta(days=1)

# Once its procurement reaches one of these with a start date for the new
# provision, a pilot that ends "on award" gets its end date.
AWARDED = (ProcurementStatus.AWARDED, ProcurementStatus.MOBILISATION, ProcurementStatus.COMPLETE)

DERIVED_FIELDS = (
    "initial_end_date",
    "current_end_date",
    "max_end_date",
    "final_end_date",
    "beyond_max_extent",
    "reprocurement_start_by",
    "next_decision_deadline",
    "status",
)


def pilot_end_on_award(procurement) -> dt.date | None:
    """Seed 000: a pilot "shall terminate upon the award / mobilisation of the
    new provision" — the day before the new provision starts, once the
    procurement has been awarded and that start is known; until then, none."""
    if procurement.status in AWARDED and procurement.contract_start_date is not None:
        return procurement.contract_start_date - ONE_DAY
    return None


def _status(contract: Contract, today: dt.date) -> str:
    if contract.status == ContractStatus.DRAFT:
        return ContractStatus.DRAFT
    if contract.terminated_on is not None:
        return ContractStatus.TERMINATED
    end = contract.current_end_date
    if end is not None and end < today:
        return ContractStatus.EXPIRED
    if end is None or end > contract.initial_end_date:
        return ContractStatus.EXTENDED
    return ContractStatus.ACTIVE


def _apply_term(
    contract: Contract,
    options: Sequence[ExtensionOption],
    *,
    waiver_months: Sequence[int],
    today: dt.date,
) -> list[ExtensionOption]:
    """Set the contract's derived fields and its options' decision deadlines
    in memory; return the options whose deadline changed."""
    term = compute_term(
        start=contract.start_date,
        initial_months=contract.initial_term_months,
        options=[
            OptionTerms(option.sequence, option.months, option.months_used, option.status)
            for option in options
        ],
        waiver_months=waiver_months,
        notice_days=contract.notice_days,
        lead_months=contract.procurement_lead_months,
        terminated_on=contract.terminated_on,
    )
    current_end, final_end = term.current_end, term.final_end
    beyond_max_extent = term.beyond_max_extent
    reprocurement_start_by = term.reprocurement_start_by
    deadlines = term.decision_deadlines
    if contract.ends_on_award_of_id is not None:
        end = pilot_end_on_award(contract.ends_on_award_of)
        if contract.terminated_on is not None:
            end = contract.terminated_on if end is None else min(end, contract.terminated_on)
        current_end = final_end = end
        # Open-ended, or ending on a date its own terms never provided for.
        beyond_max_extent = end is None or end > term.max_end
        # Its re-procurement is the procurement it waits for.
        reprocurement_start_by = None
        deadlines = {}

    contract.initial_end_date = term.initial_end
    contract.current_end_date = current_end
    contract.max_end_date = term.max_end
    contract.final_end_date = final_end
    contract.beyond_max_extent = beyond_max_extent
    contract.reprocurement_start_by = reprocurement_start_by
    contract.next_decision_deadline = min(deadlines.values(), default=None)
    contract.status = _status(contract, today)

    changed = []
    for option in options:
        deadline = deadlines.get(option.sequence)
        if option.decision_deadline != deadline:
            option.decision_deadline = deadline
            changed.append(option)
    return changed


def waiver_months(contract: Contract) -> list[int]:
    return list(
        contract.variations.filter(kind=VariationKind.WAIVER_EXTENSION).values_list(
            "months", flat=True
        )
    )


def store_term(
    contract: Contract,
    options: Sequence[ExtensionOption],
    *,
    changed_options: Iterable[ExtensionOption] = (),
    waivers: Sequence[int] | None = None,
    today: dt.date | None = None,
) -> Contract:
    """Recompute, then save the contract and every option that changed, once
    each (so each action is one line in their history)."""
    today = today or timezone.localdate()
    if waivers is None:
        waivers = waiver_months(contract) if contract.pk else []
    deadline_changed = _apply_term(contract, options, waiver_months=waivers, today=today)
    contract.save()
    to_save = {id(option): option for option in [*changed_options, *deadline_changed]}
    for option in sorted(to_save.values(), key=lambda option: option.sequence):
        option.contract = contract
        option.save()
    return contract


@transaction.atomic
def contract_recompute_term(*, contract: Contract, today: dt.date | None = None) -> Contract:
    """Recompute and store one contract's derived dates from its rows."""
    options = list(contract.extension_options.order_by("sequence"))
    return store_term(contract, options, today=today)


@transaction.atomic
def contracts_recompute_terms(*, contracts: QuerySet, today: dt.date, reason: str = "") -> int:
    """Recompute many contracts in a fixed number of queries; write (with
    history) only the rows whose derived values changed. Returns how many
    contracts changed."""
    rows = list(
        contracts.select_related("ends_on_award_of")
        .prefetch_related(
            Prefetch("extension_options", queryset=ExtensionOption.objects.order_by("sequence")),
            Prefetch(
                "variations",
                queryset=ContractVariation.objects.filter(kind=VariationKind.WAIVER_EXTENSION),
                to_attr="waivers",
            ),
        )
        .order_by("pk")
    )
    changed_contracts: list[Contract] = []
    changed_options: list[ExtensionOption] = []
    for contract in rows:
        before = [getattr(contract, name) for name in DERIVED_FIELDS]
        changed_options += _apply_term(
            contract,
            list(contract.extension_options.all()),
            waiver_months=[variation.months for variation in contract.waivers],
            today=today,
        )
        if [getattr(contract, name) for name in DERIVED_FIELDS] != before:
            changed_contracts.append(contract)
    now, user = timezone.now(), current_user()
    for record in [*changed_contracts, *changed_options]:
        record.modified_at, record.modified_by = now, user
    if changed_contracts:
        bulk_update_with_history(
            changed_contracts,
            Contract,
            [*DERIVED_FIELDS, "modified_at", "modified_by"],
            default_user=user,
            default_change_reason=reason,
        )
    if changed_options:
        bulk_update_with_history(
            changed_options,
            ExtensionOption,
            ["decision_deadline", "modified_at", "modified_by"],
            default_user=user,
            default_change_reason=reason,
        )
    return len(changed_contracts)


@transaction.atomic
def contract_refresh_statuses(*, today: dt.date) -> int:
    """Bring stored statuses and pilot end dates up to ``today``: contracts
    that have ended become expired, and a pilot waiting for a procurement
    gets its end date once that procurement is awarded with a start date.
    Idempotent; for the daily scheduled checks. Returns how many changed."""
    due = Contract.objects.filter(
        Q(
            status__in=[ContractStatus.ACTIVE, ContractStatus.EXTENDED],
            current_end_date__lt=today,
        )
        | Q(status=ContractStatus.EXPIRED, current_end_date__gte=today)
        | Q(
            ends_on_award_of__isnull=False,
            current_end_date__isnull=True,
            ends_on_award_of__status__in=AWARDED,
            ends_on_award_of__contract_start_date__isnull=False,
        )
    )
    return contracts_recompute_terms(contracts=due, today=today, reason="Daily status check")
