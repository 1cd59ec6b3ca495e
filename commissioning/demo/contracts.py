"""Demo contract register and governance decisions, from the seeds.

- Seed 004: the Independent Domiciliary Care framework of 15 providers,
  1 January 2018 – 31 December 2019, its option of up to 24 months used to
  31 December 2021, then a 3-month waiver under Contract Procedure Rule
  3.2.9.3 to 31 March 2022 (one call-off contract per provider); the short
  break contracts of 2 years from July 2019 with up to 24 months more.
- Seed 001: the Care at Home contract that Cabinet chose to re-tender rather
  than extend for 12 months, and its successor of 3 years + up to 2.
- Seed 003: the Home Care and Support framework from 1 April 2020, whose
  call-offs are funded £14.4m a year by the council and £1.7m by the CCG.
- Seed 000: two reablement pilots extended until the award of the new
  Reablement at Home service.
- A register of about 45 more contracts across the demo providers, with end
  dates spread around today.

Everything is created through the contract services, so every derived date
is the one the services compute. Idempotent: nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from commissioning.common.audit import acting_as
from commissioning.common.choices import ServiceType
from commissioning.common.dates import months_after, months_before
from commissioning.common.terms import OptionStatus
from commissioning.models import (
    Contract,
    ContractStatus,
    DecisionBody,
    GovernanceDecision,
    ProcurementRoute,
)
from commissioning.services.contracts import (
    contract_change_value,
    contract_create,
    contract_decline_option,
    contract_exercise_option,
    contract_extend_by_waiver,
    contract_extend_until_award,
    contract_lapse_overdue_options,
    contract_refresh_statuses,
    contract_terminate,
)
from commissioning.services.decisions import decision_create
from providers.demo import provider
from tenders.demo import CARERS, IDC_EXISTING, IDC_NEW, LEARNING_DISABILITY, TIER_1, TIER_2
from tenders.demo import framework as demo_framework
from tenders.models import Lot, Procurement, ProcurementStatus, Regime

D = dt.date
COUNCIL = "Eastshire County Council"
CCG = "Eastshire Clinical Commissioning Group (CCG)"
ICB = "NHS Eastshire Integrated Care Board"
BCF = "Better Care Fund"
MARKER = "IDC-2018-01"  # present once the demo register is loaded


def contract(reference: str) -> Contract:
    """A demo contract by reference (for other areas' demo data)."""
    return Contract.objects.get(reference=reference)


def pounds(value) -> Decimal:
    return Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


# --- Governance decisions, in the seeds' own words -----------------------------

SEED_004_RESOLUTIONS = (
    "Noted the contents of this report;",
    "Approved the procurement of a Regulated Care at Home Services Framework Agreement of "
    "commissioned specialist providers;",
    "Delegated authority to the Corporate Director Social Services and Wellbeing to tender the "
    "Framework Agreement for the Regulated Care at Home Services Framework Agreement in "
    "consultation with the Chief Officer – Legal, HR and Regulatory Services and noted that a "
    "further report shall be presented to Cabinet following the conclusion of the procurement "
    "of the Framework Agreement for a decision on whether to award the Framework Agreement and "
    "seek approval to enter into the Framework Agreement with successful bidders; and",
    "Approved a waiver of the Council’s Contract Procedure Rules under Rule 3.2.9.3 from the "
    "relevant parts of the Contract Procedure Rules for the extension of the existing terms of "
    "the Framework for Independent Domiciliary Care for a further 3 months to 31 March 2022.",
)
SEED_004_PURPOSE = (
    "An update on the recommissioning work being undertaken for Independent Domiciliary Care "
    "(IDC) and Short Breaks services. In September 2017, Cabinet approved the award of a "
    "framework agreement to 15 providers (13 existing and 2 new providers) for the provision of "
    "domiciliary care for the period 1 January 2018 to the 31 December 2019 with an option to "
    "extend for a further period of up to 24 months. The full extension period has subsequently "
    "been utilised, with current IDC arrangements ending on 31st December 2021.\n\n"
    "The proposal is to implement a four year (2 years with the option to extend by 24 months) "
    "Framework Agreement, which will bring both service types (IDC and Short Breaks) in line "
    "with one another. Existing packages of care will only possibly move over to a new provider "
    "at point of review, in order to minimise disruption and unrest for individuals."
)

SEED_001_REASONS = (
    "Re-tender of the Care at Home contract allows for changes to be made to the service "
    "specification that will allow greater flexibility and choice for customers in how their "
    "needs are met. The strengths of this are:\n"
    "- A well-functioning and sustainable Care at Home service will have a positive impact for "
    "other areas of health and social care, for example, reduced social isolation, reduced "
    "admissions to hospitals, reduced carer breakdown, more people being able to live at home "
    "for longer.\n"
    "- Enabling providers to have a stronger role in assessment and care management will allow "
    "more capacity for social workers.\n"
    "- A truly person-centred service for customers will be developed.\n"
    "- Opportunity for new care providers to enter the market and share their knowledge and "
    "expertise.\n"
    "- Implementation of innovative ideas that the current contract does not allow.\n"
    "- Alignment to the Integrated Neighbourhood Teams and Locality Plan."
)
SEED_001_REJECTED = (
    (
        "Extend the current contract for a further 12 months.",
        "Rejected given the benefits of re-tendering the service and the positive impact this "
        "will have on customers now.",
    ),
    (
        "Make slight changes to the contract without having to re-tender the service, as "
        "procurement rules allow.",
        "Rejected as it was felt we should be more ambitious and give customers greater options "
        "in the way their needs are met.",
    ),
)

SEED_000_PURPOSE = (
    "Proposals regarding the development and procurement of a Reablement at Home service. A "
    "therapy-based reablement service has two main outcomes: a short-term care service offered "
    "to individuals at home who are unwell and unable to look after themselves due to a "
    "‘crisis’ in their lives, so that at the end of the intervention they can return to living "
    "independently, outside of the care system; and, for individuals who still need longer term "
    "care services, recovery sufficient to reduce their care hours and the complexity of their "
    "support within the first few weeks.\n\n"
    "The Council had initially commissioned two short-term pilots to test and trial different "
    "models of reablement. Both pilots were due to end in the coming months but in light of the "
    "positive results, those pilots would be extended until the new Reablement at Home service "
    "had been commissioned and there had been an efficient transition from the existing Adult "
    "Crisis Intervention service."
)
SEED_000_RESOLUTIONS = (
    "Note that the two reablement pilot schemes were extended into the 2024/25 financial year "
    "and shall terminate upon the award / mobilisation of the new reablement provision;",
    "Agree that the Council proceeds with the procurement of a contract for Reablement at Home "
    "arrangements in accordance with the strategy set out in the report, subject to the "
    "endorsement of the Procurement Board to the exact model of reablement to be procured; and",
    "Authorise the Strategic Director, Children and Adults, in consultation with the Cabinet "
    "Member for Adult Social Care and Health Integration, the Strategic Director, Resources and "
    "the Head of Legal, to conduct the procurement and award and enter into the contract(s) and "
    "all other necessary or ancillary agreements to fully implement and effect the proposals, "
    "including any periods of extension.",
)


def _decisions() -> dict[str, GovernanceDecision]:
    idc = decision_create(
        body=DecisionBody.CABINET,
        # The minutes in seed 004 carry no date; the meeting fell between the
        # market testing event of May 2021 and the end of the IDC term.
        meeting_date=D(2021, 10, 19),
        title="Re-Commissioning Regulated Care And Support At Home",
        report_of="the Corporate Director Social Services and Wellbeing",
        purpose=SEED_004_PURPOSE,
        resolutions=SEED_004_RESOLUTIONS,
        delegated_authority=(
            "The Corporate Director Social Services and Wellbeing, in consultation with the "
            "Chief Officer – Legal, HR and Regulatory Services, to tender the Regulated Care at "
            "Home Services Framework Agreement; a further report to Cabinet to decide the award."
        ),
        frameworks=[demo_framework("IDC-2018")],
    )
    care_at_home = decision_create(
        body=DecisionBody.CABINET,
        meeting_date=D(2021, 5, 26),
        item_number="79",
        title="Adult Social Care - Care at Home Re-tender",
        report_of="the Cabinet Member for Health and Wellbeing",
        purpose=(
            "The report requested approval to progress to tender for the new Care at Home "
            "service for a further 3 years with the option of up to 2 year extension."
        ),
        resolutions=["That Cabinet approves the request to re-tender the Care at Home service."],
        reasons=SEED_001_REASONS,
        rejected_options=SEED_001_REJECTED,
    )
    reablement = decision_create(
        body=DecisionBody.CABINET,
        meeting_date=D(2024, 4, 16),
        item_number="111",
        title="Procurement of Reablement At Home Service",
        report_of="the Cabinet Member for Adult Social Care and Health Integration",
        purpose=SEED_000_PURPOSE,
        resolutions=SEED_000_RESOLUTIONS,
        delegated_authority=(
            "The Strategic Director, Children and Adults, in consultation with the Cabinet Member "
            "for Adult Social Care and Health Integration, the Strategic Director, Resources and "
            "the Head of Legal: to conduct the procurement and award and enter into the "
            "contract(s), including any periods of extension."
        ),
    )
    return {"idc": idc, "care_at_home": care_at_home, "reablement": reablement}


# --- Helpers ------------------------------------------------------------------


def _create(reference: str, title: str, provider_name: str, **kwargs) -> Contract:
    kwargs.setdefault("funding", [(COUNCIL, kwargs["annual_value"])])
    return contract_create(
        reference=reference, title=title, provider=provider(provider_name), **kwargs
    )


def _exercise(contract: Contract, sequence: int, decided_on: dt.date, **kwargs) -> Contract:
    option = contract.extension_options.get(sequence=sequence)
    return contract_exercise_option(
        contract=contract, option=option, decided_on=decided_on, today=decided_on, **kwargs
    )


def _uplift(contract: Contract, percent: str, decided_on: dt.date, reason: str) -> Contract:
    new_value = pounds(contract.annual_value * (1 + Decimal(percent) / 100))
    contract_change_value(
        contract=contract,
        new_annual_value=new_value,
        reason=reason,
        decided_on=decided_on,
        decision_reference="Annual fee uplift (delegated powers)",
        today=decided_on,
    )
    return Contract.objects.get(pk=contract.pk)


def _split(total: int, weights: Sequence[float]) -> list[Decimal]:
    """Shares of ``total`` pounds in proportion to ``weights``, in whole
    thousands, adding up to exactly ``total``."""
    whole = sum(weights)
    shares = [pounds(total * weight / whole / 1000) * 1000 for weight in weights]
    shares[0] += Decimal(total) - sum(shares)
    return shares


# --- Seed 004: IDC framework and short breaks ---------------------------------


def _idc(decision: GovernanceDecision, rng: random.Random) -> list[Contract]:
    framework = demo_framework("IDC-2018")
    contracts = []
    for number, name in enumerate(IDC_EXISTING + IDC_NEW, start=1):
        value = pounds(rng.randrange(280, 1150) * 1000)
        record = _create(
            f"IDC-2018-{number:02d}",
            "Independent domiciliary care (IDC framework call-off)",
            name,
            service_type=ServiceType.HOME_CARE,
            framework=framework,
            procurement_route=ProcurementRoute.CALL_OFF,
            start_date=D(2018, 1, 1),
            initial_term_months=24,
            option_months=[24],
            annual_value=value,
            today=D(2018, 1, 1),
        )
        # The option of up to 24 months, used a year at a time before each deadline.
        record = _exercise(
            record,
            1,
            D(2019, 9, 17),
            months=12,
            decision_reference="Extension under the framework terms (delegated powers)",
        )
        record = _exercise(
            record,
            1,
            D(2020, 9, 15),
            decision_reference="Extension under the framework terms (delegated powers)",
        )
        contract_extend_by_waiver(
            contract=record,
            months=3,
            reason=(
                "Waiver of the Council’s Contract Procedure Rules under Rule 3.2.9.3 to extend "
                "the existing terms of the Framework for Independent Domiciliary Care for a "
                "further 3 months to 31 March 2022, while the Regulated Care at Home Services "
                "Framework Agreement is procured."
            ),
            decided_on=decision.meeting_date,
            decision=decision,
            decision_reference="Cabinet, waiver under Contract Procedure Rule 3.2.9.3",
            today=decision.meeting_date,
        )
        contracts.append(record)
    return contracts


def _short_breaks(today: dt.date) -> list[Contract]:
    """Seed 004: short break contracts of 2 years from July 2019 with the
    option to extend for up to a further 24 months, and their successors."""
    contracts = []
    for number, (name, value) in enumerate(
        (("Respite Plus", 420_000), ("Time Out Short Breaks", 310_000)), start=1
    ):
        first = _create(
            f"SB-2019-{number:02d}",
            "Regulated domiciliary short break service",
            name,
            service_type=ServiceType.SHORT_BREAKS,
            procurement_route=ProcurementRoute.TENDER,
            start_date=D(2019, 7, 1),
            initial_term_months=24,
            option_months=[24],
            annual_value=Decimal(value),
            today=D(2019, 7, 1),
        )
        first = _exercise(first, 1, D(2021, 3, 9), months=12, decision_reference="DOD/2021/08")
        _exercise(first, 1, D(2022, 3, 8), decision_reference="DOD/2022/11")
        successor = _create(
            f"SB-2023-{number:02d}",
            "Short breaks: flexible replacement care with a 4-week hour bank",
            name,
            service_type=ServiceType.SHORT_BREAKS,
            start_date=D(2023, 7, 1),
            initial_term_months=24,
            option_months=[12, 12],
            annual_value=pounds(value * 1.16),
            today=D(2023, 7, 1),
        )
        # Option 1 was due by 1 April 2025 (30 June 2025 - 90 days).
        successor = _exercise(successor, 1, D(2025, 3, 11), decision_reference="DOD/2025/06")
        if number == 1 and today > D(2026, 3, 20):
            # Option 2 was due by 1 April 2026: used for one provider, declined for the other.
            _exercise(successor, 2, D(2026, 3, 17), decision_reference="DOD/2026/04")
        elif today > D(2026, 3, 20):
            contract_decline_option(
                contract=successor,
                option=successor.extension_options.get(sequence=2),
                decided_on=D(2026, 3, 17),
                decision_reference="DOD/2026/05",
                today=D(2026, 3, 17),
            )
        contracts += [first, successor]
    return contracts


# --- Seed 003: the home care and support framework ----------------------------

HCS_TITLES = {
    **dict.fromkeys(TIER_1, ("Home care and support – Tier 1", ServiceType.HOME_CARE, 1.25)),
    **dict.fromkeys(TIER_2, ("Home care and support – Tier 2", ServiceType.HOME_CARE, 0.7)),
    **dict.fromkeys(
        LEARNING_DISABILITY,
        ("Specialist learning disability support", ServiceType.LEARNING_DISABILITY, 0.55),
    ),
    **dict.fromkeys(CARERS, ("Unpaid carers support service", ServiceType.CARERS_SUPPORT, 0.3)),
}


def _hcs(today: dt.date) -> list[Contract]:
    names = list(TIER_1 + TIER_2 + LEARNING_DISABILITY + CARERS)
    weights = [HCS_TITLES[name][2] for name in names]
    contracts = []
    # Seed 003: "circa £14.4m per annum for the Council and £1.7m for the CCG".
    council = _split(14_400_000, weights)
    ccg = _split(1_700_000, weights)
    framework = demo_framework("HCS-2020")
    for number, name in enumerate(names, start=1):
        title, service_type, _ = HCS_TITLES[name]
        record = _create(
            f"HCS-2020-{number:02d}",
            f"{title} (HCS framework 2020)",
            name,
            service_type=service_type,
            framework=framework,
            procurement_route=ProcurementRoute.CALL_OFF,
            start_date=D(2020, 4, 1),
            initial_term_months=36,
            option_months=[12],
            annual_value=council[number - 1] + ccg[number - 1],
            funding=[(COUNCIL, council[number - 1]), (CCG, ccg[number - 1])],
            today=D(2020, 4, 1),
        )
        # Option due by 31 December 2022 (31 March 2023 - 90 days).
        _exercise(record, 1, D(2022, 11, 22), decision_reference="Procurement Board 22/11/2022")
        contracts.append(record)

    council = _split(17_200_000, weights)
    icb = _split(2_000_000, weights)
    framework = demo_framework("HCS-2024")
    for number, name in enumerate(names, start=1):
        title, service_type, _ = HCS_TITLES[name]
        contracts.append(
            _create(
                f"HCS-2024-{number:02d}",
                f"{title} (HCS framework 2024)",
                name,
                service_type=service_type,
                framework=framework,
                procurement_route=ProcurementRoute.CALL_OFF,
                start_date=D(2024, 4, 1),
                initial_term_months=36,
                option_months=[12, 12],
                annual_value=council[number - 1] + icb[number - 1],
                funding=[(COUNCIL, council[number - 1]), (ICB, icb[number - 1])],
                today=min(today, D(2024, 4, 1)),
            )
        )
    return contracts


# --- Seed 001: Care at Home ----------------------------------------------------


def _care_at_home(decision: GovernanceDecision, today: dt.date) -> list[Contract]:
    old = _create(
        "CAH-2017",
        "Care at Home service",
        "Kingsway Home Support",
        service_type=ServiceType.HOME_CARE,
        start_date=D(2017, 4, 1),
        initial_term_months=60,
        option_months=[12],
        annual_value=Decimal("2150000"),
        today=D(2017, 4, 1),
    )
    # Cabinet rejected extending the current contract for a further 12 months.
    contract_decline_option(
        contract=old,
        option=old.extension_options.get(),
        decided_on=decision.meeting_date,
        decision_reference="Cabinet 26/05/2021 Item 79",
        today=decision.meeting_date,
    )
    new = _create(
        "CAH-2022",
        "Care at Home service (re-tendered)",
        "Elmfield Care at Home",
        service_type=ServiceType.HOME_CARE,
        description=(
            "3 years with the option of up to 2 year extension, re-tendered for greater "
            "flexibility and choice for customers in how their needs are met."
        ),
        start_date=D(2022, 4, 1),
        initial_term_months=36,
        option_months=[24],
        annual_value=Decimal("2600000"),
        today=D(2022, 4, 1),
    )
    new = _uplift(new, "5.2", D(2023, 3, 14), "Annual fee uplift 2023-24: Real Living Wage")
    new = _uplift(new, "6.1", D(2024, 3, 12), "Annual fee uplift 2024-25: Real Living Wage")
    # Up to 2 years, used a year at a time: due by 31 Dec 2024, then 31 Dec 2025.
    new = _exercise(new, 1, D(2024, 12, 10), months=12, decision_reference="DOD/2024/37")
    if today > D(2025, 12, 20):
        _exercise(new, 1, D(2025, 12, 9), decision_reference="DOD/2025/41")
    decision.contracts.set([old, new])
    return [old, new]


# --- Seed 000: reablement pilots until award -----------------------------------


def _reablement_procurement(today: dt.date) -> Procurement:
    procurement, created = Procurement.objects.get_or_create(
        reference="REA-2024",
        defaults={
            "title": "Reablement at Home",
            "description": (
                "A therapy-led Reablement at Home service, procured as Cabinet agreed on "
                "16 April 2024 (Item 111). Its award ends the two reablement pilots."
            ),
            "service_type": ServiceType.REABLEMENT,
            "regime": Regime.PA2023,
            "light_touch": True,
            "apply_standstill": True,
            "status": ProcurementStatus.OPEN,
            "publication_date": today - dt.timedelta(weeks=6),
            "submission_deadline": today + dt.timedelta(weeks=3),
            "contract_start_date": months_after(today, 9).replace(day=1),
            "estimated_annual_value": Decimal("2400000"),
            "authorised_by": "Cabinet 16 April 2024 (Item 111)",
        },
    )
    if created:
        Lot.objects.create(
            procurement=procurement,
            number=1,
            title="Reablement at Home",
            service_type=ServiceType.REABLEMENT,
        )
    return procurement


def _pilots(decision: GovernanceDecision, procurement: Procurement) -> list[Contract]:
    pilots = []
    for reference, title, name, start, months, value in (
        (
            "RP-2023-01",
            "Therapy-led reablement at home pilot",
            "Home First Therapy Partnership",
            D(2023, 7, 1),
            12,
            480_000,
        ),
        (
            "RP-2023-02",
            "Reablement crisis response pilot",
            "Eastshire Care Services",
            D(2023, 9, 1),
            9,
            350_000,
        ),
    ):
        council = pounds(value * 0.6)
        pilot = _create(
            reference,
            title,
            name,
            service_type=ServiceType.REABLEMENT,
            procurement_route=ProcurementRoute.DIRECT_AWARD,
            is_pilot=True,
            start_date=start,
            initial_term_months=months,
            annual_value=Decimal(value),
            funding=[(COUNCIL, council), (BCF, Decimal(value) - council)],
            today=start,
        )
        contract_extend_until_award(
            contract=pilot,
            procurement=procurement,
            reason=(
                "In light of the positive results, the pilot is extended until the new "
                "Reablement at Home service has been commissioned and there has been an "
                "efficient transition from the existing Adult Crisis Intervention service."
            ),
            decided_on=decision.meeting_date,
            decision=decision,
            decision_reference="Cabinet 16/04/2024 Item 111",
            today=decision.meeting_date,
        )
        pilots.append(pilot)
    decision.contracts.set(pilots)
    decision.procurements.set([procurement])
    return pilots


# --- The rest of the register --------------------------------------------------


@dataclass(frozen=True)
class Kind:
    titles: tuple[str, ...]
    service_type: str
    providers: tuple[str, ...]
    value: tuple[int, int]  # thousands of pounds a year
    funders: tuple[str, ...] = (COUNCIL,)


AREAS = ("North", "South", "East", "West", "Central", "Coastal", "Rural villages")
SCHEMES = ("Maple Court", "Orchard House", "Riverside Mews", "Beacon View", "Linden Lodge")
HOME_CARE_AGENCIES = TIER_1 + TIER_2 + IDC_NEW
KINDS = (
    Kind(
        (
            "Rapid response home care – {area}",
            "Night sitting service – {area}",
            "Dementia support at home – {area}",
            "Hospital discharge bridging service – {area}",
            "Live-in care block contract – {area}",
        ),
        ServiceType.HOME_CARE,
        HOME_CARE_AGENCIES,
        (180, 950),
    ),
    Kind(
        ("Supported living – {scheme}", "Day opportunities – {area}", "Shared Lives scheme"),
        ServiceType.LEARNING_DISABILITY,
        LEARNING_DISABILITY,
        (240, 1400),
    ),
    Kind(
        ("Carers' breaks sitting service – {area}", "Carers' assessment and support service"),
        ServiceType.CARERS_SUPPORT,
        (*CARERS, "Time Out Short Breaks"),
        (60, 320),
    ),
    Kind(
        ("Short breaks: replacement care at home – {area}",),
        ServiceType.SHORT_BREAKS,
        ("Respite Plus", "Time Out Short Breaks"),
        (90, 380),
    ),
    Kind(
        ("Extra care housing support – {scheme}",),
        ServiceType.EXTRA_CARE,
        ("Hollybank Care", "Larkrise Care", "Meadowside Care Agency", "Oakleigh Community Care"),
        (220, 640),
    ),
    Kind(
        (
            "Home-based reablement – {area}",
            "Community therapy for reablement (service level agreement)",
        ),
        ServiceType.REABLEMENT,
        ("Eastshire Care Services", "Eastshire Partnership NHS Foundation Trust"),
        (400, 1800),
        (COUNCIL, BCF),
    ),
    Kind(
        ("Assistive technology response service", "Home from hospital support – {area}"),
        ServiceType.OTHER,
        ("Eastshire Carers Trust", "Castlegate Care Services", "Quayside Care"),
        (80, 300),
    ),
)
TERMS = (
    (24, (12, 12)),
    (36, (12, 12)),
    (36, (24,)),
    (36, (12,)),
    (24, (12,)),
    (48, ()),
    (12, (6, 6)),
)


def _register(rng: random.Random, today: dt.date, officers) -> list[Contract]:
    contracts = []
    for number in range(1, 46):
        kind = KINDS[number % len(KINDS)]
        title = rng.choice(kind.titles).format(area=rng.choice(AREAS), scheme=rng.choice(SCHEMES))
        initial, options = TERMS[rng.randrange(len(TERMS))]
        if number % 4 == 0:
            options = ()  # a quarter have no options: they end when their term does
        # Initial terms ending from 2 years ago to 3 years ahead, so that,
        # with the options used since, end dates spread around today.
        ends_in = -24 + (number * 60) // 45
        start = months_before(today, initial - ends_in).replace(day=1)
        draft = number == 45
        if draft:
            start = months_after(today, 1).replace(day=1)
        value = pounds(rng.randrange(*kind.value) * 1000)
        funding = [(COUNCIL, value)]
        if len(kind.funders) == 2:
            share = pounds(value * Decimal("0.55"))
            funding = [(COUNCIL, share), (kind.funders[1], value - share)]
        name = kind.providers[rng.randrange(len(kind.providers))]
        record = _create(
            f"ASC-{start.year}-{number:03d}",
            title,
            name,
            service_type=kind.service_type,
            procurement_route=ProcurementRoute.SLA
            if "NHS" in name
            else rng.choice(
                [ProcurementRoute.TENDER, ProcurementRoute.TENDER, ProcurementRoute.QUOTE]
            ),
            start_date=start,
            initial_term_months=initial,
            option_months=list(options),
            annual_value=value,
            funding=funding,
            responsible_officer=officers[number % len(officers)],
            draft=draft,
            today=min(today, start),
        )
        if not draft:
            record = _play_history(record, rng, today)
        contracts.append(record)
    return contracts


def _play_history(record: Contract, rng: random.Random, today: dt.date) -> Contract:
    """Decide each option as the team would have, up to today: most are used
    a month or two before their deadline; some in part, some declined, and a
    few left to lapse."""
    while True:
        option = record.extension_options.filter(status=OptionStatus.AVAILABLE).first()
        if option is None or option.decision_deadline is None:
            break
        decided_on = option.decision_deadline - dt.timedelta(days=rng.randint(10, 60))
        if decided_on > today:
            break
        roll = rng.random()
        if roll < 0.1:
            break  # no decision: the option lapses
        if roll < 0.2:
            contract_decline_option(
                contract=record, option=option, decided_on=decided_on, today=decided_on
            )
            break
        months = option.months - option.months_used
        if roll < 0.3 and months > 1:
            months //= 2
        record = contract_exercise_option(
            contract=record,
            option=option,
            months=months,
            decided_on=decided_on,
            decision_reference=f"DOD/{decided_on.year}/{rng.randint(1, 60):02d}",
            today=decided_on,
        )
    # A fee uplift each April the contract has run through.
    for year in range(record.start_date.year + 1, today.year + 1):
        decided_on = D(year, 3, 10)
        if record.start_date < decided_on <= today and record.funding.count() == 1:
            if record.current_end_date and decided_on > record.current_end_date:
                break
            if rng.random() < 0.6:
                record = _uplift(
                    record,
                    str(rng.choice([3.5, 4.2, 5.0, 6.1])),
                    decided_on,
                    f"Annual fee uplift {year}-{(year + 1) % 100:02d}",
                )
    return Contract.objects.get(pk=record.pk)


def _waivers_and_endings(contracts: list[Contract], today: dt.date) -> None:
    """Two contracts about to end with nothing left to use are extended by
    waiver (beyond their maximum extent); one provider hands a contract back."""
    waived = 0
    for record in contracts:
        record.refresh_from_db()
        end = record.current_end_date
        if (
            waived < 2
            and record.status in (ContractStatus.ACTIVE, ContractStatus.EXTENDED)
            and end is not None
            and today <= end <= months_after(today, 4)
            and not record.extension_options.filter(status=OptionStatus.AVAILABLE).exists()
        ):
            contract_extend_by_waiver(
                contract=record,
                months=6,
                reason=(
                    "Waiver of the Contract Procedure Rules: the re-procurement started late and "
                    "the service must continue until the new contract starts."
                ),
                decided_on=today - dt.timedelta(days=12),
                decision_reference=f"Procurement Board {today - dt.timedelta(days=12):%d/%m/%Y}",
                today=today,
            )
            waived += 1
    # Northgate Homecare, rated Inadequate, hands back its framework call-off.
    handed_back = Contract.objects.filter(
        framework__reference="HCS-2024",
        provider__name="Northgate Homecare",
        status__in=[ContractStatus.ACTIVE, ContractStatus.EXTENDED],
    ).first()
    if handed_back is not None and handed_back.current_end_date > months_after(today, 3):
        contract_terminate(
            contract=handed_back,
            termination_date=months_after(today, 2),
            reason=(
                "The provider gave notice to hand back the contract after its CQC rating fell "
                "to Inadequate; its packages move to other framework providers at review."
            ),
            decided_on=today - dt.timedelta(days=20),
            decision_reference="DOD/termination notice",
            today=today,
        )


def load(*, out) -> None:
    if Contract.objects.filter(reference=MARKER).exists():
        out.write(f"Contracts: {Contract.objects.count()}")
        return
    today = timezone.localdate()
    rng = random.Random(2024)
    users = get_user_model().objects
    manager = users.get(username="manager")
    officers = [users.get(username="officer"), manager]
    with acting_as(manager):
        decisions = _decisions()
        idc = _idc(decisions["idc"], rng)
        short_breaks = _short_breaks(today)
        decisions["idc"].contracts.set(idc + short_breaks[::2])
        _hcs(today)
        _care_at_home(decisions["care_at_home"], today)
        _pilots(decisions["reablement"], _reablement_procurement(today))
        register = _register(rng, today, officers)
        _waivers_and_endings(register, today)
        contract_lapse_overdue_options(today=today)
        contract_refresh_statuses(today=today)
    out.write(
        f"Contracts: {Contract.objects.count()}, governance decisions: "
        f"{GovernanceDecision.objects.count()}"
    )
