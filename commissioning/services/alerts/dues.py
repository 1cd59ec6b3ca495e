"""What is due on a day: one finder per alert kind.

Each finder reads the stored fields of its area in one or two queries,
whatever the number of rows (never a query per row), and returns ``Due``
records: the subject, its due date and the stages at which it is alerted.
Which stage applies, and to whom, is decided in ``checks``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.functions import Lead as NextRow
from django.utils.formats import date_format

from commissioning.common.dates import months_after
from commissioning.common.terms import OptionStatus
from commissioning.models import (
    AlertKind,
    CarePackage,
    Contract,
    ContractStatus,
    ExtensionOption,
    PackageStatus,
)
from commissioning.models.alerts import ON_THE_DAY, Lead
from providers.models import RISK_RATINGS, Provider, ProviderRating, Rating
from reablement.models import Episode, ReablementService, Referral, ReferralStatus
from tenders.models import ProcurementStatus

# Contracts in force (a draft is not yet; expired and terminated ones are over).
LIVE = (ContractStatus.ACTIVE, ContractStatus.EXTENDED)
# Reablement is free for six weeks, 42 days counting the start day: an
# episode still open on start + 42 days has overrun (Care and Support
# (Charging and Assessment of Resources) Regulations 2014, reg. 3).
OVERRUN_AFTER_DAYS = 42
# Packages whose reviews are tracked (the care area's "in place").
PACKAGES_IN_PLACE = (PackageStatus.ACTIVE, PackageStatus.SUSPENDED)
# Better ratings rank higher; "not yet rated" is not on the scale.
RATING_RANK = {
    Rating.OUTSTANDING: 4,
    Rating.GOOD: 3,
    Rating.REQUIRES_IMPROVEMENT: 2,
    Rating.INADEQUATE: 1,
}


class LeadsFrom:
    """Stages taken from each recipient's own lead times (or the defaults)."""

    EXPIRY_MONTHS = "expiry_months"
    DECISION_DAYS = "decision_days"


@dataclass(frozen=True)
class Due:
    """Something about one record that is, or will be, due."""

    kind: str
    content_type_id: int
    object_id: int
    label: str
    due_date: dt.date
    # The alert's text for a stage.
    message: Callable[[Lead], str]
    # Fixed stages, or None when they come from the recipient (LeadsFrom).
    stages: tuple[Lead, ...] = ()
    leads_from: str | None = None
    # Something that has already fallen due is alerted late after missed
    # runs, but not once its stage is older than ALERTS_LATE_WINDOW_DAYS.
    late_window: bool = False
    # The responsible officers; the Commissioning officer group when none.
    officer_ids: tuple[int, ...] = ()
    # About a person's care: only for users who may see personal data.
    personal: bool = False
    tell_managers: bool = False


