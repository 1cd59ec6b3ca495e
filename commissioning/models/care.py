"""People, care packages, reviews, brokerage offers and short-break hour use
(DOMAIN.md §4, §6). Everything here is personal data."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

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
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self) -> str:
        return nhs.display(self.nhs_number)


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
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_service_type_display()} for {self.person} from {self.start_date:%d/%m/%Y}"
        )


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

    def __str__(self) -> str:
        return f"Review of {self.package_id} on {self.review_date:%d/%m/%Y}"


class OfferResponse(models.TextChoices):
    PENDING = "pending", "Awaiting answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_CAPACITY = "no_capacity", "No capacity"


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
    offered_on = models.DateField()
    response = models.CharField(
        max_length=12, choices=OfferResponse.choices, default=OfferResponse.PENDING
    )
    responded_on = models.DateField(null=True, blank=True)
    # Required when offered below a higher-tier provider not yet asked.
    out_of_order_reason = models.TextField(blank=True)

    history = audit_history()

    class Meta:
        ordering = ["package", "offered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["package", "provider"], name="one_offer_per_provider"),
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
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="usage_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.date:%d/%m/%Y}"
