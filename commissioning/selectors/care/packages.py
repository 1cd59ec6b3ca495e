"""Reads of care packages shared by pages, the API, alerts and reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from commissioning.common.dates import months_after
from commissioning.models import (
    BrokerageOffer,
    CarePackage,
    HourBankUsage,
    PackageReview,
    PackageStatus,
)

# Packages a review can fall due for: placed and not ended.
IN_PLACE = (PackageStatus.ACTIVE, PackageStatus.SUSPENDED)


def review_due(
    *, start_date: dt.date, last_review_date: dt.date | None, ended: bool = False
) -> dt.date | None:
    """Next review due (local rule, see settings): CARE_FIRST_REVIEW_WEEKS
    after the start, then CARE_REVIEW_INTERVAL_MONTHS after each review; none
    once the package has ended."""
    if ended:
        return None
    if last_review_date is None:
        return start_date + dt.timedelta(weeks=settings.CARE_FIRST_REVIEW_WEEKS)
    return months_after(last_review_date, settings.CARE_REVIEW_INTERVAL_MONTHS)


def review_overdue_q(today: dt.date) -> Q:
    return Q(status__in=IN_PLACE, next_review_due__lt=today)


def package_list(*, today: dt.date | None = None) -> QuerySet[CarePackage]:
    """Packages with what a list row shows: person, provider, framework,
    whether the review is overdue and the sourcing time in days."""
    today = today or timezone.localdate()
    return (
        CarePackage.objects.select_related("person", "provider", "framework", "contract")
        .annotate(
            review_overdue=Case(
                When(review_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            sourcing_time=ExpressionWrapper(
                F("sourced_on") - F("requested_on"), output_field=DurationField()
            ),
        )
        .order_by("-start_date", "-id")
    )


def package_detail(*, today: dt.date | None = None) -> QuerySet[CarePackage]:
    """One package with its reviews, offers (in tier and rank order) and
    short-break use, for the package page."""
    return package_list(today=today).prefetch_related(
        Prefetch(
            "reviews",
            queryset=PackageReview.objects.select_related(
                "provider_before", "new_provider", "created_by"
            ).order_by("-review_date", "-id"),
        ),
        Prefetch("offers", queryset=BrokerageOffer.objects.select_related("provider", "tier")),
        Prefetch("usage", queryset=HourBankUsage.objects.order_by("date", "id")),
    )


def weekly_hours_in_place(packages: QuerySet[CarePackage]) -> Decimal:
    """Total weekly hours of the active packages among ``packages``."""
    total = (
        packages.filter(status=PackageStatus.ACTIVE)
        .order_by()
        .aggregate(total=Sum("weekly_hours"))["total"]
    )
    return total or Decimal("0")


def sourcing_days(package: CarePackage, *, today: dt.date | None = None) -> int | None:
    """Days from request to a provider accepting; while still being sourced,
    the days so far."""
    if package.sourced_on is not None:
        return (package.sourced_on - package.requested_on).days
    if package.status in (PackageStatus.REQUESTED, PackageStatus.SOURCING):
        return ((today or timezone.localdate()) - package.requested_on).days
    return None
