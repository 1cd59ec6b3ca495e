"""Factories for reablement tests. People come from the shared factories
(NHS number serials from 50,000 keep them apart from the demo's)."""

from __future__ import annotations

import datetime as dt

import factory
from django.apps import apps

from commissioning.testing.factories import PersonFactory
from providers.tests.factories import ProviderFactory
from reablement.models import (
    Episode,
    ReablementService,
    Referral,
    ReferralStatus,
    Route,
)
from reablement.services import follow_up_due, six_week_end


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReablementService

    name = factory.Sequence(lambda n: f"Reablement at Home – area {n}")
    provider = factory.SubFactory(ProviderFactory)
    capacity = 10
    area = "Eastbridge"


class ReferralFactory(factory.django.DjangoModelFactory):
    """An accepted referral (placement itself is tested through the service)."""

    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory)
    referral_date = dt.date(2024, 10, 1)
    route = Route.COMMUNITY
    status = ReferralStatus.ACCEPTED
    placed_with = factory.SelfAttribute("service")


class EpisodeFactory(factory.django.DjangoModelFactory):
    """An episode with its derived dates, built directly so that metric tests
    can place cohorts on exact days; its referral is built to match."""

    class Meta:
        model = Episode

    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory, capacity=1000)
    route = Route.COMMUNITY
    hospital_discharge_date = None
    start_date = factory.LazyAttribute(lambda e: e.hospital_discharge_date or dt.date(2024, 10, 1))
    six_week_end = factory.LazyAttribute(lambda e: six_week_end(e.start_date))
    planned_end_date = factory.LazyAttribute(lambda e: six_week_end(e.start_date))
    follow_up_due = factory.LazyAttribute(lambda e: follow_up_due(e.hospital_discharge_date))
    referral = factory.SubFactory(
        ReferralFactory,
        person=factory.SelfAttribute("..person"),
        service=factory.SelfAttribute("..service"),
        referral_date=factory.SelfAttribute("..start_date"),
        route=factory.SelfAttribute("..route"),
        hospital_discharge_date=factory.SelfAttribute("..hospital_discharge_date"),
        on_long_term_support=factory.SelfAttribute("..on_long_term_support"),
    )
    on_long_term_support = False


def discharged_episode(discharged_on: dt.date, **kwargs) -> Episode:
    """An episode after hospital discharge, starting on the discharge day."""
    return EpisodeFactory(
        route=Route.HOSPITAL_DISCHARGE, hospital_discharge_date=discharged_on, **kwargs
    )


def waiting_referral(service: ReablementService, referred_on: dt.date, **kwargs) -> Referral:
    """A referral already on the service's waiting list."""
    return ReferralFactory(
        service=service,
        referral_date=referred_on,
        status=ReferralStatus.WAITING,
        placed_with=None,
        **kwargs,
    )


def record_views():
    """Who saw whose record (the core's log, by app label: reablement does not
    import the core's models)."""
    return apps.get_model("commissioning", "RecordView").objects
