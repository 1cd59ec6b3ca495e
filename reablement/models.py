"""Reablement services with fixed capacity, referrals, episodes, outcomes and
91-day follow-ups (DOMAIN.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from commissioning.common.audit import audit_history
from commissioning.common.choices import HOURS
from commissioning.common.dates import financial_year_label
from commissioning.common.models import BaseModel


class ReablementService(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="reablement_services"
    )
    contract = models.ForeignKey(
        "commissioning.Contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reablement_services",
    )
    capacity = models.PositiveIntegerField(
        help_text="The most episodes open at once.", validators=[MinValueValidator(1)]
    )
    area = models.CharField(max_length=200, blank=True)
    # Where referrals go when this service is full (seed 002).
    alternative = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="overflow_from"
    )
    is_pilot = models.BooleanField(default=False)

    history = audit_history()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alternative=F("id")), name="service_is_not_its_own_alternative"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="service_has_at_least_one_place",
                violation_error_message="A service takes at least one person at a time.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.pk is not None and self.alternative_id == self.pk:
            raise ValidationError(
                {"alternative": "Choose another service as the alternative, not this one."}
            )


class Route(models.TextChoices):
    HOSPITAL_DISCHARGE = "hospital_discharge", "Hospital discharge (step-down)"
    COMMUNITY = "community", "Community / admission avoidance (step-up)"
    MAINTENANCE_TRANSITION = "maintenance_transition", "Maintenance–transition"
    OTHER = "other", "Other"


class ReferralStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REDIRECTED = "redirected", "Redirected to the alternative service"
    WAITING = "waiting", "Waiting for a place"


class Referral(BaseModel):
    personal_data = True

    person = models.ForeignKey(
        "commissioning.Person", on_delete=models.PROTECT, related_name="reablement_referrals"
    )
    service = models.ForeignKey(
        ReablementService, on_delete=models.PROTECT, related_name="referrals"
    )
    referral_date = models.DateField()
    route = models.CharField(max_length=25, choices=Route.choices)
    hospital_discharge_date = models.DateField(null=True, blank=True)
    hospital = models.CharField(max_length=200, blank=True)
    on_long_term_support = models.BooleanField(
        default=False, help_text="Already receiving long-term support when referred."
    )
    status = models.CharField(max_length=12, choices=ReferralStatus.choices, editable=False)
    placed_with = models.ForeignKey(
        ReablementService,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placed_referrals",
        editable=False,
    )
    # Why the referral went where it did, in the officer's words, written when
    # it was placed (the services' occupancy that day is not kept elsewhere).
    placement_note = models.TextField(blank=True, editable=False)

    history = audit_history()

    class Meta:
        ordering = ["referral_date", "id"]
        indexes = [models.Index(fields=["status", "service", "referral_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(route="hospital_discharge") | Q(hospital_discharge_date__isnull=False),
                name="hospital_discharge_has_a_date",
                violation_error_message=(
                    "Enter the hospital discharge date for a hospital discharge."
                ),
            ),
            models.CheckConstraint(
                condition=Q(route="hospital_discharge") | Q(hospital_discharge_date__isnull=True),
                name="only_hospital_discharge_has_a_date",
                violation_error_message=(
                    "Only a hospital discharge has a hospital discharge date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(hospital_discharge_date__isnull=True)
                | Q(hospital_discharge_date__lte=F("referral_date")),
                name="referral_on_or_after_discharge",
            ),
            # accepted: by the service asked for; redirected: by another one;
            # waiting: by none yet.
            models.CheckConstraint(
                condition=Q(status="accepted", placed_with=F("service"))
                | (Q(status="redirected", placed_with__isnull=False) & ~Q(placed_with=F("service")))
                | Q(status="waiting", placed_with__isnull=True),
                name="referral_status_matches_placement",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.person} to {self.service} on {self.referral_date:%d/%m/%Y}"


class Sequel(models.TextChoices):
    """What happened at the end of short-term support: SALT STS002a."""

    EARLY_CESSATION_NHS_EOL_DECEASED = (
        "early_cessation_nhs_eol_deceased",
        "Early cessation not leading to long-term support: "
        "NHS-funded care, end of life or deceased",
    )
    EARLY_CESSATION_OTHER = (
        "early_cessation_other",
        "Early cessation not leading to long-term support: other reason",
    )
    EARLY_CESSATION_TO_LTS = (
        "early_cessation_to_lts",
        "Early cessation leading to long-term support",
    )
    LONG_TERM_SUPPORT = "long_term_support", "Long-term support (any setting)"
    SELF_FUNDING = "self_funding", "No services: needs identified but self-funding"
    ONGOING_LOW_LEVEL = "ongoing_low_level", "Ongoing low-level support"
    SHORT_TERM_OTHER = "short_term_other", "Short-term support (other)"
    DECLINED = "declined", "No services: support declined"
    UNIVERSAL_SIGNPOSTED = "universal_signposted", "No services: universal services or signposted"
    NO_IDENTIFIED_NEEDS = "no_identified_needs", "No services: no identified needs"


class FollowUpStatus(models.TextChoices):
    """Where the person was on day 91 after hospital discharge (ASCOF 2B(1))."""

    AT_HOME = "at_home", "At home (own home, extra care housing or Shared Lives)"
    IN_HOSPITAL = "in_hospital", "In hospital"
    IN_CARE_HOME = "in_care_home", "In a care home (not short respite)"
    DIED = "died", "Died"
    NOT_CONTACTABLE = "not_contactable", "Could not be contacted"


class Episode(BaseModel):
    personal_data = True

    person = models.ForeignKey(
        "commissioning.Person", on_delete=models.PROTECT, related_name="reablement_episodes"
    )
    service = models.ForeignKey(
        ReablementService, on_delete=models.PROTECT, related_name="episodes"
    )
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="episode"
    )
    # Copied from the referral: the metrics filter on them.
    route = models.CharField(max_length=25, choices=Route.choices, editable=False)
    hospital_discharge_date = models.DateField(null=True, blank=True, editable=False)
    on_long_term_support = models.BooleanField(default=False, editable=False)
    start_date = models.DateField()
    planned_end_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    goals = models.TextField(blank=True)
    hours_at_start = models.DecimalField(**HOURS, null=True, blank=True)
    hours_at_end = models.DecimalField(**HOURS, null=True, blank=True)
    sequel = models.CharField(max_length=40, choices=Sequel.choices, blank=True)
    # Derived and stored (DOMAIN.md §5): hospital discharge date + 91 days.
    follow_up_due = models.DateField(null=True, blank=True, editable=False)
    # Derived and stored (DOMAIN.md §5): six weeks are 42 days counting the
    # start day, so start + 41 days. Stored so lists filter on it with an index.
    six_week_end = models.DateField(editable=False)
    follow_up_status = models.CharField(max_length=20, choices=FollowUpStatus.choices, blank=True)
    follow_up_recorded_on = models.DateField(null=True, blank=True)
    follow_up_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = audit_history()

    class Meta:
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["service", "end_date"]),
            models.Index(fields=["end_date"]),
            models.Index(fields=["hospital_discharge_date"]),
            models.Index(fields=["follow_up_due"]),
            models.Index(fields=["six_week_end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="episode_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(sequel=""),
                name="ended_episode_has_a_sequel",
                violation_error_message="Record what happened at the end of the episode.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=False) | Q(sequel="", hours_at_end__isnull=True),
                name="open_episode_has_no_outcome",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True)
                | Q(planned_end_date__gte=F("start_date")),
                name="episode_planned_to_end_after_it_starts",
            ),
            models.CheckConstraint(
                condition=(Q(hours_at_start__isnull=True) | Q(hours_at_start__gte=0))
                & (Q(hours_at_end__isnull=True) | Q(hours_at_end__gte=0)),
                name="episode_hours_not_negative",
            ),
            # Only hospital discharges have a discharge date and a 91-day follow-up.
            models.CheckConstraint(
                condition=Q(
                    route="hospital_discharge",
                    hospital_discharge_date__isnull=False,
                    follow_up_due__isnull=False,
                )
                | (
                    ~Q(route="hospital_discharge")
                    & Q(hospital_discharge_date__isnull=True, follow_up_due__isnull=True)
                ),
                name="episode_follow_up_only_after_hospital_discharge",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_status="", follow_up_recorded_on__isnull=True)
                | (~Q(follow_up_status="") & Q(follow_up_recorded_on__isnull=False)),
                name="follow_up_status_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_status="") | Q(follow_up_due__isnull=False),
                name="follow_up_only_when_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Reablement for {self.person} from {self.start_date:%d/%m/%Y}"


class BenchmarkMeasure(models.TextChoices):
    ASCOF_2B1 = "ascof_2b1", "ASCOF 2B(1): still at home 91 days after discharge"
    ASCOF_2A = "ascof_2a", "ASCOF 2A: short-term support outcome"


class Benchmark(BaseModel):
    """Published comparators as dated reference data (England 2017-18 82.9%)."""

    measure = models.CharField(max_length=20, choices=BenchmarkMeasure.choices)
    area = models.CharField(max_length=100, help_text="England, or a region such as West Midlands.")
    financial_year = models.PositiveSmallIntegerField(help_text="2017 for 2017-18.")
    percentage = models.DecimalField(max_digits=5, decimal_places=1)
    source = models.CharField(max_length=300, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["measure", "-financial_year", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area", "financial_year"], name="one_benchmark_per_area_year"
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0, percentage__lte=100),
                name="benchmark_is_a_percentage",
                violation_error_message="Enter a percentage between 0 and 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.financial_year_label}: {self.percentage}%"

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)
