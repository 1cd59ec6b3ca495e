"""The demo models the seeds' situations (seed 003 and seed 004)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tenders.demo import IDC_EXISTING, IDC_NEW, TIER_1
from tenders.models import Bid, Framework, Procurement

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def _tier_sizes(reference):
    framework = Framework.objects.get(reference=reference)
    return {
        tier.name: tier.members.filter(left_on__isnull=True).count()
        for tier in framework.tiers.all()
    }


def test_seed_003_framework_and_its_tender(demo):
    framework = Framework.objects.get(reference="HCS-2020")
    assert framework.start_date == D(2020, 4, 1)
    assert _tier_sizes("HCS-2020") == {
        "Tier 1": 9,
        "Tier 2": 4,
        "Learning Disability": 2,
        "Unpaid Carers Support": 1,
    }
    tier_1 = framework.tiers.get(name="Tier 1")
    assert set(tier_1.members.values_list("provider__name", flat=True)) == set(TIER_1)
    procurement = framework.procurements.get()
    # The tender ran from 7 June to 18 November 2019; winners identified in October.
    assert (procurement.publication_date, procurement.contract_signed_on) == (
        D(2019, 6, 7),
        D(2019, 11, 18),
    )
    assert procurement.award_decision_date.month == 10
    assert procurement.contract_start_date == D(2020, 4, 1)
    assert procurement.lots.count() == 4
    assert Bid.objects.filter(lot__procurement=procurement, rank__isnull=False).count() > 16


def test_seed_004_idc_framework_with_15_providers_13_existing_and_2_new(demo):
    framework = Framework.objects.get(reference="IDC-2018")
    members = set(framework.members.values_list("provider__name", flat=True))
    assert members == set(IDC_EXISTING) | set(IDC_NEW)
    assert len(members) == 15
    assert (framework.start_date, framework.initial_end_date, framework.current_end_date) == (
        D(2018, 1, 1),
        D(2019, 12, 31),
        D(2021, 12, 31),
    )
    procurement = framework.procurements.get()
    # Award decision sent Wed 20 Sep 2017: + 10 days is Sat 30 Sep → Mon 2 Oct 2017.
    assert procurement.standstill_end_date == D(2017, 10, 2)


def test_a_procurement_act_tender_is_awaiting_its_award(demo):
    procurement = Procurement.objects.get(regime="pa2023", status="evaluation")
    assert procurement.lots.get().bids.filter(rank=1).exists()
    assert set(procurement.notices.values_list("kind", flat=True)) == {"UK4", "UK6", "UK7", "UK11"}
