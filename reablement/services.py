"""The verbs of reablement: placing referrals within fixed capacity, closing
episodes, recording 91-day follow-ups (DOMAIN.md §5).

Capacity is guarded by locking the service rows involved (``SELECT … FOR
UPDATE``, always in id order so two placements never deadlock): whoever holds
the lock counts the open episodes and takes a place, and a second officer
placing at the same moment waits, then counts again. No service ever holds more
open episodes than its capacity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

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

SIX_WEEKS_LESS_A_DAY = dt.timedelta(days=41)  # 42 days counting the start day
FOLLOW_UP_AFTER = dt.timedelta(days=91)


def six_week_end(start: dt.date) -> dt.date:
    """Reablement is free for six weeks (Care and Support (Charging and
    Assessment of Resources) Regulations 2014, reg. 3): 42 days counting the
    start day, so the six weeks end on start + 41 days."""
    return start + SIX_WEEKS_LESS_A_DAY


def follow_up_due(hospital_discharge_date: dt.date | None) -> dt.date | None:
    """ASCOF 2B(1) asks where the person is on day 91 after hospital discharge."""
    if hospital_discharge_date is None:
        return None
    return hospital_discharge_date + FOLLOW_UP_AFTER


def _date(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


# --- Services ------------------------------------------------------------------


@transaction.atomic
def service_create(
    *,
    name: str,
    provider,
    capacity: int,
    area: str = "",
    alternative: ReablementService | None = None,
    contract=None,
    is_pilot: bool = False,
) -> ReablementService:
    service = ReablementService(
        name=name,
        provider=provider,
        capacity=capacity,
        area=area,
        alternative=alternative,
        contract=contract,
        is_pilot=is_pilot,
    )
    service.full_clean()
    service.save()
    return service


SERVICE_FIELDS = ("name", "provider", "contract", "capacity", "area", "alternative", "is_pilot")


@transaction.atomic
def service_update(
    *, service: ReablementService, today: dt.date | None = None, **changes
) -> ReablementService:
    """Change a service; places freed by a larger capacity go to the waiting list."""
    unknown = set(changes) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a service.")
    (service,) = _lock_services([service.pk])
    for field, value in changes.items():
        setattr(service, field, value)
    service.full_clean()
    service.save()
    _offer_free_places(service, today=today or timezone.localdate())
    return service


# --- Referrals and placement -----------------------------------------------------


# Why a referral went where it did, in the officer's words (kept on the referral).
def note_accepted(asked: ReablementService, open_now: int, start: dt.date) -> str:
    return (
        f"{asked} had room ({asked.capacity - open_now} of {asked.capacity} places free), "
        f"so it accepted the referral. The episode starts on {_date(start)}."
    )


def note_redirected(
    asked: ReablementService, alternative: ReablementService, open_there: int, start: dt.date
) -> str:
    return (
        f"{asked} was full (all {asked.capacity} places taken), so the referral went to its "
        f"alternative, {alternative}, which had room ({alternative.capacity - open_there} of "
        f"{alternative.capacity} places free). The episode starts on {_date(start)}."
    )


def note_waiting(asked: ReablementService, alternative: ReablementService | None) -> str:
    if alternative is None:
        why = f"{asked} was full (all {asked.capacity} places taken) and has no alternative"
    else:
        why = (
            f"{asked} was full (all {asked.capacity} places taken) and so was its "
            f"alternative, {alternative} (all {alternative.capacity} places taken)"
        )
    return (
        f"{why}, so the referral is waiting. It will be offered the next place that "
        "becomes free, in the order referrals were made."
    )


def note_offered(
    service: ReablementService, own_service: bool, today: dt.date, start: dt.date
) -> str:
    return (
        f"\n\nOn {_date(today)} a place became free at {service}"
        f"{'' if own_service else ' (the alternative service)'}"
        " and was offered to this referral, first in the waiting list. "
        f"The episode starts on {_date(start)}."
    )


def _lock_services(ids: Iterable[int]) -> list[ReablementService]:
    """Lock service rows in id order (the same order everywhere: no deadlocks)."""
    return list(ReablementService.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _open_episodes(service_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Episode.objects.filter(service_id__in=list(service_ids), end_date__isnull=True)
        .values("service_id")
        .annotate(open=Count("id"))
        .values_list("service_id", "open")
    )
    counts = dict.fromkeys(service_ids, 0)
    counts.update(rows)
    return counts


def _waiting(service: ReablementService):
    """The service's own waiting list, first referred first."""
    return (
        Referral.objects.select_for_update()
        .filter(service=service, status=ReferralStatus.WAITING)
        .order_by("referral_date", "id")
    )


