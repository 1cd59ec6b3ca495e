"""Placement within fixed capacity, overflow, the waiting list, closing
episodes and 91-day follow-ups (DOMAIN.md §5, seed 002)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.testing.factories import PersonFactory, UserFactory
from reablement import services
from reablement.models import Episode, FollowUpStatus, ReferralStatus, Route, Sequel
from reablement.selectors import referrals
from reablement.tests.factories import EpisodeFactory, ServiceFactory, discharged_episode

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2025, 1, 20)


def refer(service, day=TODAY, route=Route.COMMUNITY, **kwargs):
    return services.referral_place(
        person=kwargs.pop("person", None) or PersonFactory(),
        service=service,
        referral_date=day,
        route=route,
        today=kwargs.pop("today", TODAY),
        **kwargs,
    )


def fill(service, places=None):
    """Open episodes taking ``places`` (default: all) of the service's places."""
    return [
        EpisodeFactory(service=service, start_date=D(2025, 1, 2))
        for _ in range(service.capacity if places is None else places)
    ]


def queue_position(referral):
    return referrals().get(pk=referral.pk).queue_position


def test_six_week_end_is_start_plus_41_days():
    # 42 days counting the start day: 1 Oct 2024 + 41 days = 11 Nov 2024.
    assert services.six_week_end(D(2024, 10, 1)) == D(2024, 11, 11)


def test_follow_up_is_due_91_days_after_hospital_discharge():
    # 1 Oct + 31 (Oct) + 30 (Nov) + 30 = 31 Dec 2024.
    assert services.follow_up_due(D(2024, 10, 1)) == D(2024, 12, 31)
    # 31 Dec 2024 + 31 + 28 + 31 = 1 Apr 2025 (day 91 of the last 2B(1) discharges).
    assert services.follow_up_due(D(2024, 12, 31)) == D(2025, 4, 1)
    assert services.follow_up_due(None) is None


def test_referral_to_a_service_with_room_is_accepted_and_starts_its_episode():
    service = ServiceFactory(capacity=3)
    fill(service, 2)
    referral = refer(
        service,
        day=D(2025, 1, 15),
        route=Route.HOSPITAL_DISCHARGE,
        hospital_discharge_date=D(2025, 1, 14),
        hospital="Eastshire Royal Infirmary",
    )
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.placed_with == service
    episode = referral.episode
    assert episode.service == service
    assert episode.start_date == D(2025, 1, 15)
    assert episode.six_week_end == D(2025, 2, 25)  # 15 Jan + 41 days
    assert episode.follow_up_due == D(2025, 4, 15)  # 14 Jan + 91 days
    assert episode.route == Route.HOSPITAL_DISCHARGE
    assert "had room (1 of 3 places free)" in referral.placement_note


def test_referral_to_a_full_service_is_redirected_to_its_alternative_with_room():
    alternative = ServiceFactory(name="Integrated Discharge Service", capacity=2)
    service = ServiceFactory(capacity=2, alternative=alternative)
    fill(service)
    fill(alternative, 1)
    referral = refer(service)
    assert referral.status == ReferralStatus.REDIRECTED
    assert referral.service == service
    assert referral.placed_with == alternative
    assert referral.episode.service == alternative
    assert "was full (all 2 places taken)" in referral.placement_note
    assert "Integrated Discharge Service, which had room" in referral.placement_note


def test_referral_waits_when_the_service_and_its_alternative_are_full():
    alternative = ServiceFactory(capacity=1)
    service = ServiceFactory(capacity=2, alternative=alternative)
    fill(service)
    fill(alternative)
    first = refer(service, day=D(2025, 1, 10))
    second = refer(service, day=D(2025, 1, 12))
    # Referred earlier but recorded later: still ahead in the queue.
    earlier = refer(service, day=D(2025, 1, 9))
    for referral in (first, second, earlier):
        assert referral.status == ReferralStatus.WAITING
        assert referral.placed_with is None
        assert not Episode.objects.filter(referral=referral).exists()
    assert [queue_position(r) for r in (earlier, first, second)] == [1, 2, 3]
    assert Episode.objects.filter(service=service, end_date__isnull=True).count() == 2
    assert Episode.objects.filter(service=alternative, end_date__isnull=True).count() == 1


def test_referral_waits_when_a_full_service_has_no_alternative():
    service = ServiceFactory(capacity=1)
    fill(service)
    referral = refer(service)
    assert referral.status == ReferralStatus.WAITING
    assert "has no alternative" in referral.placement_note


