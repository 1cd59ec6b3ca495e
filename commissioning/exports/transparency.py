"""The Local Government Transparency Code 2015 contracts register, by quarter.

The Code (Part 2, "Procurement information") asks for every invitation to
tender, and every contract, framework agreement or other legally enforceable
agreement, with a value over £5,000, published quarterly (DOMAIN.md §2):
reference, title, description, department, supplier and its company or
charity number, whether it is an SME or VCSE, the total value or estimated
annual spend, VAT that cannot be recovered, start, end and review dates, and
whether it was let by an invitation to quote or tender.

Quarters are the council's financial quarters (Q1 = April to June). A
quarter's register lists:

- contracts (not drafts) in force on any day of the quarter;
- framework agreements in force on any day of the quarter, one row for each
  supplier on the framework during the quarter, so that each supplier's
  company number and SME/VCSE status have their own cells (the framework's
  value is the estimate of the procurement that let it, repeated on each
  supplier's row; its call-off contracts are listed as contracts);
- invitations to tender published during the quarter.

A record is left out when its value is known and is £5,000 or less. A record
whose value was never recorded (a framework or tender without an estimate)
is kept, with the value empty, rather than silently dropped: the officer's
page lists them so that someone adds the estimate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from commissioning.common.dates import financial_year, financial_year_label, months_after
from commissioning.common.tabular import TableExport, chunk_size, in_chunks
from commissioning.exports.values import value_over_term
from commissioning.models import Contract, ContractStatus, ProcurementRoute
from tenders.models import Framework, FrameworkMember, Procurement, ProcurementStatus

# Local Government Transparency Code 2015, Part 2: "with a value that exceeds £5,000".
THRESHOLD = Decimal("5000")
DEFAULT_DEPARTMENT = Contract._meta.get_field("department").default


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial quarter: ``year`` is the financial year by its first year
    (2025 for 2025-26), ``number`` 1 (April to June) to 4 (January to March)."""

    year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError("A quarter is numbered 1 to 4.")

    @property
    def start(self) -> dt.date:
        return months_after(dt.date(self.year, 4, 1), 3 * (self.number - 1))

    @property
    def end(self) -> dt.date:
        return months_after(self.start, 3) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {financial_year_label(self.year)}"

    @property
    def long_label(self) -> str:
        return f"{self.label} ({_long(self.start)} to {_long(self.end)})"

    @property
    def slug(self) -> str:
        return f"{financial_year_label(self.year)}-q{self.number}"

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        year = financial_year(day)
        months = (day.year - year) * 12 + day.month - 4
        return cls(year, months // 3 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def latest_complete_quarter(today: dt.date | None = None) -> Quarter:
    """The quarter a register is published for: the last one that has ended."""
    return Quarter.containing(today or timezone.localdate()).previous()


@dataclass(frozen=True)
class RegisterRow:
    record_type: str
    reference: str
    title: str
    description: str
    department: str
    supplier: str = ""
    company_number: str = ""
    charity_number: str = ""
    sme: bool | None = None
    vcse: bool | None = None
    total_value: Decimal | None = None
    annual_value: Decimal | None = None
    irrecoverable_vat: Decimal | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    max_end_date: dt.date | None = None
    review_date: dt.date | None = None
    let_by: str = ""
    # The record's page in the app (not published).
    page: str = ""

    @property
    def value_known(self) -> bool:
        return self.total_value is not None or self.annual_value is not None

    @property
    def over_threshold(self) -> bool:
        value = self.total_value if self.total_value is not None else self.annual_value
        return value is None or value > THRESHOLD


COLUMNS = [
    ("Record type", "record_type"),
    ("Reference", "reference"),
    ("Title", "title"),
    ("Description", "description"),
    ("Department", "department"),
    ("Supplier", "supplier"),
    ("Supplier company number", "company_number"),
    ("Supplier charity number", "charity_number"),
    ("SME", "sme"),
    ("VCSE", "vcse"),
    ("Total value over the term (£)", "total_value"),
    ("Estimated annual spend (£)", "annual_value"),
    ("Irrecoverable VAT (£)", "irrecoverable_vat"),
    ("Start date", "start_date"),
    ("End date", "end_date"),
    ("Latest end date with extensions", "max_end_date"),
    ("Review date", "review_date"),
    ("How it was let", "let_by"),
]

CONTRACT = "Contract"
FRAMEWORK = "Framework agreement"
TENDER = "Invitation to tender"
RECORD_TYPES = (CONTRACT, FRAMEWORK, TENDER)
PLURALS = {
    CONTRACT: "Contracts",
    FRAMEWORK: "Framework agreements (a row for each supplier)",
    TENDER: "Invitations to tender",
}

LET_BY = {
    ProcurementRoute.TENDER: "Published invitation to tender",
    ProcurementRoute.QUOTE: "Invitation to quote",
    ProcurementRoute.DIRECT_AWARD: "Direct award, without an invitation to quote or tender",
    ProcurementRoute.WAIVER: "Waiver of the Contract Procedure Rules, without an invitation",
    ProcurementRoute.SLA: "Service level agreement, without an invitation to quote or tender",
}


def _let_by(contract: Contract) -> str:
    if contract.procurement_route == ProcurementRoute.CALL_OFF:
        framework = contract.framework.reference if contract.framework_id else "a framework"
        return f"Call-off from framework {framework}"
    return LET_BY.get(contract.procurement_route, contract.get_procurement_route_display())


def _in_force_during(quarter: Quarter) -> Q:
    return Q(start_date__lte=quarter.end) & (
        Q(current_end_date__gte=quarter.start) | Q(current_end_date__isnull=True)
    )


def register_contracts(quarter: Quarter):
    return (
        Contract.objects.exclude(status=ContractStatus.DRAFT)
        .filter(_in_force_during(quarter))
        .select_related("provider", "framework")
        .order_by("reference", "pk")
    )


def _contract_row(contract: Contract) -> RegisterRow:
    provider = contract.provider
    return RegisterRow(
        record_type=CONTRACT,
        reference=contract.reference,
        title=contract.title,
        description=contract.description or contract.title,
        department=contract.department,
        supplier=provider.name,
        company_number=provider.company_number,
        charity_number=provider.charity_number,
        sme=provider.is_sme,
        vcse=provider.is_vcse,
        total_value=value_over_term(
            contract.annual_value, contract.start_date, contract.current_end_date
        ),
        annual_value=contract.annual_value,
        irrecoverable_vat=contract.irrecoverable_vat,
        start_date=contract.start_date,
        end_date=contract.current_end_date,
        max_end_date=contract.max_end_date,
        review_date=contract.review_date or contract.next_decision_deadline,
        let_by=_let_by(contract),
    )


def register_frameworks(quarter: Quarter):
    members = (
        FrameworkMember.objects.filter(joined_on__lte=quarter.end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=quarter.start))
        .select_related("provider")
        .order_by("provider__name", "pk")
    )
    procurements = Procurement.objects.exclude(status=ProcurementStatus.CANCELLED).order_by(
        "-publication_date", "-pk"
    )
    return (
        Framework.objects.filter(_in_force_during(quarter))
        .prefetch_related(
            Prefetch("members", queryset=members),
            Prefetch("procurements", queryset=procurements),
        )
        .order_by("reference", "pk")
    )


