"""Reads shared by the reablement pages, the API and (later) dashboards,
reports and exports: occupancy, waiting lists, episodes and the metrics of
DOMAIN.md §5.

Every figure is computed by the database with aggregates. Each metric has one
definition, a ``Q`` over annotated episodes (``cohort_q``): the metrics count
its rows and the episode list filters by it, so the cohort behind any figure is
exactly the rows that made it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Greatest
from django.db.models.lookups import LessThan
from django.utils import timezone

from commissioning.common.dates import financial_year, financial_year_bounds, financial_year_label
from reablement.models import (
    Benchmark,
    Episode,
    FollowUpStatus,
    ReablementService,
    Referral,
    ReferralStatus,
    Route,
    Sequel,
)

ASCOF_2B1_MIN_AGE = 65

# ASCOF 2A (formerly 2D): the sequels that count, and the one that is not a
# good outcome (DOMAIN.md §5).
ASCOF_2A_SEQUELS = (
    Sequel.LONG_TERM_SUPPORT,
    Sequel.ONGOING_LOW_LEVEL,
    Sequel.SHORT_TERM_OTHER,
    Sequel.UNIVERSAL_SIGNPOSTED,
    Sequel.NO_IDENTIFIED_NEEDS,
)

# The outcome of a case in the ASCOF 2B(1) cohort on a given day.
OUTCOME_PENDING = "pending"  # day 91 not reached yet: reported, never guessed
OUTCOME_MISSING = "missing"  # day 91 passed, nothing recorded: denominator only


# --- Expressions -----------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (end − start), on PostgreSQL and SQLite."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expr) for expr in self.get_source_expressions())
        return f"({end[0]} - {start[0]})", (*end[1], *start[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expr) for expr in self.get_source_expressions())
        return (
            f"CAST(julianday({end[0]}) - julianday({start[0]}) AS INTEGER)",
            (*end[1], *start[1]),
        )


class Median(Aggregate):
    """PostgreSQL's continuous median; other databases use ``_median_by_offset``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _month_day(field_name: str):
    return ExtractMonth(field_name) * 100 + ExtractDay(field_name)


def age_on(day_field: str, birth_field: str):
    """Age in whole years on a day: the birthday counts from the day itself
    (someone born on 1 Oct 1959 is 65 on 1 Oct 2024)."""
    return ExpressionWrapper(
        ExtractYear(day_field)
        - ExtractYear(birth_field)
        - Case(
            When(LessThan(_month_day(day_field), _month_day(birth_field)), then=Value(1)),
            default=Value(0),
        ),
        output_field=IntegerField(),
    )


def overrun_q(today: dt.date) -> Q:
    """Still open on start + 42 days, or ended after the six-week end (DOMAIN.md §5)."""
    return Q(end_date__isnull=True, six_week_end__lt=today) | Q(
        end_date__isnull=False, end_date__gt=F("six_week_end")
    )


def _recorded_by(today: dt.date) -> Q:
    return ~Q(follow_up_status="") & Q(follow_up_recorded_on__lte=today)


def outcome_2b1(today: dt.date):
    """Where a hospital-discharge case stands for ASCOF 2B(1) on ``today``.

    died: a death by day 91, recorded at follow-up or on the person's record;
    pending: day 91 not reached; a recorded status (at_home, in_hospital,
    in_care_home, not_contactable); missing: day 91 passed with nothing recorded.
    Only what was known on ``today`` counts, so a past figure can be reproduced.
    """
    died_on_record = Q(
        person__date_of_death__isnull=False,
        person__date_of_death__lte=F("follow_up_due"),
    ) & Q(person__date_of_death__lte=today)
    died = died_on_record | (_recorded_by(today) & Q(follow_up_status=FollowUpStatus.DIED))
    return Case(
        When(follow_up_due__isnull=True, then=Value(None)),
        When(died, then=Value(FollowUpStatus.DIED.value)),
        When(follow_up_due__gt=today, then=Value(OUTCOME_PENDING)),
        When(_recorded_by(today), then=F("follow_up_status")),
        default=Value(OUTCOME_MISSING),
        output_field=CharField(),
    )


