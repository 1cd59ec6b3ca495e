"""The reablement demo: seed 002's county at real scale, within capacity on
every day, with a 2B(1) figure near the seed's 91%."""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from commissioning.common.dates import financial_year
from commissioning.models import Person
from reablement.models import Episode, ReablementService, Referral, ReferralStatus, Route
from reablement.selectors import default_metrics_year, reablement_metrics

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        yield
        call_command("flush", "--noinput", verbosity=0)


def test_about_4740_episodes_a_year_from_both_providers_and_the_pilots(demo):
    last_year = financial_year(timezone.localdate()) - 1
    metrics = reablement_metrics(year=last_year)
    assert 4_400 <= metrics.episodes_started <= 5_100
    providers = set(
        ReablementService.objects.filter(episodes__isnull=False).values_list(
            "provider__name", flat=True
        )
    )
    assert providers == {
        "Eastshire Partnership NHS Foundation Trust",
        "Eastshire Care Services",
        "Home First Therapy Partnership",
    }
    assert ReablementService.objects.filter(is_pilot=True).count() == 2
    routes = dict(Episode.objects.values_list("route").annotate(n=Count("id")))
    assert set(routes) == set(Route.values)


def test_no_service_is_ever_over_capacity(demo):
    capacity = dict(ReablementService.objects.values_list("id", "capacity"))
    change = defaultdict(lambda: defaultdict(int))
    for service, start, end in Episode.objects.values_list("service", "start_date", "end_date"):
        change[service][start] += 1
        if end is not None:
            change[service][end] -= 1  # free at the end of its last day
    for service, days in change.items():
        open_now = 0
        for day in sorted(days):
            open_now += days[day]
            assert open_now <= capacity[service], (service, day)


def test_overflow_and_waiting_are_in_the_demo(demo):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(ReferralStatus.values)
    # Those still waiting wait only because their service and its alternative are full.
    for referral in Referral.objects.filter(status=ReferralStatus.WAITING).select_related(
        "service"
    ):
        for service in filter(None, (referral.service, referral.service.alternative)):
            assert service.episodes.filter(end_date__isnull=True).count() == service.capacity


def test_ascof_2b1_lands_near_the_seeds_91_percent(demo):
    figure = reablement_metrics(year=default_metrics_year()).ascof_2b1
    assert figure.pending == 0
    assert 500 <= figure.denominator <= 800
    assert 89.0 <= figure.percentage <= 93.0


def test_people_use_the_demo_range_of_nhs_numbers(demo):
    people = Person.objects.filter(reablement_episodes__isnull=False).distinct()
    assert people.count() > 10_000
    # nhs.synthetic(n) begins 999 and then n × 11 in six digits.
    serials = {int(number[3:9]) // 11 for number in people.values_list("nhs_number", flat=True)}
    assert min(serials) >= 10_000
    assert max(serials) <= 49_999
    assert not Person.objects.filter(date_of_death__gt=timezone.localdate()).exists()
