"""Procurement and framework pages in Chromium with axe-core (WCAG 2.2 AA)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from commissioning.testing.browser import assert_accessible, screenshot
from tenders import services
from tenders.models import Framework
from tenders.tests.factories import FrameworkTierFactory
from tenders.tests.helpers import new_procurement, open_with_bids, to_evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_procurement_and_framework_pages_are_accessible(signed_in_page, live_server, manager):
    framework = services.framework_create(
        reference="IDC-2018",
        name="Independent Domiciliary Care Framework 2018",
        service_type="home_care",
        start_date=D(2018, 1, 1),
        initial_term_months=24,
        option_months=[24],
    )
    tier = FrameworkTierFactory(framework=framework, name="Framework providers")
    procurement = new_procurement(framework=framework, contract_start_date=D(2018, 1, 1))
    lot = open_with_bids(
        procurement, [("16.90", "80"), ("17.40", "90"), ("16.50", None)], tier=tier
    )
    to_evaluation(procurement)
    page = signed_in_page(manager)

    page.goto(f"{live_server.url}/tenders/")
    expect(page.get_by_role("heading", name="Tenders", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=procurement.reference).click()
    expect(page.get_by_role("heading", name=procurement.title)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "procurement-detail")

    page.goto(f"{live_server.url}{lot.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Evaluation matrix")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "evaluation-matrix")

    # The award form refuses a decision while a bid is still unmarked.
    page.goto(f"{live_server.url}/tenders/{procurement.pk}/award/")
    page.get_by_label("Date of the award decision").fill("4/11/2024")
    page.get_by_role("button", name="Award the contracts").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("enter the quality marks")
    assert_accessible(page)
    screenshot(page, "award-form-error")

    page.goto(f"{live_server.url}/frameworks/")
    assert_accessible(page)
    page.get_by_role("link", name="IDC-2018").click()
    expect(page.get_by_role("heading", name="Tiers and providers")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "framework-detail")

    option = Framework.objects.get().extension_options.get()
    page.goto(f"{live_server.url}/frameworks/{framework.pk}/options/{option.pk}/exercise/")
    page.get_by_label("Date of the decision").fill("3/10/2019")
    page.get_by_role("button", name="Exercise option").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("was due by 02/10/2019")
    assert_accessible(page)
