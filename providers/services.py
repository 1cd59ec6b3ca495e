"""The verbs of the provider register: one transaction each, refusing what the
rules forbid with a message an officer can act on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from providers.models import (
    Provider,
    ProviderContact,
    ProviderRate,
    ProviderRating,
    Rating,
    ReferenceRate,
    Regulator,
)

# Fields an officer edits directly; the rating and archiving have services of their own.
PROVIDER_FIELDS = (
    "name",
    "legal_name",
    "company_number",
    "charity_number",
    "provider_type",
    "regulator",
    "regulator_id",
    "pays_real_living_wage",
    "is_sme",
    "is_vcse",
    "address",
    "postcode",
)


def _not_in_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future."})


@transaction.atomic
def provider_create(
    *, rating: str = Rating.NOT_RATED, rating_date: dt.date | None = None, **fields
) -> Provider:
    """A new provider; a rating given with it becomes the first row of its history."""
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown provider fields: {sorted(unknown)}")
    provider = Provider(**fields)
    provider.postcode = provider.postcode.strip().upper()
    provider.full_clean()
    provider.save()
    if rating != Rating.NOT_RATED or rating_date is not None:
        if rating_date is None:
            raise ValidationError({"rating_date": "Enter the date of the rating."})
        provider_record_rating(provider=provider, rating=rating, rated_on=rating_date)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, **fields) -> Provider:
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown provider fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.postcode = provider.postcode.strip().upper()
    if provider.regulator != Regulator.CQC and provider.rating != Rating.NOT_RATED:
        raise ValidationError(
            {
                "regulator": (
                    "This provider has a CQC rating. Only CQC-regulated providers have an "
                    "overall rating: record a 'Not yet rated' rating first if the "
                    "regulator has really changed."
                )
            }
        )
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def provider_record_rating(
    *,
    provider: Provider,
    rating: str,
    rated_on: dt.date,
    source: str = "",
    notes: str = "",
) -> ProviderRating:
    """Record a dated rating. A change of rating is a new row; the provider's
    current rating follows the most recent row (a back-dated rating joins the
    history without replacing a later one)."""
    _not_in_future(rated_on, "rated_on", "The date of the rating")
    if provider.regulator != Regulator.CQC and rating != Rating.NOT_RATED:
        raise ValidationError(
            {
                "rating": (
                    f"{provider.get_regulator_display()} publishes no overall rating. "
                    "Record 'Not yet rated' and put the theme ratings in the notes."
                )
            }
        )
    if ProviderRating.objects.filter(provider=provider, rated_on=rated_on).exists():
        raise ValidationError(
            {
                "rated_on": (
                    f"A rating is already recorded for {rated_on:%d/%m/%Y}. A new rating "
                    "needs the date of the new inspection report."
                )
            }
        )
    record = ProviderRating(
        provider=provider, rating=rating, rated_on=rated_on, source=source, notes=notes
    )
    record.full_clean()
    record.save()
    if provider.rating_date is None or rated_on >= provider.rating_date:
        provider.rating = rating
        provider.rating_date = rated_on
        provider.save(update_fields=["rating", "rating_date"])
    return record


def _current_memberships(provider: Provider, today: dt.date):
    # Through the reverse relation: providers must not import tenders.
    return provider.framework_memberships.filter(
        left_on__isnull=True, framework__current_end_date__gte=today
    ).select_related("framework", "tier")


@transaction.atomic
def provider_archive(*, provider: Provider, reason: str) -> Provider:
    """Archive with a reason, never delete. A provider still on a live
    framework must leave it first, so the framework's list stays true."""
    reason = reason.strip()
    if provider.archived_at is not None:
        raise ValidationError(
            f"{provider.name} was archived on {timezone.localtime(provider.archived_at):%d/%m/%Y}."
        )
    if not reason:
        raise ValidationError({"reason": "Give the reason for archiving this provider."})
    current = list(_current_memberships(provider, timezone.localdate()))
    if current:
        names = ", ".join(f"{m.tier.name} of {m.framework.reference}" for m in current)
        raise ValidationError(
            f"{provider.name} is still on {names}. Record the date it left the framework "
            "before archiving it."
        )
    provider.archived_at = timezone.now()
    provider.archived_reason = reason
    provider.save(update_fields=["archived_at", "archived_reason"])
    return provider


@transaction.atomic
def provider_reinstate(*, provider: Provider) -> Provider:
    if provider.archived_at is None:
        raise ValidationError(f"{provider.name} is not archived.")
    provider.archived_at = None
    provider.archived_reason = ""
    provider.save(update_fields=["archived_at", "archived_reason"])
    return provider


@transaction.atomic
def provider_contact_save(
    *, provider: Provider, contact: ProviderContact | None = None, **fields
) -> ProviderContact:
    contact = contact or ProviderContact(provider=provider)
    if contact.provider_id != provider.pk:
        raise ValidationError("This contact belongs to another provider.")
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def provider_rate_create(
    *,
    provider: Provider,
    service_type: str,
    unit: str,
    amount: Decimal,
    effective_from: dt.date,
) -> ProviderRate:
    """A new price from a date: earlier prices stay as they were."""
    rate = ProviderRate(
        provider=provider,
        service_type=service_type,
        unit=unit,
        amount=amount,
        effective_from=effective_from,
    )
    rate.full_clean()
    rate.save()
    return rate


@transaction.atomic
def reference_rate_create(
    *, kind: str, unit: str, amount: Decimal, effective_from: dt.date, source: str = ""
) -> ReferenceRate:
    rate = ReferenceRate(
        kind=kind, unit=unit, amount=amount, effective_from=effective_from, source=source
    )
    rate.full_clean()
    rate.save()
    return rate
