"""Reads of the contract register shared by pages, the API and (later)
alerts, dashboards, reports and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from commissioning.common.choices import ServiceType
from commissioning.common.dates import months_after
from commissioning.models import (
    Contract,
    ContractFunding,
    ContractStatus,
    ContractVariation,
    ExtensionOption,
    GovernanceDecision,
)
from providers.models import Provider
from tenders.models import Framework

CURRENT = (ContractStatus.DRAFT, ContractStatus.ACTIVE, ContractStatus.EXTENDED)
IN_FORCE = (ContractStatus.ACTIVE, ContractStatus.EXTENDED)


def contract_list() -> QuerySet[Contract]:
    """Contracts with what a row of the register shows, in one query."""
    return Contract.objects.select_related("provider", "framework", "ends_on_award_of")


def contract_list_with_terms() -> QuerySet[Contract]:
    """For the API: each contract's options and funders, in a fixed number of queries."""
    return contract_list().prefetch_related(
        Prefetch("extension_options", queryset=ExtensionOption.objects.order_by("sequence")),
        "funding",
    )


def contract_detail_queryset() -> QuerySet[Contract]:
    return (
        contract_list()
        .select_related("responsible_officer", "procurement", "replacement_procurement")
        .prefetch_related(
            Prefetch("extension_options", queryset=ExtensionOption.objects.order_by("sequence")),
            "funding",
            Prefetch(
                "variations",
                queryset=ContractVariation.objects.select_related(
                    "option", "decision", "procurement", "created_by"
                ).order_by("decided_on", "id"),
            ),
            Prefetch("decisions", queryset=GovernanceDecision.objects.order_by("-meeting_date")),
        )
    )


def ending_within(queryset: QuerySet, *, months: int, today: dt.date) -> QuerySet:
    """Contracts in force whose current end date falls in the next ``months``."""
    return queryset.filter(
        current_end_date__gte=today, current_end_date__lte=months_after(today, months)
    )


def decision_due_within(queryset: QuerySet, *, days: int, today: dt.date) -> QuerySet:
    """Contracts with an extension decision due in the next ``days`` (or overdue)."""
    return queryset.filter(next_decision_deadline__lte=today + dt.timedelta(days=days))


def forward_plan(*, today: dt.date, months: int = 24) -> QuerySet[Contract]:
    """Contracts in force whose re-procurement should start within ``months``
    (or should already have started), so tenders begin before a waiver is needed."""
    return (
        contract_list()
        .select_related("replacement_procurement")
        .filter(status__in=IN_FORCE, reprocurement_start_by__lte=months_after(today, months))
        .order_by("reprocurement_start_by", "reference")
    )


@dataclass(frozen=True)
class FunderTotal:
    funder: str
    annual_amount: Decimal
    contracts: int


@dataclass(frozen=True)
class RegisterTotals:
    contracts: int
    annual_value: Decimal
    by_funder: list[FunderTotal]
    # Annual value not assigned to any funder (contracts with no funder rows,
    # or whose funders add up to less than the value).
    unallocated: Decimal


def register_totals(queryset: QuerySet[Contract]) -> RegisterTotals:
    """Totals of annual value, and by funder, over the rows of a filtered
    register (two queries)."""
    queryset = queryset.order_by()
    totals = queryset.aggregate(contracts=Count("pk"), annual_value=Sum("annual_value"))
    by_funder = [
        FunderTotal(row["funder"], row["amount"], row["contracts"])
        for row in ContractFunding.objects.filter(contract__in=queryset.values("pk"))
        .values("funder")
        .annotate(amount=Sum("annual_amount"), contracts=Count("contract", distinct=True))
        .order_by("-amount", "funder")
    ]
    annual_value = totals["annual_value"] or Decimal(0)
    funded = sum((row.annual_amount for row in by_funder), Decimal(0))
    return RegisterTotals(
        contracts=totals["contracts"],
        annual_value=annual_value,
        by_funder=by_funder,
        unallocated=annual_value - funded,
    )


# Selects fill the narrow filter column instead of overflowing it.
FULL_WIDTH_SELECT = forms.Select(attrs={"class": "govuk-!-width-full"})
# GOV.UK asks for a text input with a numeric keyboard rather than type=number.
NUMBER_INPUT = forms.TextInput(
    attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
)

STATUS_CHOICES = (
    ("current", "Current (draft, active or extended)"),
    ("all", "All, including ended"),
    *ContractStatus.choices,
)
SORTS = {
    "end": ("Soonest end date first", [F("current_end_date").asc(nulls_last=True), "reference"]),
    "-end": ("Latest end date first", [F("current_end_date").desc(nulls_first=True), "reference"]),
    "decision": (
        "Soonest decision deadline first",
        [F("next_decision_deadline").asc(nulls_last=True), "reference"],
    ),
    "-value": ("Highest annual value first", ["-annual_value", "reference"]),
    "reference": ("Reference", ["reference"]),
}


class ContractFilter(django_filters.FilterSet):
    """The register's filters; the API accepts the same query parameters."""

    q = django_filters.CharFilter(
        label="Reference, title or provider",
        method="filter_search",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-full"}),
    )
    service_type = django_filters.ChoiceFilter(
        choices=ServiceType.choices, empty_label="Any service type", widget=FULL_WIDTH_SELECT
    )
    provider = django_filters.ModelChoiceFilter(
        queryset=Provider.objects.order_by("name"),
        empty_label="Any provider",
        widget=FULL_WIDTH_SELECT,
    )
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.order_by("reference"),
        empty_label="Any framework",
        widget=FULL_WIDTH_SELECT,
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, empty_label=None, method="filter_status", widget=FULL_WIDTH_SELECT
    )
    ending_within = django_filters.NumberFilter(
        label="Ending within (months)",
        method="filter_ending_within",
        min_value=1,
        max_value=120,
        widget=NUMBER_INPUT,
    )
    decision_due_within = django_filters.NumberFilter(
        label="Extension decision due within (days)",
        method="filter_decision_due_within",
        min_value=1,
        max_value=1000,
        widget=NUMBER_INPUT,
    )
    beyond_max_extent = django_filters.BooleanFilter(
        label="Only contracts beyond their maximum extent",
        method="filter_flag",
        widget=forms.CheckboxInput,
    )
    is_pilot = django_filters.BooleanFilter(
        label="Only pilots", method="filter_flag", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        empty_label=None,
        method="filter_sort",
        widget=FULL_WIDTH_SELECT,
    )

    class Meta:
        model = Contract
        fields = ["q", "service_type", "provider", "framework", "status"]

    @property
    def today(self) -> dt.date:
        return timezone.localdate()

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(provider__name__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        if value in ("", "all"):
            return queryset
        if value == "current":
            return queryset.filter(status__in=CURRENT)
        return queryset.filter(status=value)

    def filter_ending_within(self, queryset, name, value):
        return ending_within(queryset, months=int(value), today=self.today)

    def filter_decision_due_within(self, queryset, name, value):
        return decision_due_within(queryset, days=int(value), today=self.today)

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["end"])[1])


class ForwardPlanFilter(django_filters.FilterSet):
    service_type = django_filters.ChoiceFilter(
        choices=ServiceType.choices, empty_label="Any service type", widget=FULL_WIDTH_SELECT
    )
    provider = django_filters.ModelChoiceFilter(
        queryset=Provider.objects.order_by("name"),
        empty_label="Any provider",
        widget=FULL_WIDTH_SELECT,
    )

    class Meta:
        model = Contract
        fields = ["service_type", "provider"]
