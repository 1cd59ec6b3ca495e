"""The contract register: contracts, funders, extension options, variations
(waivers included) and the governance decisions behind them (DOMAIN.md §1–2)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from commissioning.common.audit import audit_history
from commissioning.common.choices import MONEY, ServiceType
from commissioning.common.models import BaseModel
from commissioning.common.terms import OptionStatus


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    EXTENDED = "extended", "Extended"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class ProcurementRoute(models.TextChoices):
    """How the contract was let (Local Government Transparency Code 2015)."""

    TENDER = "tender", "Tender"
    QUOTE = "quote", "Quotation"
    CALL_OFF = "call_off", "Call-off from a framework"
    DIRECT_AWARD = "direct_award", "Direct award"
    WAIVER = "waiver", "Waiver of Contract Procedure Rules"
    SLA = "sla", "Service level agreement"


class Contract(BaseModel):
    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    department = models.CharField(max_length=200, default="Adult Social Care")
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="contracts"
    )
    # The framework this is a call-off under, or the framework agreement itself.
    framework = models.ForeignKey(
        "tenders.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    # The procurement that let this contract.
    procurement = models.ForeignKey(
        "tenders.Procurement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    # The re-procurement that will replace it; re-procurement alerts stop once linked.
    replacement_procurement = models.ForeignKey(
        "tenders.Procurement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces_contracts",
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    procurement_route = models.CharField(
        max_length=20, choices=ProcurementRoute.choices, default=ProcurementRoute.TENDER
    )
    start_date = models.DateField()
    initial_term_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    notice_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days before the end by which the provider must be told."
    )
    procurement_lead_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months needed to re-procure before the final end date."
    )
    annual_value = models.DecimalField(**MONEY, validators=[MinValueValidator(0)])
    irrecoverable_vat = models.DecimalField(**MONEY, default=0, validators=[MinValueValidator(0)])
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_contracts",
    )
    status = models.CharField(
        max_length=12, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    # Seed 000: a pilot that ends "on award of the new provision" has no fixed
    # end date while this procurement is running.
    is_pilot = models.BooleanField(default=False)
    ends_on_award_of = models.ForeignKey(
        "tenders.Procurement",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="pilots_ending_on_award",
    )
    terminated_on = models.DateField(null=True, blank=True, editable=False)
    review_date = models.DateField(null=True, blank=True)

    # Derived by the contract term service (commissioning.common.terms) and
    # stored because the register, alerts and dashboards filter on them.
    # The current and final end dates are empty only for a pilot that runs
    # until the award of the procurement replacing it (seed 000); such a
    # pilot has no re-procurement start-by date either: its re-procurement
    # is the procurement it waits for.
    initial_end_date = models.DateField(editable=False)
    current_end_date = models.DateField(null=True, blank=True, editable=False)
    max_end_date = models.DateField(editable=False)
    final_end_date = models.DateField(null=True, blank=True, editable=False)
    beyond_max_extent = models.BooleanField(default=False, editable=False)
    reprocurement_start_by = models.DateField(null=True, blank=True, editable=False)
    next_decision_deadline = models.DateField(null=True, blank=True, editable=False)

    history = audit_history()

    class Meta:
        ordering = [F("current_end_date").asc(nulls_last=True), "reference"]
        indexes = [
            models.Index(fields=["current_end_date"]),
            models.Index(fields=["reprocurement_start_by"]),
            models.Index(fields=["next_decision_deadline"]),
            models.Index(fields=["status"]),
            models.Index(fields=["service_type"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_end_date__isnull=True)
                | Q(current_end_date__gte=F("start_date")),
                name="contract_ends_after_it_starts",
                violation_error_message="A contract cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(current_end_date__isnull=False)
                | Q(is_pilot=True, ends_on_award_of__isnull=False),
                name="contract_open_end_only_for_pilot_awaiting_award",
                violation_error_message=(
                    "Only a pilot that ends on the award of a procurement can have no end date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=ContractStatus.TERMINATED, terminated_on__isnull=False)
                | (~Q(status=ContractStatus.TERMINATED) & Q(terminated_on__isnull=True)),
                name="contract_terminated_with_a_date",
            ),
            models.CheckConstraint(
                condition=Q(annual_value__gte=0), name="contract_annual_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    @property
    def awaiting_award(self) -> bool:
        """A pilot with no fixed end: it runs until the procurement is awarded."""
        return self.ends_on_award_of_id is not None and self.current_end_date is None


class ContractFunding(BaseModel):
    """Who pays how much a year (seed 003: the council £14.4m, the CCG £1.7m)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(max_length=200)
    annual_amount = models.DecimalField(**MONEY, validators=[MinValueValidator(0)])

    history = audit_history()

    class Meta:
        ordering = ["contract", "-annual_amount"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "funder"], name="one_row_per_funder"),
            models.CheckConstraint(
                condition=Q(annual_amount__gte=0), name="funding_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: £{self.annual_amount:,} a year"


class ExtensionOption(BaseModel):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="extension_options"
    )
    sequence = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    months_used = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=OptionStatus.choices, default=OptionStatus.AVAILABLE
    )
    # Derived: while available, the date the next decision must be made by.
    decision_deadline = models.DateField(null=True, blank=True, editable=False)
    decided_on = models.DateField(null=True, blank=True)
    decision_reference = models.CharField(max_length=200, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["contract", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "sequence"], name="unique_contract_option_sequence"
            ),
            models.CheckConstraint(
                condition=Q(months_used__lte=F("months")), name="contract_option_not_overused"
            ),
            # API.md: "exercised" once its months are all used; partly used stays "available".
            models.CheckConstraint(
                condition=~Q(status=OptionStatus.EXERCISED) | Q(months_used=F("months")),
                name="contract_option_exercised_in_full",
            ),
            models.CheckConstraint(
                condition=~Q(status=OptionStatus.AVAILABLE) | Q(months_used__lt=F("months")),
                name="contract_option_available_has_months_left",
            ),
        ]
        indexes = [models.Index(fields=["status", "decision_deadline"])]

    def __str__(self) -> str:
        return f"Option {self.sequence} ({self.months} months) on {self.contract.reference}"

    @property
    def months_left(self) -> int:
        return self.months - self.months_used if self.status == OptionStatus.AVAILABLE else 0


