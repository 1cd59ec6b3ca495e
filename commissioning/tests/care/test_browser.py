"""The care pages in Chromium, with axe-core on each (WCAG 2.2 AA)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.services.care.brokerage import brokerage_offer_make
from commissioning.services.care.hour_bank import hour_bank_use_record
from commissioning.services.care.reviews import package_review_record
from commissioning.testing.browser import assert_accessible, screenshot
from commissioning.tests.care.factories import (
    CarePackageFactory,
    short_break_package,
    tiered_framework,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_works_through_people_packages_and_a_short_break_bank(
    signed_in_page, live_server, officer
):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    package = short_break_package(start=monday - dt.timedelta(weeks=5), hours="6")
    package_review_record(
        package=package,
        review_date=monday - dt.timedelta(weeks=2),
        led_by="provider",
        hours_after=Decimal("5"),
    )
    hour_bank_use_record(package=package, date=monday - dt.timedelta(weeks=3), hours=Decimal("9"))
    framework, members = tiered_framework()
    sourcing = CarePackageFactory(
        provider=None, framework=framework, status="requested", requested_on=today
    )
    brokerage_offer_make(
        package=sourcing, provider=members["Alder Care"].provider, offered_on=today
    )
    page = signed_in_page(officer)

    page.goto(f"{live_server.url}/care/")
    expect(page.get_by_role("heading", name="Care packages", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Person: name or NHS number").fill(package.person.family_name)
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=str(package.person)).first.click()
    expect(page.get_by_role("heading", name="Short-break hour bank")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "care-short-break-package")

    page.get_by_role("button", name="Record short-break use").click()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Hours used").fill("500")
    page.get_by_role("button", name="Record use").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(re.compile(r"Only [\d.]+ hours? (is|are) available"))
    assert_accessible(page)

    page.goto(f"{live_server.url}{package.person.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Care packages", level=2)).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{sourcing.get_absolute_url()}")
    expect(page.get_by_text("Next in tier and rank order")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Offer to a provider").click()
    page.get_by_label("Provider").select_option(label="Tier 2, rank 1: Damson Care")
    page.get_by_role("button", name="Record offer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("have not been offered")
    assert_accessible(page)

    for path in ("/care/people/", "/care/reviews/", "/care/people/new/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