def test_closing_an_episode_offers_the_place_to_the_first_waiting_referral():
    service = ServiceFactory(capacity=1)
    (episode,) = fill(service)
    later = refer(service, day=D(2025, 1, 11))
    first = refer(service, day=D(2025, 1, 10))

    services.episode_close(
        episode=episode,
        end_date=D(2025, 1, 19),
        sequel=Sequel.NO_IDENTIFIED_NEEDS,
        hours_at_end=Decimal("0"),
        today=TODAY,
    )

    first.refresh_from_db()
    later.refresh_from_db()
    assert first.status == ReferralStatus.ACCEPTED
    assert first.placed_with == service
    # The place is offered when the close is recorded: the episode starts that day.
    assert first.episode.start_date == TODAY
    assert first.episode.six_week_end == D(2025, 3, 2)  # 20 Jan + 41 days
    assert "a place became free" in first.placement_note
    assert later.status == ReferralStatus.WAITING
    assert queue_position(later) == 1
    assert Episode.objects.filter(service=service, end_date__isnull=True).count() == 1


def test_a_freed_place_goes_to_the_services_own_queue_before_overflow():
    shared = ServiceFactory(name="Integrated Discharge Service", capacity=1)
    (shared_episode,) = fill(shared)
    other = ServiceFactory(capacity=1, alternative=shared)
    fill(other)
    # Waiting for the full "other", whose alternative is the shared service.
    overflow = refer(other, day=D(2025, 1, 5))
    own = refer(shared, day=D(2025, 1, 8))
    assert overflow.status == own.status == ReferralStatus.WAITING

    services.episode_close(
        episode=shared_episode, end_date=TODAY, sequel=Sequel.DECLINED, today=TODAY
    )

    own.refresh_from_db()
    overflow.refresh_from_db()
    assert own.status == ReferralStatus.ACCEPTED
    assert overflow.status == ReferralStatus.WAITING


def test_a_freed_place_goes_to_overflow_when_the_service_has_no_queue():
    shared = ServiceFactory(capacity=1)
    (shared_episode,) = fill(shared)
    other = ServiceFactory(capacity=1, alternative=shared)
    fill(other)
    overflow = refer(other, day=D(2025, 1, 5))

    services.episode_close(
        episode=shared_episode, end_date=TODAY, sequel=Sequel.DECLINED, today=TODAY
    )

    overflow.refresh_from_db()
    assert overflow.status == ReferralStatus.REDIRECTED
    assert overflow.placed_with == shared
    assert overflow.episode.service == shared
    assert "(the alternative service)" in overflow.placement_note


def test_raising_capacity_offers_the_new_places_to_those_waiting():
    service = ServiceFactory(capacity=1)
    fill(service)
    waiting = [refer(service, day=D(2025, 1, day)) for day in (3, 4, 5)]

    services.service_update(service=service, capacity=3, today=TODAY)

    statuses = [r.status for r in waiting]
    for referral in waiting:
        referral.refresh_from_db()
    assert statuses == [ReferralStatus.WAITING] * 3
    assert [r.status for r in waiting] == [
        ReferralStatus.ACCEPTED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.WAITING,
    ]
    assert Episode.objects.filter(service=service, end_date__isnull=True).count() == 3


def test_a_service_is_never_filled_beyond_capacity_by_a_run_of_referrals():
    alternative = ServiceFactory(capacity=2)
    service = ServiceFactory(capacity=3, alternative=alternative)
    placed = [refer(service).status for _ in range(7)]
    assert (
        placed
        == [ReferralStatus.ACCEPTED] * 3
        + [ReferralStatus.REDIRECTED] * 2
        + [ReferralStatus.WAITING] * 2
    )
    assert Episode.objects.filter(service=service, end_date__isnull=True).count() == 3
    assert Episode.objects.filter(service=alternative, end_date__isnull=True).count() == 2


def test_hospital_discharge_needs_its_discharge_date():
    with pytest.raises(ValidationError) as refused:
        refer(ServiceFactory(), route=Route.HOSPITAL_DISCHARGE)
    assert "Enter the date the person left hospital" in str(
        refused.value.message_dict["hospital_discharge_date"]
    )


def test_discharge_date_after_the_referral_is_refused():
    with pytest.raises(ValidationError) as refused:
        refer(
            ServiceFactory(),
            day=D(2025, 1, 10),
            route=Route.HOSPITAL_DISCHARGE,
            hospital_discharge_date=D(2025, 1, 11),
        )
    assert "on or before the referral date" in str(refused.value)


def test_only_a_hospital_discharge_has_a_discharge_date():
    with pytest.raises(ValidationError) as refused:
        refer(ServiceFactory(), hospital_discharge_date=D(2025, 1, 11))
    assert "Only a hospital discharge has a discharge date" in str(refused.value)


def test_referral_in_the_future_is_refused():
    with pytest.raises(ValidationError) as refused:
        refer(ServiceFactory(), day=TODAY + dt.timedelta(days=1))
    assert "cannot be in the future" in str(refused.value)


