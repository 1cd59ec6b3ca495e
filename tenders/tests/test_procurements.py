"""The procurement workflow, lots and bids (API.md enums note; DOMAIN.md §2)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from providers.tests.factories import ProviderFactory
from tenders import services
from tenders.models import Bid, BidStatus, Procurement, ProcurementStatus, Regime
from tenders.tests.factories import FrameworkFactory, FrameworkTierFactory
from tenders.tests.helpers import new_procurement, open_with_bids, to_evaluation

pytestmark = pytest.mark.django_db
D = dt.date
S = ProcurementStatus


def _move(procurement, status, **kwargs):
    return services.procurement_transition(procurement=procurement, status=status, **kwargs)


def test_the_workflow_moves_forward_step_by_step():
    procurement = new_procurement()
    for status in (S.MARKET_ENGAGEMENT, S.OPEN, S.EVALUATION):
        procurement = _move(procurement, status)
        assert procurement.status == status


def test_market_engagement_may_be_skipped():
    procurement = new_procurement()
    assert _move(procurement, S.OPEN).status == S.OPEN


def test_going_backwards_is_refused_with_the_reason():
    procurement = _move(new_procurement(), S.OPEN)
    with pytest.raises(ValidationError, match="cannot go back from open for tender to planning"):
        _move(procurement, S.PLANNING)


def test_skipping_a_step_is_refused_with_the_reason():
    procurement = new_procurement()
    with pytest.raises(ValidationError, match="cannot move straight to evaluation"):
        _move(procurement, S.EVALUATION)


@pytest.mark.parametrize("status", [S.STANDSTILL, S.AWARDED])
def test_standstill_and_awarded_are_reached_only_through_the_award(status):
    procurement = _move(_move(new_procurement(), S.OPEN), S.EVALUATION)
    with pytest.raises(ValidationError, match="by recording the award decision"):
        _move(procurement, status)
    assert Procurement.objects.get(pk=procurement.pk).status == S.EVALUATION


@pytest.mark.parametrize("steps", [(), (S.OPEN,), (S.OPEN, S.EVALUATION)])
def test_cancelled_from_any_state_before_awarded(steps):
    procurement = new_procurement()
    for step in steps:
        procurement = _move(procurement, step)
    procurement = _move(procurement, S.CANCELLED, reason="No market interest", today=D(2024, 11, 1))
    assert (procurement.status, procurement.cancelled_on, procurement.cancelled_reason) == (
        S.CANCELLED,
        D(2024, 11, 1),
        "No market interest",
    )


def test_an_awarded_procurement_cannot_be_cancelled():
    procurement = new_procurement(apply_standstill=False)
    open_with_bids(procurement, [("20", "80")])
    to_evaluation(procurement)
    procurement = services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    assert procurement.status == S.AWARDED
    with pytest.raises(ValidationError, match="that has been awarded cannot be cancelled"):
        _move(procurement, S.CANCELLED)
    with pytest.raises(ValidationError, match="cannot move straight to complete"):
        _move(procurement, S.COMPLETE)
    assert _move(procurement, S.MOBILISATION).status == S.MOBILISATION
    with pytest.raises(ValidationError, match="cannot go back from mobilisation to awarded"):
        _move(procurement, S.AWARDED)


def test_a_cancelled_or_complete_procurement_stays_so():
    procurement = _move(new_procurement(), S.CANCELLED)
    with pytest.raises(ValidationError, match="can no longer change"):
        _move(procurement, S.OPEN)


def test_opening_needs_a_submission_deadline_and_sets_the_publication_date():
    procurement = new_procurement(submission_deadline=None, publication_date=None)
    with pytest.raises(ValidationError, match="Record the submission deadline"):
        _move(procurement, S.OPEN)
    procurement = services.procurement_update(
        procurement=procurement, submission_deadline=D(2025, 5, 30)
    )
    assert _move(procurement, S.OPEN, today=D(2025, 4, 14)).publication_date == D(2025, 4, 14)


def test_weights_must_add_up_to_100():
    with pytest.raises(ValidationError, match="must add up to 100"):
        new_procurement(quality_weight=60, price_weight=50)
    assert not Procurement.objects.exists()


def test_standstill_is_mandatory_unless_light_touch():
    with pytest.raises(ValidationError, match="mandatory unless the contract is light-touch"):
        new_procurement(light_touch=False, apply_standstill=False)
    assert new_procurement(light_touch=True, apply_standstill=False).apply_standstill is False


def test_the_act_applies_only_from_24_february_2025():
    with pytest.raises(ValidationError, match="24 February 2025"):
        new_procurement(regime=Regime.PA2023, publication_date=D(2025, 2, 21))
    new_procurement(regime=Regime.PA2023, publication_date=D(2025, 2, 24))


def test_dates_must_be_in_order():
    with pytest.raises(ValidationError, match="on or after the publication date"):
        new_procurement(publication_date=D(2024, 9, 2), clarification_deadline=D(2024, 8, 30))


def test_the_terms_are_fixed_once_the_tender_is_published():
    procurement = _move(new_procurement(), S.OPEN)
    with pytest.raises(ValidationError) as refused:
        services.procurement_update(procurement=procurement, quality_weight=70, price_weight=30)
    assert set(refused.value.message_dict) == {"quality_weight", "price_weight"}
    services.procurement_update(procurement=procurement, title="Home care and support")


def test_bids_are_taken_only_while_open():
    procurement = new_procurement()
    lot = services.lot_create(procurement=procurement, number=1, title="Home care")
    with pytest.raises(ValidationError, match="only while the tender is open"):
        services.bid_create(lot=lot, provider=ProviderFactory(), price=Decimal("20"))
    _move(procurement, S.OPEN)
    services.bid_create(lot=lot, provider=ProviderFactory(), price=Decimal("20"))
    _move(procurement, S.EVALUATION)
    with pytest.raises(ValidationError, match="this procurement is evaluation"):
        services.bid_create(lot=lot, provider=ProviderFactory(), price=Decimal("20"))
    assert Bid.objects.count() == 1


def test_a_second_bid_from_the_same_provider_for_a_lot_is_refused():
    lot = open_with_bids(new_procurement(), [])
    provider = ProviderFactory(name="Larkrise Care")
    services.bid_create(lot=lot, provider=provider, price=Decimal("20"))
    with pytest.raises(ValidationError, match="Larkrise Care has already bid for lot 1"):
        services.bid_create(lot=lot, provider=provider, price=Decimal("19"))
    assert Bid.objects.count() == 1


def test_quality_marks_above_the_maximum_are_refused():
    procurement = new_procurement(quality_max_marks=Decimal(40))
    lot = open_with_bids(procurement, [])
    with pytest.raises(ValidationError, match="more than the maximum of 40"):
        services.bid_create(
            lot=lot, provider=ProviderFactory(), price=Decimal(20), quality_marks=Decimal("40.5")
        )
    assert not Bid.objects.exists()


def test_recording_a_bid_rescores_the_lot():
    lot = open_with_bids(new_procurement(), [("20.00", "80")])
    first = lot.bids.get()
    assert first.price_score == Decimal("40.0000")
    services.bid_create(
        lot=lot, provider=ProviderFactory(), price=Decimal("16.00"), quality_marks=Decimal(50)
    )
    first.refresh_from_db()
    assert first.price_score == Decimal("32.0000")  # 40 × 16/20


def test_in_evaluation_marks_change_but_the_price_does_not():
    procurement = new_procurement()
    lot = open_with_bids(procurement, [("20.00", None), ("18.00", None)])
    to_evaluation(procurement)
    bid = lot.bids.get(price=Decimal("20.00"))
    with pytest.raises(ValidationError, match="price cannot change"):
        services.bid_update(bid=bid, price=Decimal("17.00"))
    bid = services.bid_update(
        bid=bid, quality_marks=Decimal(90), moderation_notes="Agreed at moderation"
    )
    assert bid.total_score == Decimal("90.0000")  # 54 + 40 × 18/20 = 54 + 36
    services.bid_update(bid=lot.bids.get(price=Decimal("18.00")), status=BidStatus.NON_COMPLIANT)
    bid.refresh_from_db()
    assert bid.price_score == Decimal("40.0000")
    assert bid.history.count() >= 3


def test_a_lot_tier_must_belong_to_the_procurements_framework():
    framework = FrameworkFactory()
    other_tier = FrameworkTierFactory()
    procurement = new_procurement(framework=framework)
    with pytest.raises(ValidationError, match=f"Choose a tier of {framework.reference}"):
        services.lot_create(procurement=procurement, number=1, title="Lot", tier=other_tier)
    unlinked = new_procurement(reference="ASC-2025-015")
    with pytest.raises(ValidationError, match="Link the procurement to its framework"):
        services.lot_create(procurement=unlinked, number=1, title="Lot", tier=other_tier)


def test_lots_cannot_be_added_once_evaluation_starts():
    procurement = new_procurement()
    open_with_bids(procurement, [])
    to_evaluation(procurement)
    with pytest.raises(ValidationError, match="until bids are evaluated"):
        services.lot_create(procurement=procurement, number=2, title="Night care")


def test_once_published_only_a_lots_title_may_change():
    procurement = new_procurement()
    lot = services.lot_create(procurement=procurement, number=1, title="Home care", max_awards=2)
    lot = services.lot_update(lot=lot, max_awards=3)
    _move(procurement, S.OPEN)
    with pytest.raises(ValidationError) as refused:
        services.lot_update(lot=lot, max_awards=4, title="Home care and support")
    assert list(refused.value.message_dict) == ["max_awards"]
    lot = services.lot_update(lot=lot, title="Home care and support", max_awards=3)
    assert (lot.title, lot.max_awards) == ("Home care and support", 3)
