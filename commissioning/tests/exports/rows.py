"""Rows for each list page, so its export can be tested with few and many.

Each maker adds ``n`` rows the page lists under the query string it returns
(its default filters, or ones that show everything), crossing the relations
its export columns read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from commissioning.models import Alert, AlertKind, PackageReview, ReviewLead
from commissioning.testing.factories import PersonFactory
from commissioning.tests.care.factories import CarePackageFactory
from commissioning.tests.contracts.factories import ContractFactory, DecisionFactory
from providers.models import ReferenceRate, ReferenceRateKind
from providers.tests.factories import ProviderFactory, ReferenceRateFactory
from reablement.models import Benchmark, BenchmarkMeasure
from reablement.tests.factories import EpisodeFactory, ReferralFactory, ServiceFactory
from tenders.tests.factories import FrameworkMemberFactory, LotFactory

D = dt.date


def providers(n):
    ProviderFactory.create_batch(n, company_number="01234567", is_sme=True)
    return ""


def reference_rates(n):
    start = ReferenceRate.objects.count()
    for i in range(start, start + n):
        ReferenceRateFactory(
            kind=ReferenceRateKind.HOMECARE_MINIMUM_PRICE,
            effective_from=D(2000, 4, 1) + dt.timedelta(days=i),
        )
    return ""


def procurements(n):
    for _ in range(n):
        member = FrameworkMemberFactory()
        LotFactory(procurement__framework=member.framework)
    return ""


def frameworks(n):
    FrameworkMemberFactory.create_batch(n)
    return ""


def contracts(n):
    for _ in range(n):
        member = FrameworkMemberFactory()
        ContractFactory(
            framework=member.framework,
            provider=member.provider,
            start_date=member.framework.start_date,
        )
    return ""


def decisions(n):
    DecisionFactory.create_batch(n)
    return ""


def people(n):
    PersonFactory.create_batch(n)
    return ""


def packages(n):
    for _ in range(n):
        member = FrameworkMemberFactory()
        CarePackageFactory(provider=member.provider, framework=member.framework)
    return ""


def reviews(n):
    for package in CarePackageFactory.create_batch(n):
        PackageReview.objects.create(
            package=package,
            review_date=D(2025, 4, 14),
            led_by=ReviewLead.PROVIDER,
            hours_before=package.weekly_hours,
            hours_after=package.weekly_hours - 1,
            provider_before=package.provider,
            new_provider=ProviderFactory(),
        )
    return ""


def services(n):
    if n:
        alternative = ServiceFactory()
        ServiceFactory.create_batch(n - 1, alternative=alternative)
    return ""


def referrals(n):
    ReferralFactory.create_batch(n)
    return ""


def episodes(n):
    EpisodeFactory.create_batch(n)
    return ""


def benchmarks(n):
    start = Benchmark.objects.count()
    Benchmark.objects.bulk_create(
        Benchmark(
            measure=BenchmarkMeasure.ASCOF_2B1,
            area=f"Region {i}",
            financial_year=2017,
            percentage=Decimal("82.9"),
        )
        for i in range(start, start + n)
    )
    return ""


def alerts(n):
    if not n:
        return "audience=everyone"
    contract = ContractFactory()  # a new subject each time: no clash of alert keys
    content_type = ContentType.objects.get_for_model(contract)
    Alert.objects.bulk_create(
        Alert(
            kind=AlertKind.CONTRACT_EXPIRY,
            content_type=content_type,
            object_id=contract.pk,
            subject_label=str(contract),
            message="This contract ends within 12 months and no extension option is left.",
            due_date=D(2027, 3, 31) - dt.timedelta(days=i),
            lead="12m",
            raised_on=D(2026, 3, 31),
        )
        for i in range(n)
    )
    return "audience=everyone"


MAKERS = {
    "providers:list": providers,
    "providers:reference-rates": reference_rates,
    "tenders:procurement-list": procurements,
    "tenders:framework-list": frameworks,
    "contracts:list": contracts,
    "contracts:forward-plan": contracts,
    "contracts:decisions": decisions,
    "care:package-list": packages,
    "care:review-list": reviews,
    "care:person-list": people,
    "reablement:capacity": services,
    "reablement:referral-list": referrals,
    "reablement:episode-list": episodes,
    "reablement:benchmark-list": benchmarks,
    "alerts:inbox": alerts,
}