class VariationKind(models.TextChoices):
    """API.md's four kinds, plus the record of each use of an extension option
    and a pilot's extension until a procurement is awarded (seed 000)."""

    EXERCISE = "exercise", "Extension option exercised"
    WAIVER_EXTENSION = "waiver_extension", "Extension by waiver"
    UNTIL_AWARD = "until_award", "Extension until a procurement is awarded"
    VALUE_CHANGE = "value_change", "Change of value"
    SCOPE_CHANGE = "scope_change", "Change of scope"
    TERMINATION = "termination", "Termination"


# Variations that move the end date, in the order they were decided.
EXTENDING_KINDS = (
    VariationKind.EXERCISE,
    VariationKind.WAIVER_EXTENSION,
    VariationKind.UNTIL_AWARD,
)


class ContractVariation(BaseModel):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="variations")
    kind = models.CharField(max_length=20, choices=VariationKind.choices)
    option = models.ForeignKey(
        ExtensionOption, null=True, blank=True, on_delete=models.PROTECT, related_name="exercises"
    )
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_annual_value = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    new_annual_value = models.DecimalField(**MONEY, null=True, blank=True)
    termination_date = models.DateField(null=True, blank=True)
    # For a pilot extended until the award of this procurement.
    procurement = models.ForeignKey(
        "tenders.Procurement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contract_variations",
    )
    reason = models.TextField()
    decided_on = models.DateField()
    decision_reference = models.CharField(max_length=200, blank=True)
    decision = models.ForeignKey(
        "commissioning.GovernanceDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="variations",
    )
    # The contract's end date once this variation took effect (empty for an
    # extension until award), and whether that took it past its maximum extent.
    resulting_end_date = models.DateField(null=True, blank=True, editable=False)
    beyond_max_extent = models.BooleanField(default=False, editable=False)

    history = audit_history()

    class Meta:
        ordering = ["contract", "decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["waiver_extension", "exercise"]) | Q(months__gte=1),
                name="extension_variation_has_months",
            ),
            models.CheckConstraint(
                condition=~Q(kind="exercise") | Q(option__isnull=False),
                name="exercise_variation_names_its_option",
            ),
            models.CheckConstraint(
                condition=~Q(kind="value_change") | Q(new_annual_value__gte=0),
                name="value_change_has_new_value",
            ),
            models.CheckConstraint(
                condition=~Q(kind="termination") | Q(termination_date__isnull=False),
                name="termination_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="until_award") | Q(procurement__isnull=False),
                name="until_award_names_its_procurement",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} on {self.contract.reference} ({self.decided_on:%d/%m/%Y})"
        )


