"""The demo register tells the seeds' stories with the right dates."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from commissioning.common.terms import OptionStatus
from commissioning.models import (
    Contract,
    ContractFunding,
    ContractStatus,
    GovernanceDecision,
    VariationKind,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for these read-only checks and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_seed_004_idc_framework_history(demo):
    contracts = Contract.objects.filter(framework__reference="IDC-2018")
    assert contracts.count() == 15
    for contract in contracts:
        assert (contract.start_date, contract.initial_end_date) == (D(2018, 1, 1), D(2019, 12, 31))
        assert contract.max_end_date == D(2021, 12, 31)
        assert contract.current_end_date == D(2022, 3, 31)
        assert contract.beyond_max_extent is True
        assert contract.status == ContractStatus.EXPIRED
    waiver = contracts.first().variations.get(kind=VariationKind.WAIVER_EXTENSION)
    assert waiver.months == 3
    assert "Rule 3.2.9.3" in waiver.reason
    assert waiver.decision.title == "Re-Commissioning Regulated Care And Support At Home"
    resolutions = list(waiver.decision.resolutions.values_list("text", flat=True))
    assert resolutions[-1].endswith("for a further 3 months to 31 March 2022.")
    assert len(resolutions) == 4


def test_seed_003_framework_funders_add_up_to_the_report(demo):
    funding = ContractFunding.objects.filter(contract__framework__reference="HCS-2020")
    totals = dict(funding.values_list("funder").annotate(total=Sum("annual_amount")))
    assert totals == {
        "Eastshire County Council": Decimal("14400000.00"),
        "Eastshire Clinical Commissioning Group (CCG)": Decimal("1700000.00"),
    }
    assert Contract.objects.filter(framework__reference="HCS-2020").count() == 16


def test_seed_001_care_at_home(demo):
    old = Contract.objects.get(reference="CAH-2017")
    new = Contract.objects.get(reference="CAH-2022")
    decision = GovernanceDecision.objects.get(item_number="79")
    assert set(decision.contracts.all()) == {old, new}
    assert decision.rejected_options.count() == 2
    # Cabinet rejected extending the current contract for 12 months.
    assert old.extension_options.get().status == OptionStatus.DECLINED
    # 3 years + up to 2 from 1 April 2022.
    assert (new.initial_end_date, new.max_end_date) == (D(2025, 3, 31), D(2027, 3, 31))


def test_seed_000_pilots_run_until_award(demo):
    pilots = Contract.objects.filter(is_pilot=True)
    assert pilots.count() == 2
    for pilot in pilots:
        assert pilot.current_end_date is None
        assert pilot.ends_on_award_of.reference == "REA-2024"
        assert pilot.status == ContractStatus.EXTENDED
    decision = GovernanceDecision.objects.get(item_number="111")
    assert set(decision.contracts.all()) == set(pilots)
    assert decision.resolutions.first().text.startswith(
        "Note that the two reablement pilot schemes were extended"
    )


def test_register_spreads_end_dates_around_today(demo):
    today = timezone.localdate()
    current = Contract.objects.filter(
        status__in=[ContractStatus.ACTIVE, ContractStatus.EXTENDED, ContractStatus.DRAFT]
    )
    assert 50 <= current.count() <= 70
    ends = [c.current_end_date for c in current if c.current_end_date]
    assert any(end <= today + dt.timedelta(days=120) for end in ends)
    assert any(end >= today + dt.timedelta(days=730) for end in ends)
    assert Contract.objects.filter(
        status=ContractStatus.EXPIRED, current_end_date__gte=today - dt.timedelta(days=365)
    ).exists()
    # Nothing is left overdue: the lapse check has run.
    assert not Contract.objects.filter(next_decision_deadline__lt=today).exists()
    assert Contract.objects.filter(status=ContractStatus.TERMINATED).count() == 1
    assert Contract.objects.filter(status=ContractStatus.DRAFT).count() == 1
