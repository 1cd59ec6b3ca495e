"""Reads shared by the provider pages, the API and (later) dashboards,
reports and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from commissioning.common.choices import ServiceType
from providers.models import (
    Provider,
    ProviderRate,
    ProviderRating,
    RateUnit,
    ReferenceRate,
    ReferenceRateKind,
)

# Services bought by the hour as care at home, where the Homecare
# Association's minimum price for homecare is the benchmark (DOMAIN.md §3).
HOMECARE_PRICED_SERVICES = frozenset(
    {ServiceType.HOME_CARE, ServiceType.SHORT_BREAKS, ServiceType.REABLEMENT}
)


def _related_model(model, *path: str):
    """A model reached through relations, without importing its app."""
    for name in path:
        model = model._meta.get_field(name).related_model
    return model


def provider_list(today: dt.date | None = None) -> QuerySet[Provider]:
    """Providers with the number of frameworks they are on today (not left,
    framework not ended)."""
    today = today or timezone.localdate()
    return Provider.objects.annotate(
        current_framework_count=Count(
            "framework_memberships__framework",
            filter=Q(
                framework_memberships__left_on__isnull=True,
                framework_memberships__framework__current_end_date__gte=today,
            ),
            distinct=True,
        )
    ).order_by("name", "pk")


def providers_offering(queryset: QuerySet[Provider], service_type: str) -> QuerySet[Provider]:
    """Providers that offer a service: a price for it, a current place on a
    framework tier for it, or a contract for it."""
    member_model = _related_model(Provider, "framework_memberships")
    contract_model = _related_model(Provider, "contracts")
    return queryset.filter(
        Exists(ProviderRate.objects.filter(provider=OuterRef("pk"), service_type=service_type))
        | Exists(
            member_model.objects.filter(
                provider=OuterRef("pk"), left_on__isnull=True, tier__service_type=service_type
            )
        )
        | Exists(contract_model.objects.filter(provider=OuterRef("pk"), service_type=service_type))
    )


def provider_search(queryset: QuerySet[Provider], text: str) -> QuerySet[Provider]:
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(name__icontains=text)
        | Q(legal_name__icontains=text)
        | Q(regulator_id__iexact=text)
        | Q(company_number__iexact=text)
        | Q(charity_number__iexact=text)
        | Q(postcode__istartswith=text)
    )


def provider_detail(pk: int) -> Provider:
    """One provider with everything its page shows, in a fixed number of queries."""
    member_model = _related_model(Provider, "framework_memberships")
    contract_model = _related_model(Provider, "contracts")
    return Provider.objects.prefetch_related(
        Prefetch("ratings", queryset=ProviderRating.objects.order_by("-rated_on", "-id")),
        "contacts",
        Prefetch(
            "framework_memberships",
            queryset=member_model.objects.select_related("framework", "tier")
            .prefetch_related("framework__rates")
            .order_by("-framework__start_date", "tier__priority", "rank"),
        ),
        Prefetch(
            "contracts",
            queryset=contract_model.objects.only(
                "id",
                "provider_id",
                "reference",
                "title",
                "service_type",
                "start_date",
                "current_end_date",
                "status",
                "annual_value",
            ).order_by("-start_date"),
        ),
    ).get(pk=pk)


# --- Rates -------------------------------------------------------------------


def provider_rate_on(
    *, provider: Provider, service_type: str, on: dt.date, unit: str = RateUnit.HOUR
) -> ProviderRate | None:
    """The provider's own price for a service and unit on a date: the row
    with the latest start on or before that date."""
    return (
        ProviderRate.objects.filter(
            provider=provider, service_type=service_type, unit=unit, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )


def reference_rate_on(*, kind: str, on: dt.date, unit: str = RateUnit.HOUR) -> ReferenceRate | None:
    return (
        ReferenceRate.objects.filter(kind=kind, unit=unit, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


class ReferenceRates:
    """All reference rates held in memory (a few dozen rows) for comparing
    many prices without a query each."""

    def __init__(self, rates: Iterable[ReferenceRate] | None = None):
        if rates is None:
            rates = ReferenceRate.objects.all()
        self._by_kind: dict[tuple[str, str], list[ReferenceRate]] = {}
        for rate in sorted(rates, key=lambda r: r.effective_from):
            self._by_kind.setdefault((rate.kind, rate.unit), []).append(rate)

    def on(self, kind: str, day: dt.date, unit: str = RateUnit.HOUR) -> ReferenceRate | None:
        found = None
        for rate in self._by_kind.get((kind, unit), ()):
            if rate.effective_from > day:
                break
            found = rate
        return found


@dataclass(frozen=True)
class RateRow:
    """A price in force from one date until the day before the next, beside
    the Homecare Association minimum price that applied while it was in force."""

    rate: object  # ProviderRate or FrameworkRate: same fields
    until: dt.date | None
    is_current: bool
    minimum_price: ReferenceRate | None

    @property
    def below_minimum_price(self) -> bool:
        return self.minimum_price is not None and self.rate.amount < self.minimum_price.amount

    @property
    def shortfall(self) -> Decimal | None:
        if not self.below_minimum_price:
            return None
        return self.minimum_price.amount - self.rate.amount


def rate_rows(
    rates: Sequence,
    *,
    today: dt.date | None = None,
    references: ReferenceRates | None = None,
    ends_on: dt.date | None = None,
) -> list[RateRow]:
    """Price rows with their periods and the minimum-price comparison.

    A rate is compared with the minimum price in force on its last day in
    force (today for the current one), so a price left unchanged while the
    minimum rose shows as below it. Only hourly prices for care at home are
    compared; other units and services have no published benchmark.
    ``ends_on`` is the last day any of the rates can apply (a framework's end).
    """
    today = today or timezone.localdate()
    references = references or ReferenceRates()
    ordered = sorted(rates, key=lambda r: (r.service_type, r.unit, r.effective_from), reverse=True)
    rows: list[RateRow] = []
    next_start: dict[tuple[str, str], dt.date] = {}
    for rate in ordered:
        key = (rate.service_type, rate.unit)
        following = next_start.get(key)
        until = following - dt.timedelta(days=1) if following else ends_on
        if until is not None and ends_on is not None:
            until = min(until, ends_on)
        next_start[key] = rate.effective_from
        is_current = rate.effective_from <= today and (until is None or until >= today)
        minimum = None
        if rate.unit == RateUnit.HOUR and rate.service_type in HOMECARE_PRICED_SERVICES:
            last_day = min(until, today) if until else today
            last_day = max(last_day, rate.effective_from)
            minimum = references.on(ReferenceRateKind.HOMECARE_MINIMUM_PRICE, last_day)
        rows.append(RateRow(rate=rate, until=until, is_current=is_current, minimum_price=minimum))
    # Service by service, newest price first.
    rows.sort(key=lambda row: (row.rate.service_type, row.rate.unit))
    return rows


def current_reference_rates(
    today: dt.date | None = None, references: ReferenceRates | None = None
) -> list[ReferenceRate]:
    """The reference rate of each kind in force today, for display beside prices."""
    today = today or timezone.localdate()
    references = references or ReferenceRates()
    found = [references.on(kind, today) for kind in ReferenceRateKind.values]
    return [rate for rate in found if rate is not None]
