"""Demo providers: the market of a county like those in the seeds.

The names are fictional; the situations are the seeds' own: nine Tier 1 and
four Tier 2 home care agencies, two specialist learning disability providers
and one unpaid carers' support service (seed 003); fifteen providers on the
IDC framework, thirteen existing and two new (seed 004); short-break
providers (seed 004); an NHS trust under a service level agreement and the
council's wholly-owned home care company providing reablement (seed 002).

Other apps' demo data look providers up by these names (``provider(name)``).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from commissioning.common.choices import ServiceType
from providers.models import (
    Provider,
    ProviderContact,
    ProviderRate,
    ProviderRating,
    ProviderType,
    RateUnit,
    Rating,
    ReferenceRate,
    ReferenceRateKind,
    Regulator,
)

D = dt.date


@dataclass(frozen=True)
class DemoProvider:
    name: str
    legal_name: str
    provider_type: str
    regulator_id: str
    rating: str
    rated_on: dt.date
    postcode: str
    pays_real_living_wage: bool = False
    company_number: str = ""
    charity_number: str = ""
    is_sme: bool = True
    is_vcse: bool = False
    regulator: str = Regulator.CQC


IND, CC, NHS, V = (
    ProviderType.INDEPENDENT,
    ProviderType.COUNCIL_COMPANY,
    ProviderType.NHS_TRUST,
    ProviderType.VOLUNTARY,
)
GOOD, OUT, RI, INAD = (
    Rating.GOOD,
    Rating.OUTSTANDING,
    Rating.REQUIRES_IMPROVEMENT,
    Rating.INADEQUATE,
)

PROVIDERS = (
    # Home care and support framework, Tier 1 (seed 003).
    DemoProvider(
        "Brightwater Home Care",
        "Brightwater Home Care Ltd",
        IND,
        "1-1148830211",
        GOOD,
        D(2024, 3, 12),
        "ES1 4QT",
        True,
        "09231876",
    ),
    DemoProvider(
        "Castlegate Care Services",
        "Castlegate Care Services Ltd",
        IND,
        "1-1192045573",
        GOOD,
        D(2023, 11, 2),
        "ES3 7HD",
        True,
        "08812345",
    ),
    DemoProvider(
        "Dene Valley Homecare",
        "Dene Valley Homecare Ltd",
        IND,
        "1-1027331498",
        OUT,
        D(2024, 6, 20),
        "ES7 2LP",
        True,
        "07654321",
    ),
    DemoProvider(
        "Elmfield Care at Home",
        "Elmfield Care at Home Ltd",
        IND,
        "1-1310926648",
        GOOD,
        D(2025, 1, 15),
        "ES2 9BX",
        False,
        "10234567",
    ),
    DemoProvider(
        "Fernhill Support Services",
        "Fernhill Support Services Ltd",
        IND,
        "1-1266402157",
        GOOD,
        D(2023, 8, 30),
        "ES5 1RW",
        True,
        "09876543",
    ),
    DemoProvider(
        "Greenacre Domiciliary Care",
        "Greenacre Domiciliary Care Ltd",
        IND,
        "1-1083562290",
        RI,
        D(2025, 9, 4),
        "ES4 6NF",
        False,
        "06543210",
    ),
    DemoProvider(
        "Hollybank Care",
        "Hollybank Care Ltd",
        IND,
        "1-1224718835",
        GOOD,
        D(2024, 10, 8),
        "ES8 3JA",
        True,
        "11223344",
    ),
    DemoProvider(
        "Kingsway Home Support",
        "Kingsway Home Support Ltd",
        IND,
        "1-1175590024",
        GOOD,
        D(2022, 12, 14),
        "ES1 8TE",
        False,
        "05566778",
    ),
    DemoProvider(
        "Larkrise Care",
        "Larkrise Care Ltd",
        IND,
        "1-1339207716",
        GOOD,
        D(2025, 4, 22),
        "ES6 5PU",
        True,
        "12345678",
    ),
    # Tier 2.
    DemoProvider(
        "Meadowside Care Agency",
        "Meadowside Care Agency Ltd",
        IND,
        "1-1290034418",
        GOOD,
        D(2024, 2, 27),
        "ES9 4AG",
        False,
        "09988776",
    ),
    DemoProvider(
        "Northgate Homecare",
        "Northgate Homecare Ltd",
        IND,
        "1-1051688923",
        INAD,
        D(2025, 10, 1),
        "ES2 3WS",
        False,
        "04433221",
    ),
    DemoProvider(
        "Oakleigh Community Care",
        "Oakleigh Community Care Ltd",
        IND,
        "1-1247751309",
        GOOD,
        D(2023, 5, 18),
        "ES10 1YH",
        False,
        "08877665",
    ),
    DemoProvider(
        "Priory Lane Care",
        "Priory Lane Care Ltd",
        IND,
        "1-1318845562",
        RI,
        D(2024, 12, 3),
        "ES4 9DZ",
        False,
        "10987654",
    ),
    # Specialist learning disability providers.
    DemoProvider(
        "Stepping Forward Support",
        "Stepping Forward Support CIC",
        V,
        "1-1109223387",
        GOOD,
        D(2024, 7, 9),
        "ES3 2KL",
        True,
        "09112233",
        is_vcse=True,
    ),
    DemoProvider(
        "Willowbrook Learning Disability Services",
        "Willowbrook LD Services Ltd",
        IND,
        "1-1273390045",
        OUT,
        D(2023, 9, 26),
        "ES7 8QR",
        True,
        "07788990",
    ),
    # Unpaid carers' support.
    DemoProvider(
        "Eastshire Carers Trust",
        "Eastshire Carers Trust",
        V,
        "",
        Rating.NOT_RATED,
        D(2019, 11, 18),
        "ES1 1AA",
        True,
        charity_number="1098765",
        is_vcse=True,
        regulator=Regulator.NONE,
    ),
    # New entrants on the IDC framework (seed 004: "13 existing and 2 new").
    DemoProvider(
        "Quayside Care",
        "Quayside Care Ltd",
        IND,
        "1-1352289016",
        GOOD,
        D(2025, 6, 11),
        "ES11 2BB",
        True,
        "13579246",
    ),
    DemoProvider(
        "Riverside Home Care",
        "Riverside Home Care Ltd",
        IND,
        "1-1360471128",
        Rating.NOT_RATED,
        D(2025, 8, 1),
        "ES12 6TT",
        False,
        "14682357",
    ),
    # Short breaks (seed 004).
    DemoProvider(
        "Respite Plus",
        "Respite Plus Ltd",
        IND,
        "1-1199456102",
        GOOD,
        D(2024, 9, 17),
        "ES5 7CF",
        True,
        "09753124",
    ),
    DemoProvider(
        "Time Out Short Breaks",
        "Time Out Short Breaks CIC",
        V,
        "1-1288103367",
        GOOD,
        D(2023, 10, 31),
        "ES6 3HJ",
        True,
        "10864213",
        is_vcse=True,
    ),
    # Reablement (seed 002): an NHS trust under an SLA and the council's company.
    DemoProvider(
        "Eastshire Partnership NHS Foundation Trust",
        "Eastshire Partnership NHS Foundation Trust",
        NHS,
        "RZX",
        GOOD,
        D(2024, 1, 24),
        "ES1 5RB",
        True,
        is_sme=False,
    ),
    DemoProvider(
        "Eastshire Care Services",
        "Eastshire Care Services Ltd (wholly owned by the council)",
        CC,
        "1-1234006652",
        GOOD,
        D(2024, 5, 14),
        "ES1 2CH",
        True,
        "11335577",
        is_sme=False,
    ),
    # Seed 000: the provider of the therapy-led reablement pilot.
    DemoProvider(
        "Home First Therapy Partnership",
        "Home First Therapy Partnership CIC",
        V,
        "1-1378812094",
        Rating.NOT_RATED,
        D(2023, 2, 1),
        "ES2 7MM",
        True,
        "14223366",
        is_vcse=True,
    ),
)

# Bidders that did not win a place (seed 003's and seed 004's tenders had
# more bidders than places), and one that has since ceased trading.
UNSUCCESSFUL = (
    DemoProvider(
        "Ashdown Homecare",
        "Ashdown Homecare Ltd",
        IND,
        "1-1401127745",
        GOOD,
        D(2024, 11, 5),
        "ES13 4LW",
        False,
        "11992288",
    ),
    DemoProvider(
        "Bramble Care",
        "Bramble Care Ltd",
        IND,
        "1-1155230981",
        RI,
        D(2025, 3, 18),
        "ES6 9GF",
        False,
        "08123456",
    ),
    DemoProvider(
        "Cedar Lodge Home Support",
        "Cedar Lodge Home Support Ltd",
        IND,
        "1-1209874416",
        GOOD,
        D(2024, 4, 30),
        "ES9 1XP",
        True,
        "10456789",
    ),
    DemoProvider(
        "Unity Carers Network",
        "Unity Carers Network",
        V,
        "",
        Rating.NOT_RATED,
        D(2019, 6, 20),
        "ES2 4RD",
        True,
        charity_number="1176543",
        is_vcse=True,
        regulator=Regulator.NONE,
    ),
    DemoProvider(
        "Harbour View Care",
        "Harbour View Care Ltd",
        IND,
        "1-1066341207",
        INAD,
        D(2023, 12, 12),
        "ES14 8SN",
        False,
        "07345612",
    ),
)
ARCHIVED = {
    "Harbour View Care": (
        dt.datetime(2024, 7, 1, 9, 0, tzinfo=dt.UTC),
        "Ceased trading on 30/06/2024 after an Inadequate rating; its packages moved to "
        "framework providers.",
    ),
}

# An earlier rating for some providers, so the history shows a change
# (including the drops that commissioners act on).
EARLIER_RATINGS = {
    "Greenacre Domiciliary Care": (GOOD, D(2021, 6, 3)),
    "Northgate Homecare": (RI, D(2023, 4, 19)),
    "Priory Lane Care": (GOOD, D(2021, 11, 23)),
    "Dene Valley Homecare": (GOOD, D(2021, 2, 9)),
    "Harbour View Care": (RI, D(2022, 5, 10)),
}

LWF = "Living Wage Foundation"
# Real Living Wage (UK, London), from the day each rate was announced;
# accredited employers have until 1 May (or six months) to pay it.
REAL_LIVING_WAGE = (
    (D(2019, 11, 11), "9.30", "10.75"),
    (D(2020, 11, 9), "9.50", "10.85"),
    (D(2021, 11, 15), "9.90", "11.05"),
    (D(2022, 9, 22), "10.90", "11.95"),
    (D(2023, 10, 24), "12.00", "13.15"),
    (D(2024, 10, 22), "12.60", "13.85"),
    (D(2025, 10, 22), "13.45", "14.80"),
)
# Homecare Association (formerly UKHCA) Minimum Price for Homecare, for each
# financial year from 1 April; England's figure from 2023-24, when prices were
# first published per nation.
HOMECARE_MINIMUM_PRICE = (
    (D(2019, 4, 1), "18.93", "UKHCA Minimum Price for Homecare 2019-20 (version 6.0)"),
    (D(2020, 4, 1), "20.69", "UKHCA Minimum Price for Homecare 2020-21"),
    (D(2021, 4, 1), "21.43", "UKHCA Minimum Price for Homecare 2021-22 (version 8.0)"),
    (D(2022, 4, 1), "23.20", "Homecare Association Minimum Price for Homecare 2022-23 (v9.0)"),
    (D(2023, 4, 1), "25.95", "Homecare Association Minimum Price for Homecare 2023-24, England"),
    (D(2024, 4, 1), "28.53", "Homecare Association Minimum Price for Homecare 2024-25, England"),
    (D(2025, 4, 1), "32.14", "Homecare Association Minimum Price for Homecare 2025-26, England"),
)

HOME_CARE, LD, CARERS_SUPPORT, SHORT_BREAKS, REABLEMENT = (
    ServiceType.HOME_CARE,
    ServiceType.LEARNING_DISABILITY,
    ServiceType.CARERS_SUPPORT,
    ServiceType.SHORT_BREAKS,
    ServiceType.REABLEMENT,
)
HOUR, CALL_30, NIGHT, WEEK = RateUnit.HOUR, RateUnit.CALL_30, RateUnit.NIGHT, RateUnit.WEEK
# Prices agreed with individual providers; framework-wide rates are in tenders.demo.
PROVIDER_RATES = {
    "Willowbrook Learning Disability Services": (
        (LD, HOUR, "24.50", D(2024, 4, 1)),
        (LD, HOUR, "26.10", D(2025, 4, 1)),
        (LD, HOUR, "27.35", D(2026, 4, 1)),
    ),
    "Stepping Forward Support": (
        (LD, HOUR, "23.80", D(2024, 4, 1)),
        (LD, HOUR, "25.60", D(2025, 4, 1)),
        (LD, HOUR, "26.90", D(2026, 4, 1)),
    ),
    "Eastshire Carers Trust": (
        (CARERS_SUPPORT, WEEK, "1150.00", D(2024, 4, 1)),
        (CARERS_SUPPORT, WEEK, "1210.00", D(2025, 4, 1)),
    ),
    "Respite Plus": (
        (SHORT_BREAKS, HOUR, "25.90", D(2024, 4, 1)),
        (SHORT_BREAKS, HOUR, "27.40", D(2025, 4, 1)),
        (SHORT_BREAKS, NIGHT, "145.00", D(2025, 4, 1)),
    ),
    "Time Out Short Breaks": (
        (SHORT_BREAKS, HOUR, "26.90", D(2025, 4, 1)),
        (SHORT_BREAKS, NIGHT, "138.00", D(2025, 4, 1)),
    ),
    "Eastshire Care Services": (
        (REABLEMENT, HOUR, "31.20", D(2024, 4, 1)),
        (REABLEMENT, HOUR, "33.10", D(2025, 4, 1)),
    ),
    "Eastshire Partnership NHS Foundation Trust": ((REABLEMENT, HOUR, "35.60", D(2025, 4, 1)),),
    "Home First Therapy Partnership": ((REABLEMENT, HOUR, "38.20", D(2025, 4, 1)),),
    "Fernhill Support Services": ((HOME_CARE, CALL_30, "14.20", D(2025, 4, 1)),),
    "Dene Valley Homecare": (
        (HOME_CARE, HOUR, "25.80", D(2025, 4, 1)),
        (HOME_CARE, HOUR, "27.10", D(2026, 4, 1)),
    ),
}

GIVEN_NAMES = (
    "Aisha",
    "Ben",
    "Carys",
    "Daniel",
    "Elaine",
    "Farah",
    "Gareth",
    "Hannah",
    "Imran",
    "Joanne",
    "Kwame",
    "Lucy",
    "Mark",
    "Nadia",
    "Owen",
    "Priya",
    "Rachel",
    "Simon",
    "Tomasz",
    "Vicky",
    "Wendy",
    "Yusuf",
)
FAMILY_NAMES = (
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Morgan",
    "Nowak",
    "Owusu",
    "Patel",
    "Roberts",
    "Shaw",
    "Taylor",
    "Walsh",
)
CONTACT_ROLES = ("Registered manager", "Contracts and finance lead")
STREETS = (
    "Station Road",
    "Mill Lane",
    "Church Street",
    "Riverside Business Park",
    "Market Place",
    "Victoria Road",
    "Orchard Way",
)
TOWNS = ("Eastbridge", "Kingsmere", "Oakford", "Haverley", "Westfold")


def provider(name: str) -> Provider:
    """A demo provider by its name (for other apps' demo data)."""
    return Provider.objects.get(name=name)


def _load_provider(spec: DemoProvider, number: int) -> Provider:
    record, created = Provider.objects.get_or_create(
        name=spec.name,
        defaults={
            "legal_name": spec.legal_name,
            "provider_type": spec.provider_type,
            "regulator": spec.regulator,
            "regulator_id": spec.regulator_id,
            "rating": spec.rating,
            "rating_date": spec.rated_on,
            "pays_real_living_wage": spec.pays_real_living_wage,
            "company_number": spec.company_number,
            "charity_number": spec.charity_number,
            "is_sme": spec.is_sme,
            "is_vcse": spec.is_vcse,
            "postcode": spec.postcode,
            "address": (
                f"{3 + number * 7 % 90} {STREETS[number % len(STREETS)]}\n"
                f"{TOWNS[number % len(TOWNS)]}, Eastshire"
            ),
        },
    )
    if not created:
        return record
    earlier = EARLIER_RATINGS.get(spec.name)
    if earlier:
        ProviderRating.objects.create(
            provider=record, rating=earlier[0], rated_on=earlier[1], source="CQC inspection"
        )
    if spec.regulator != Regulator.NONE:
        ProviderRating.objects.create(
            provider=record, rating=spec.rating, rated_on=spec.rated_on, source="CQC inspection"
        )
    archived = ARCHIVED.get(spec.name)
    if archived:
        record.archived_at, record.archived_reason = archived
        record.save(update_fields=["archived_at", "archived_reason"])
    return record


def _load_contacts(providers: list[Provider]) -> None:
    if ProviderContact.objects.exists():
        return
    rng = random.Random(20191118)  # noqa: S311 - demo names, not secrets
    contacts = []
    for number, record in enumerate(providers):
        domain = re.sub(r"[^a-z]", "", record.name.lower())[:24]
        for role in CONTACT_ROLES[: 1 + number % 2]:
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            contacts.append(
                ProviderContact(
                    provider=record,
                    name=f"{given} {family}",
                    role=role,
                    email=f"{given[0].lower()}.{family.lower()}@{domain}.example",
                    # Ofcom's range for drama: never a real line.
                    phone=f"01632 960{rng.randrange(1000):03d}",
                )
            )
    ProviderContact.objects.bulk_create(contacts)


def _load_rates(by_name: dict[str, Provider]) -> None:
    for name, rates in PROVIDER_RATES.items():
        for service_type, unit, amount, start in rates:
            ProviderRate.objects.get_or_create(
                provider=by_name[name],
                service_type=service_type,
                unit=unit,
                effective_from=start,
                defaults={"amount": Decimal(amount)},
            )


def _load_reference_rates() -> None:
    rows = []
    for start, uk, london in REAL_LIVING_WAGE:
        source = f"{LWF}, rates announced {start:%d %B %Y}"
        rows += [
            (ReferenceRateKind.REAL_LIVING_WAGE, uk, start, source),
            (ReferenceRateKind.REAL_LIVING_WAGE_LONDON, london, start, source),
        ]
    rows += [
        (ReferenceRateKind.HOMECARE_MINIMUM_PRICE, amount, start, source)
        for start, amount, source in HOMECARE_MINIMUM_PRICE
    ]
    for kind, amount, start, source in rows:
        ReferenceRate.objects.get_or_create(
            kind=kind,
            unit=RateUnit.HOUR,
            effective_from=start,
            defaults={"amount": Decimal(amount), "source": source},
        )


def load(*, out) -> None:
    providers = [
        _load_provider(spec, number) for number, spec in enumerate((*PROVIDERS, *UNSUCCESSFUL))
    ]
    _load_contacts(providers)
    _load_rates({record.name: record for record in providers})
    _load_reference_rates()
    out.write(
        f"Providers: {Provider.objects.count()}, reference rates: {ReferenceRate.objects.count()}"
    )
