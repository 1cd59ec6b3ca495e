"""Procurement exercises, lots, bids and awards; framework agreements, their
tiers and members (DOMAIN.md §1–2)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from commissioning.common.audit import audit_history
from commissioning.common.choices import MONEY, ServiceType
from commissioning.common.models import BaseModel
from commissioning.common.terms import OptionStatus
from providers.models import Provider, RateUnit


class Regime(models.TextChoices):
    PCR2015 = "pcr2015", "Public Contracts Regulations 2015"
    PA2023 = "pa2023", "Procurement Act 2023"


class ProcurementStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    MARKET_ENGAGEMENT = "market_engagement", "Market engagement"
    OPEN = "open", "Open for tender"
    EVALUATION = "evaluation", "Evaluation"
    STANDSTILL = "standstill", "Standstill"
    AWARDED = "awarded", "Awarded"
    MOBILISATION = "mobilisation", "Mobilisation"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


# Procurement Act 2023 commencement (SI 2024/982): earlier procurements stay
# under the Public Contracts Regulations 2015.
PA2023_COMMENCEMENT = dt.date(2025, 2, 24)


class Procurement(BaseModel):
    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    regime = models.CharField(max_length=10, choices=Regime.choices)
    light_touch = models.BooleanField(
        default=True, help_text="Care services are light-touch contracts."
    )
    apply_standstill = models.BooleanField(
        default=True,
        help_text="Mandatory unless light-touch; may be applied voluntarily.",
    )
    status = models.CharField(
        max_length=20, choices=ProcurementStatus.choices, default=ProcurementStatus.PLANNING
    )
    # Key dates.
    publication_date = models.DateField(null=True, blank=True)
    clarification_deadline = models.DateField(null=True, blank=True)
    submission_deadline = models.DateField(null=True, blank=True)
    evaluation_completed_on = models.DateField(null=True, blank=True)
    award_decision_date = models.DateField(null=True, blank=True)
    standstill_end_date = models.DateField(null=True, blank=True, editable=False)
    contract_signed_on = models.DateField(
        "Contract entered into on",
        null=True,
        blank=True,
        help_text="The day the contract or framework agreement was signed (after standstill).",
    )
    contract_start_date = models.DateField(null=True, blank=True)
    estimated_annual_value = models.DecimalField(**MONEY, null=True, blank=True)
    quality_weight = models.PositiveSmallIntegerField(
        default=60, validators=[MaxValueValidator(100)]
    )
    price_weight = models.PositiveSmallIntegerField(default=40, validators=[MaxValueValidator(100)])
    quality_max_marks = models.DecimalField(
        max_digits=7, decimal_places=2, default=100, validators=[MinValueValidator(1)]
    )
    # The framework this procurement establishes or refreshes, if any.
    framework = models.ForeignKey(
        "tenders.Framework",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procurements",
    )
    # The authorising decision, as the council cites it; the governance
    # decision record itself links here from the core app.
    authorised_by = models.CharField(max_length=300, blank=True)
    cancelled_on = models.DateField(null=True, blank=True, editable=False)
    cancelled_reason = models.TextField(blank=True)

    history = audit_history()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quality_weight=100 - F("price_weight")),
                name="procurement_weights_add_to_100",
                violation_error_message="The quality and price weightings must add up to 100.",
            ),
            models.CheckConstraint(
                condition=Q(quality_max_marks__gt=0),
                name="procurement_max_marks_positive",
                violation_error_message="The maximum quality marks must be more than 0.",
            ),
            models.CheckConstraint(
                condition=Q(light_touch=True) | Q(apply_standstill=True),
                name="procurement_standstill_unless_light_touch",
                violation_error_message=(
                    "A standstill period is mandatory unless the contract is light-touch."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tenders:procurement-detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        order = [
            ("publication_date", "publication date"),
            ("clarification_deadline", "clarification deadline"),
            ("submission_deadline", "submission deadline"),
        ]
        for (earlier, earlier_label), (later, later_label) in itertools.pairwise(order):
            first, second = getattr(self, earlier), getattr(self, later)
            if first and second and second < first:
                errors[later] = f"The {later_label} must be on or after the {earlier_label}."
        if (
            self.regime == Regime.PA2023
            and self.publication_date
            and self.publication_date < PA2023_COMMENCEMENT
        ):
            errors["regime"] = (
                "The Procurement Act 2023 applies to procurements started from 24 February "
                "2025. A tender published before then runs under the Public Contracts "
                "Regulations 2015."
            )
        if errors:
            raise ValidationError(errors)


class Lot(BaseModel):
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    max_awards = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    # Winners of this lot join this framework tier.
    tier = models.ForeignKey(
        "tenders.FrameworkTier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lots",
    )

    history = audit_history()

    class Meta:
        ordering = ["procurement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "number"],
                name="unique_lot_number",
                violation_error_message="This procurement already has a lot with this number.",
            ),
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tenders:lot-detail", args=[self.procurement_id, self.pk])


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    NON_COMPLIANT = "non_compliant", "Non-compliant"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Bid(BaseModel):
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="bids")
    price = models.DecimalField("Price per hour", **MONEY)
    # Entered by the evaluation panel; empty until the bid has been marked.
    quality_marks = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=20, choices=BidStatus.choices, default=BidStatus.SUBMITTED)
    moderation_notes = models.TextField(blank=True)
    # Written by the evaluation service only (DOMAIN.md §2); null when not scored.
    quality_score = models.DecimalField(
        max_digits=9, decimal_places=4, null=True, blank=True, editable=False
    )
    price_score = models.DecimalField(
        max_digits=9, decimal_places=4, null=True, blank=True, editable=False
    )
    total_score = models.DecimalField(
        max_digits=9, decimal_places=4, null=True, blank=True, editable=False
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    history = audit_history()

    class Meta:
        ordering = ["lot", "rank", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "provider"],
                name="one_bid_per_provider_per_lot",
                violation_error_message="This provider has already bid for this lot.",
            ),
            models.CheckConstraint(
                condition=Q(price__gt=0),
                name="bid_price_positive",
                violation_error_message="Enter a price per hour above £0.",
            ),
            models.CheckConstraint(
                condition=Q(quality_marks__isnull=True) | Q(quality_marks__gte=0),
                name="bid_marks_not_negative",
                violation_error_message="Quality marks cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} on {self.lot}"


class Award(BaseModel):
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="awards")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="awards")
    rank = models.PositiveSmallIntegerField()
    decision_date = models.DateField()

    history = audit_history()

    class Meta:
        ordering = ["lot", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "provider"], name="one_award_per_provider_per_lot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot}: {self.provider} (rank {self.rank})"


class NoticeKind(models.TextChoices):
    """Procurement Act 2023 notices (DOMAIN.md §2)."""

    UK1 = "UK1", "UK1 Pipeline notice"
    UK2 = "UK2", "UK2 Preliminary market engagement notice"
    UK3 = "UK3", "UK3 Planned procurement notice"
    UK4 = "UK4", "UK4 Tender notice"
    UK5 = "UK5", "UK5 Transparency notice"
    UK6 = "UK6", "UK6 Contract award notice"
    UK7 = "UK7", "UK7 Contract details notice"
    UK8 = "UK8", "UK8 Payments compliance notice"
    UK9 = "UK9", "UK9 Contract performance notice"
    UK10 = "UK10", "UK10 Contract change notice"
    UK11 = "UK11", "UK11 Contract termination notice"
    UK12 = "UK12", "UK12 Procurement termination notice"


class ProcurementNotice(BaseModel):
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=5, choices=NoticeKind.choices)
    due_date = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["procurement", "due_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "kind"], name="one_notice_kind_per_procurement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.procurement.reference}"


class FrameworkStatus(models.TextChoices):
    COMING = "coming", "Coming"
    LIVE = "live", "Live"
    EXTENDED = "extended", "Extended"
    EXPIRED = "expired", "Expired"


class Framework(BaseModel):
    reference = models.CharField(max_length=50, unique=True)
    name = models.CharField(max_length=300)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    start_date = models.DateField()
    initial_term_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    notice_days = models.PositiveSmallIntegerField(
        default=90,
        help_text="Days before the end by which a decision on the next option must be made.",
    )
    procurement_lead_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months needed to re-procure before the final end date."
    )
    # Why a maximum term beyond the legal limit is justified (PCR 2015 reg. 33(3):
    # "save in exceptional cases duly justified").
    term_justification = models.TextField(blank=True)
    # As of the last change of its dates; pages and API derive it for the day
    # they are viewed (tenders.selectors.framework_status_on).
    status = models.CharField(
        max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.COMING
    )
    # Derived by commissioning.common.terms.compute_term and stored for queries.
    initial_end_date = models.DateField(editable=False)
    current_end_date = models.DateField(editable=False)
    max_end_date = models.DateField(editable=False)
    reprocurement_start_by = models.DateField(null=True, blank=True, editable=False)
    next_decision_deadline = models.DateField(null=True, blank=True, editable=False)

    history = audit_history()

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [
            models.Index(fields=["current_end_date"]),
            models.Index(fields=["next_decision_deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_end_date__gte=F("start_date")),
                name="framework_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("tenders:framework-detail", args=[self.pk])


class FrameworkExtensionOption(BaseModel):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="extension_options"
    )
    sequence = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    months_used = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=OptionStatus.choices, default=OptionStatus.AVAILABLE
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_reference = models.CharField(max_length=200, blank=True)
    # Derived: while available, the date the next decision must be made by.
    decision_deadline = models.DateField(null=True, blank=True, editable=False)

    history = audit_history()

    class Meta:
        ordering = ["framework", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "sequence"], name="unique_framework_option_sequence"
            ),
            models.CheckConstraint(
                condition=Q(months_used__lte=F("months")), name="framework_option_not_overused"
            ),
        ]

    def __str__(self) -> str:
        return f"Option {self.sequence} ({self.months} months) on {self.framework.reference}"


class FrameworkTier(BaseModel):
    """A tier of providers offered work in priority order (1 = offered first).

    Tiers of one framework that compete for the same work share a ``lot_group``
    (e.g. Tier 1 and Tier 2 of home care); specialist tiers (Learning
    Disability, Carers Support) have groups of their own. A provider may be on
    several tiers of a framework only if they are in different groups.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(max_length=100)
    priority = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    service_type = models.CharField(
        max_length=30, choices=ServiceType.choices, default=ServiceType.HOME_CARE
    )
    lot_group = models.CharField(max_length=50, default="main")

    history = audit_history()

    class Meta:
        ordering = ["framework", "priority", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"],
                name="unique_tier_name",
                violation_error_message="This framework already has a tier with this name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.framework.reference})"


class FrameworkMember(BaseModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="members")
    tier = models.ForeignKey(FrameworkTier, on_delete=models.PROTECT, related_name="members")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="framework_memberships"
    )
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    lot_group = models.CharField(max_length=50, editable=False)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    award = models.OneToOneField(
        Award, null=True, blank=True, on_delete=models.SET_NULL, related_name="membership"
    )

    history = audit_history()

    class Meta:
        ordering = ["framework", "tier__priority", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "lot_group", "provider"],
                condition=Q(left_on__isnull=True),
                name="one_current_tier_per_provider_per_lot_group",
                violation_error_message=(
                    "This provider is already on a tier for this work on this framework."
                ),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="member_leaves_after_joining",
                violation_error_message="The date it left must be on or after the date it joined.",
            ),
            models.UniqueConstraint(
                fields=["tier", "rank"],
                condition=Q(left_on__isnull=True),
                name="one_current_member_per_rank_in_tier",
                violation_error_message="Another current member of this tier has this rank.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} on {self.tier} (rank {self.rank})"


class FrameworkRate(BaseModel):
    """A framework-wide price for a service and unit, from a date."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rates")
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    unit = models.CharField(max_length=10, choices=RateUnit.choices, default=RateUnit.HOUR)
    amount = models.DecimalField(**MONEY)
    effective_from = models.DateField()

    history = audit_history()

    class Meta:
        ordering = ["framework", "service_type", "unit", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "service_type", "unit", "effective_from"],
                name="one_framework_rate_per_start",
                violation_error_message=(
                    "This framework already has a rate for this service and unit from this date."
                ),
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="framework_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.reference} {self.get_service_type_display()} £{self.amount}"
