"""A small market built through the services, as officers build it, for the
OCDS and Transparency Code tests.

- HCF-2021, a home care framework of 3 years + up to 1 (PCR 2015 reg. 33:
  four years at most): 1 Jun 2021 – 31 May 2024, at most 31 May 2025.
  Procurement ASC-2021-HC established it: lot 1 (Tier 1, two places) and
  lot 2 (night visits, one place), awarded on Tue 20 Apr 2021; the PCR
  standstill of 10 days ended Fri 30 Apr 2021.
- HCF-2021-01, a call-off under HCF-2021 from the lot 1 winner, funded by
  the council and the ICB.
- NV-2021, the night visits contract let by ASC-2021-HC (lot 2).
- DA-2025, a direct award with no procurement on record.
- IDC-2018, an older framework with no procurement on record (seed 004's
  dates), and its call-off IDC-2018-07.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from commissioning.models import Contract, ProcurementRoute
from commissioning.services.contracts import contract_create
from providers.models import Provider
from providers.tests.factories import ProviderFactory
from tenders import services
from tenders.models import Award, Framework, Procurement, ProcurementStatus
from tenders.tests.helpers import new_procurement

D = dt.date
COUNCIL = "Eastshire County Council"
ICB = "NHS Eastshire Integrated Care Board"


@dataclass
class Market:
    framework: Framework
    procurement: Procurement
    call_off: Contract
    night_visits: Contract
    direct_award: Contract
    old_framework: Framework
    old_call_off: Contract
    providers: dict[str, Provider]


def _bid(lot, provider, price, marks):
    services.bid_create(lot=lot, provider=provider, price=Decimal(price), quality_marks=marks)


def build_market() -> Market:
    providers = {
        "alder": ProviderFactory(name="Alder Home Care", company_number="01234567", is_sme=True),
        "birch": ProviderFactory(name="Birch Homecare", company_number="07654321", is_sme=True),
        "cedar": ProviderFactory(name="Cedar Support"),
        "damson": ProviderFactory(name="Damson Night Care", charity_number="1100200", is_vcse=True),
        "elder": ProviderFactory(name="Elder Home Help"),
        "fir": ProviderFactory(name="Fir Domiciliary Care", company_number="05556667"),
    }
    framework = services.framework_create(
        reference="HCF-2021",
        name="Home Care Framework 2021",
        service_type="home_care",
        start_date=D(2021, 6, 1),
        initial_term_months=36,
        option_months=[12],
    )
    tier = services.framework_tier_create(framework=framework, name="Tier 1", priority=1)
    procurement = new_procurement(
        reference="ASC-2021-HC",
        title="Home care framework 2021",
        description="Home care across the county, on a framework of two tiers.",
        framework=framework,
        publication_date=D(2021, 2, 1),
        clarification_deadline=D(2021, 3, 1),
        submission_deadline=D(2021, 3, 15),
        contract_start_date=D(2021, 6, 1),
        estimated_annual_value=Decimal("1200000.00"),
    )
    lot_1 = services.lot_create(
        procurement=procurement, number=1, title="Home care: all areas", max_awards=2, tier=tier
    )
    lot_2 = services.lot_create(
        procurement=procurement, number=2, title="Night visits", max_awards=1
    )
    services.procurement_transition(
        procurement=procurement, status=ProcurementStatus.OPEN, today=D(2021, 2, 1)
    )
    # Lowest price £18. Alder 48 + 36 = 84; Birch 57 + 37.89 = 94.89; Cedar 36 + 40 = 76.
    _bid(lot_1, providers["alder"], "20.00", Decimal(80))
    _bid(lot_1, providers["birch"], "19.00", Decimal(95))
    _bid(lot_1, providers["cedar"], "18.00", Decimal(60))
    _bid(lot_2, providers["damson"], "24.00", Decimal(70))
    services.procurement_transition(
        procurement=procurement, status=ProcurementStatus.EVALUATION, today=D(2021, 3, 16)
    )
    services.procurement_award(procurement=procurement, decision_date=D(2021, 4, 20))
    procurement = services.procurement_transition(
        procurement=procurement, status=ProcurementStatus.AWARDED, today=D(2021, 5, 4)
    )
    framework.refresh_from_db()

    call_off = contract_create(
        reference="HCF-2021-01",
        title="Home care call-off, Tier 1",
        provider=providers["birch"],
        service_type="home_care",
        framework=framework,
        procurement_route=ProcurementRoute.CALL_OFF,
        start_date=D(2021, 6, 1),
        initial_term_months=36,
        option_months=[12],
        annual_value=Decimal("450000.00"),
        funding=[(COUNCIL, Decimal("400000.00")), (ICB, Decimal("50000.00"))],
        today=D(2021, 6, 1),
    )
    night_visits = contract_create(
        reference="NV-2021",
        title="Night visits",
        provider=providers["damson"],
        service_type="home_care",
        procurement=procurement,
        start_date=D(2021, 6, 1),
        initial_term_months=36,
        annual_value=Decimal("300000.00"),
        today=D(2021, 6, 1),
    )
    direct_award = contract_create(
        reference="DA-2025",
        title="Emergency home care cover",
        provider=providers["elder"],
        service_type="home_care",
        procurement_route=ProcurementRoute.DIRECT_AWARD,
        start_date=D(2025, 4, 1),
        initial_term_months=12,
        annual_value=Decimal("60000.00"),
        today=D(2025, 4, 1),
    )
    old_framework = services.framework_create(
        reference="IDC-2018",
        name="Independent Domiciliary Care Framework 2018",
        service_type="home_care",
        start_date=D(2018, 1, 1),
        initial_term_months=24,
        option_months=[24],
    )
    old_tier = services.framework_tier_create(framework=old_framework, name="IDC", priority=1)
    services.framework_member_add(
        framework=old_framework, tier=old_tier, provider=providers["fir"], joined_on=D(2018, 1, 1)
    )
    old_call_off = contract_create(
        reference="IDC-2018-07",
        title="Independent domiciliary care (IDC framework call-off)",
        provider=providers["fir"],
        service_type="home_care",
        framework=old_framework,
        procurement_route=ProcurementRoute.CALL_OFF,
        start_date=D(2018, 1, 1),
        initial_term_months=24,
        option_months=[24],
        annual_value=Decimal("500000.00"),
        today=D(2018, 1, 1),
    )
    return Market(
        framework=framework,
        procurement=procurement,
        call_off=call_off,
        night_visits=night_visits,
        direct_award=direct_award,
        old_framework=old_framework,
        old_call_off=old_call_off,
        providers=providers,
    )


def award_of(procurement: Procurement, provider: Provider) -> Award:
    return Award.objects.get(lot__procurement=procurement, provider=provider)
