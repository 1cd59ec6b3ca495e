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
from dataclasses import dataclass

from providers.models import Provider, ProviderRating, ProviderType, Rating, Regulator

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

# An earlier rating for some providers, so the history shows a change
# (including the drops that commissioners act on).
EARLIER_RATINGS = {
    "Greenacre Domiciliary Care": (GOOD, D(2021, 6, 3)),
    "Northgate Homecare": (RI, D(2023, 4, 19)),
    "Priory Lane Care": (GOOD, D(2021, 11, 23)),
    "Dene Valley Homecare": (GOOD, D(2021, 2, 9)),
}


def provider(name: str) -> Provider:
    """A demo provider by its name (for other apps' demo data)."""
    return Provider.objects.get(name=name)


def load(*, out) -> None:
    for spec in PROVIDERS:
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
                "address": f"{spec.postcode}, Eastshire",
            },
        )
        if not created:
            continue
        earlier = EARLIER_RATINGS.get(spec.name)
        if earlier:
            ProviderRating.objects.create(
                provider=record, rating=earlier[0], rated_on=earlier[1], source="CQC inspection"
            )
        if spec.regulator != Regulator.NONE:
            ProviderRating.objects.create(
                provider=record, rating=spec.rating, rated_on=spec.rated_on, source="CQC inspection"
            )
    out.write(f"Providers: {Provider.objects.count()}")
