"""Reads of package reviews, and the change in hours they made (seed 003:
provider-led reviews may adjust hours; the reduction is reported)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from commissioning.models import PackageReview, ReviewLead


def review_list() -> QuerySet[PackageReview]:
    return PackageReview.objects.select_related(
        "package__person", "package__provider", "provider_before", "new_provider"
    ).order_by("-review_date", "-id")


@dataclass(frozen=True)
class HoursChange:
    """Weekly hours before and after a set of reviews."""

    led_by: str
    reviews: int
    hours_before: Decimal
    hours_after: Decimal
    reduced: int  # reviews that lowered the hours
    increased: int

    @property
    def label(self) -> str:
        return ReviewLead(self.led_by).label

    @property
    def change(self) -> Decimal:
        return self.hours_after - self.hours_before

    @property
    def reduction(self) -> Decimal:
        return self.hours_before - self.hours_after

    @property
    def reduction_pct(self) -> Decimal | None:
        """Reduction as a percentage of the hours before, 1 dp; None with no hours."""
        if not self.hours_before:
            return None
        return (100 * self.reduction / self.hours_before).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _aggregates():
    return {
        "reviews": Count("id"),
        "before": Sum("hours_before"),
        "after": Sum("hours_after"),
        "reduced": Count("id", filter=Q(hours_after__lt=F("hours_before"))),
        "increased": Count("id", filter=Q(hours_after__gt=F("hours_before"))),
    }


def _in_period(reviews, date_from: dt.date | None, date_to: dt.date | None):
    if date_from:
        reviews = reviews.filter(review_date__gte=date_from)
    if date_to:
        reviews = reviews.filter(review_date__lte=date_to)
    return reviews


def _change(led_by: str, row: dict) -> HoursChange:
    return HoursChange(
        led_by=led_by,
        reviews=row["reviews"],
        hours_before=row["before"] or Decimal("0"),
        hours_after=row["after"] or Decimal("0"),
        reduced=row["reduced"],
        increased=row["increased"],
    )


def hours_change_by_lead(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    reviews: QuerySet[PackageReview] | None = None,
) -> list[HoursChange]:
    """Hours before and after reviews held in a period, for provider-led and
    council-led reviews (both always listed, in that order)."""
    reviews = _in_period(
        PackageReview.objects.all() if reviews is None else reviews, date_from, date_to
    )
    rows = {
        row["led_by"]: row for row in reviews.order_by().values("led_by").annotate(**_aggregates())
    }
    empty = {"reviews": 0, "before": None, "after": None, "reduced": 0, "increased": 0}
    return [_change(lead.value, rows.get(lead.value, empty)) for lead in ReviewLead]


def hours_change_by_month(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[tuple[dt.date, HoursChange]]:
    """Per calendar month and lead, for charts: (first of month, change)."""
    reviews = _in_period(PackageReview.objects.all(), date_from, date_to)
    rows = (
        reviews.order_by()
        .annotate(month=TruncMonth("review_date"))
        .values("month", "led_by")
        .annotate(**_aggregates())
        .order_by("month", "led_by")
    )
    return [(row["month"], _change(row["led_by"], row)) for row in rows]
