"""Demo framework agreements, with their tiers and ranked members.

- HCS-2020: the home care and support framework of seed 003 (tender 7 June –
  18 November 2019, from 1 April 2020): 9 Tier 1 providers, Tier 2 providers,
  2 specialist learning disability providers and 1 unpaid carers' support
  service. Three years and a one-year option, used; now expired.
- HCS-2024: its successor with the same tiers, live today.
- IDC-2018: the independent domiciliary care framework of seed 004 (1 January
  2018 – 31 December 2019, up to 24 months' extension, fully used) with 15
  providers, 13 existing and 2 new.

Other apps' demo data look frameworks up by reference (``framework(ref)``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from commissioning.common.choices import ServiceType
from commissioning.common.terms import OptionStatus, OptionTerms, compute_term
from providers.demo import provider
from tenders.models import (
    Framework,
    FrameworkExtensionOption,
    FrameworkMember,
    FrameworkStatus,
    FrameworkTier,
)

D = dt.date

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
class DemoFramework:
    reference: str
    name: str
    service_type: str
    start: dt.date
    initial_months: int
    # (months, months used)
    options: tuple[tuple[int, int], ...]
    tiers: tuple[DemoTier, ...]


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

FRAMEWORKS = (
    DemoFramework(
        "HCS-2020",
        "Home Care and Support Framework 2020",
        ServiceType.HOME_CARE,
        D(2020, 4, 1),
        36,
        ((12, 12),),
        HCS_TIERS,
    ),
    DemoFramework(
        "HCS-2024",
        "Home Care and Support Framework 2024",
        ServiceType.HOME_CARE,
        D(2024, 4, 1),
        36,
        ((12, 0), (12, 0)),
        HCS_TIERS,
    ),
    DemoFramework(
        "IDC-2018",
        "Independent Domiciliary Care Framework 2018",
        ServiceType.HOME_CARE,
        D(2018, 1, 1),
        24,
        ((24, 24),),
        (
            DemoTier(
                "Framework providers", 1, ServiceType.HOME_CARE, "home care", IDC_EXISTING + IDC_NEW
            ),
        ),
    ),
)


def framework(reference: str) -> Framework:
    """A demo framework by reference (for other apps' demo data)."""
    return Framework.objects.get(reference=reference)


def _status(term, start: dt.date, today: dt.date) -> str:
    if today < start:
        return FrameworkStatus.COMING
    if today > term.current_end:
        return FrameworkStatus.EXPIRED
    if term.current_end > term.initial_end:
        return FrameworkStatus.EXTENDED
    return FrameworkStatus.LIVE


def load(*, out) -> None:
    today = timezone.localdate()
    for spec in FRAMEWORKS:
        if Framework.objects.filter(reference=spec.reference).exists():
            continue
        options = [
            OptionTerms(
                sequence,
                months,
                used,
                OptionStatus.EXERCISED if used == months else OptionStatus.AVAILABLE,
            )
            for sequence, (months, used) in enumerate(spec.options, start=1)
        ]
        term = compute_term(start=spec.start, initial_months=spec.initial_months, options=options)
        record = Framework.objects.create(
            reference=spec.reference,
            name=spec.name,
            service_type=spec.service_type,
            start_date=spec.start,
            initial_term_months=spec.initial_months,
            status=_status(term, spec.start, today),
            initial_end_date=term.initial_end,
            current_end_date=term.current_end,
            max_end_date=term.max_end,
        )
        for option in options:
            FrameworkExtensionOption.objects.create(
                framework=record,
                sequence=option.sequence,
                months=option.months,
                months_used=option.months_used,
                status=option.status,
            )
        for tier_spec in spec.tiers:
            tier = FrameworkTier.objects.create(
                framework=record,
                name=tier_spec.name,
                priority=tier_spec.priority,
                service_type=tier_spec.service_type,
                lot_group=tier_spec.lot_group,
            )
            for rank, name in enumerate(tier_spec.members, start=1):
                FrameworkMember.objects.create(
                    framework=record,
                    tier=tier,
                    provider=provider(name),
                    rank=rank,
                    lot_group=tier_spec.lot_group,
                    joined_on=spec.start,
                )
    out.write(f"Frameworks: {Framework.objects.count()}")
