"""Rules the database itself holds, whatever writes the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from reablement.models import Benchmark, FollowUpStatus, ReferralStatus, Route, Sequel
from reablement.tests.factories import (
    EpisodeFactory,
    ReferralFactory,
    ServiceFactory,
    discharged_episode,
)

pytestmark = pytest.mark.django_db

D = dt.date


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_service_has_at_least_one_place():
    refused(lambda: ServiceFactory(capacity=0))


def test_a_service_is_not_its_own_alternative():
    service = ServiceFactory()
    service.alternative_id = service.pk
    refused(service.save)


def test_referral_status_matches_where_it_was_placed():
    service, other = ServiceFactory(), ServiceFactory()
    refused(
        lambda: ReferralFactory(service=service, status=ReferralStatus.ACCEPTED, placed_with=other)
    )
    refused(lambda: ReferralFactory(service=service, status=ReferralStatus.REDIRECTED))
    refused(lambda: ReferralFactory(service=service, status=ReferralStatus.WAITING))
    assert ReferralFactory(service=service, status=ReferralStatus.REDIRECTED, placed_with=other)


def test_only_a_hospital_discharge_has_a_discharge_date():
    refused(lambda: ReferralFactory(route=Route.HOSPITAL_DISCHARGE, hospital_discharge_date=None))
    refused(lambda: ReferralFactory(route=Route.COMMUNITY, hospital_discharge_date=D(2024, 10, 1)))


def test_a_referral_is_not_made_before_the_discharge():
    refused(
        lambda: ReferralFactory(
            route=Route.HOSPITAL_DISCHARGE,
            referral_date=D(2024, 10, 1),
            hospital_discharge_date=D(2024, 10, 2),
        )
    )


def test_an_ended_episode_has_a_sequel_and_an_open_one_has_none():
    refused(lambda: EpisodeFactory(start_date=D(2024, 10, 1), end_date=D(2024, 10, 20)))
    refused(lambda: EpisodeFactory(start_date=D(2024, 10, 1), sequel=Sequel.DECLINED))
    refused(lambda: EpisodeFactory(start_date=D(2024, 10, 1), hours_at_end=Decimal("2")))


def test_an_episode_does_not_end_before_it_starts():
    refused(
        lambda: EpisodeFactory(
            start_date=D(2024, 10, 2), end_date=D(2024, 10, 1), sequel=Sequel.DECLINED
        )
    )


def test_hours_are_not_negative():
    refused(lambda: EpisodeFactory(hours_at_start=Decimal("-1")))


def test_a_follow_up_is_recorded_with_its_date_and_only_after_hospital_discharge():
    refused(lambda: discharged_episode(D(2024, 10, 1), follow_up_status=FollowUpStatus.AT_HOME))
    refused(
        lambda: EpisodeFactory(
            follow_up_status=FollowUpStatus.AT_HOME, follow_up_recorded_on=D(2025, 1, 1)
        )
    )


def test_a_hospital_discharge_episode_has_its_follow_up_due_date():
    refused(lambda: discharged_episode(D(2024, 10, 1), follow_up_due=None))


def test_one_benchmark_per_measure_area_and_year_and_a_percentage():
    Benchmark.objects.create(
        measure="ascof_2a", area="England", financial_year=2023, percentage=Decimal("77.5")
    )
    refused(
        lambda: Benchmark.objects.create(
            measure="ascof_2a", area="England", financial_year=2023, percentage=Decimal("70")
        )
    )
    refused(
        lambda: Benchmark.objects.create(
            measure="ascof_2a", area="Wales", financial_year=2023, percentage=Decimal("100.1")
        )
    )


def test_history_is_kept_for_every_change():
    episode = EpisodeFactory()
    episode.goals = "Make a hot drink safely"
    episode.save()
    assert [h.history_type for h in episode.history.order_by("history_id")] == ["+", "~"]
