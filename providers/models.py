"""Care providers, their regulator registration and rating, and price schedules."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.common.audit import audit_history
from commissioning.common.choices import MONEY, ServiceType
from commissioning.common.models import ArchivableModel, BaseModel


class ProviderType(models.TextChoices):
    INDEPENDENT = "independent", "Independent sector agency"
    COUNCIL_COMPANY = "council_company", "Council's own trading company"
    NHS_TRUST = "nhs_trust", "NHS trust (service level agreement)"
    VOLUNTARY = "voluntary", "Voluntary or charity organisation"


class Regulator(models.TextChoices):
    CQC = "cqc", "Care Quality Commission (England)"
    CIW = "ciw", "Care Inspectorate Wales"
    NONE = "none", "Not regulated"


class Rating(models.TextChoices):
    """CQC overall ratings (DOMAIN.md §3). CIW publishes no overall rating:
    Welsh providers stay "not rated" here and keep their theme ratings in notes."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "not_rated", "Not yet rated"


# Ratings that commissioners treat as a risk signal (DOMAIN.md §3).
RISK_RATINGS = (Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)

# CQC location/provider IDs ("1-101614751") or NHS ODS codes ("RJ1").
CQC_ID_PATTERN = r"^(1-\d{9,11}|[A-Z0-9]{3,5})$"
CQC_ID_MESSAGE = (
    "Enter a CQC ID like 1-101614751 (1- then 9 to 11 digits) or an NHS ODS code like RJ1."
)
cqc_id_validator = RegexValidator(CQC_ID_PATTERN, CQC_ID_MESSAGE)


class Provider(ArchivableModel):
    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    company_number = models.CharField(
        "Companies House number",
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z0-9]{8}$", "Enter the 8-character Companies House number.")
        ],
    )
    charity_number = models.CharField(max_length=12, blank=True)
    provider_type = models.CharField(max_length=20, choices=ProviderType.choices)
    regulator = models.CharField(max_length=10, choices=Regulator.choices, default=Regulator.CQC)
    regulator_id = models.CharField("Regulator ID", max_length=20, blank=True)
    # Current rating: a copy of the latest ProviderRating row, kept by the
    # rating service so lists and filters need no subquery.
    rating = models.CharField(max_length=25, choices=Rating.choices, default=Rating.NOT_RATED)
    rating_date = models.DateField(null=True, blank=True)
    pays_real_living_wage = models.BooleanField(default=False)
    is_sme = models.BooleanField("Small or medium-sized enterprise", default=False)
    is_vcse = models.BooleanField("Voluntary, community or social enterprise", default=False)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["rating"]),
            models.Index(fields=["provider_type"]),
            models.Index(fields=["archived_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(regulator=Regulator.CQC)
                | Q(regulator_id="")
                | Q(regulator_id__regex=CQC_ID_PATTERN),
                name="provider_cqc_id_format",
                violation_error_message=CQC_ID_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(regulator=Regulator.NONE) | Q(regulator_id=""),
                name="provider_unregulated_has_no_regulator_id",
                violation_error_message=(
                    "A provider that is not regulated has no regulator ID: "
                    "clear the ID or choose its regulator."
                ),
            ),
            models.CheckConstraint(
                condition=Q(regulator=Regulator.CQC) | Q(rating=Rating.NOT_RATED),
                name="provider_overall_rating_only_from_cqc",
                violation_error_message=(
                    "Only the CQC publishes an overall rating. Care Inspectorate Wales "
                    "rates themes separately: record them in the rating notes."
                ),
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archived_reason=""),
                name="provider_archived_with_reason",
                violation_error_message="Give the reason for archiving this provider.",
            ),
            models.UniqueConstraint(
                fields=["regulator", "regulator_id"],
                condition=~Q(regulator_id=""),
                name="unique_provider_regulator_id",
                violation_error_message=(
                    "Another provider already has this regulator ID: check the list "
                    "before adding the same provider twice."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("providers:detail", args=[self.pk])

    def clean(self):
        # The same rules as the constraints, tied to the field an officer must
        # correct (full_clean then skips the constraint on that field).
        super().clean()
        errors = {}
        if self.regulator in (Regulator.CQC, Regulator.CIW) and not self.regulator_id:
            errors["regulator_id"] = (
                f"Enter the {self.get_regulator_display()} ID of this provider."
            )
        elif self.regulator == Regulator.CQC and not re.fullmatch(
            CQC_ID_PATTERN, self.regulator_id
        ):
            errors["regulator_id"] = CQC_ID_MESSAGE
        elif self.regulator == Regulator.NONE and self.regulator_id:
            errors["regulator_id"] = (
                "A provider that is not regulated has no regulator ID: clear the ID or "
                "choose its regulator."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def active(self) -> bool:
        return self.archived_at is None


class ProviderRating(BaseModel):
    """One dated rating: a change of rating is a new row, never an overwrite."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=25, choices=Rating.choices)
    rated_on = models.DateField()
    source = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    history = audit_history()

    class Meta:
        ordering = ["provider", "-rated_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "rated_on"],
                name="one_rating_per_provider_per_day",
                violation_error_message=(
                    "A rating is already recorded for this provider on this date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.get_rating_display()} ({self.rated_on:%d/%m/%Y})"


class ProviderContact(BaseModel):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"


class RateUnit(models.TextChoices):
    HOUR = "hour", "per hour"
    CALL_30 = "call_30", "per 30-minute call"
    NIGHT = "night", "per night"
    WEEK = "week", "per week"


class ProviderRate(BaseModel):
    """A provider's price for a service and unit, from a date until the next row."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="rates")
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    unit = models.CharField(max_length=10, choices=RateUnit.choices, default=RateUnit.HOUR)
    amount = models.DecimalField(**MONEY)
    effective_from = models.DateField()

    history = audit_history()

    class Meta:
        ordering = ["provider", "service_type", "unit", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "service_type", "unit", "effective_from"],
                name="one_provider_rate_per_start",
                violation_error_message=(
                    "This provider already has a rate for this service and unit from this "
                    "date. Enter the new rate with the date it takes effect."
                ),
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="provider_rate_positive"),
        ]

    def __str__(self) -> str:
        service = self.get_service_type_display()
        return f"{self.provider} {service} £{self.amount} {self.get_unit_display()}"


class ReferenceRateKind(models.TextChoices):
    REAL_LIVING_WAGE = "real_living_wage", "Real Living Wage (UK)"
    REAL_LIVING_WAGE_LONDON = "real_living_wage_london", "Real Living Wage (London)"
    HOMECARE_MINIMUM_PRICE = "homecare_minimum_price", "Homecare Association minimum price"


class ReferenceRate(BaseModel):
    """Dated reference data (DOMAIN.md §3): never a constant in code."""

    kind = models.CharField(max_length=30, choices=ReferenceRateKind.choices)
    unit = models.CharField(max_length=10, choices=RateUnit.choices, default=RateUnit.HOUR)
    amount = models.DecimalField(**MONEY)
    effective_from = models.DateField()
    source = models.CharField(max_length=300, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "unit", "effective_from"],
                name="one_reference_rate_per_start",
                violation_error_message="This reference rate already has a value from this date.",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reference_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount} from {self.effective_from:%d/%m/%Y}"
