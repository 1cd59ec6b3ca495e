"""Framework places for provider tests, built by app label: providers must
not import tenders, not even in tests (commissioning/tests/test_boundaries.py)."""

import datetime as dt
import itertools

from django.apps import apps

from commissioning.common.dates import term_end
from providers.tests.factories import ProviderFactory

_references = itertools.count(1)


def membership(
    provider=None,
    *,
    start=dt.date(2024, 4, 1),
    months=36,
    tier_name="Tier 1",
    service_type="home_care",
    left_on=None,
):
    """A provider's place on a tier of a framework of its own (no options)."""
    framework_model = apps.get_model("tenders", "Framework")
    tier_model = apps.get_model("tenders", "FrameworkTier")
    member_model = apps.get_model("tenders", "FrameworkMember")
    end = term_end(start, months)
    framework = framework_model.objects.create(
        reference=f"PT-{next(_references):04d}",
        name="Home Care Framework",
        service_type=service_type,
        start_date=start,
        initial_term_months=months,
        initial_end_date=end,
        current_end_date=end,
        max_end_date=end,
    )
    tier = tier_model.objects.create(
        framework=framework,
        name=tier_name,
        priority=1,
        service_type=service_type,
        lot_group=service_type,
    )
    return member_model.objects.create(
        framework=framework,
        tier=tier,
        provider=provider or ProviderFactory(),
        rank=1,
        lot_group=service_type,
        joined_on=start,
        left_on=left_on,
    )
