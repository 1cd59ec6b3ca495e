"""The verbs of procurement and framework agreements, one module per topic:
procurements (workflow, lots, bids), evaluation (scoring), awards, notices
and frameworks (term, options, tiers, members, rates)."""

from tenders.services.awards import procurement_award, standstill_applies, standstill_end
from tenders.services.evaluation import lot_evaluate, procurement_evaluate, score_bids
from tenders.services.frameworks import (
    framework_check_term_limit,
    framework_create,
    framework_member_add,
    framework_member_leave,
    framework_option_decline,
    framework_option_exercise,
    framework_rate_create,
    framework_recompute_term,
    framework_status_on,
    framework_terms,
    framework_tier_create,
    framework_update,
)
from tenders.services.notices import (
    notice_due_dates,
    notice_record_publication,
    procurement_sync_notices,
)
from tenders.services.procurements import (
    bid_create,
    bid_update,
    lot_create,
    lot_update,
    procurement_create,
    procurement_transition,
    procurement_update,
)

__all__ = [
    "bid_create",
    "bid_update",
    "framework_check_term_limit",
    "framework_create",
    "framework_member_add",
    "framework_member_leave",
    "framework_option_decline",
    "framework_option_exercise",
    "framework_rate_create",
    "framework_recompute_term",
    "framework_status_on",
    "framework_terms",
    "framework_tier_create",
    "framework_update",
    "lot_create",
    "lot_evaluate",
    "lot_update",
    "notice_due_dates",
    "notice_record_publication",
    "procurement_award",
    "procurement_create",
    "procurement_evaluate",
    "procurement_sync_notices",
    "procurement_transition",
    "procurement_update",
    "score_bids",
    "standstill_applies",
    "standstill_end",
]
