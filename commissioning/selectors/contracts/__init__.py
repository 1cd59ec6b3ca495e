"""Contract reads: the register and its filters, the forward plan, a
contract's timeline and history."""

from commissioning.selectors.contracts.history import HistoryEntry, history_entries
from commissioning.selectors.contracts.register import (
    CURRENT,
    IN_FORCE,
    ContractFilter,
    ForwardPlanFilter,
    RegisterTotals,
    contract_detail_queryset,
    contract_list,
    contract_list_with_terms,
    decision_due_within,
    ending_within,
    forward_plan,
    register_totals,
)
from commissioning.selectors.contracts.timeline import (
    Milestone,
    Period,
    Timeline,
    contract_timeline,
)


def contract_history(contract, *, limit: int = 50) -> list[HistoryEntry]:
    """The contract's history with its options, funders and variations."""
    from commissioning.models import (
        Contract,
        ContractFunding,
        ContractVariation,
        ExtensionOption,
    )

    return history_entries(
        [
            (Contract.history.filter(id=contract.pk), lambda record: "Contract"),
            (
                ExtensionOption.history.filter(contract_id=contract.pk),
                lambda record: f"Extension option {record.sequence}",
            ),
            (
                ContractFunding.history.filter(contract_id=contract.pk),
                lambda record: f"Funder {record.funder}",
            ),
            (
                ContractVariation.history.filter(contract_id=contract.pk),
                lambda record: f"Variation ({record.get_kind_display().lower()})",
            ),
        ],
        limit=limit,
    )


__all__ = [
    "CURRENT",
    "IN_FORCE",
    "ContractFilter",
    "ForwardPlanFilter",
    "HistoryEntry",
    "Milestone",
    "Period",
    "RegisterTotals",
    "Timeline",
    "contract_detail_queryset",
    "contract_history",
    "contract_list",
    "contract_list_with_terms",
    "contract_timeline",
    "decision_due_within",
    "ending_within",
    "forward_plan",
    "history_entries",
    "register_totals",
]
