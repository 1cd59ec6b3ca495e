"""Rows for the alert tests, with the stored derived fields set as the
owning areas' services set them (contract dates from compute_term, the
91-day follow-up date from the discharge date)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commissioning.common.choices import ServiceType
from commissioning.common.terms import OptionStatus, OptionTerms, compute_term
from commissioning.models import (
    CarePackage,
    Contract,
    ContractStatus,
    ContractVariation,
    ExtensionOption,
    PackageStatus,
    VariationKind,
)
from commissioning.testing.factories import PersonFactory
from providers.tests.factories import ProviderFactory
from reablement.models import Episode, ReablementService, Referral, ReferralStatus, Route
from tenders.models import Procurement, Regime

D = dt.date
FOLLOW_UP_AFTER_DAYS = 91
IDC_START = D(2018, 1, 1)


def contract(
    *,
    reference: str = "IDC-2018",
    title: str = "Independent Domiciliary Care Framework",
    start: dt.date = IDC_START,
    initial_months: int = 24,
    options: tuple[int, ...] = (24,),
    notice_days: int = 90,
    lead_months: int = 12,
    officer=None,
    provider=None,
    status: str = ContractStatus.ACTIVE,
    terminated_on: dt.date | None = None,
) -> Contract:
    """A contract with its extension options (seed 004's IDC framework by default)."""
    record = Contract(
        reference=reference,
        title=title,
        provider=provider or ProviderFactory(),
        service_type=ServiceType.HOME_CARE,
        start_date=start,
        initial_term_months=initial_months,
        notice_days=notice_days,
        procurement_lead_months=lead_months,
        annual_value=Decimal("14400000.00"),
        responsible_officer=officer,
        status=status,
        terminated_on=terminated_on,
    )
    terms = [OptionTerms(sequence, months) for sequence, months in enumerate(options, 1)]
    _set_dates(record, terms)
    record.save()
    for sequence, months in enumerate(options, 1):
        ExtensionOption.objects.create(contract=record, sequence=sequence, months=months)
    return recompute(record)


def _set_dates(record: Contract, options: list[OptionTerms], waivers=()) -> dict[int, dt.date]:
    term = compute_term(
        start=record.start_date,
        initial_months=record.initial_term_months,
        options=options,
        waiver_months=waivers,
        notice_days=record.notice_days,
        lead_months=record.procurement_lead_months,
        terminated_on=record.terminated_on,
    )
    record.initial_end_date = term.initial_end
    record.current_end_date = term.current_end
    record.max_end_date = term.max_end
    record.final_end_date = term.final_end
    record.beyond_max_extent = term.beyond_max_extent
    record.reprocurement_start_by = term.reprocurement_start_by
    record.next_decision_deadline = term.next_decision_deadline
    return term.decision_deadlines


def recompute(record: Contract) -> Contract:
    """Store the contract's and its options' dates as the term service does."""
    options = list(record.extension_options.order_by("sequence"))
    waivers = list(
        record.variations.filter(kind=VariationKind.WAIVER_EXTENSION).values_list(
            "months", flat=True
        )
    )
    deadlines = _set_dates(
        record,
        [OptionTerms(o.sequence, o.months, o.months_used, o.status) for o in options],
        waivers,
    )
    record.save()
    for option in options:
        if option.status == OptionStatus.AVAILABLE:
            option.decision_deadline = deadlines.get(option.sequence)
            option.save(update_fields=["decision_deadline"])
    return record


def exercise(record: Contract, sequence: int, months: int, decided_on: dt.date) -> Contract:
    option = record.extension_options.get(sequence=sequence)
    option.months_used += months
    if option.months_used == option.months:
        option.status = OptionStatus.EXERCISED
        option.decision_deadline = None
    option.decided_on = decided_on
    option.save()
    ContractVariation.objects.create(
        contract=record,
        kind=VariationKind.EXERCISE,
        option=option,
        months=months,
        reason=f"Option {sequence} exercised",
        decided_on=decided_on,
    )
    record.status = ContractStatus.EXTENDED
    return recompute(record)


def waive(record: Contract, months: int, decided_on: dt.date, reason: str) -> Contract:
    ContractVariation.objects.create(
        contract=record,
        kind=VariationKind.WAIVER_EXTENSION,
        months=months,
        reason=reason,
        decided_on=decided_on,
    )
    return recompute(record)


def lapse(record: Contract, from_sequence: int) -> Contract:
    """Options lapsed as the contracts service will lapse them (status
    lapsed); the missed deadline is kept on the option."""
    record.extension_options.filter(
        sequence__gte=from_sequence, status=OptionStatus.AVAILABLE
    ).update(status=OptionStatus.LAPSED)
    return recompute(record)


def procurement(reference: str = "CAH-2022", title: str = "Regulated Care at Home") -> Procurement:
    return Procurement.objects.create(
        reference=reference,
        title=title,
        service_type=ServiceType.HOME_CARE,
        regime=Regime.PCR2015,
    )


def reablement_service(*, capacity: int = 10, name: str = "Eastbridge Reablement", contract=None):
    return ReablementService.objects.create(
        name=name, provider=ProviderFactory(), capacity=capacity, contract=contract
    )


def episode(
    service: ReablementService,
    *,
    start: dt.date,
    end: dt.date | None = None,
    discharged: dt.date | None = None,
    follow_up_status: str = "",
) -> Episode:
    """An episode as the reablement service records it (a hospital discharge
    when ``discharged`` is given, with its 91-day follow-up date)."""
    return Episode.objects.create(
        person=PersonFactory(),
        service=service,
        route=Route.HOSPITAL_DISCHARGE if discharged else Route.COMMUNITY,
        hospital_discharge_date=discharged,
        follow_up_due=discharged + dt.timedelta(days=FOLLOW_UP_AFTER_DAYS) if discharged else None,
        start_date=start,
        six_week_end=start + dt.timedelta(days=41),
        end_date=end,
        sequel="short_term_other" if end else "",
        follow_up_status=follow_up_status,
        follow_up_recorded_on=(
            discharged + dt.timedelta(days=FOLLOW_UP_AFTER_DAYS) if follow_up_status else None
        ),
    )


def waiting_referral(service: ReablementService, *, referred: dt.date) -> Referral:
    return Referral.objects.create(
        person=PersonFactory(),
        service=service,
        referral_date=referred,
        route=Route.COMMUNITY,
        status=ReferralStatus.WAITING,
    )


def care_package(*, review_due: dt.date, status: str = PackageStatus.ACTIVE, contract=None):
    provider = contract.provider if contract else ProviderFactory()
    return CarePackage.objects.create(
        person=PersonFactory(),
        provider=provider,
        contract=contract,
        service_type=ServiceType.HOME_CARE,
        requested_on=D(2024, 1, 8),
        sourced_on=D(2024, 1, 10),
        start_date=D(2024, 1, 15),
        end_date=D(2025, 3, 31) if status == PackageStatus.ENDED else None,
        weekly_hours=Decimal("10.50"),
        status=status,
        next_review_due=review_due,
    )
