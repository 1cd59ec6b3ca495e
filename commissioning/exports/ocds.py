"""The council's procurements, awards and contracts as an OCDS 1.1 release
package (Open Contracting Data Standard, schema 1.1.5; DOMAIN.md §2).

One contracting process, one ``ocid`` (the setting OCDS_PREFIX, then the
kind of record and its database id, which never changes while references
may be corrected):

- ``<prefix>procurement-<id>``: a procurement, its lots (``tender.lots``,
  lots extension), its awards (``awards[].relatedLots``) and the contracts
  it let. A procurement that establishes a framework agreement carries the
  framework's period (``tender.contractPeriod`` with ``maxExtentDate``).
- ``<prefix>framework-<id>``: a framework agreement with no procurement on
  record (set up before the system): its members as awards.
- ``<prefix>contract-<id>``: a contract not let by a procurement on record
  (a call-off, a direct award, a waiver, a service level agreement). A
  call-off names its framework's process in ``relatedProcesses``
  (relationship "framework", scheme "ocid"): the procurement that placed its
  provider on the framework, or else the framework's own process.

Each process is published as one release describing it as it stands today.
Its ``date`` is the last change to any record in it; its ``id`` is the
ocid and a digest of its content, so it changes exactly when the content
does. Dates are the start (00:00) or end (23:59:59) of the day in London.

Money: the register keeps annual values; OCDS values are totals, so a
contract's ``value`` is its annual value over its current term
(commissioning.exports.values.value_over_term). Bidders who were not awarded
are counted (``numberOfTenderers``), not named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.text import slugify

from commissioning.common.tabular import chunk_size, in_chunks
from commissioning.exports.values import value_over_term
from commissioning.models import (
    Contract,
    ContractStatus,
    ContractVariation,
    ProcurementRoute,
    VariationKind,
)
from providers.models import Provider
from tenders.models import (
    Award,
    Framework,
    FrameworkMember,
    Lot,
    Procurement,
    ProcurementStatus,
)

OCDS_VERSION = "1.1"
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_lots_extension/v1.1.5/extension.json"
)
CURRENCY = "GBP"
S = ProcurementStatus

TENDER_STATUS = {
    S.PLANNING: "planning",
    S.MARKET_ENGAGEMENT: "planning",
    S.OPEN: "active",
    S.EVALUATION: "active",
    S.STANDSTILL: "active",
    S.AWARDED: "complete",
    S.MOBILISATION: "complete",
    S.COMPLETE: "complete",
    S.CANCELLED: "cancelled",
}
AWARDED = (S.AWARDED, S.MOBILISATION, S.COMPLETE)
BEFORE_EVALUATION = (S.PLANNING, S.MARKET_ENGAGEMENT, S.OPEN)
CONTRACT_STATUS = {
    ContractStatus.DRAFT: "pending",
    ContractStatus.ACTIVE: "active",
    ContractStatus.EXTENDED: "active",
    ContractStatus.EXPIRED: "terminated",
    ContractStatus.TERMINATED: "terminated",
}
ENDED = (ContractStatus.EXPIRED, ContractStatus.TERMINATED)
# OCDS method codelist: open, selective, limited, direct.
METHOD = {
    ProcurementRoute.TENDER: "open",
    ProcurementRoute.QUOTE: "limited",
    ProcurementRoute.CALL_OFF: "selective",
    ProcurementRoute.DIRECT_AWARD: "direct",
    ProcurementRoute.WAIVER: "direct",
    ProcurementRoute.SLA: "direct",
}
# org-id.guide schemes for a supplier's registration numbers.
COMPANIES_HOUSE = "GB-COH"
CHARITY_COMMISSION = "GB-CHC"
SCOTTISH_CHARITY_REGULATOR = "GB-SC"


def ocid(kind: str, pk: int) -> str:
    return f"{settings.OCDS_PREFIX}{kind}-{pk}"


def _london() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def start_of(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time.min, tzinfo=_london()).isoformat()


def end_of(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=_london()).isoformat()


def period(start=None, end=None, max_extent=None) -> dict:
    return {
        "startDate": start_of(start),
        "endDate": end_of(end),
        "maxExtentDate": end_of(max_extent),
    }


def money(amount: Decimal | None) -> dict | None:
    # JSON numbers: a float reproduces a 14-digit amount in pence exactly.
    return None if amount is None else {"amount": float(amount), "currency": CURRENCY}


def compact(value):
    """Drop empty fields (None, "", [], {}) at every level."""
    if isinstance(value, dict):
        items = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


# --- Parties ---------------------------------------------------------------------


def _buyer() -> dict:
    name = settings.OCDS_PUBLISHER_NAME
    org_id = settings.OCDS_BUYER_ID
    parts = org_id.split("-")
    identifier = (
        {"scheme": "-".join(parts[:2]), "id": "-".join(parts[2:]), "legalName": name}
        if len(parts) >= 3
        else None
    )
    return {"id": org_id or "buyer", "name": name, "identifier": identifier}


def _supplier_identifier(provider: Provider) -> dict | None:
    legal_name = provider.legal_name or provider.name
    if provider.company_number:
        return {"scheme": COMPANIES_HOUSE, "id": provider.company_number, "legalName": legal_name}
    if provider.charity_number:
        number = provider.charity_number.replace(" ", "").upper()
        scheme = SCOTTISH_CHARITY_REGULATOR if number.startswith("SC") else CHARITY_COMMISSION
        return {"scheme": scheme, "id": number, "legalName": legal_name}
    return None


@dataclass
class Parties:
    """The parties of one release, each once, with every role it plays."""

    buyer: dict
    _parties: dict[str, dict] = field(default_factory=dict)
    # When the records behind the parties last changed (for the release date).
    changed: list[dt.datetime] = field(default_factory=list)

    def add(self, party: dict, role: str) -> dict:
        entry = self._parties.setdefault(party["id"], {**party, "roles": []})
        if role not in entry["roles"]:
            entry["roles"].append(role)
        return {"id": entry["id"], "name": entry["name"]}

    def add_buyer(self) -> dict:
        self.add(self.buyer, "buyer")
        return self.add(self.buyer, "procuringEntity")

    def add_supplier(self, provider: Provider) -> dict:
        self.changed.append(provider.modified_at)
        party = {
            "id": f"provider-{provider.pk}",
            "name": provider.name,
            "identifier": _supplier_identifier(provider),
        }
        return self.add(party, "supplier")

    def add_funders(self, contract: Contract) -> None:
        for funding in contract.funding.all():
            self.changed.append(funding.modified_at)
            if funding.funder == self.buyer["name"]:
                self.add(self.buyer, "funder")
            else:
                party = {"id": f"funder-{slugify(funding.funder)}", "name": funding.funder}
                self.add(party, "funder")

    def as_list(self) -> list[dict]:
        return list(self._parties.values())


# --- Contracts ---------------------------------------------------------------------


def _amendment(variation: ContractVariation) -> dict:
    what = variation.get_kind_display()
    if variation.kind == VariationKind.VALUE_CHANGE and variation.new_annual_value is not None:
        what += f": annual value to £{variation.new_annual_value:,}"
    elif variation.months:
        what += f": {variation.months} months"
    if variation.resulting_end_date and variation.kind != VariationKind.VALUE_CHANGE:
        what += f", to end on {variation.resulting_end_date:%d/%m/%Y}"
    if variation.beyond_max_extent:
        what += " (beyond the maximum extent)"
    return {
        "id": str(variation.pk),
        "date": start_of(variation.decided_on),
        "rationale": variation.reason,
        "description": what,
    }


def contract_release_part(contract: Contract, award_id: str) -> dict:
    return {
        "id": str(contract.pk),
        "awardID": award_id,
        "title": f"{contract.reference}: {contract.title}",
        "description": contract.description,
        "status": CONTRACT_STATUS[ContractStatus(contract.status)],
        "period": period(contract.start_date, contract.current_end_date, contract.max_end_date),
        "value": money(
            value_over_term(contract.annual_value, contract.start_date, contract.current_end_date)
        ),
        "amendments": [_amendment(variation) for variation in contract.variations.all()],
    }


def _framework_period(framework: Framework | None) -> dict | None:
    if framework is None:
        return None
    return period(framework.start_date, framework.current_end_date, framework.max_end_date)


# --- Releases ----------------------------------------------------------------------


def _release(*, process: str, tag: list[str], parts: dict, changed: Iterable) -> dict:
    body = compact(
        {
            "ocid": process,
            "date": max(changed).isoformat(),
            "tag": tag,
            "initiationType": "tender",
            "language": "en",
            **parts,
        }
    )
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    return {"ocid": process, "id": f"{process}-{digest}", **body}


@dataclass
class FrameworkLinks:
    """Where each framework agreement was established, for call-offs'
    ``relatedProcesses`` (read once, in three queries)."""

    names: dict[int, str]
    # Procurements (not cancelled) that establish or refresh each framework.
    procurements: dict[int, list[int]]
    # The procurement whose award put a provider on a framework.
    placed_by: dict[tuple[int, int], set[int]]

    @classmethod
    def load(cls) -> FrameworkLinks:
        procurements = defaultdict(list)
        for pk, framework_id in (
            Procurement.objects.filter(framework__isnull=False)
            .exclude(status=S.CANCELLED)
            .order_by("pk")
            .values_list("pk", "framework_id")
        ):
            procurements[framework_id].append(pk)
        placed_by = defaultdict(set)
        for framework_id, provider_id, procurement_id in (
            FrameworkMember.objects.filter(award__isnull=False)
            .exclude(award__lot__procurement__status=S.CANCELLED)
            .values_list("framework_id", "provider_id", "award__lot__procurement_id")
        ):
            placed_by[framework_id, provider_id].add(procurement_id)
        return cls(
            names=dict(Framework.objects.order_by().values_list("pk", "name")),
            procurements=dict(procurements),
            placed_by=dict(placed_by),
        )

    def processes(self, contract: Contract) -> list[str]:
        framework_id = contract.framework_id
        ids = self.placed_by.get((framework_id, contract.provider_id)) or self.procurements.get(
            framework_id
        )
        if ids:
            return [ocid("procurement", pk) for pk in sorted(ids)]
        return [ocid("framework", framework_id)]

    def related(self, contracts: Iterable[Contract], *, process: str) -> list[dict]:
        """The framework processes the call-offs among ``contracts`` belong to."""
        identifiers = {}
        for contract in contracts:
            if contract.procurement_route != ProcurementRoute.CALL_OFF or not contract.framework_id:
                continue
            for identifier in self.processes(contract):
                if identifier != process:
                    identifiers.setdefault(identifier, self.names[contract.framework_id])
        return [
            {
                "id": str(number),
                "relationship": ["framework"],
                "title": title,
                "scheme": "ocid",
                "identifier": identifier,
            }
            for number, (identifier, title) in enumerate(sorted(identifiers.items()), start=1)
        ]


def _with_terms(contracts):
    return contracts.select_related("provider", "framework").prefetch_related(
        "funding",
        Prefetch("variations", queryset=ContractVariation.objects.order_by("decided_on", "pk")),
    )


def _has_award():
    return Exists(
        Award.objects.filter(
            lot__procurement=OuterRef("procurement_id"), provider=OuterRef("provider_id")
        )
    )


def procurement_processes():
    """Procurements with their lots, awards and the contracts they let."""
    awards = Award.objects.select_related("provider").order_by("rank", "pk")
    lots = Lot.objects.order_by("number", "pk").prefetch_related(
        Prefetch("awards", queryset=awards)
    )
    contracts = _with_terms(Contract.objects.filter(_has_award()).order_by("reference", "pk"))
    return (
        Procurement.objects.select_related("framework")
        .annotate(tenderers=Count("lots__bids__provider", distinct=True))
        .prefetch_related(
            Prefetch("lots", queryset=lots), Prefetch("contracts", queryset=contracts)
        )
        .order_by("pk")
    )


def procurement_release(procurement: Procurement, links: FrameworkLinks) -> dict:
    process = ocid("procurement", procurement.pk)
    parties = Parties(_buyer())
    buyer = parties.add_buyer()
    status = ProcurementStatus(procurement.status)
    framework = procurement.framework
    lots = list(procurement.lots.all())
    awards, award_of_provider, changed = [], {}, [procurement.modified_at]
    lot_parts = []
    for lot in lots:
        lot_awards = list(lot.awards.all())
        changed += [lot.modified_at, *(award.modified_at for award in lot_awards)]
        if status == S.CANCELLED:
            lot_status = "cancelled"
        elif status in AWARDED:
            lot_status = "complete" if lot_awards else "unsuccessful"
        else:
            lot_status = TENDER_STATUS[status]
        lot_parts.append(
            {
                "id": str(lot.number),
                "title": lot.title,
                "status": lot_status,
                "contractPeriod": _framework_period(framework),
            }
        )
        for award in lot_awards:
            award_id = str(award.pk)
            award_of_provider.setdefault(award.provider_id, award_id)
            awards.append(
                {
                    "id": award_id,
                    "title": f"Lot {lot.number}: {award.provider.name}",
                    "status": (
                        "cancelled"
                        if status == S.CANCELLED
                        else "pending"
                        if status == S.STANDSTILL
                        else "active"
                    ),
                    "date": start_of(award.decision_date),
                    "suppliers": [parties.add_supplier(award.provider)],
                    "relatedLots": [str(lot.number)],
                    "contractPeriod": _framework_period(framework),
                }
            )
    contracts = list(procurement.contracts.all())
    contract_parts = []
    for contract in contracts:
        parties.add_supplier(contract.provider)
        parties.add_funders(contract)
        changed += [contract.modified_at, *(v.modified_at for v in contract.variations.all())]
        contract_parts.append(
            contract_release_part(contract, award_of_provider[contract.provider_id])
        )
    details = procurement.get_regime_display()
    if procurement.light_touch:
        details += " (light-touch regime)"
    if framework is not None:
        details += f"; establishes framework agreement {framework.reference}"
    tag = ["planning"] if status in (S.PLANNING, S.MARKET_ENGAGEMENT) else ["tender"]
    if status == S.CANCELLED:
        tag.append("tenderCancellation")
    if awards:
        tag.append("award")
    if contracts:
        tag.append("contract")
        if all(contract.status in ENDED for contract in contracts):
            tag.append("contractTermination")
    tender = {
        "id": procurement.reference,
        "title": procurement.title,
        "description": procurement.description,
        "status": TENDER_STATUS[status],
        "procuringEntity": buyer,
        "procurementMethodDetails": details,
        "mainProcurementCategory": "services",
        "tenderPeriod": period(procurement.publication_date, procurement.submission_deadline),
        "enquiryPeriod": period(procurement.publication_date, procurement.clarification_deadline),
        "awardPeriod": period(procurement.submission_deadline, procurement.award_decision_date),
        "contractPeriod": _framework_period(framework) or period(procurement.contract_start_date),
        # Counted once bids are closed.
        "numberOfTenderers": None if status in BEFORE_EVALUATION else procurement.tenderers,
        "lots": lot_parts,
    }
    if framework is not None:
        changed.append(framework.modified_at)
    return _release(
        process=process,
        tag=tag,
        changed=changed + parties.changed,
        parts={
            "buyer": buyer,
            "parties": parties.as_list(),
            "tender": tender,
            "awards": awards,
            "contracts": contract_parts,
            "relatedProcesses": links.related(contracts, process=process),
        },
    )


def framework_processes():
    """Framework agreements with no procurement on record, and their members."""
    members = FrameworkMember.objects.select_related("provider", "tier").order_by(
        "joined_on", "tier__priority", "rank", "pk"
    )
    on_record = Procurement.objects.filter(framework=OuterRef("pk")).exclude(status=S.CANCELLED)
    return (
        Framework.objects.filter(~Exists(on_record))
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("pk")
    )


def framework_release(framework: Framework) -> dict:
    process = ocid("framework", framework.pk)
    parties = Parties(_buyer())
    buyer = parties.add_buyer()
    members = list(framework.members.all())
    awards = [
        {
            "id": f"member-{member.pk}",
            "title": f"{member.tier.name}: {member.provider.name}",
            "status": "active",
            "date": start_of(member.joined_on),
            "suppliers": [parties.add_supplier(member.provider)],
            "contractPeriod": _framework_period(framework),
        }
        for member in members
    ]
    tender = {
        "id": framework.reference,
        "title": framework.name,
        "status": "complete",
        "procuringEntity": buyer,
        "procurementMethodDetails": f"Framework agreement {framework.reference}",
        "mainProcurementCategory": "services",
        "contractPeriod": _framework_period(framework),
    }
    return _release(
        process=process,
        tag=["award"] if awards else ["tender"],
        changed=[
            framework.modified_at,
            *(member.modified_at for member in members),
            *parties.changed,
        ],
        parts={"buyer": buyer, "parties": parties.as_list(), "tender": tender, "awards": awards},
    )


def contract_processes():
    """Contracts that no procurement on record let (with an award to their provider)."""
    return _with_terms(Contract.objects.exclude(_has_award())).order_by("pk")


def contract_release(contract: Contract, links: FrameworkLinks) -> dict:
    process = ocid("contract", contract.pk)
    parties = Parties(_buyer())
    buyer = parties.add_buyer()
    supplier = parties.add_supplier(contract.provider)
    parties.add_funders(contract)
    route = ProcurementRoute(contract.procurement_route)
    details = contract.get_procurement_route_display()
    if route == ProcurementRoute.CALL_OFF and contract.framework_id:
        details = f"Call-off from framework agreement {contract.framework.reference}"
    award_id = str(contract.pk)
    award = {
        "id": award_id,
        "title": f"{contract.reference}: {contract.provider.name}",
        "status": "active",
        "suppliers": [supplier],
        "value": money(
            value_over_term(contract.annual_value, contract.start_date, contract.current_end_date)
        ),
        "contractPeriod": period(
            contract.start_date, contract.current_end_date, contract.max_end_date
        ),
    }
    tender = {
        "id": contract.reference,
        "title": contract.title,
        "status": "complete",
        "procuringEntity": buyer,
        "procurementMethod": METHOD[route],
        "procurementMethodDetails": details,
        "mainProcurementCategory": "services",
    }
    tag = ["award", "contract"]
    if contract.status in ENDED:
        tag.append("contractTermination")
    return _release(
        process=process,
        tag=tag,
        changed=[
            contract.modified_at,
            *(v.modified_at for v in contract.variations.all()),
            *([contract.framework.modified_at] if contract.framework_id else []),
            *parties.changed,
        ],
        parts={
            "buyer": buyer,
            "parties": parties.as_list(),
            "tender": tender,
            "awards": [award],
            "contracts": [contract_release_part(contract, award_id)],
            "relatedProcesses": links.related([contract], process=process),
        },
    )


def releases() -> Iterator[dict]:
    """Every process's release: procurements, then frameworks, then contracts,
    read from the database in chunks."""
    links = FrameworkLinks.load()
    size = chunk_size()
    for chunk in in_chunks(procurement_processes(), size):
        yield from (procurement_release(procurement, links) for procurement in chunk)
    for chunk in in_chunks(framework_processes(), size):
        yield from map(framework_release, chunk)
    for chunk in in_chunks(contract_processes(), size):
        yield from (contract_release(contract, links) for contract in chunk)


def package_metadata(*, uri: str, published: dt.datetime | None = None) -> dict:
    return compact(
        {
            "uri": uri,
            "version": OCDS_VERSION,
            "extensions": [LOTS_EXTENSION],
            "publishedDate": timezone.localtime(published or timezone.now())
            .replace(microsecond=0)
            .isoformat(),
            "publisher": {"name": settings.OCDS_PUBLISHER_NAME, "uri": settings.OCDS_PUBLISHER_URI},
            "license": settings.OCDS_LICENSE,
            "publicationPolicy": settings.OCDS_PUBLICATION_POLICY,
        }
    )


def release_package_json(*, uri: str, batch: int = 100) -> Iterator[str]:
    """The release package as JSON text, a batch of releases at a time.

    A council with nothing recorded yet gets an empty ``releases`` list (the
    schema asks for at least one release: there is none to publish)."""
    head = json.dumps(package_metadata(uri=uri), ensure_ascii=False)
    yield head[:-1] + ', "releases": ['
    separator = ""
    iterator = releases()
    while part := list(itertools.islice(iterator, batch)):
        yield separator + ", ".join(json.dumps(release, ensure_ascii=False) for release in part)
        separator = ", "
    yield "]}"
