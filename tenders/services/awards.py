"""The award: top-ranked compliant bids of each lot win, the standstill period
is set, the status moves on and winners of tiered lots join the framework."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.common.dates import next_working_day_on_or_after, working_days_beginning_with
from tenders.models import (
    Award,
    Bid,
    BidStatus,
    FrameworkMember,
    Lot,
    NoticeKind,
    Procurement,
    ProcurementStatus,
    Regime,
)
from tenders.services.evaluation import lot_evaluate
from tenders.services.frameworks import framework_member_add
from tenders.services.notices import procurement_sync_notices

# PCR 2015 reg. 87(2)(a): 10 days after the award decision is sent electronically.
PCR2015_STANDSTILL_DAYS = 10
# Procurement Act 2023 s.51(3): eight working days beginning with the day the
# contract award notice is published.
PA2023_STANDSTILL_WORKING_DAYS = 8


def standstill_end(*, regime: str, decision_date: dt.date, nation: str | None = None) -> dt.date:
    """Last day of the standstill period; the contract may be entered into the day after.

    PCR 2015: decision date + 10 days, moved to the next working day when that
    falls on a weekend or bank holiday. PA 2023: the decision (notice) day is
    day 1 when it is a working day, and the period ends at the end of day 8.
    """
    if regime == Regime.PCR2015:
        return next_working_day_on_or_after(
            decision_date + dt.timedelta(days=PCR2015_STANDSTILL_DAYS), nation
        )
    return working_days_beginning_with(decision_date, PA2023_STANDSTILL_WORKING_DAYS, nation)


def standstill_applies(procurement: Procurement) -> bool:
    """Mandatory unless light-touch; a light-touch procurement may apply it voluntarily."""
    return procurement.apply_standstill or not procurement.light_touch


def _winners(lot: Lot, bids: list[Bid]) -> tuple[list[Bid], list[str]]:
    problems = []
    unmarked = [b for b in bids if b.status == BidStatus.SUBMITTED and b.quality_marks is None]
    for bid in unmarked:
        problems.append(
            f"Lot {lot.number}: enter the quality marks of {bid.provider.name}'s bid, or mark "
            "it non-compliant or withdrawn."
        )
    ranked = sorted((b for b in bids if b.rank is not None), key=lambda b: b.rank)
    if not ranked and not unmarked:
        problems.append(f"Lot {lot.number} has no compliant bid to award.")
    winners = [b for b in ranked if b.rank <= lot.max_awards]
    if len(winners) > lot.max_awards:
        tied = [b.provider.name for b in winners if b.rank == winners[-1].rank]
        problems.append(
            f"Lot {lot.number} awards {lot.max_awards}, but {', '.join(tied)} are tied on both "
            f"total and quality score at rank {winners[-1].rank}. Moderate the marks and "
            "record why in the moderation notes before awarding."
        )
    return winners, problems


def _membership_clashes(procurement: Procurement, plan: list[tuple[Lot, list[Bid]]]) -> list[str]:
    """A provider may win places on two tiers of one framework only if the
    tiers are for different work (different lot groups)."""
    places: dict[tuple[int, str], list[tuple[Lot, Bid]]] = defaultdict(list)
    for lot, winners in plan:
        if lot.tier is None:
            continue
        for bid in winners:
            places[(lot.tier.framework_id, lot.tier.lot_group)].append((lot, bid))
    problems = []
    for (framework_id, lot_group), won in places.items():
        existing = dict(
            FrameworkMember.objects.filter(
                framework_id=framework_id, lot_group=lot_group, left_on__isnull=True
            ).values_list("provider_id", "tier__name")
        )
        seen: dict[int, Lot] = {}
        for lot, bid in won:
            if bid.provider_id in existing:
                problems.append(
                    f"Lot {lot.number}: {bid.provider.name} is already on "
                    f"{existing[bid.provider_id]} of this framework for the same work."
                )
            elif bid.provider_id in seen:
                problems.append(
                    f"{bid.provider.name} is ranked to win lots {seen[bid.provider_id].number} "
                    f"and {lot.number}, whose tiers are for the same work. A provider may be "
                    "on one of them: record which bid it withdraws before awarding."
                )
            seen[bid.provider_id] = lot
    return problems


@transaction.atomic
def procurement_award(*, procurement: Procurement, decision_date: dt.date) -> Procurement:
    """Award every lot of a procurement in evaluation.

    ``decision_date`` is the day the award decision is sent (PCR 2015) or the
    contract award notice is published (Procurement Act 2023).
    """
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status != ProcurementStatus.EVALUATION:
        raise ValidationError(
            "Awards are made at the end of evaluation; this procurement is "
            f"{procurement.get_status_display().lower()}."
        )
    if procurement.submission_deadline is None:
        raise ValidationError({"decision_date": "Record the submission deadline before awarding."})
    if decision_date < procurement.submission_deadline:
        raise ValidationError(
            {
                "decision_date": (
                    "The award decision cannot be before the submission deadline of "
                    f"{procurement.submission_deadline:%d/%m/%Y}."
                )
            }
        )
    lots = list(procurement.lots.select_related("tier__framework").order_by("number"))
    if not lots:
        raise ValidationError("Add the lots and their bids before awarding.")
    plan, problems = [], []
    for lot in lots:
        lot_evaluate(lot=lot)
        bids = list(lot.bids.select_related("provider"))
        winners, lot_problems = _winners(lot, bids)
        problems += lot_problems
        plan.append((lot, winners))
    problems += _membership_clashes(procurement, plan)
    if problems:
        raise ValidationError(problems)

    procurement.award_decision_date = decision_date
    if standstill_applies(procurement):
        procurement.standstill_end_date = standstill_end(
            regime=procurement.regime, decision_date=decision_date
        )
        procurement.status = ProcurementStatus.STANDSTILL
    else:
        procurement.standstill_end_date = None
        procurement.status = ProcurementStatus.AWARDED
    procurement.full_clean()
    procurement.save()

    for lot, winners in plan:
        for bid in winners:
            award = Award.objects.create(
                lot=lot, bid=bid, provider=bid.provider, rank=bid.rank, decision_date=decision_date
            )
            if lot.tier is not None:
                framework = lot.tier.framework
                framework_member_add(
                    framework=framework,
                    tier=lot.tier,
                    provider=bid.provider,
                    joined_on=max(
                        procurement.contract_start_date or framework.start_date,
                        framework.start_date,
                    ),
                    award=award,
                )
    for notice in procurement_sync_notices(procurement=procurement):
        if notice.kind == NoticeKind.UK6:
            # Under the Act the decision date is the day the award notice was published.
            notice.published_on = decision_date
            notice.save(update_fields=["published_on"])
    return procurement
