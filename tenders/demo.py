"""Demo procurements and the framework agreements they produced.

Each framework is built the way the council built it: the framework and its
tiers, then a procurement with lots linked to the tiers, scored bids, the
award decision (standstill by the rules of its regime) and the award service
placing the winners on the tiers.

- HCS-2020: the home care and support framework of seed 003. The tender ran
  from 7 June to 18 November 2019 (published 7 June; successful providers
  identified in October; agreement entered into on 18 November) and the
  framework started on 1 April 2020 with 9 Tier 1 providers, Tier 2
  providers, 2 specialist learning disability providers and 1 unpaid carers'
  support service. Three years and a one-year option, used; now expired.
- HCS-2024: its successor with the same tiers and providers, live today.
- IDC-2018: the independent domiciliary care framework of seed 004 (Cabinet
  awarded it to 15 providers, 13 existing and 2 new, in September 2017;
  1 January 2018 – 31 December 2019, up to 24 months' extension used in two
  parts to 31 December 2021).
- SB-2027: a short breaks framework being procured under the Procurement Act
  2023 now, in evaluation and awaiting a manager's award decision; plus one
  procurement in planning and one cancelled.

Other apps' demo data look frameworks up by reference (``framework(ref)``),
tiers by name and providers by name: those stay as they are.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from commissioning.common.choices import ServiceType
from providers.demo import provider
from providers.models import RateUnit
from tenders import services
from tenders.models import (
    BidStatus,
    Framework,
    FrameworkTier,
    Procurement,
    ProcurementStatus,
    Regime,
)

D = dt.date
S = ProcurementStatus

TIER_1 = (
    "Brightwater Home Care",
    "Castlegate Care Services",
    "Dene Valley Homecare",
    "Elmfield Care at Home",
    "Fernhill Support Services",
    "Greenacre Domiciliary Care",
    "Hollybank Care",
    "Kingsway Home Support",
    "Larkrise Care",
)
TIER_2 = (
    "Meadowside Care Agency",
    "Northgate Homecare",
    "Oakleigh Community Care",
    "Priory Lane Care",
)
LEARNING_DISABILITY = ("Willowbrook Learning Disability Services", "Stepping Forward Support")
CARERS = ("Eastshire Carers Trust",)
IDC_EXISTING = TIER_1 + TIER_2  # the 13 providers of the 2016 framework
IDC_NEW = ("Quayside Care", "Riverside Home Care")


@dataclass(frozen=True)
class DemoTier:
    name: str
    priority: int
    service_type: str
    lot_group: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class DemoBid:
    provider: str
    status: str = BidStatus.SUBMITTED
    notes: str = ""


@dataclass(frozen=True)
class DemoLot:
    title: str
    tier: str | None
    max_awards: int
    service_type: str
    # Winners first, in the order they rank; then the bids that do not win.
    winners: tuple[str, ...]
    others: tuple[DemoBid, ...] = ()


@dataclass(frozen=True)
class DemoProcurement:
    reference: str
    title: str
    regime: str
    published: dt.date
    clarification: dt.date
    submission: dt.date
    evaluated: dt.date | None
    decision: dt.date | None
    signed: dt.date | None
    start: dt.date | None
    value: str
    authorised_by: str
    description: str
    lots: tuple[DemoLot, ...]
    price_range: tuple[str, str]
    seed: int
    final_status: str = S.COMPLETE


@dataclass(frozen=True)
class DemoFramework:
    reference: str
    name: str
    service_type: str
    start: dt.date
    initial_months: int
    options: tuple[int, ...]
    # (option sequence, months, decided on, decision reference)
    exercised: tuple[tuple[int, int, dt.date, str], ...]
    tiers: tuple[DemoTier, ...]
    procurement: DemoProcurement | None
    rates: tuple[tuple[str, dt.date], ...] = ()
    term_justification: str = ""


HCS_TIERS = (
    DemoTier("Tier 1", 1, ServiceType.HOME_CARE, "home care", TIER_1),
    DemoTier("Tier 2", 2, ServiceType.HOME_CARE, "home care", TIER_2),
    DemoTier(
        "Learning Disability",
        1,
        ServiceType.LEARNING_DISABILITY,
        "learning disability",
        LEARNING_DISABILITY,
    ),
    DemoTier("Unpaid Carers Support", 1, ServiceType.CARERS_SUPPORT, "carers support", CARERS),
)


def _hcs_lots(late_bidder: str) -> tuple[DemoLot, ...]:
    return (
        DemoLot(
            "Home care and support: core providers",
            "Tier 1",
            9,
            ServiceType.HOME_CARE,
            TIER_1,
            # Tier 2 providers bid for a core place too, and ranked below the nine.
            (
                *(DemoBid(name) for name in TIER_2),
                DemoBid("Cedar Lodge Home Support"),
                DemoBid(
                    late_bidder,
                    BidStatus.NON_COMPLIANT,
                    "No business continuity plan with the submission: excluded at the "
                    "compliance check, before quality marking.",
                ),
            ),
        ),
        DemoLot(
            "Home care and support: additional capacity",
            "Tier 2",
            4,
            ServiceType.HOME_CARE,
            TIER_2,
            (
                DemoBid("Bramble Care"),
                DemoBid(
                    "Ashdown Homecare",
                    BidStatus.WITHDRAWN,
                    "Withdrew during clarification: could not staff the rural localities.",
                ),
            ),
        ),
        DemoLot(
            "Specialist learning disability support",
            "Learning Disability",
            2,
            ServiceType.LEARNING_DISABILITY,
            LEARNING_DISABILITY,
            (DemoBid("Oakleigh Community Care"),),
        ),
        DemoLot(
            "Unpaid carers' support service",
            "Unpaid Carers Support",
            1,
            ServiceType.CARERS_SUPPORT,
            CARERS,
            (DemoBid("Unity Carers Network"),),
        ),
    )


HCS_2019 = DemoProcurement(
    reference="ASC-2019-HCS",
    title="Home Care and Support Service",
    regime=Regime.PCR2015,
    published=D(2019, 6, 7),
    clarification=D(2019, 7, 5),
    submission=D(2019, 8, 2),
    evaluated=D(2019, 9, 27),
    decision=D(2019, 10, 14),
    signed=D(2019, 11, 18),
    start=D(2020, 4, 1),
    value="16100000.00",
    authorised_by="Cabinet decision to re-tender home care and support (2019)",
    description=(
        "A co-produced, outcome-focused home care and support service: providers arrange "
        "visits at the times people prefer and lead reviews that may adjust packages. "
        "Procured with the clinical commissioning group: about £14.4m a year for the council "
        "and £1.7m for the CCG."
    ),
    lots=_hcs_lots("Bramble Care"),
    price_range=("17.20", "18.90"),
    seed=2019,
)

HCS_2023 = DemoProcurement(
    reference="ASC-2023-HCS",
    title="Home Care and Support Framework re-procurement",
    regime=Regime.PCR2015,
    published=D(2023, 6, 5),
    clarification=D(2023, 7, 3),
    submission=D(2023, 7, 21),
    evaluated=D(2023, 9, 22),
    decision=D(2023, 10, 16),
    signed=D(2023, 11, 20),
    start=D(2024, 4, 1),
    value="17400000.00",
    authorised_by="Cabinet, March 2023: approval to re-procure home care and support",
    description="Re-procurement of the home care and support framework on the same model.",
    lots=_hcs_lots("Riverside Home Care"),
    price_range=("22.40", "24.60"),
    seed=2023,
)

IDC_2017 = DemoProcurement(
    reference="ASC-2017-IDC",
    title="Independent Domiciliary Care Framework",
    regime=Regime.PCR2015,
    published=D(2017, 3, 6),
    clarification=D(2017, 4, 7),
    submission=D(2017, 5, 12),
    evaluated=D(2017, 7, 28),
    # Cabinet approved the award on Tuesday 19 September 2017; the award
    # decision letters went out the next day.
    decision=D(2017, 9, 20),
    signed=D(2017, 10, 16),
    start=D(2018, 1, 1),
    value="9800000.00",
    authorised_by="Cabinet, January 2017: invitation of tenders; September 2017: award",
    description=(
        "A framework agreement for all packages of commissioned domiciliary care, testing the "
        "market and opening it to new providers."
    ),
    lots=(
        DemoLot(
            "Independent domiciliary care",
            "Framework providers",
            15,
            ServiceType.HOME_CARE,
            IDC_EXISTING + IDC_NEW,
            (
                DemoBid("Bramble Care"),
                DemoBid("Ashdown Homecare"),
                DemoBid(
                    "Cedar Lodge Home Support",
                    BidStatus.NON_COMPLIANT,
                    "Pricing schedule incomplete: night rates missing.",
                ),
            ),
        ),
    ),
    price_range=("16.40", "17.90"),
    seed=2017,
)

FRAMEWORKS = (
    DemoFramework(
        "HCS-2020",
        "Home Care and Support Framework 2020",
        ServiceType.HOME_CARE,
        D(2020, 4, 1),
        36,
        (12,),
        ((1, 12, D(2022, 11, 14), "Cabinet 14/11/2022: one-year extension"),),
        HCS_TIERS,
        HCS_2019,
        rates=(
            ("17.88", D(2020, 4, 1)),
            ("18.52", D(2021, 4, 1)),
            ("19.74", D(2022, 4, 1)),
            ("21.86", D(2023, 4, 1)),
        ),
    ),
    DemoFramework(
        "HCS-2024",
        "Home Care and Support Framework 2024",
        ServiceType.HOME_CARE,
        D(2024, 4, 1),
        36,
        (12, 12),
        (),
        HCS_TIERS,
        HCS_2023,
        rates=(("23.94", D(2024, 4, 1)), ("25.31", D(2025, 4, 1)), ("26.42", D(2026, 4, 1))),
        term_justification=(
            "Cabinet, March 2023: an exceptional case. The home care market needs five years "
            "of certainty to recruit and keep care workers, as in the 2020 framework's review."
        ),
    ),
    DemoFramework(
        "IDC-2018",
        "Independent Domiciliary Care Framework 2018",
        ServiceType.HOME_CARE,
        D(2018, 1, 1),
        24,
        (24,),
        (
            (1, 12, D(2019, 9, 17), "Cabinet 17/09/2019: first 12 months of the extension"),
            (1, 12, D(2020, 9, 15), "Cabinet 15/09/2020: the remaining 12 months"),
        ),
        (
            DemoTier(
                "Framework providers", 1, ServiceType.HOME_CARE, "home care", IDC_EXISTING + IDC_NEW
            ),
        ),
        IDC_2017,
        rates=(
            ("16.90", D(2018, 1, 1)),
            ("17.45", D(2019, 4, 1)),
            ("18.20", D(2020, 4, 1)),
            ("18.95", D(2021, 4, 1)),
        ),
    ),
)


def framework(reference: str) -> Framework:
    """A demo framework by reference (for other apps' demo data)."""
    return Framework.objects.get(reference=reference)


# --- Bids that rank as the council's evaluation ranked them -------------------

CENT = Decimal("0.01")
HALF = Decimal("0.5")


def _bid_values(spec: DemoProcurement, lot: DemoLot, rng: random.Random, weights):
    """Prices and quality marks such that the winners rank in the order given
    and every other compliant bid ranks below them.

    Prices are drawn first; each bid's quality marks are then chosen so its
    total lands near a target that falls 1.2 points a place.
    """
    quality_weight, price_weight, max_marks = weights
    low, high = (Decimal(v) for v in spec.price_range)
    bids = [DemoBid(name) for name in lot.winners] + list(lot.others)
    prices = {
        bid.provider: (low + (high - low) * Decimal(rng.random())).quantize(CENT) for bid in bids
    }
    compliant = [b for b in bids if b.status == BidStatus.SUBMITTED]
    lowest = min(prices[b.provider] for b in compliant)
    values = []
    place = 0
    for bid in bids:
        marks = None
        if bid.status == BidStatus.SUBMITTED:
            # A gap of 3 points between winners and the rest.
            target = (
                Decimal("91") - Decimal("1.2") * place - (3 if place >= len(lot.winners) else 0)
            )
            place += 1
            price_score = price_weight * lowest / prices[bid.provider]
            marks = (target - price_score) * max_marks / quality_weight
            marks = min(max_marks, (marks / HALF).quantize(1, ROUND_HALF_UP) * HALF)
        values.append((bid, prices[bid.provider], marks))
    return values


def _run_procurement(spec: DemoProcurement, record: Framework | None, tiers, today) -> Procurement:
    procurement = services.procurement_create(
        reference=spec.reference,
        title=spec.title,
        description=spec.description,
        service_type=spec.lots[0].service_type,
        regime=spec.regime,
        light_touch=True,
        apply_standstill=True,
        publication_date=spec.published,
        clarification_deadline=spec.clarification,
        submission_deadline=spec.submission,
        evaluation_completed_on=spec.evaluated,
        contract_signed_on=spec.signed,
        contract_start_date=spec.start,
        estimated_annual_value=Decimal(spec.value),
        quality_weight=60,
        price_weight=40,
        quality_max_marks=Decimal(100),
        framework=record,
        authorised_by=spec.authorised_by,
    )
    lots = [
        services.lot_create(
            procurement=procurement,
            number=number,
            title=lot.title,
            service_type=lot.service_type,
            max_awards=lot.max_awards,
            tier=tiers.get(lot.tier),
        )
        for number, lot in enumerate(spec.lots, start=1)
    ]
    services.procurement_transition(procurement=procurement, status=S.OPEN, today=spec.published)
    rng = random.Random(spec.seed)  # noqa: S311 - demo figures, not secrets
    weights = (Decimal(60), Decimal(40), Decimal(100))
    for lot_spec, lot in zip(spec.lots, lots, strict=True):
        for bid, price, marks in _bid_values(spec, lot_spec, rng, weights):
            services.bid_create(
                lot=lot,
                provider=provider(bid.provider),
                price=price,
                quality_marks=marks,
                status=bid.status,
                moderation_notes=bid.notes,
            )
    services.procurement_transition(
        procurement=procurement, status=S.EVALUATION, today=spec.submission
    )
    if spec.decision is None:
        return procurement
    services.procurement_award(procurement=procurement, decision_date=spec.decision)
    for status in (S.AWARDED, S.MOBILISATION, S.COMPLETE):
        services.procurement_transition(procurement=procurement, status=status, today=today)
        if status == spec.final_status:
            break
    return procurement


def _load_framework(spec: DemoFramework, today: dt.date) -> None:
    record = services.framework_create(
        reference=spec.reference,
        name=spec.name,
        service_type=spec.service_type,
        start_date=spec.start,
        initial_term_months=spec.initial_months,
        term_justification=spec.term_justification,
        option_months=spec.options,
    )
    tiers: dict[str, FrameworkTier] = {
        tier.name: services.framework_tier_create(
            framework=record,
            name=tier.name,
            priority=tier.priority,
            service_type=tier.service_type,
            lot_group=tier.lot_group,
        )
        for tier in spec.tiers
    }
    _run_procurement(spec.procurement, record, tiers, today)
    for sequence, months, decided_on, reference in spec.exercised:
        option = record.extension_options.get(sequence=sequence)
        services.framework_option_exercise(
            option=option, months=months, decided_on=decided_on, decision_reference=reference
        )
    for amount, start in spec.rates:
        services.framework_rate_create(
            framework=record,
            service_type=spec.service_type,
            unit=RateUnit.HOUR,
            amount=Decimal(amount),
            effective_from=start,
        )


# --- Procurements in progress today ------------------------------------------


def _next_april(today: dt.date, at_least_days: int) -> dt.date:
    start = D(today.year, 4, 1)
    while start < today + dt.timedelta(days=at_least_days):
        start = D(start.year + 1, 4, 1)
    return start


def _load_current(today: dt.date) -> None:
    """A Procurement Act 2023 tender in evaluation, one in planning and one
    cancelled, dated around today."""
    start = _next_april(today, 120)
    short_breaks = services.framework_create(
        reference=f"SB-{start.year}",
        name=f"Short Breaks Framework {start.year}",
        service_type=ServiceType.SHORT_BREAKS,
        start_date=start,
        initial_term_months=24,
        option_months=[24],
    )
    tier = services.framework_tier_create(
        framework=short_breaks,
        name="Short break providers",
        priority=1,
        service_type=ServiceType.SHORT_BREAKS,
        lot_group="short breaks",
    )
    published = today - dt.timedelta(days=110)
    spec = DemoProcurement(
        reference=f"ASC-{published.year}-SB",
        title="Short breaks for carers: replacement care at home",
        regime=Regime.PA2023,
        published=published,
        clarification=today - dt.timedelta(days=80),
        submission=today - dt.timedelta(days=60),
        evaluated=None,
        decision=None,
        signed=None,
        start=start,
        value="1250000.00",
        authorised_by="Delegated decision of the Corporate Director, Social Services",
        description=(
            "Flexible replacement care so carers can take a break: a person's weekly assessed "
            "hours can be banked and used within a four-week window (seed 004)."
        ),
        lots=(
            DemoLot(
                "Short breaks at home",
                tier.name,
                3,
                ServiceType.SHORT_BREAKS,
                ("Respite Plus", "Time Out Short Breaks", "Hollybank Care"),
                (
                    DemoBid("Brightwater Home Care"),
                    DemoBid("Unity Carers Network"),
                    DemoBid(
                        "Bramble Care",
                        BidStatus.NON_COMPLIANT,
                        "Not registered for personal care in Eastshire.",
                    ),
                ),
            ),
        ),
        price_range=("26.10", "29.80"),
        seed=published.toordinal(),
        final_status=S.EVALUATION,
    )
    _run_procurement(spec, short_breaks, {tier.name: tier}, today)

    services.procurement_create(
        reference=f"ASC-{today.year + 1}-ECH",
        title="Care and support in extra care housing",
        description="Care for tenants of the county's four extra care schemes.",
        service_type=ServiceType.EXTRA_CARE,
        regime=Regime.PA2023,
        light_touch=True,
        apply_standstill=True,
        estimated_annual_value=Decimal("2100000.00"),
        quality_weight=70,
        price_weight=30,
        quality_max_marks=Decimal(100),
        authorised_by="Procurement Board: pipeline for the next financial year",
    )

    cancelled_published = today - dt.timedelta(days=300)
    night = services.procurement_create(
        reference=f"ASC-{cancelled_published.year}-NHC",
        title="Night-time home care pilot",
        service_type=ServiceType.HOME_CARE,
        regime=Regime.PA2023,
        light_touch=True,
        apply_standstill=False,
        submission_deadline=cancelled_published + dt.timedelta(days=35),
        estimated_annual_value=Decimal("380000.00"),
        quality_weight=60,
        price_weight=40,
        quality_max_marks=Decimal(100),
    )
    services.lot_create(procurement=night, number=1, title="Night visits countywide")
    services.procurement_transition(procurement=night, status=S.OPEN, today=cancelled_published)
    services.procurement_transition(
        procurement=night,
        status=S.CANCELLED,
        reason="Only one bid was received: not enough competition to show value for money.",
        today=cancelled_published + dt.timedelta(days=42),
    )


def load(*, out) -> None:
    today = timezone.localdate()
    for spec in FRAMEWORKS:
        if not Framework.objects.filter(reference=spec.reference).exists():
            _load_framework(spec, today)
    if not Procurement.objects.filter(regime=Regime.PA2023).exists():
        _load_current(today)
    out.write(
        f"Frameworks: {Framework.objects.count()}, procurements: {Procurement.objects.count()}"
    )