def _start_episode(referral: Referral, service: ReablementService, start: dt.date) -> Episode:
    episode = Episode(
        person_id=referral.person_id,
        service=service,
        referral=referral,
        route=referral.route,
        hospital_discharge_date=referral.hospital_discharge_date,
        on_long_term_support=referral.on_long_term_support,
        start_date=start,
        planned_end_date=six_week_end(start),
        six_week_end=six_week_end(start),
        follow_up_due=follow_up_due(referral.hospital_discharge_date),
    )
    episode.save()
    return episode


def _validate_referral(referral: Referral, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if referral.referral_date > today:
        errors.setdefault("referral_date", []).append(
            "The referral date cannot be in the future. Enter today's date or an earlier one."
        )
    if referral.route == Route.HOSPITAL_DISCHARGE:
        discharge = referral.hospital_discharge_date
        if discharge is None:
            errors.setdefault("hospital_discharge_date", []).append(
                "Enter the date the person left hospital: the 91-day follow-up is counted from it."
            )
        elif discharge > referral.referral_date:
            errors.setdefault("hospital_discharge_date", []).append(
                "The hospital discharge date must be on or before the referral date: "
                "reablement starts on the referral date, once the person is home."
            )
    elif referral.hospital_discharge_date is not None:
        errors.setdefault("hospital_discharge_date", []).append(
            "Only a hospital discharge has a discharge date. "
            "Choose the hospital discharge route or leave the date empty."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def referral_place(
    *,
    person,
    service: ReablementService,
    referral_date: dt.date,
    route: str,
    hospital_discharge_date: dt.date | None = None,
    hospital: str = "",
    on_long_term_support: bool = False,
    today: dt.date | None = None,
) -> Referral:
    """Record a referral and place it (DOMAIN.md §5, seed 002).

    Accepted by the service asked for when it has room; otherwise redirected to
    its alternative when that has room; otherwise waiting, in referral-date
    order. A placed referral starts its episode on the referral date.
    """
    today = today or timezone.localdate()
    referral = Referral(
        person=person,
        service=service,
        referral_date=referral_date,
        route=route,
        hospital_discharge_date=hospital_discharge_date,
        hospital=hospital,
        on_long_term_support=on_long_term_support,
        status=ReferralStatus.WAITING,
    )
    _validate_referral(referral, today)

    while True:
        # The alternative may change while we wait for the lock: lock again if so.
        ids = {service.pk, service.alternative_id} - {None}
        locked = {row.pk: row for row in _lock_services(ids)}
        asked = locked[service.pk]
        if asked.alternative_id is None or asked.alternative_id in locked:
            break
        service = asked
    alternative = locked.get(asked.alternative_id)

    # Anyone already waiting comes first (a place may have been freed by a
    # change made outside the services, such as a capacity raised in the admin).
    for row in locked.values():
        _offer_free_places(row, today=today)

    open_counts = _open_episodes(locked)
    referral.service = asked
    if open_counts[asked.pk] < asked.capacity:
        referral.status = ReferralStatus.ACCEPTED
        referral.placed_with = asked
        referral.placement_note = note_accepted(asked, open_counts[asked.pk], referral_date)
    elif alternative is not None and open_counts[alternative.pk] < alternative.capacity:
        referral.status = ReferralStatus.REDIRECTED
        referral.placed_with = alternative
        referral.placement_note = note_redirected(
            asked, alternative, open_counts[alternative.pk], referral_date
        )
    else:
        referral.status = ReferralStatus.WAITING
        referral.placement_note = note_waiting(asked, alternative)
    referral.save()
    if referral.placed_with is not None:
        _start_episode(referral, referral.placed_with, referral_date)
    return referral


def _offer_free_places(service: ReablementService, *, today: dt.date) -> list[Referral]:
    """Give the free places of a locked service to those waiting for it.

    The service's own waiting list comes first, then referrals waiting for a
    full service that has this one as its alternative, each in the order
    they were referred. The episode starts on the day the place is offered.
    The waiting referrals are locked too: two services freeing places at once
    never offer both places to the same referral.
    """
    free = service.capacity - _open_episodes([service.pk])[service.pk]
    if free <= 0:
        return []
    own = list(_waiting(service)[:free])
    overflow = []
    if len(own) < free:
        overflow = list(
            Referral.objects.select_for_update(of=("self",))
            .filter(service__alternative=service, status=ReferralStatus.WAITING)
            .order_by("referral_date", "id")[: free - len(own)]
        )
    offered = []
    for referral in [*own, *overflow]:
        start = max(today, referral.referral_date)
        own_service = referral.service_id == service.pk
        referral.status = ReferralStatus.ACCEPTED if own_service else ReferralStatus.REDIRECTED
        referral.placed_with = service
        referral.placement_note += note_offered(service, own_service, today, start)
        referral.save(update_fields=["status", "placed_with", "placement_note"])
        _start_episode(referral, service, start)
        offered.append(referral)
    return offered


# --- Episodes ------------------------------------------------------------------


@transaction.atomic
def episode_update_plan(
    *,
    episode: Episode,
    planned_end_date: dt.date | None,
    goals: str,
    hours_at_start: Decimal | None,
) -> Episode:
    errors = {}
    if planned_end_date is not None and planned_end_date < episode.start_date:
        errors["planned_end_date"] = (
            f"The planned end must be on or after the start, {_date(episode.start_date)}."
        )
    if hours_at_start is not None and hours_at_start < 0:
        errors["hours_at_start"] = "Enter the hours of care a week as 0 or more."
    if errors:
        raise ValidationError(errors)
    episode.planned_end_date = planned_end_date
    episode.goals = goals
    episode.hours_at_start = hours_at_start
    episode.save(update_fields=["planned_end_date", "goals", "hours_at_start"])
    return episode


@transaction.atomic
def episode_close(
    *,
    episode: Episode,
    end_date: dt.date,
    sequel: str,
    hours_at_end: Decimal | None = None,
    today: dt.date | None = None,
) -> Episode:
    """End an episode with what happened next (SALT STS002a sequel); the place
    it frees goes to the first referral waiting for it."""
    today = today or timezone.localdate()
    (service,) = _lock_services([episode.service_id])
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.end_date is not None:
        raise ValidationError(
            f"This episode already ended on {_date(episode.end_date)}. "
            "Refresh the page to see its outcome."
        )
    errors = {}
    if end_date < episode.start_date:
        errors["end_date"] = (
            f"The end date must be on or after the start, {_date(episode.start_date)}."
        )
    elif end_date > today:
        errors["end_date"] = "The end date cannot be in the future. Close the episode on the day."
    if sequel not in Sequel.values:
        errors["sequel"] = "Choose what happened at the end of the episode."
    if hours_at_end is not None and hours_at_end < 0:
        errors["hours_at_end"] = "Enter the hours of care a week as 0 or more."
    if errors:
        raise ValidationError(errors)
    episode.end_date = end_date
    episode.sequel = sequel
    episode.hours_at_end = hours_at_end
    episode.save(update_fields=["end_date", "sequel", "hours_at_end"])
    _offer_free_places(service, today=today)
    return episode


@transaction.atomic
def episode_record_follow_up(
    *,
    episode: Episode,
    status: str,
    recorded_on: dt.date,
    recorded_by,
    today: dt.date | None = None,
) -> Episode:
    """Record where the person was on day 91 after hospital discharge (ASCOF 2B(1)).

    The status is about day 91, so it is recorded on or after that day; only a
    death may be recorded earlier, since it settles the outcome.
    """
    today = today or timezone.localdate()
    episode = Episode.objects.select_for_update().select_related("person").get(pk=episode.pk)
    if episode.follow_up_due is None:
        raise ValidationError(
            "Only people discharged from hospital into reablement have a 91-day follow-up."
        )
    errors = {}
    if status not in FollowUpStatus.values:
        errors["status"] = "Choose where the person was on day 91."
    if recorded_on > today:
        errors["recorded_on"] = "The follow-up date cannot be in the future."
    elif recorded_on < episode.follow_up_due and status != FollowUpStatus.DIED:
        errors["recorded_on"] = (
            f"The follow-up is due on {_date(episode.follow_up_due)} (day 91 after discharge). "
            "Record where the person is on or after that day; only a death can be recorded "
            "earlier."
        )
    elif recorded_on < episode.hospital_discharge_date:
        errors["recorded_on"] = (
            f"The follow-up date must be on or after the hospital discharge, "
            f"{_date(episode.hospital_discharge_date)}."
        )
    died_on = episode.person.date_of_death
    if (
        "status" not in errors
        and status != FollowUpStatus.DIED
        and died_on is not None
        and died_on <= episode.follow_up_due
    ):
        errors["status"] = (
            f"The person's record says they died on {_date(died_on)}, before day 91. "
            "Record the follow-up as died, or correct the person's record first."
        )
    if errors:
        raise ValidationError(errors)
    episode.follow_up_status = status
    episode.follow_up_recorded_on = recorded_on
    episode.follow_up_recorded_by = recorded_by
    episode.save(
        update_fields=["follow_up_status", "follow_up_recorded_on", "follow_up_recorded_by"]
    )
    return episode


# --- Reference data ------------------------------------------------------------


@transaction.atomic
def benchmark_create(
    *, measure: str, area: str, financial_year: int, percentage: Decimal, source: str = ""
) -> Benchmark:
    benchmark = Benchmark(
        measure=measure,
        area=area,
        financial_year=financial_year,
        percentage=percentage,
        source=source,
    )
    benchmark.full_clean()
    benchmark.save()
    return benchmark
