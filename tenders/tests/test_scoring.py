"""Evaluation exactly as DOMAIN.md §2, worked by hand."""

from decimal import Decimal

import pytest

from tenders.models import BidStatus
from tenders.services import lot_evaluate, score_bids
from tenders.tests.factories import BidFactory, LotFactory

pytestmark = pytest.mark.django_db


class FakeBid:
    def __init__(self, pk, price, marks, status=BidStatus.SUBMITTED):
        self.pk, self.price, self.quality_marks, self.status = (
            pk,
            Decimal(price),
            None if marks is None else Decimal(marks),
            status,
        )


def _score(*bids, quality_weight=60, price_weight=40, max_marks="100"):
    return score_bids(
        bids,
        quality_weight=quality_weight,
        price_weight=price_weight,
        max_marks=Decimal(max_marks),
    )


def test_quality_price_and_total_follow_the_formula():
    scores = _score(FakeBid(1, "18.00", "80"), FakeBid(2, "20.00", "90"))
    # Bid 1: quality 60 × 80/100 = 48; price 40 × 18/18 = 40; total 88.
    # Bid 2: quality 60 × 90/100 = 54; price 40 × 18/20 = 36; total 90.
    assert (scores[1].quality_score, scores[1].price_score, scores[1].total_score) == (
        Decimal(48),
        Decimal(40),
        Decimal(88),
    )
    assert scores[2].total_score == Decimal(90)
    assert (scores[2].rank, scores[1].rank) == (1, 2)


def test_scores_are_exact_decimals_not_rounded_before_ranking():
    scores = _score(FakeBid(1, "17.00", "70"), FakeBid(2, "19.00", "76"), max_marks="80")
    # Bid 2: price score 40 × 17/19 = 35.789473…; quality 60 × 76/80 = 57.
    assert scores[2].price_score == Decimal(40) * Decimal(17) / Decimal(19)
    assert str(scores[2].price_score).startswith("35.78947368")
    assert scores[2].total_score == Decimal(57) + Decimal(40) * Decimal(17) / Decimal(19)


def test_equal_totals_are_ranked_by_the_higher_quality_score():
    scores = _score(FakeBid(1, "16.00", "66"), FakeBid(2, "25.00", "90"))
    # Bid 1: 60 × 66/100 = 39.6 + 40 × 16/16 = 40 → 79.6.
    # Bid 2: 60 × 90/100 = 54 + 40 × 16/25 = 25.6 → 79.6: the same total.
    assert scores[1].total_score == scores[2].total_score == Decimal("79.6")
    assert (scores[2].rank, scores[1].rank) == (1, 2)


def test_bids_equal_on_total_and_quality_share_a_rank():
    scores = _score(FakeBid(1, "20", "80"), FakeBid(2, "20", "80"), FakeBid(3, "20", "50"))
    assert [scores[pk].rank for pk in (1, 2, 3)] == [1, 1, 3]


def test_non_compliant_and_withdrawn_bids_are_not_scored_and_do_not_set_the_lowest_price():
    scores = _score(
        FakeBid(1, "20.00", "80"),
        FakeBid(2, "10.00", "90", BidStatus.NON_COMPLIANT),
        FakeBid(3, "12.00", "90", BidStatus.WITHDRAWN),
        FakeBid(4, "25.00", "70"),
    )
    assert set(scores) == {1, 4}
    # Lowest compliant price is £20, not £10: bid 1 gets the full 40 points.
    assert scores[1].price_score == Decimal(40)
    assert scores[4].price_score == Decimal(32)  # 40 × 20/25


def test_an_unmarked_bid_is_not_scored_but_its_price_counts_as_lowest():
    scores = _score(FakeBid(1, "20.00", "80"), FakeBid(2, "16.00", None))
    assert set(scores) == {1}
    assert scores[1].price_score == Decimal(32)  # 40 × 16/20


def test_other_weights_and_maximum_marks():
    scores = _score(FakeBid(1, "30", "15"), quality_weight=70, price_weight=30, max_marks="20")
    # 70 × 15/20 = 52.5; 30 × 30/30 = 30.
    assert scores[1].total_score == Decimal("82.5")


def test_lot_evaluate_stores_scores_to_four_places_and_ranks():
    lot = LotFactory()
    cheap = BidFactory(lot=lot, price=Decimal("17.00"), quality_marks=Decimal("70"))
    dear = BidFactory(lot=lot, price=Decimal("19.00"), quality_marks=Decimal("80"))
    excluded = BidFactory(lot=lot, price=Decimal("12.00"), status=BidStatus.NON_COMPLIANT)
    lot_evaluate(lot=lot)
    for bid in (cheap, dear, excluded):
        bid.refresh_from_db()
    # Dear: 48 + 40 × 17/19 = 48 + 35.7894… = 83.7895 (4 dp); cheap: 42 + 40 = 82.
    assert dear.total_score == Decimal("83.7895")
    assert dear.price_score == Decimal("35.7895")
    assert (dear.rank, cheap.rank) == (1, 2)
    assert cheap.total_score == Decimal("82.0000")
    assert (excluded.total_score, excluded.rank) == (None, None)