def long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _ct(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _ids(*values) -> tuple[int, ...]:
    return tuple(value for value in values if value is not None)


def _contract_label(row: dict, prefix: str = "") -> str:
    return f"{row[prefix + 'reference']} {row[prefix + 'title']}"


# --- Contracts ----------------------------------------------------------------


def contract_expiry(*, today: dt.date, most_months: int) -> list[Due]:
    """At 12, 6, 3 and 1 months (each user's own lead months) before the
    current end date, once no extension option is left."""
    rows = Contract.objects.filter(
        status__in=LIVE,
        current_end_date__gte=today,
        # With a month to spare: months_before() clips to the month's end.
        current_end_date__lte=months_after(today, most_months + 1),
        # No months left on any available option.
        final_end_date=F("current_end_date"),
    ).values("id", "reference", "title", "current_end_date", "responsible_officer_id")
    content_type = _ct(Contract)
    return [
        Due(
            kind=AlertKind.CONTRACT_EXPIRY,
            content_type_id=content_type,
            object_id=row["id"],
            label=_contract_label(row),
            due_date=row["current_end_date"],
            message=_expiry_message(row["current_end_date"]),
            leads_from=LeadsFrom.EXPIRY_MONTHS,
            officer_ids=_ids(row["responsible_officer_id"]),
        )
        for row in rows
    ]


def _expiry_message(end: dt.date) -> Callable[[Lead], str]:
    return lambda lead: (
        f"Ends on {long_date(end)} and no extension option is left. "
        "Plan what replaces it, or record a decision to let it end."
    )


def extension_decision_due(*, today: dt.date, most_days: int) -> list[Due]:
    """At 90, 60, 30 and 7 days (each user's own lead days) before the
    decision deadline of the next option (later options' deadlines assume
    the earlier ones are used in full, so only the next one is live)."""
    rows = ExtensionOption.objects.filter(
        status=OptionStatus.AVAILABLE,
        decision_deadline__gte=today,
        decision_deadline__lte=today + dt.timedelta(days=most_days),
        decision_deadline=F("contract__next_decision_deadline"),
        contract__status__in=LIVE,
    ).values(
        "contract_id",
        "sequence",
        "months",
        "months_used",
        "decision_deadline",
        "contract__reference",
        "contract__title",
        "contract__current_end_date",
        "contract__responsible_officer_id",
    )
    content_type = _ct(Contract)
    return [
        Due(
            kind=AlertKind.EXTENSION_DECISION_DUE,
            content_type_id=content_type,
            object_id=row["contract_id"],
            label=_contract_label(row, "contract__"),
            due_date=row["decision_deadline"],
            message=_decision_message(row),
            leads_from=LeadsFrom.DECISION_DAYS,
            officer_ids=_ids(row["contract__responsible_officer_id"]),
        )
        for row in rows
    ]


def _decision_message(row: dict) -> Callable[[Lead], str]:
    left = row["months"] - row["months_used"]
    starts = long_date(row["contract__current_end_date"] + dt.timedelta(days=1))
    return lambda lead: (
        f"Decide by {long_date(row['decision_deadline'])} whether to use option "
        f"{row['sequence']} (up to {left} months from {starts}) and tell the provider. "
        "If nothing is decided by then, the option lapses with any options after it."
    )


@dataclass(frozen=True)
class MissedDeadline:
    """The first option of a contract not exercised by its decision deadline,
    and the options after it: they lapse together (DOMAIN.md §1)."""

    contract_id: int
    label: str
    officer_id: int | None
    sequence: int
    deadline: dt.date
    later: tuple[int, ...]


OPTION_FIELDS = (
    "contract_id",
    "sequence",
    "decision_deadline",
    "contract__reference",
    "contract__title",
    "contract__responsible_officer_id",
)


def _first_missed(rows: Iterable[dict], today: dt.date) -> list[MissedDeadline]:
    by_contract: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_contract[row["contract_id"]].append(row)
    missed = []
    for options in by_contract.values():
        passed = [o for o in options if o["decision_deadline"] and o["decision_deadline"] < today]
        if not passed:
            continue
        first = min(passed, key=lambda option: option["sequence"])
        missed.append(
            MissedDeadline(
                contract_id=first["contract_id"],
                label=_contract_label(first, "contract__"),
                officer_id=first["contract__responsible_officer_id"],
                sequence=first["sequence"],
                deadline=first["decision_deadline"],
                later=tuple(o["sequence"] for o in options if o["sequence"] > first["sequence"]),
            )
        )
    return missed


def options_past_deadline(*, today: dt.date) -> list[MissedDeadline]:
    """Options still available whose decision deadline has passed: the ones
    the lapse step lapses, read before it clears their deadlines."""
    overdue = ExtensionOption.objects.filter(
        status=OptionStatus.AVAILABLE,
        decision_deadline__lt=today,
        contract__status__in=[*LIVE, ContractStatus.EXPIRED],
    ).values("contract_id")
    rows = (
        ExtensionOption.objects.filter(
            status=OptionStatus.AVAILABLE, contract_id__in=Subquery(overdue)
        )
        .order_by("contract_id", "sequence")
        .values(*OPTION_FIELDS)
    )
    return _first_missed(rows, today)


def options_lapsed(*, today: dt.date, lapsing: Iterable[MissedDeadline] = ()) -> list[Due]:
    """The day after an option's decision deadline passed without a decision,
    it lapses with the options after it: the officer and managers are told.

    From the options lapsing in this run (``lapsing``, read before the lapse
    step), and from options already ``lapsed`` that still show the deadline
    they missed."""
    window = settings.ALERTS_LATE_WINDOW_DAYS
    recently_lapsed = ExtensionOption.objects.filter(
        status=OptionStatus.LAPSED,
        decision_deadline__lt=today,
        decision_deadline__gte=today - dt.timedelta(days=window + 1),
    ).values("contract_id")
    rows = (
        ExtensionOption.objects.filter(
            status=OptionStatus.LAPSED, contract_id__in=Subquery(recently_lapsed)
        )
        .exclude(contract__status__in=[ContractStatus.DRAFT, ContractStatus.TERMINATED])
        .order_by("contract_id", "sequence")
        .values(*OPTION_FIELDS)
    )
    missed = {(m.contract_id, m.deadline): m for m in _first_missed(rows, today)}
    missed.update({(m.contract_id, m.deadline): m for m in lapsing})
    content_type = _ct(Contract)
    return [
        Due(
            kind=AlertKind.EXTENSION_DECISION_DUE,
            content_type_id=content_type,
            object_id=option.contract_id,
            label=option.label,
            due_date=option.deadline,
            message=_lapsed_message(option),
            stages=(Lead.days(1, after=True),),
            late_window=True,
            officer_ids=_ids(option.officer_id),
            tell_managers=True,
        )
        for option in missed.values()
    ]


def _lapsed_message(option: MissedDeadline) -> Callable[[Lead], str]:
    also = ""
    if option.later:
        numbers = ", ".join(str(sequence) for sequence in option.later)
        also = f" Option{'s' if len(option.later) > 1 else ''} {numbers} lapsed with it."
    return lambda lead: (
        f"Option {option.sequence} lapsed: it was not exercised by its decision deadline, "
        f"{long_date(option.deadline)}.{also} The contract ends on its current end date "
        "unless a waiver is agreed."
    )


def reprocurement_due(*, today: dt.date) -> list[Due]:
    """On the re-procurement start-by date, then monthly, until a replacement
    procurement is linked (a cancelled one does not count)."""
    repeat = settings.ALERTS_REPROCUREMENT_REPEAT_MONTHS
    rows = (
        Contract.objects.filter(
            status__in=LIVE,
            reprocurement_start_by__lte=today,
            current_end_date__gte=today,
        )
        .filter(
            Q(replacement_procurement__isnull=True)
            | Q(replacement_procurement__status=ProcurementStatus.CANCELLED)
        )
        .values(
            "id",
            "reference",
            "title",
            "reprocurement_start_by",
            "final_end_date",
            "responsible_officer_id",
        )
    )
    content_type = _ct(Contract)
    dues = []
    for row in rows:
        start_by = row["reprocurement_start_by"]
        months = _whole_months(start_by, today)
        months -= months % repeat
        stage = Lead.months(months, after=True) if months else ON_THE_DAY
        dues.append(
            Due(
                kind=AlertKind.REPROCUREMENT_DUE,
                content_type_id=content_type,
                object_id=row["id"],
                label=_contract_label(row),
                due_date=start_by,
                message=_reprocurement_message(row),
                stages=(stage,),
                officer_ids=_ids(row["responsible_officer_id"]),
            )
        )
    return dues


def _whole_months(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if months_after(start, months) > end:
        months -= 1
    return months


def _reprocurement_message(row: dict) -> Callable[[Lead], str]:
    start_by, final_end = long_date(row["reprocurement_start_by"]), long_date(row["final_end_date"])

    def message(lead: Lead) -> str:
        should = "should start" if lead.amount == 0 else "should have started"
        return (
            f"Re-procurement {should} by {start_by} to have a replacement in place when the "
            f"contract finally ends on {final_end}. No replacement procurement is linked yet: "
            "link it on the contract once it has started."
        )

    return message


# --- Care and reablement ------------------------------------------------------


def _episode_label(row: dict) -> str:
    return (
        f"Reablement episode {row['id']} at {row['service__name']}, "
        f"started {long_date(row['start_date'])}"
    )


EPISODE_FIELDS = ("id", "start_date", "service__name", "service__contract__responsible_officer_id")


def reablement_overrun(*, today: dt.date) -> list[Due]:
    """An episode still open on start + 42 days."""
    window = settings.ALERTS_LATE_WINDOW_DAYS
    latest_start = today - dt.timedelta(days=OVERRUN_AFTER_DAYS)
    rows = (
        Episode.objects.filter(
            start_date__lte=latest_start,
            start_date__gte=latest_start - dt.timedelta(days=window),
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .values(*EPISODE_FIELDS)
    )
    content_type = _ct(Episode)
    return [
        Due(
            kind=AlertKind.REABLEMENT_OVERRUN,
            content_type_id=content_type,
            object_id=row["id"],
            label=_episode_label(row),
            due_date=row["start_date"] + dt.timedelta(days=OVERRUN_AFTER_DAYS),
            message=_overrun_message(row["start_date"]),
            stages=(ON_THE_DAY,),
            late_window=True,
            officer_ids=_ids(row["service__contract__responsible_officer_id"]),
            personal=True,
        )
        for row in rows
    ]


def _overrun_message(start: dt.date) -> Callable[[Lead], str]:
    six_week_end = start + dt.timedelta(days=OVERRUN_AFTER_DAYS - 1)
    return lambda lead: (
        f"Still open after six weeks: the free six weeks ended on {long_date(six_week_end)}. "
        "Close the episode with its outcome, or record why it continues."
    )


def follow_up_due(*, today: dt.date) -> list[Due]:
    """The 91-day follow-up date arrives; overdue a week later if still unrecorded."""
    overdue_after = settings.ALERTS_FOLLOW_UP_OVERDUE_DAYS
    window = settings.ALERTS_LATE_WINDOW_DAYS
    rows = Episode.objects.filter(
        follow_up_due__lte=today,
        follow_up_due__gte=today - dt.timedelta(days=overdue_after + window),
        follow_up_status="",
    ).values(*EPISODE_FIELDS, "follow_up_due")
    content_type = _ct(Episode)
    return [
        Due(
            kind=AlertKind.FOLLOW_UP_DUE,
            content_type_id=content_type,
            object_id=row["id"],
            label=_episode_label(row),
            due_date=row["follow_up_due"],
            message=_follow_up_message(row["follow_up_due"]),
            stages=(ON_THE_DAY, Lead.days(overdue_after, after=True)),
            late_window=True,
            officer_ids=_ids(row["service__contract__responsible_officer_id"]),
            personal=True,
        )
        for row in rows
    ]


def _follow_up_message(due: dt.date) -> Callable[[Lead], str]:
    def message(lead: Lead) -> str:
        if lead.amount == 0:
            return (
                f"The 91-day follow-up after hospital discharge is due on {long_date(due)}: "
                "record where the person is living."
            )
        return (
            f"The 91-day follow-up was due on {long_date(due)} and is not recorded. Until it "
            "is, the case counts against ASCOF 2B(1) as a missing follow-up."
        )

    return message


def review_overdue(*, today: dt.date) -> list[Due]:
    """A package in place whose next review date has passed."""
    window = settings.ALERTS_LATE_WINDOW_DAYS
    rows = CarePackage.objects.filter(
        status__in=PACKAGES_IN_PLACE,
        next_review_due__lt=today,
        next_review_due__gte=today - dt.timedelta(days=window + 1),
    ).values(
        "id",
        "service_type",
        "start_date",
        "next_review_due",
        "provider__name",
        "contract__responsible_officer_id",
    )
    content_type = _ct(CarePackage)
    labels = dict(CarePackage._meta.get_field("service_type").choices)
    return [
        Due(
            kind=AlertKind.REVIEW_OVERDUE,
            content_type_id=content_type,
            object_id=row["id"],
            label=(
                f"Care package {row['id']}: {labels.get(row['service_type'], row['service_type'])}"
                f" with {row['provider__name'] or 'no provider yet'}"
            ),
            due_date=row["next_review_due"],
            message=_review_message(row["next_review_due"]),
            stages=(Lead.days(1, after=True),),
            late_window=True,
            officer_ids=_ids(row["contract__responsible_officer_id"]),
            personal=True,
        )
        for row in rows
    ]


def _review_message(due: dt.date) -> Callable[[Lead], str]:
    return lambda lead: (
        f"The package review was due on {long_date(due)}. Record the review, or arrange it."
    )


def capacity_full(*, today: dt.date) -> list[Due]:
    """A reablement service with every place taken and people waiting.

    Its due date is the day the person who has waited longest was referred,
    so a service stays one alert while the same queue waits."""
    open_episodes = (
        Episode.objects.filter(service=OuterRef("pk"), start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .order_by()
        .values("service")
        .annotate(count=Count("id"))
        .values("count")
    )
    waiting = (
        Referral.objects.filter(
            service=OuterRef("pk"), status=ReferralStatus.WAITING, referral_date__lte=today
        )
        .order_by()
        .values("service")
    )
    rows = (
        ReablementService.objects.annotate(
            open_count=Coalesce(Subquery(open_episodes), 0),
            waiting_count=Coalesce(Subquery(waiting.annotate(n=Count("id")).values("n")), 0),
            waiting_since=Subquery(waiting.annotate(first=Min("referral_date")).values("first")),
        )
        .filter(open_count__gte=F("capacity"), waiting_count__gt=0)
        .values(
            "id",
            "name",
            "capacity",
            "open_count",
            "waiting_count",
            "waiting_since",
            "contract__responsible_officer_id",
        )
    )
    content_type = _ct(ReablementService)
    return [
        Due(
            kind=AlertKind.CAPACITY_FULL,
            content_type_id=content_type,
            object_id=row["id"],
            label=row["name"],
            due_date=row["waiting_since"],
            message=_capacity_message(row),
            stages=(ON_THE_DAY,),
            officer_ids=_ids(row["contract__responsible_officer_id"]),
        )
        for row in rows
    ]


def _capacity_message(row: dict) -> Callable[[Lead], str]:
    people = "person is" if row["waiting_count"] == 1 else "people are"
    return lambda lead: (
        f"All {row['capacity']} places are taken ({row['open_count']} open episodes) and "
        f"{row['waiting_count']} {people} waiting, the longest since "
        f"{long_date(row['waiting_since'])}. Offer the alternative service or add capacity."
    )


# --- Providers ----------------------------------------------------------------


def rating_drop(*, today: dt.date) -> list[Due]:
    """A provider whose latest rating fell to requires improvement or
    inadequate from a better one (DOMAIN.md §3: a risk signal)."""
    order = [F("rated_on").desc(), F("id").desc()]
    rows = (
        ProviderRating.objects.filter(rated_on__lte=today, provider__archived_at__isnull=True)
        .exclude(rating=Rating.NOT_RATED)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("provider_id")], order_by=order),
            previous=Window(NextRow("rating"), partition_by=[F("provider_id")], order_by=order),
        )
        # Any other condition here would drop rows before the window sees them.
        .filter(position=1)
        .values("provider_id", "provider__name", "rating", "previous", "rated_on")
    )
    drops = [
        row
        for row in rows
        if row["rating"] in RISK_RATINGS
        and row["previous"] is not None
        and RATING_RANK[row["previous"]] > RATING_RANK[row["rating"]]
    ]
    officers = _officers_by_provider(row["provider_id"] for row in drops)
    content_type = _ct(Provider)
    return [
        Due(
            kind=AlertKind.RATING_DROP,
            content_type_id=content_type,
            object_id=row["provider_id"],
            label=row["provider__name"],
            due_date=row["rated_on"],
            message=_rating_message(row),
            stages=(ON_THE_DAY,),
            officer_ids=officers.get(row["provider_id"], ()),
        )
        for row in drops
    ]


def _officers_by_provider(provider_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """The responsible officers of each provider's contracts in force."""
    provider_ids = list(provider_ids)
    if not provider_ids:
        return {}
    officers: dict[int, set[int]] = defaultdict(set)
    rows = Contract.objects.filter(
        provider_id__in=provider_ids, status__in=LIVE, responsible_officer__isnull=False
    ).values_list("provider_id", "responsible_officer_id")
    for provider_id, officer_id in rows:
        officers[provider_id].add(officer_id)
    return {provider_id: tuple(sorted(ids)) for provider_id, ids in officers.items()}


def _rating_message(row: dict) -> Callable[[Lead], str]:
    before, after = Rating(row["previous"]).label, Rating(row["rating"]).label
    return lambda lead: (
        f"Rated {after} on {long_date(row['rated_on'])}, down from {before}. "
        "Check the inspection report and agree the provider's improvement plan."
    )
