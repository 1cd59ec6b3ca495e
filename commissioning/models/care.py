"""People, care packages, reviews, brokerage offers and short-break hour use
(DOMAIN.md §4, §6). Everything here is personal data."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from commissioning.common import nhs
from commissioning.common.audit import audit_history
from commissioning.common.choices import HOURS, ServiceType
from commissioning.common.models import BaseModel


class Person(BaseModel):
    personal_data = True

    nhs_number = models.CharField(
        "NHS number", max_length=10, unique=True, validators=[nhs.validate]
    )
    local_authority_id = models.CharField(
        "Local authority ID", max_length=30, null=True, blank=True, unique=True
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    date_of_death = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    locality = models.CharField(max_length=100, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["family_name", "given_name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True) | Q(date_of_death__gte=F("date_of_birth")),
                name="person_dies_after_birth",
                violation_error_message="The date of death cannot be before the date of birth.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self) -> str:
        return nhs.display(self.nhs_number)

    def get_absolute_url(self) -> str:
        return reverse("care:person-detail", args=[self.pk])


class PackageStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SOURCING = "sourcing", "Sourcing"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"


class CarePackage(BaseModel):
    personal_data = True

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_packages")
    # Null while the package is being sourced.
    provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_packages",
    )
    contract = models.ForeignKey(
        "commissioning.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_packages",
    )
    framework = models.ForeignKey(
        "tenders.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_packages",
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    requested_on = models.DateField()
    sourced_on = models.DateField(
        null=True, blank=True, help_text="The day a provider accepted the package."
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    weekly_hours = models.DecimalField(**HOURS, validators=[MinValueValidator(0)])
    time_critical = models.BooleanField(
        default=False, help_text="Time-critical calls: medication, insulin, double-up."
    )
    status = models.CharField(
        max_length=10, choices=PackageStatus.choices, default=PackageStatus.REQUESTED
    )
    next_review_due = models.DateField(null=True, blank=True, editable=False)

    history = audit_history()

    class Meta:
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["status", "next_review_due"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["service_type", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="package_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=0), name="package_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(sourced_on__isnull=True) | Q(sourced_on__gte=F("requested_on")),
                name="package_sourced_after_request",
                violation_error_message="A package cannot be sourced before it was requested.",
            ),
            # A package in place has a provider; only a request still being
            # sourced (or one ended before it was placed) has none.
            models.CheckConstraint(
                condition=Q(provider__isnull=False)
                | Q(status__in=["requested", "sourcing", "ended"]),
                name="package_in_place_has_a_provider",
                violation_error_message="An active or suspended package needs a provider.",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(end_date__isnull=False),
                name="ended_package_has_an_end_date",
                violation_error_message="Enter the date the package ended.",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_service_type_display()} for {self.person} from {self.start_date:%d/%m/%Y}"
        )

    def get_absolute_url(self) -> str:
        return reverse("care:package-detail", args=[self.pk])


class ReviewLead(models.TextChoices):
    PROVIDER = "provider", "Provider-led"
    COUNCIL = "council", "Council-led"


class PackageReview(BaseModel):
    personal_data = True

    package = models.ForeignKey(CarePackage, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    led_by = models.CharField(max_length=10, choices=ReviewLead.choices)
    hours_before = models.DecimalField(**HOURS, editable=False)
    hours_after = models.DecimalField(**HOURS, validators=[MinValueValidator(0)])
    provider_before = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Set only when the review moves the package to another provider (seed 004).
    new_provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="packages_gained_at_review",
    )
    outcome_notes = models.TextField(blank=True)

    history = audit_history()

    class Meta:
        ordering = ["package", "-review_date", "-id"]
        indexes = [models.Index(fields=["review_date", "led_by"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_after__gte=0), name="review_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(new_provider=F("provider_before")),
                name="review_moves_to_another_provider",
                violation_error_message="The new provider must differ from the current one.",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.package_id} on {self.review_date:%d/%m/%Y}"

    @property
    def hours_change(self):
        """Weekly hours after less before: negative for a reduction."""
        return self.hours_after - self.hours_before


class OfferResponse(models.TextChoices):
    PENDING = "pending", "Awaiting answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_CAPACITY = "no_capacity", "No capacity"
    # Still unanswered when another provider accepted the package.
    WITHDRAWN = "withdrawn", "Withdrawn: placed elsewhere"


class BrokerageOffer(BaseModel):
    """A package offered to a framework provider, in tier and rank order."""

    personal_data = True

    package = models.ForeignKey(CarePackage, on_delete=models.CASCADE, related_name="offers")
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="offers"
    )
    tier = models.ForeignKey(
        "tenders.FrameworkTier", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The provider's rank in its tier when offered (ranks may be revised later).
    rank = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    offered_on = models.DateField()
    response = models.CharField(
        max_length=12, choices=OfferResponse.choices, default=OfferResponse.PENDING
    )
    responded_on = models.DateField(null=True, blank=True)
    # Required when offered below a higher-tier provider not yet asked.
    out_of_order_reason = models.TextField(blank=True)

    history = audit_history()

    class Meta:
        ordering = ["package", "tier__priority", "rank", "offered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["package", "provider"], name="one_offer_per_provider"),
            models.UniqueConstraint(
                fields=["package"],
                condition=Q(response="accepted"),
                name="one_accepted_offer_per_package",
                violation_error_message="Another provider has already accepted this package.",
            ),
            models.CheckConstraint(
                condition=Q(response="pending", responded_on__isnull=True)
                | (~Q(response="pending") & Q(responded_on__gte=F("offered_on"))),
                name="offer_answered_on_or_after_offer",
                violation_error_message=(
                    "An answer needs the date it was given, on or after the offer."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Offer of package {self.package_id} to {self.provider}"


class HourBankUsage(BaseModel):
    """Short-break hours used on a day, drawn from the weekly bank (seed 004)."""

    personal_data = True

    package = models.ForeignKey(CarePackage, on_delete=models.CASCADE, related_name="usage")
    date = models.DateField()
    hours = models.DecimalField(**HOURS, validators=[MinValueValidator(0)])
    notes = models.CharField(max_length=300, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["package", "date", "id"]
        indexes = [models.Index(fields=["package", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="usage_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.date:%d/%m/%Y}"
