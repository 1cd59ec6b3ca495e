"""Contract services: the verbs of the contract register (DOMAIN.md §1).

Split by topic: ``register`` (entering and correcting contracts), ``options``
(exercise, decline, lapse), ``variations`` (waivers, changes, termination)
and ``terms`` (the one place derived dates are computed and stored).
"""

from commissioning.services.contracts.options import (
    contract_decline_option,
    contract_exercise_option,
    contract_lapse_overdue_options,
)
from commissioning.services.contracts.register import (
    contract_activate,
    contract_create,
    contract_set_funding,
    contract_update,
)
from commissioning.services.contracts.terms import (
    contract_recompute_term,
    contract_refresh_statuses,
    contracts_recompute_terms,
    pilot_end_on_award,
)
from commissioning.services.contracts.variations import (
    NEEDS_APPROVAL,
    RECORDABLE,
    contract_change_scope,
    contract_change_value,
    contract_extend_by_waiver,
    contract_extend_until_award,
    contract_record_variation,
    contract_terminate,
)

__all__ = [
    "NEEDS_APPROVAL",
    "RECORDABLE",
    "contract_activate",
    "contract_change_scope",
    "contract_change_value",
    "contract_create",
    "contract_decline_option",
    "contract_exercise_option",
    "contract_extend_by_waiver",
    "contract_extend_until_award",
    "contract_lapse_overdue_options",
    "contract_recompute_term",
    "contract_record_variation",
    "contract_refresh_statuses",
    "contract_set_funding",
    "contract_terminate",
    "contract_update",
    "contracts_recompute_terms",
    "pilot_end_on_award",
]
