"""The award and the standstill period (DOMAIN.md §2), worked by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from providers.tests.factories import ProviderFactory
from tenders import services
from tenders.models import (
    Award,
    BidStatus,
    FrameworkMember,
    NoticeKind,
    Procurement,
    ProcurementStatus,
    Regime,
)
from tenders.services import standstill_end
from tenders.tests.factories import FrameworkFactory, FrameworkMemberFactory, FrameworkTierFactory
from tenders.tests.helpers import new_procurement, open_with_bids, to_evaluation

pytestmark = pytest.mark.django_db
D = dt.date
S = ProcurementStatus


# --- Standstill ---------------------------------------------------------------


def test_pcr_standstill_is_ten_days_after_the_decision():
    # Mon 2 Jun 2025 + 10 days = Thu 12 Jun 2025, a working day.
    assert standstill_end(regime=Regime.PCR2015, decision_date=D(2025, 6, 2)) == D(2025, 6, 12)


def test_pcr_standstill_ending_on_a_weekend_moves_to_monday():
    # Wed 20 Sep 2017 + 10 = Sat 30 Sep → Mon 2 Oct 2017 (seed 004's award).
    assert standstill_end(regime=Regime.PCR2015, decision_date=D(2017, 9, 20)) == D(2017, 10, 2)


def test_pcr_standstill_across_the_easter_bank_holiday_weekend():
    # Tue 8 Apr 2025 + 10 = Good Friday 18 Apr; Sat 19, Sun 20, Easter Monday 21 Apr
    # are not working days → Tue 22 Apr 2025.
    assert standstill_end(regime=Regime.PCR2015, decision_date=D(2025, 4, 8)) == D(2025, 4, 22)


def test_pcr_standstill_across_christmas():
    # Mon 15 Dec 2025 + 10 = Christmas Day; Boxing Day, then the weekend → Mon 29 Dec.
    assert standstill_end(regime=Regime.PCR2015, decision_date=D(2025, 12, 15)) == D(2025, 12, 29)


def test_act_standstill_is_eight_working_days_beginning_with_the_notice_day():
    # DOMAIN.md §2: notice on Fri 19 Dec 2025 → ends Fri 2 Jan 2026 in England.
    # 19 (1), 22 (2), 23 (3), 24 (4); 25–26 bank holidays, 27–28 weekend;
    # 29 (5), 30 (6), 31 (7); 1 Jan bank holiday; Fri 2 Jan (8).
    assert standstill_end(regime=Regime.PA2023, decision_date=D(2025, 12, 19)) == D(2026, 1, 2)


def test_act_standstill_starting_on_a_bank_holiday_counts_from_the_next_working_day():
    # Notice on Easter Monday 21 Apr 2025: day 1 is Tue 22 Apr, day 8 is Thu 1 May.
    assert standstill_end(regime=Regime.PA2023, decision_date=D(2025, 4, 21)) == D(2025, 5, 1)


def test_act_standstill_across_the_may_bank_holiday_weekend():
    # Thu 1 May 2025 (1), Fri 2 (2); Mon 5 May is the early May bank holiday;
    # Tue 6 (3), 7 (4), 8 (5), 9 (6), Mon 12 (7), Tue 13 May (8).
    assert standstill_end(regime=Regime.PA2023, decision_date=D(2025, 5, 1)) == D(2025, 5, 13)


@override_settings(COUNCIL_NATION="WLS")
def test_standstill_uses_the_councils_nation_for_bank_holidays():
    assert standstill_end(regime=Regime.PA2023, decision_date=D(2025, 12, 19)) == D(2026, 1, 2)


# --- The award ----------------------------------------------------------------


def _evaluated(bids, **fields):
    procurement = new_procurement(**fields)
    lot = open_with_bids(procurement, bids, max_awards=fields.pop("max_awards", 2))
    to_evaluation(procurement)
    return procurement, lot


def test_a_lot_is_awarded_to_its_top_ranked_compliant_bids():
    procurement, lot = _evaluated(
        [("20.00", "80"), ("18.00", "60"), ("19.00", "95"), ("15.00", "99", BidStatus.WITHDRAWN)]
    )
    # Lowest compliant £18: 80 → 48 + 36 = 84; 60 → 36 + 40 = 76; 95 → 57 + 37.89 = 94.89.
    procurement = services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    winners = list(Award.objects.filter(lot=lot).order_by("rank").values_list("bid__price", "rank"))
    assert winners == [(Decimal("19.00"), 1), (Decimal("20.00"), 2)]
    # Mon 4 Nov 2024 + 10 = Thu 14 Nov 2024.
    assert (procurement.status, procurement.standstill_end_date) == (S.STANDSTILL, D(2024, 11, 14))
    assert procurement.award_decision_date == D(2024, 11, 4)


def test_without_standstill_a_light_touch_award_is_awarded_at_once():
    procurement, _ = _evaluated([("20", "80")], apply_standstill=False)
    procurement = services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    assert (procurement.status, procurement.standstill_end_date) == (S.AWARDED, None)


def test_an_award_before_the_submission_deadline_is_refused_and_nothing_is_written():
    procurement, _ = _evaluated([("20", "80")])
    with pytest.raises(
        ValidationError, match="cannot be before the submission deadline of 18/10/2024"
    ):
        services.procurement_award(procurement=procurement, decision_date=D(2024, 10, 17))
    assert not Award.objects.exists()
    assert Procurement.objects.get(pk=procurement.pk).status == S.EVALUATION


def test_an_award_on_the_submission_deadline_is_allowed():
    procurement, _ = _evaluated([("20", "80")])
    services.procurement_award(procurement=procurement, decision_date=D(2024, 10, 18))
    assert Award.objects.count() == 1


def test_awards_are_made_only_from_evaluation():
    procurement = new_procurement()
    open_with_bids(procurement, [("20", "80")])
    with pytest.raises(ValidationError, match="this procurement is open for tender"):
        services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))


def test_an_unmarked_compliant_bid_blocks_the_award():
    procurement, _ = _evaluated([("20", "80"), ("18", None)])
    with pytest.raises(ValidationError, match="enter the quality marks"):
        services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    assert not Award.objects.exists()


def test_a_tie_at_the_last_place_awarded_is_refused_until_moderated():
    procurement, lot = _evaluated([("20", "90"), ("20", "80"), ("20", "80")])
    with pytest.raises(ValidationError, match="tied on both total and quality score at rank 2"):
        services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    tied = lot.bids.filter(quality_marks=80).first()
    services.bid_update(bid=tied, quality_marks=Decimal("79"), moderation_notes="Moderated")
    services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    assert Award.objects.count() == 2


def test_a_lot_without_compliant_bids_cannot_be_awarded():
    procurement, _ = _evaluated([("20", "80", BidStatus.NON_COMPLIANT)])
    with pytest.raises(ValidationError, match="no compliant bid to award"):
        services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))


def test_winners_of_a_tiered_lot_join_the_tier_in_rank_order():
    framework = FrameworkFactory(start_date=D(2025, 4, 1))
    tier = FrameworkTierFactory(framework=framework, name="Tier 1", lot_group="home care")
    existing = FrameworkMemberFactory(tier=tier, rank=1)
    procurement = new_procurement(framework=framework, contract_start_date=D(2025, 6, 1))
    lot = open_with_bids(procurement, [("20", "70"), ("20", "90"), ("20", "10")], tier=tier)
    to_evaluation(procurement)
    services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    members = list(
        FrameworkMember.objects.filter(tier=tier)
        .order_by("rank")
        .values_list("provider__bids__quality_marks", "rank", "joined_on")
    )
    assert members[0][1] == 1
    assert existing.award is None
    assert members[1:] == [
        (Decimal("90.00"), 2, D(2025, 6, 1)),
        (Decimal("70.00"), 3, D(2025, 6, 1)),
    ]
    assert FrameworkMember.objects.filter(award__lot=lot).count() == 2


def test_a_provider_cannot_win_two_tiers_for_the_same_work():
    framework = FrameworkFactory(start_date=D(2025, 4, 1))
    tier_1 = FrameworkTierFactory(framework=framework, name="Tier 1", lot_group="home care")
    tier_2 = FrameworkTierFactory(
        framework=framework, name="Tier 2", priority=2, lot_group="home care"
    )
    procurement = new_procurement(framework=framework)
    both = ProviderFactory(name="Castlegate Care Services")
    lots = [
        services.lot_create(procurement=procurement, number=n, title=t.name, tier=t, max_awards=1)
        for n, t in ((1, tier_1), (2, tier_2))
    ]
    services.procurement_transition(procurement=procurement, status=S.OPEN)
    for lot in lots:
        services.bid_create(lot=lot, provider=both, price=Decimal(20), quality_marks=Decimal(80))
    to_evaluation(procurement)
    with pytest.raises(
        ValidationError, match="Castlegate Care Services is ranked to win lots 1 and 2"
    ):
        services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    assert not FrameworkMember.objects.exists()


def test_a_provider_may_win_tiers_for_different_work():
    framework = FrameworkFactory(start_date=D(2025, 4, 1))
    home = FrameworkTierFactory(framework=framework, name="Tier 1", lot_group="home care")
    ld = FrameworkTierFactory(
        framework=framework, name="Learning Disability", lot_group="learning disability"
    )
    procurement = new_procurement(framework=framework)
    provider = ProviderFactory()
    lots = [
        services.lot_create(procurement=procurement, number=n, title=t.name, tier=t)
        for n, t in ((1, home), (2, ld))
    ]
    services.procurement_transition(procurement=procurement, status=S.OPEN)
    for lot in lots:
        services.bid_create(
            lot=lot, provider=provider, price=Decimal(20), quality_marks=Decimal(80)
        )
    to_evaluation(procurement)
    services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    assert FrameworkMember.objects.filter(provider=provider).count() == 2


def test_the_award_can_be_confirmed_only_after_standstill():
    procurement, _ = _evaluated([("20", "80")])
    procurement = services.procurement_award(procurement=procurement, decision_date=D(2024, 11, 4))
    with pytest.raises(ValidationError, match="runs to the end of 14/11/2024"):
        services.procurement_transition(
            procurement=procurement, status=S.AWARDED, today=D(2024, 11, 14)
        )
    confirmed = services.procurement_transition(
        procurement=procurement, status=S.AWARDED, today=D(2024, 11, 15)
    )
    assert confirmed.status == S.AWARDED


def test_under_the_act_the_award_notice_is_published_on_the_decision_day():
    procurement, _ = _evaluated(
        [("20", "80")],
        regime=Regime.PA2023,
        publication_date=D(2025, 10, 1),
        submission_deadline=D(2025, 11, 14),
    )
    procurement = services.procurement_award(procurement=procurement, decision_date=D(2025, 12, 19))
    notice = procurement.notices.get(kind=NoticeKind.UK6)
    assert (notice.due_date, notice.published_on) == (D(2025, 12, 19), D(2025, 12, 19))
    assert procurement.standstill_end_date == D(2026, 1, 2)