class DecisionBody(models.TextChoices):
    CABINET = "cabinet", "Cabinet"
    PROCUREMENT_BOARD = "procurement_board", "Procurement Board"
    DELEGATED_OFFICER = "delegated_officer", "Delegated officer decision"


class GovernanceDecision(BaseModel):
    """A decision of Cabinet, a board or an officer under delegated powers."""

    body = models.CharField(max_length=20, choices=DecisionBody.choices)
    meeting_date = models.DateField()
    item_number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300)
    report_of = models.CharField(
        max_length=300, blank=True, help_text="e.g. the Cabinet Member for Adult Social Care"
    )
    purpose = models.TextField(blank=True)
    reasons = models.TextField("Reasons for the decision", blank=True)
    delegated_authority = models.TextField(
        blank=True,
        help_text="Who holds delegated authority to act on it, and in consultation with whom.",
    )
    procurements = models.ManyToManyField(
        "tenders.Procurement", blank=True, related_name="decisions"
    )
    frameworks = models.ManyToManyField("tenders.Framework", blank=True, related_name="decisions")
    contracts = models.ManyToManyField(Contract, blank=True, related_name="decisions")

    history = audit_history(m2m_fields=[procurements, frameworks, contracts])

    class Meta:
        ordering = ["-meeting_date", "item_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "meeting_date", "item_number"],
                condition=~Q(item_number=""),
                name="one_decision_per_meeting_item",
                violation_error_message="A decision for this item of this meeting already exists.",
            ),
        ]
        indexes = [models.Index(fields=["meeting_date"])]

    def __str__(self) -> str:
        item = f" (Item {self.item_number})" if self.item_number else ""
        return f"{self.get_body_display()} {self.meeting_date:%d/%m/%Y}{item}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:decision-detail", args=[self.pk])


class DecisionResolution(BaseModel):
    """One numbered resolution: (i), (ii) … in the order resolved."""

    decision = models.ForeignKey(
        GovernanceDecision, on_delete=models.CASCADE, related_name="resolutions"
    )
    sequence = models.PositiveSmallIntegerField()
    text = models.TextField()

    history = audit_history()

    class Meta:
        ordering = ["decision", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "sequence"], name="unique_resolution_sequence"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class RejectedOption(BaseModel):
    """An option considered and rejected, with why (seed 001)."""

    decision = models.ForeignKey(
        GovernanceDecision, on_delete=models.CASCADE, related_name="rejected_options"
    )
    sequence = models.PositiveSmallIntegerField()
    option = models.TextField()
    why_rejected = models.TextField()

    history = audit_history()

    class Meta:
        ordering = ["decision", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "sequence"], name="unique_rejected_option_sequence"
            ),
        ]

    def __str__(self) -> str:
        return self.option[:80]
