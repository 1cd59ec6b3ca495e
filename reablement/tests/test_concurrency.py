"""Capacity holds when officers place referrals at the same moment: real
transactions on separate PostgreSQL connections race for the last places."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from commissioning.testing.factories import PersonFactory
from reablement import services
from reablement.models import Episode, Referral, ReferralStatus, Route, Sequel
from reablement.tests.factories import EpisodeFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2025, 1, 20)


def race(count, place):
    """Run ``place(i)`` in ``count`` threads, each in its own transaction on
    its own connection, released together by a barrier."""
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                place(index)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_two_officers_racing_for_the_last_place_get_one_place_and_one_wait():
    service = ServiceFactory(capacity=3)
    for _ in range(2):
        EpisodeFactory(service=service, start_date=dt.date(2025, 1, 2))
    people = [PersonFactory(), PersonFactory()]

    race(
        2,
        lambda i: services.referral_place(
            person=people[i],
            service=service,
            referral_date=TODAY,
            route=Route.COMMUNITY,
            today=TODAY,
        ),
    )

    statuses = sorted(Referral.objects.filter(person__in=people).values_list("status", flat=True))
    assert statuses == [ReferralStatus.ACCEPTED, ReferralStatus.WAITING]
    assert Episode.objects.filter(service=service, end_date__isnull=True).count() == 3


def test_many_placements_at_once_never_overfill_a_service_or_its_alternative():
    alternative = ServiceFactory(capacity=2)
    service = ServiceFactory(capacity=3, alternative=alternative)
    # Referrals to the alternative lock the same two rows in the other order
    # of asking: the id order of the locks keeps them from deadlocking.
    other = ServiceFactory(capacity=1, alternative=service)
    people = [PersonFactory() for _ in range(8)]
    targets = [service, service, service, service, other, other, alternative, service]

    race(
        8,
        lambda i: services.referral_place(
            person=people[i],
            service=targets[i],
            referral_date=TODAY,
            route=Route.COMMUNITY,
            today=TODAY,
        ),
    )

    for each in (service, alternative, other):
        each.refresh_from_db()
        open_episodes = Episode.objects.filter(service=each, end_date__isnull=True).count()
        assert open_episodes == each.capacity
    assert Referral.objects.filter(status=ReferralStatus.WAITING).count() == 8 - 6


def test_a_close_and_a_placement_at_once_give_the_freed_place_once():
    service = ServiceFactory(capacity=1)
    (episode,) = [EpisodeFactory(service=service, start_date=dt.date(2025, 1, 2))]
    waiting = services.referral_place(
        person=PersonFactory(),
        service=service,
        referral_date=dt.date(2025, 1, 10),
        route=Route.COMMUNITY,
        today=TODAY,
    )
    newcomer = PersonFactory()

    def act(index):
        if index == 0:
            services.episode_close(
                episode=episode, end_date=TODAY, sequel=Sequel.DECLINED, today=TODAY
            )
        else:
            services.referral_place(
                person=newcomer,
                service=service,
                referral_date=TODAY,
                route=Route.COMMUNITY,
                today=TODAY,
            )

    race(2, act)

    waiting.refresh_from_db()
    # Whichever ran first, the place goes to the referral that was waiting.
    assert waiting.status == ReferralStatus.ACCEPTED
    assert Referral.objects.get(person=newcomer).status == ReferralStatus.WAITING
    assert Episode.objects.filter(service=service, end_date__isnull=True).count() == 1
