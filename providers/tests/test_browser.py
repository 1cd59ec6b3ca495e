"""Provider pages in Chromium with axe-core (WCAG 2.2 AA)."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commissioning.testing.browser import assert_accessible, screenshot
from providers.tests.factories import (
    ProviderContactFactory,
    ProviderFactory,
    ProviderRateFactory,
    ProviderRatingFactory,
    ReferenceRateFactory,
)
from providers.tests.relations import membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_pages_are_accessible(signed_in_page, live_server, officer):
    ReferenceRateFactory(amount=Decimal("32.14"), effective_from=dt.date(2025, 4, 1))
    provider = ProviderFactory(name="Greenacre Domiciliary Care", rating="requires_improvement")
    ProviderRatingFactory(provider=provider, rating="good", rated_on=dt.date(2021, 6, 3))
    ProviderRateFactory(provider=provider, amount=Decimal("27.10"))
    ProviderContactFactory(provider=provider)
    membership(provider)
    page = signed_in_page(officer)

    page.goto(f"{live_server.url}/providers/")
    expect(page.get_by_role("heading", name="Providers", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "providers-list")

    page.get_by_role("link", name="Greenacre Domiciliary Care").click()
    expect(page.get_by_role("heading", name="Greenacre Domiciliary Care")).to_be_visible()
    expect(page.get_by_text("£5.04 below minimum price")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "provider-detail")

    page.goto(f"{live_server.url}/providers/new/")
    page.get_by_label("Name", exact=True).fill("Quayside Care")
    page.get_by_label("Regulator ID").fill("1-12")
    page.get_by_role("button", name="Save provider").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose the type of provider")
    expect(summary).to_contain_text("1- then 9 to 11 digits")
    assert_accessible(page)
    screenshot(page, "provider-form-error")

    page.goto(f"{live_server.url}/providers/reference-rates/")
    assert_accessible(page)
