"""The care demo data is realistic and keeps the rules the services keep."""

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F, Sum
from django.utils import timezone

import providers.demo
import tenders.demo
from commissioning.common import nhs
from commissioning.demo import care
from commissioning.models import (
    BrokerageOffer,
    CarePackage,
    HourBankUsage,
    PackageReview,
    PackageStatus,
    Person,
)
from commissioning.selectors.care.hour_bank import package_hour_bank
from commissioning.selectors.care.packages import package_list, review_due
from commissioning.tests.care.factories import contract_with
from providers.demo import provider
from tenders.models import FrameworkMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    numbers = {nhs.synthetic(serial) for serial in range(1_000)}
    return Person.objects.filter(nhs_number__in=numbers)


def test_about_four_hundred_people_with_synthetic_nhs_numbers(demo):
    assert demo.count() == 400
    for person in demo:
        nhs.validate(person.nhs_number)
        assert person.nhs_number.startswith("999")
        assert person.local_authority_id.startswith("ECC")
        assert person.local_authority_id[3:].isdigit()
        assert person.postcode.startswith("ES")
    assert demo.values("family_name").distinct().count() > 60


def test_packages_come_to_a_few_thousand_hours_a_week_across_the_framework_providers(demo):
    active = CarePackage.objects.filter(person__in=demo, status=PackageStatus.ACTIVE)
    hours = active.aggregate(total=Sum("weekly_hours"))["total"]
    assert Decimal(2000) <= hours <= Decimal(6000)
    hcs_providers = set(
        FrameworkMember.objects.filter(framework__reference="HCS-2024").values_list(
            "tier__name", "provider_id"
        )
    )
    placed = set(
        CarePackage.objects.filter(framework__reference="HCS-2024").values_list(
            "provider_id", flat=True
        )
    )
    for tier in ("Tier 1", "Tier 2", "Learning Disability", "Unpaid Carers Support"):
        assert {p for t, p in hcs_providers if t == tier} & placed, tier
    assert CarePackage.objects.filter(framework__reference="IDC-2018").exists()
    statuses = set(CarePackage.objects.values_list("status", flat=True))
    assert statuses == set(PackageStatus.values)
    assert package_list().filter(review_overdue=True).exists()


def test_reviews_change_hours_and_providers_and_next_review_follows_the_rule(demo):
    reviews = PackageReview.objects.all()
    provider_led = reviews.filter(led_by="provider")
    assert provider_led.filter(hours_after__lt=F("hours_before")).exists()
    assert provider_led.filter(hours_after__gt=F("hours_before")).exists()
    assert reviews.filter(led_by="council").exists()
    assert reviews.filter(new_provider__isnull=False).exists()
    last = defaultdict(lambda: None)
    for review in reviews.order_by("review_date"):
        last[review.package_id] = review.review_date
    for package in CarePackage.objects.all():
        assert package.next_review_due == review_due(
            start_date=package.start_date,
            last_review_date=last[package.pk],
            ended=package.status == PackageStatus.ENDED,
        )


def test_short_breaks_have_banked_hours_and_use_every_bank_covers(demo):
    today = timezone.localdate()
    packages = CarePackage.objects.filter(service_type="short_breaks").prefetch_related(
        "reviews", "usage"
    )
    assert {p.provider.name for p in packages} == {"Respite Plus", "Time Out Short Breaks"}
    assert HourBankUsage.objects.filter(package__in=packages).count() > 100
    for package in packages:
        assert package_hour_bank(package, through=today).balanced, package


def test_lower_tier_offers_while_higher_tiers_wait_have_a_reason(demo):
    members = defaultdict(list)
    for member in FrameworkMember.objects.select_related("tier"):
        members[member.tier.framework_id, member.tier.service_type].append(member)
    offers = BrokerageOffer.objects.select_related("package", "tier").order_by("offered_on", "id")
    offered = defaultdict(set)
    assert offers.exists()
    for offer in offers:
        package = offer.package
        waiting = [
            m
            for m in members[package.framework_id, package.service_type]
            if m.tier.priority < offer.tier.priority and m.provider_id not in offered[package.pk]
        ]
        assert bool(waiting) == bool(offer.out_of_order_reason), offer
        offered[package.pk].add(offer.provider_id)
    assert offers.exclude(out_of_order_reason="").exists()


def test_packages_link_the_providers_contract_when_the_register_has_one():
    out = io.StringIO()
    providers.demo.load(out=out)
    tenders.demo.load(out=out)
    respite = provider("Respite Plus")
    contract = contract_with(respite, service_type="short_breaks", start=dt.date(2019, 7, 1))
    care.load(out=out)
    linked = CarePackage.objects.filter(provider=respite, service_type="short_breaks")
    assert linked.exists()
    assert set(linked.values_list("contract", flat=True)) == {contract.pk}
    assert not CarePackage.objects.exclude(provider=respite).exclude(contract=None).exists()