def _framework_rows(framework: Framework) -> Iterator[RegisterRow]:
    procurements = list(framework.procurements.all())
    estimated = next(
        (p.estimated_annual_value for p in procurements if p.estimated_annual_value), None
    )
    description = next((p.description for p in procurements if p.description), "") or (
        f"Framework agreement for {framework.get_service_type_display().lower()}"
    )
    seen = set()
    for member in framework.members.all():
        # On two tiers (in different lot groups), a supplier is one party.
        if member.provider_id in seen:
            continue
        seen.add(member.provider_id)
        provider = member.provider
        yield RegisterRow(
            record_type=FRAMEWORK,
            reference=framework.reference,
            title=framework.name,
            description=description,
            department=DEFAULT_DEPARTMENT,
            supplier=provider.name,
            company_number=provider.company_number,
            charity_number=provider.charity_number,
            sme=provider.is_sme,
            vcse=provider.is_vcse,
            total_value=(
                value_over_term(estimated, framework.start_date, framework.current_end_date)
                if estimated is not None
                else None
            ),
            annual_value=estimated,
            start_date=framework.start_date,
            end_date=framework.current_end_date,
            max_end_date=framework.max_end_date,
            review_date=framework.next_decision_deadline,
            let_by=LET_BY[ProcurementRoute.TENDER] if procurements else "",
            page=framework.get_absolute_url(),
        )


def register_tenders(quarter: Quarter):
    return Procurement.objects.filter(
        publication_date__gte=quarter.start, publication_date__lte=quarter.end
    ).order_by("publication_date", "reference")


def _tender_row(procurement: Procurement) -> RegisterRow:
    return RegisterRow(
        record_type=TENDER,
        reference=procurement.reference,
        title=procurement.title,
        description=procurement.description or procurement.title,
        department=DEFAULT_DEPARTMENT,
        annual_value=procurement.estimated_annual_value,
        start_date=procurement.publication_date,
        end_date=procurement.submission_deadline,
        let_by=LET_BY[ProcurementRoute.TENDER],
        page=procurement.get_absolute_url(),
    )


def register_rows(quarter: Quarter) -> Iterator[RegisterRow]:
    """The quarter's register, record type by record type, read in chunks."""
    size = chunk_size()
    for chunk in in_chunks(register_contracts(quarter), size):
        yield from (row for row in map(_contract_row, chunk) if row.over_threshold)
    for chunk in in_chunks(register_frameworks(quarter), size):
        for framework in chunk:
            yield from (row for row in _framework_rows(framework) if row.over_threshold)
    for chunk in in_chunks(register_tenders(quarter), size):
        yield from (row for row in map(_tender_row, chunk) if row.over_threshold)


@dataclass(frozen=True)
class RegisterSummary:
    quarter: Quarter
    rows: dict[str, int]
    annual_spend: dict[str, Decimal]
    # Frameworks and tenders with no estimated value: published with the value empty.
    without_value: list[RegisterRow]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def lines(self) -> list[tuple[str, int, Decimal]]:
        """(what, rows, estimated annual spend) by record type."""
        return [(PLURALS[kind], self.rows[kind], self.annual_spend[kind]) for kind in RECORD_TYPES]


def register_summary(quarter: Quarter) -> RegisterSummary:
    rows = dict.fromkeys(RECORD_TYPES, 0)
    spend = dict.fromkeys(RECORD_TYPES, Decimal(0))
    without_value: dict[tuple[str, str], RegisterRow] = {}
    counted: set[tuple[str, str]] = set()
    for row in register_rows(quarter):
        rows[row.record_type] += 1
        key = (row.record_type, row.reference)
        if not row.value_known:
            without_value.setdefault(key, row)
        elif row.annual_value is not None and key not in counted:
            # A framework's estimate is on each of its suppliers' rows: count it once.
            counted.add(key)
            spend[row.record_type] += row.annual_value
    return RegisterSummary(quarter, rows, spend, list(without_value.values()))


def register_export(quarter: Quarter) -> TableExport:
    return TableExport(
        rows=register_rows(quarter),
        columns=COLUMNS,
        filename=f"transparency-contracts-register-{quarter.slug}",
        title=f"Contracts register {quarter.label}",
    )
