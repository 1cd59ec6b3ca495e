"""Procurement exercises, lots, bids and awards; framework agreements, their
tiers and members (DOMAIN.md §1–2)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

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

    history = audit_history()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quality_weight=100 - F("price_weight")),
                name="procurement_weights_add_to_100",
                violation_error_message="The quality and price weightings must add up to 100.",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


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
            models.UniqueConstraint(fields=["procurement", "number"], name="unique_lot_number"),
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    NON_COMPLIANT = "non_compliant", "Non-compliant"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Bid(BaseModel):
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="bids")
    price = models.DecimalField("Price per hour", **MONEY)
    quality_marks = models.DecimalField(max_digits=7, decimal_places=2)
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
                fields=["lot", "provider"], name="one_bid_per_provider_per_lot"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="bid_price_positive"),
            models.CheckConstraint(
                condition=Q(quality_marks__gte=0), name="bid_marks_not_negative"
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
    status = models.CharField(
        max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.COMING
    )
    # Derived by commissioning.common.terms.compute_term and stored for queries.
    initial_end_date = models.DateField(editable=False)
    current_end_date = models.DateField(editable=False)
    max_end_date = models.DateField(editable=False)

    history = audit_history()

    class Meta:
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


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
            models.UniqueConstraint(fields=["framework", "name"], name="unique_tier_name"),
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
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.reference} {self.get_service_type_display()} £{self.amount}"
