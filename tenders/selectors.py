"""Reads shared by the procurement and framework pages, the API and (later)
dashboards, reports, alerts and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from commissioning.common.terms import OptionStatus, compute_term
from providers.models import Provider, ProviderRate, RateUnit
from providers.selectors import provider_rate_on
from tenders.models import (
    Award,
    Bid,
    Framework,
    FrameworkMember,
    FrameworkRate,
    FrameworkStatus,
    FrameworkTier,
    Lot,
    Procurement,
)

# --- Procurements ---------------------------------------------------------------


def procurement_list() -> QuerySet[Procurement]:
    return (
        Procurement.objects.select_related("framework")
        .annotate(
            lot_count=Count("lots", distinct=True),
            bid_count=Count("lots__bids", distinct=True),
        )
        .order_by("-publication_date", "-created_at", "-pk")
    )


def procurement_detail(pk: int) -> Procurement:
    return (
        Procurement.objects.select_related("framework")
        .prefetch_related(
            Prefetch(
                "lots",
                queryset=Lot.objects.select_related("tier")
                .annotate(
                    bid_count=Count("bids", distinct=True),
                    compliant_count=Count(
                        "bids", filter=Q(bids__status="submitted"), distinct=True
                    ),
                )
                .order_by("number"),
            ),
            Prefetch(
                "lots__awards",
                queryset=Award.objects.select_related("provider").order_by("rank"),
            ),
            "notices",
        )
        .get(pk=pk)
    )


def lot_bids(lot: Lot) -> list[Bid]:
    """The evaluation matrix of a lot: scored bids by rank, then the rest."""
    return list(
        lot.bids.select_related("provider")
        .prefetch_related("award")
        .order_by(F("rank").asc(nulls_last=True), "status", "provider__name")
    )


def bid_list(lot: Lot) -> QuerySet[Bid]:
    return lot.bids.select_related("provider").order_by(
        F("rank").asc(nulls_last=True), "provider__name"
    )


def procurement_awards(procurement: Procurement) -> QuerySet[Award]:
    return (
        Award.objects.filter(lot__procurement=procurement)
        .select_related("lot", "provider")
        .order_by("lot__number", "rank")
    )


# --- Frameworks -----------------------------------------------------------------


def with_status(queryset: QuerySet[Framework], today: dt.date) -> QuerySet[Framework]:
    """Annotate ``live_status``: the framework's status on ``today`` (coming,
    live, extended, expired), which the stored status may lag behind."""
    return queryset.annotate(
        live_status=Case(
            When(start_date__gt=today, then=Value(FrameworkStatus.COMING)),
            When(current_end_date__lt=today, then=Value(FrameworkStatus.EXPIRED)),
            When(initial_end_date__lt=today, then=Value(FrameworkStatus.EXTENDED)),
            default=Value(FrameworkStatus.LIVE),
            output_field=CharField(),
        )
    )


def framework_list(today: dt.date | None = None) -> QuerySet[Framework]:
    today = today or timezone.localdate()
    return with_status(
        Framework.objects.annotate(
            current_member_count=Count("members", filter=Q(members__left_on__isnull=True)),
        ),
        today,
    ).order_by("-start_date", "reference")


def framework_detail(pk: int, today: dt.date | None = None) -> Framework:
    today = today or timezone.localdate()
    return (
        with_status(Framework.objects.all(), today)
        .prefetch_related(
            "extension_options",
            Prefetch(
                "tiers",
                # In the order they were set up: the way the council lists them
                # (Tier 1, Tier 2, then the specialist tiers).
                queryset=FrameworkTier.objects.order_by("pk").prefetch_related(
                    Prefetch(
                        "members",
                        queryset=FrameworkMember.objects.select_related("provider").order_by(
                            F("left_on").desc(nulls_first=True), "rank"
                        ),
                    )
                ),
            ),
            Prefetch(
                "procurements",
                queryset=Procurement.objects.annotate(
                    award_count=Count("lots__awards", distinct=True)
                ).order_by("publication_date", "pk"),
            ),
            "rates",
        )
        .get(pk=pk)
    )


def framework_tiers(framework: Framework) -> QuerySet[FrameworkTier]:
    return framework.tiers.order_by("priority", "name")


def framework_members(framework: Framework) -> QuerySet[FrameworkMember]:
    return framework.members.select_related("provider", "tier").order_by(
        "tier__priority", "tier__name", F("left_on").desc(nulls_first=True), "rank"
    )


@dataclass(frozen=True)
class TimelineSegment:
    label: str
    start: dt.date
    end: dt.date
    state: str  # initial, used, available, declined, lapsed


def _end_after(framework: Framework, months: int) -> dt.date:
    """End of the term after ``months`` of extension, by the one term calculator."""
    return compute_term(
        start=framework.start_date, initial_months=framework.initial_term_months + months
    ).initial_end


def framework_timeline(framework: Framework) -> list[TimelineSegment]:
    """The initial term then each option, as dated segments: the part of an
    option already used, then what is left (available, declined or lapsed)."""
    segments = [
        TimelineSegment("Initial term", framework.start_date, framework.initial_end_date, "initial")
    ]
    months = 0
    for option in sorted(framework.extension_options.all(), key=lambda o: o.sequence):
        label = f"Option {option.sequence}"
        for part, part_months, state in (
            (f"{label} (used)", option.months_used, "used"),
            (label, option.months - option.months_used, _LEFT_STATE.get(option.status)),
        ):
            if not part_months:
                continue
            start = _end_after(framework, months) + dt.timedelta(days=1)
            months += part_months
            segments.append(TimelineSegment(part, start, _end_after(framework, months), state))
    return segments


_LEFT_STATE = {
    OptionStatus.AVAILABLE: "available",
    OptionStatus.DECLINED: "declined",
    OptionStatus.LAPSED: "lapsed",
    OptionStatus.EXERCISED: "used",
}


@dataclass(frozen=True)
class TimelineBar:
    segment: TimelineSegment
    x: float
    width: float


def timeline_bars(
    segments: list[TimelineSegment], today: dt.date, width: float = 100.0
) -> tuple[list[TimelineBar], float | None]:
    """Segments scaled to ``width`` for the SVG picture, and where today falls."""
    if not segments:
        return [], None
    first, last = segments[0].start, segments[-1].end
    span = (last - first).days + 1

    def x(day: dt.date) -> float:
        return round(width * (day - first).days / span, 2)

    bars = [
        TimelineBar(s, x(s.start), round(width * ((s.end - s.start).days + 1) / span, 2))
        for s in segments
    ]
    today_x = x(today) if first <= today <= last else None
    return bars, today_x


# --- Rates ----------------------------------------------------------------------


def framework_rate_on(
    *, framework: Framework, service_type: str, on: dt.date, unit: str = RateUnit.HOUR
) -> FrameworkRate | None:
    return (
        FrameworkRate.objects.filter(
            framework=framework, service_type=service_type, unit=unit, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )


def rate_on(
    *,
    provider: Provider,
    service_type: str,
    on: dt.date,
    unit: str = RateUnit.HOUR,
    framework: Framework | None = None,
) -> ProviderRate | FrameworkRate | None:
    """The price a provider charges for a service on a date: its own rate if it
    has one in force, otherwise the framework-wide rate of the framework given."""
    own = provider_rate_on(provider=provider, service_type=service_type, on=on, unit=unit)
    if own is not None or framework is None:
        return own
    return framework_rate_on(framework=framework, service_type=service_type, on=on, unit=unit)