def test_close_records_the_sequel_and_hours():
    episode = EpisodeFactory(start_date=D(2025, 1, 2), hours_at_start=Decimal("10.5"))
    services.episode_close(
        episode=episode,
        end_date=D(2025, 1, 20),
        sequel=Sequel.ONGOING_LOW_LEVEL,
        hours_at_end=Decimal("2"),
        today=TODAY,
    )
    episode.refresh_from_db()
    assert (episode.end_date, episode.sequel, episode.hours_at_end) == (
        D(2025, 1, 20),
        Sequel.ONGOING_LOW_LEVEL,
        Decimal("2.00"),
    )


def test_close_before_the_start_is_refused():
    episode = EpisodeFactory(start_date=D(2025, 1, 2))
    with pytest.raises(ValidationError) as refused:
        services.episode_close(
            episode=episode, end_date=D(2025, 1, 1), sequel=Sequel.DECLINED, today=TODAY
        )
    assert "on or after the start, 2 January 2025" in str(refused.value.message_dict["end_date"])


def test_closing_twice_is_refused():
    episode = EpisodeFactory(start_date=D(2025, 1, 2))
    services.episode_close(episode=episode, end_date=TODAY, sequel=Sequel.DECLINED, today=TODAY)
    with pytest.raises(ValidationError, match="already ended on 20 January 2025"):
        services.episode_close(episode=episode, end_date=TODAY, sequel=Sequel.DECLINED, today=TODAY)


def test_close_without_a_sequel_is_refused():
    episode = EpisodeFactory(start_date=D(2025, 1, 2))
    with pytest.raises(ValidationError) as refused:
        services.episode_close(episode=episode, end_date=TODAY, sequel="", today=TODAY)
    assert "sequel" in refused.value.message_dict


def test_follow_up_is_recorded_with_the_date_and_who():
    officer = UserFactory()
    episode = discharged_episode(D(2024, 10, 1))
    services.episode_record_follow_up(
        episode=episode,
        status=FollowUpStatus.AT_HOME,
        recorded_on=D(2024, 12, 31),
        recorded_by=officer,
        today=TODAY,
    )
    episode.refresh_from_db()
    assert episode.follow_up_status == FollowUpStatus.AT_HOME
    assert episode.follow_up_recorded_on == D(2024, 12, 31)
    assert episode.follow_up_recorded_by == officer


def test_follow_up_before_day_91_is_refused_unless_the_person_died():
    episode = discharged_episode(D(2024, 10, 1))  # due 31 Dec 2024
    with pytest.raises(ValidationError) as refused:
        services.episode_record_follow_up(
            episode=episode,
            status=FollowUpStatus.AT_HOME,
            recorded_on=D(2024, 12, 30),
            recorded_by=UserFactory(),
            today=TODAY,
        )
    assert "due on 31 December 2024" in str(refused.value.message_dict["recorded_on"])
    services.episode_record_follow_up(
        episode=episode,
        status=FollowUpStatus.DIED,
        recorded_on=D(2024, 11, 2),
        recorded_by=UserFactory(),
        today=TODAY,
    )
    episode.refresh_from_db()
    assert episode.follow_up_status == FollowUpStatus.DIED


def test_follow_up_is_only_for_hospital_discharges():
    episode = EpisodeFactory(route=Route.COMMUNITY)
    with pytest.raises(ValidationError, match="Only people discharged from hospital"):
        services.episode_record_follow_up(
            episode=episode,
            status=FollowUpStatus.AT_HOME,
            recorded_on=TODAY,
            recorded_by=UserFactory(),
            today=TODAY,
        )


def test_follow_up_at_home_for_someone_recorded_as_dead_before_day_91_is_refused():
    episode = discharged_episode(
        D(2024, 10, 1), person=PersonFactory(date_of_death=D(2024, 11, 20))
    )
    with pytest.raises(ValidationError) as refused:
        services.episode_record_follow_up(
            episode=episode,
            status=FollowUpStatus.AT_HOME,
            recorded_on=D(2024, 12, 31),
            recorded_by=UserFactory(),
            today=TODAY,
        )
    assert "died on 20 November 2024" in str(refused.value.message_dict["status"])


def test_follow_up_in_the_future_is_refused():
    episode = discharged_episode(D(2024, 10, 1))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.episode_record_follow_up(
            episode=episode,
            status=FollowUpStatus.AT_HOME,
            recorded_on=TODAY + dt.timedelta(days=1),
            recorded_by=UserFactory(),
            today=TODAY,
        )


def test_plan_update_refuses_a_planned_end_before_the_start():
    episode = EpisodeFactory(start_date=D(2025, 1, 2))
    with pytest.raises(ValidationError) as refused:
        services.episode_update_plan(
            episode=episode,
            planned_end_date=D(2025, 1, 1),
            goals="Make breakfast safely",
            hours_at_start=Decimal("7"),
        )
    assert "planned_end_date" in refused.value.message_dict


def test_a_service_cannot_be_its_own_alternative():
    service = ServiceFactory()
    with pytest.raises(ValidationError) as refused:
        services.service_update(service=service, alternative=service, today=TODAY)
    assert "not this one" in str(refused.value.message_dict["alternative"])
