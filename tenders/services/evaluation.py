"""Scoring and ranking of bids (DOMAIN.md §2): the common "most advantageous
tender" evaluation, in exact decimal arithmetic.

    quality score = Wq × marks / maximum marks
    price score   = Wp × lowest compliant price / bid price
    total         = quality score + price score

Ranked by total, ties broken by the higher quality score; bids equal on both
share a rank. Non-compliant and withdrawn bids are not scored, and their
prices do not set the lowest price. Totals are rounded to 2 dp only for
display; they are stored to 4 dp and ranked on the unrounded values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from tenders.models import Bid, BidStatus, Lot

STORED = Decimal("0.0001")


@dataclass(frozen=True)
class BidScore:
    quality_score: Decimal
    price_score: Decimal
    total_score: Decimal
    rank: int


def score_bids(
    bids: Iterable[Bid], *, quality_weight: int, price_weight: int, max_marks: Decimal
) -> dict[int, BidScore]:
    """Scores of the compliant, marked bids of one lot, by bid id (unrounded).

    Bids without marks yet are not scored, but their prices still count
    towards the lowest compliant price (the price is known at submission).
    """
    compliant = [bid for bid in bids if bid.status == BidStatus.SUBMITTED]
    if not compliant:
        return {}
    lowest = min(bid.price for bid in compliant)
    raw = []
    for bid in compliant:
        if bid.quality_marks is None:
            continue
        quality = Decimal(quality_weight) * Decimal(bid.quality_marks) / Decimal(max_marks)
        price = Decimal(price_weight) * lowest / Decimal(bid.price)
        raw.append((bid.pk, quality, price, quality + price))
    raw.sort(key=lambda row: (row[3], row[1]), reverse=True)
    scores: dict[int, BidScore] = {}
    previous = None
    rank = 0
    for position, (pk, quality, price, total) in enumerate(raw, start=1):
        if (total, quality) != previous:
            rank = position
            previous = (total, quality)
        scores[pk] = BidScore(quality, price, total, rank)
    return scores


def _stored(value: Decimal) -> Decimal:
    return value.quantize(STORED, rounding=ROUND_HALF_UP)


@transaction.atomic
def lot_evaluate(*, lot: Lot) -> list[Bid]:
    """Score and rank every bid of a lot and store the results: the one place
    scores are written. Run after any change to a lot's bids or weights."""
    procurement = lot.procurement
    bids = list(Bid.objects.select_for_update().filter(lot=lot).order_by("pk"))
    scores = score_bids(
        bids,
        quality_weight=procurement.quality_weight,
        price_weight=procurement.price_weight,
        max_marks=procurement.quality_max_marks,
    )
    changed = []
    for bid in bids:
        score = scores.get(bid.pk)
        values = (
            (
                _stored(score.quality_score),
                _stored(score.price_score),
                _stored(score.total_score),
                score.rank,
            )
            if score
            else (None, None, None, None)
        )
        if values != (bid.quality_score, bid.price_score, bid.total_score, bid.rank):
            bid.quality_score, bid.price_score, bid.total_score, bid.rank = values
            changed.append(bid)
    # Saved one by one so each change of score is in the bid's history.
    for bid in changed:
        bid.save(update_fields=["quality_score", "price_score", "total_score", "rank"])
    return bids


def procurement_evaluate(*, procurement) -> None:
    for lot in procurement.lots.all():
        lot_evaluate(lot=lot)