def follow_up_state(today: dt.date):
    """For the episode list: recorded, due (day 91 reached, nothing recorded),
    upcoming, or none (not a hospital discharge)."""
    return Case(
        When(follow_up_due__isnull=True, then=Value("none")),
        When(~Q(follow_up_status=""), then=Value("recorded")),
        When(follow_up_due__lte=today, then=Value("due")),
        default=Value("upcoming"),
        output_field=CharField(),
    )


def with_metric_fields(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Annotate what the metric cohorts filter on."""
    return queryset.annotate(
        age_at_discharge=age_on("hospital_discharge_date", "person__date_of_birth"),
        outcome_2b1=outcome_2b1(today),
    )


# --- Cohorts: one definition per figure ------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def financial_year(cls, year: int) -> Period:
        return cls(*financial_year_bounds(year))


def ascof_2b1_discharge_window(year: int) -> Period:
    """Discharges from 1 October to 31 December of financial year ``year``."""
    return Period(dt.date(year, 10, 1), dt.date(year, 12, 31))


COHORTS = {
    "ascof_2b1": "ASCOF 2B(1) cohort: aged 65 or over, discharged from hospital 1 October – "
    "31 December",
    "ascof_2b1_denominator": "ASCOF 2B(1) denominator: the cohort less pending cases",
    "ascof_2b1_at_home": "ASCOF 2B(1) numerator: at home on day 91",
    "ascof_2b1_not_at_home": "ASCOF 2B(1): died, in hospital, in a care home or not contactable",
    "ascof_2b1_pending": "ASCOF 2B(1): pending, day 91 not reached",
    "ascof_2b1_missing": "ASCOF 2B(1): day 91 passed with no follow-up recorded",
    "ascof_2a": "ASCOF 2A denominator: ended, not on long-term support at the start, "
    "with a sequel that counts",
    "ascof_2a_numerator": "ASCOF 2A numerator: no long-term support at the end",
    "started": "Episodes started in the year",
    "ended": "Episodes ended in the year",
    "completed_within_six_weeks": "Episodes ended in the year within six weeks",
    "hours_recorded": "Episodes ended in the year with hours recorded at start and end",
}


def cohort_q(cohort: str, year: int) -> Q:
    """The rows behind a figure for financial year ``year`` (on a queryset
    annotated by ``with_metric_fields``)."""
    fy = Period.financial_year(year)
    window = ascof_2b1_discharge_window(year)
    in_2b1 = Q(
        route=Route.HOSPITAL_DISCHARGE,
        hospital_discharge_date__gte=window.start,
        hospital_discharge_date__lte=window.end,
        age_at_discharge__gte=ASCOF_2B1_MIN_AGE,
    )
    ended = Q(end_date__gte=fy.start, end_date__lte=fy.end)
    in_2a = ended & Q(on_long_term_support=False, sequel__in=ASCOF_2A_SEQUELS)
    cohorts = {
        "ascof_2b1": in_2b1,
        "ascof_2b1_denominator": in_2b1 & ~Q(outcome_2b1=OUTCOME_PENDING),
        "ascof_2b1_at_home": in_2b1 & Q(outcome_2b1=FollowUpStatus.AT_HOME),
        "ascof_2b1_not_at_home": in_2b1
        & ~Q(outcome_2b1__in=(FollowUpStatus.AT_HOME, OUTCOME_PENDING)),
        "ascof_2b1_pending": in_2b1 & Q(outcome_2b1=OUTCOME_PENDING),
        "ascof_2b1_missing": in_2b1 & Q(outcome_2b1=OUTCOME_MISSING),
        "ascof_2a": in_2a,
        "ascof_2a_numerator": in_2a & ~Q(sequel=Sequel.LONG_TERM_SUPPORT),
        "started": Q(start_date__gte=fy.start, start_date__lte=fy.end),
        "ended": ended,
        "completed_within_six_weeks": ended & Q(end_date__lte=F("six_week_end")),
        "hours_recorded": ended & Q(hours_at_start__isnull=False, hours_at_end__isnull=False),
    }
    return cohorts[cohort]


# --- Services and capacity -------------------------------------------------------


def _count_subquery(queryset: QuerySet, group_by: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("id")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def services_with_occupancy() -> QuerySet[ReablementService]:
    """Each service with its open episodes, free places and waiting list (one query)."""
    open_episodes = Episode.objects.filter(service=OuterRef("pk"), end_date__isnull=True)
    waiting = Referral.objects.filter(service=OuterRef("pk"), status=ReferralStatus.WAITING)
    return (
        ReablementService.objects.select_related("provider", "alternative", "contract")
        .annotate(
            open_episodes=_count_subquery(open_episodes, "service"),
            waiting=_count_subquery(waiting, "service"),
        )
        .annotate(free_places=Greatest(F("capacity") - F("open_episodes"), Value(0)))
        .order_by("name")
    )


# --- Referrals -------------------------------------------------------------------


def referrals() -> QuerySet[Referral]:
    """Referrals with the person, services and episode, and each waiting
    referral's place in its service's queue (1 = next to be offered a place)."""
    ahead = Referral.objects.filter(
        service=OuterRef("service"), status=ReferralStatus.WAITING
    ).filter(
        Q(referral_date__lt=OuterRef("referral_date"))
        | Q(referral_date=OuterRef("referral_date"), id__lt=OuterRef("id"))
    )
    return Referral.objects.select_related(
        "person", "service", "service__alternative", "placed_with", "episode"
    ).annotate(
        queue_position=Case(
            When(status=ReferralStatus.WAITING, then=_count_subquery(ahead, "service") + 1),
            default=Value(None),
            output_field=IntegerField(),
        )
    )


# --- Episodes --------------------------------------------------------------------


def episodes(*, today: dt.date | None = None) -> QuerySet[Episode]:
    """Episodes for lists, detail and API: overrun, follow-up state, length and
    the metric fields the cohort filters need, all annotated by the database."""
    today = today or timezone.localdate()
    queryset = Episode.objects.select_related(
        "person", "service", "service__provider", "referral", "follow_up_recorded_by"
    ).annotate(
        overrun=ExpressionWrapper(overrun_q(today), output_field=BooleanField()),
        follow_up_state=follow_up_state(today),
        # Counting the start day, as the six weeks do.
        length_days=DaysBetween(F("end_date"), F("start_date")) + 1,
    )
    return with_metric_fields(queryset, today)


# --- Metrics ---------------------------------------------------------------------


def percentage(numerator, denominator) -> float | None:
    """100 × N / D rounded half up to one decimal place; None when D is 0."""
    if not denominator:
        return None
    value = Decimal(100) * Decimal(numerator) / Decimal(denominator)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Ascof2B1:
    numerator: int
    denominator: int
    percentage: float | None
    pending: int
    missing_follow_up: int
    cohort: int
    # Cases by outcome: at_home, in_hospital, in_care_home, died,
    # not_contactable, pending, missing.
    by_outcome: dict[str, int]


@dataclass(frozen=True)
class Ascof2A:
    numerator: int
    denominator: int
    percentage: float | None


@dataclass(frozen=True)
class CapacitySnapshot:
    """Open episodes at the end of a day, by service and in total."""

    on: dt.date
    by_service: list[dict]
    open: int
    capacity: int
    percentage: float | None


@dataclass(frozen=True)
class BenchmarkFigure:
    measure: str
    area: str
    financial_year: int
    label: str
    percentage: float
    source: str


@dataclass(frozen=True)
class ReablementMetrics:
    year: int
    label: str
    period: Period
    today: dt.date
    ascof_2b1: Ascof2B1
    short_term_outcome_2a: Ascof2A
    episodes_started: int
    episodes_ended: int
    completed_within_six_weeks: int
    completed_within_six_weeks_pct: float | None
    median_length_days: float | None
    hours_at_start: Decimal
    hours_at_end: Decimal
    hours_recorded_episodes: int
    hours_reduction_pct: float | None
    sequels: dict[str, int]
    capacity_use: list[CapacitySnapshot] = field(default_factory=list)
    benchmarks: list[BenchmarkFigure] = field(default_factory=list)


def default_metrics_year(today: dt.date | None = None) -> int:
    """The last complete financial year: its 2B(1) follow-ups are all due
    (31 December + 91 days is 1 April, the first day of the next year)."""
    return financial_year(today or timezone.localdate()) - 1


def metrics_years(today: dt.date | None = None) -> list[int]:
    """Financial years with episodes, newest first (for the year picker)."""
    today = today or timezone.localdate()
    first = Episode.objects.aggregate(first=Min("start_date"))["first"]
    current = financial_year(today)
    earliest = financial_year(first) if first else current
    return list(range(current, earliest - 1, -1))


def _ascof_2b1(year: int, today: dt.date) -> Ascof2B1:
    rows = (
        with_metric_fields(Episode.objects.all(), today)
        .filter(cohort_q("ascof_2b1", year))
        .values("outcome_2b1")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_outcome = dict.fromkeys((*FollowUpStatus.values, OUTCOME_PENDING, OUTCOME_MISSING), 0)
    by_outcome.update({row["outcome_2b1"]: row["n"] for row in rows})
    cohort = sum(by_outcome.values())
    pending = by_outcome[OUTCOME_PENDING]
    numerator = by_outcome[FollowUpStatus.AT_HOME]
    denominator = cohort - pending
    return Ascof2B1(
        numerator=numerator,
        denominator=denominator,
        percentage=percentage(numerator, denominator),
        pending=pending,
        missing_follow_up=by_outcome[OUTCOME_MISSING],
        cohort=cohort,
        by_outcome=by_outcome,
    )


def _median_by_offset(queryset: QuerySet, count: int) -> float | None:
    """The median length for databases without PERCENTILE_CONT (SQLite for
    ``make run``): the database sorts, and only the middle one or two rows
    are read."""
    if not count:
        return None
    middle = list(
        queryset.annotate(length=DaysBetween(F("end_date"), F("start_date")) + 1)
        .order_by("length")
        .values_list("length", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    return sum(middle) / len(middle)


def _activity(year: int) -> dict:
    fy = Period.financial_year(year)
    queryset = Episode.objects.filter(
        Q(start_date__gte=fy.start, start_date__lte=fy.end)
        | Q(end_date__gte=fy.start, end_date__lte=fy.end)
    )
    ended = cohort_q("ended", year)
    hours = cohort_q("hours_recorded", year)
    aggregates = {
        "started": Count("id", filter=cohort_q("started", year)),
        "ended": Count("id", filter=ended),
        "within_six_weeks": Count("id", filter=cohort_q("completed_within_six_weeks", year)),
        "ascof_2a_denominator": Count("id", filter=cohort_q("ascof_2a", year)),
        "ascof_2a_numerator": Count("id", filter=cohort_q("ascof_2a_numerator", year)),
        "hours_episodes": Count("id", filter=hours),
        "hours_start_total": Sum("hours_at_start", filter=hours),
        "hours_end_total": Sum("hours_at_end", filter=hours),
        **{
            f"sequel_{sequel}": Count("id", filter=ended & Q(sequel=sequel))
            for sequel in Sequel.values
        },
    }
    postgres = connection.vendor == "postgresql"
    if postgres:
        aggregates["median_length"] = Median(
            DaysBetween(F("end_date"), F("start_date")) + 1, filter=ended
        )
    figures = queryset.aggregate(**aggregates)
    if not postgres:
        figures["median_length"] = _median_by_offset(
            Episode.objects.filter(ended), figures["ended"]
        )
    return figures


def _snapshot_days(period: Period, today: dt.date) -> list[dt.date]:
    """The last day of each month of the period up to today, and today if the
    period is still running."""
    days = []
    month_end = period.start + relativedelta(day=31)
    while month_end <= min(period.end, today):
        days.append(month_end)
        month_end = (month_end + dt.timedelta(days=1)) + relativedelta(day=31)
    if period.start <= today < period.end and (not days or days[-1] != today):
        days.append(today)
    return days


def capacity_use(period: Period, today: dt.date) -> list[CapacitySnapshot]:
    """Open episodes against capacity at the end of each month (two queries).

    An episode occupies its place from its start day to its end day; the place
    is free at the end of the end day. Capacity is each service's capacity
    now: past capacities are in the service's history, not used here.
    """
    days = _snapshot_days(period, today)
    if not days:
        return []
    services = list(ReablementService.objects.order_by("name").values("id", "name", "capacity"))
    counts = {
        row["service_id"]: row
        for row in Episode.objects.filter(start_date__lte=days[-1])
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=days[0]))
        .values("service_id")
        .annotate(
            **{
                f"open_{index}": Count(
                    "id",
                    filter=Q(start_date__lte=day)
                    & (Q(end_date__isnull=True) | Q(end_date__gt=day)),
                )
                for index, day in enumerate(days)
            }
        )
        .order_by()
    }
    snapshots = []
    for index, day in enumerate(days):
        by_service = [
            {
                "service_id": service["id"],
                "service": service["name"],
                "capacity": service["capacity"],
                "open": counts.get(service["id"], {}).get(f"open_{index}", 0),
            }
            for service in services
        ]
        for row in by_service:
            row["percentage"] = percentage(row["open"], row["capacity"])
        total_open = sum(row["open"] for row in by_service)
        total_capacity = sum(row["capacity"] for row in by_service)
        snapshots.append(
            CapacitySnapshot(
                on=day,
                by_service=by_service,
                open=total_open,
                capacity=total_capacity,
                percentage=percentage(total_open, total_capacity),
            )
        )
    return snapshots


def benchmarks() -> list[BenchmarkFigure]:
    return [
        BenchmarkFigure(
            measure=row.measure,
            area=row.area,
            financial_year=row.financial_year,
            label=financial_year_label(row.financial_year),
            percentage=float(row.percentage),
            source=row.source,
        )
        for row in Benchmark.objects.order_by("measure", "-financial_year", "area")
    ]


def reablement_metrics(*, year: int, today: dt.date | None = None) -> ReablementMetrics:
    """Every reablement figure for financial year ``year`` (1 April – 31 March),
    as known on ``today``: ASCOF 2B(1) and 2A, activity, six-week completion,
    median length, hours reduction, capacity use and the benchmarks.

    Five queries whatever the number of episodes.
    """
    today = today or timezone.localdate()
    period = Period.financial_year(year)
    activity = _activity(year)
    hours_at_start = activity["hours_start_total"] or Decimal(0)
    hours_at_end = activity["hours_end_total"] or Decimal(0)
    median = activity["median_length"]
    return ReablementMetrics(
        year=year,
        label=financial_year_label(year),
        period=period,
        today=today,
        ascof_2b1=_ascof_2b1(year, today),
        short_term_outcome_2a=Ascof2A(
            numerator=activity["ascof_2a_numerator"],
            denominator=activity["ascof_2a_denominator"],
            percentage=percentage(activity["ascof_2a_numerator"], activity["ascof_2a_denominator"]),
        ),
        episodes_started=activity["started"],
        episodes_ended=activity["ended"],
        completed_within_six_weeks=activity["within_six_weeks"],
        completed_within_six_weeks_pct=percentage(activity["within_six_weeks"], activity["ended"]),
        median_length_days=None if median is None else round(float(median), 1),
        hours_at_start=hours_at_start,
        hours_at_end=hours_at_end,
        hours_recorded_episodes=activity["hours_episodes"],
        hours_reduction_pct=percentage(hours_at_start - hours_at_end, hours_at_start),
        sequels={sequel: activity[f"sequel_{sequel}"] for sequel in Sequel.values},
        capacity_use=capacity_use(period, today),
        benchmarks=benchmarks(),
    )
