"""The contract pages in Chromium, with axe-core on each."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from commissioning.testing.browser import assert_accessible, screenshot
from commissioning.tests.contracts.factories import (
    ContractFactory,
    DecisionFactory,
    seed_004_contract,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_register_contract_page_and_forms_are_accessible(signed_in_page, live_server, manager):
    decision = DecisionFactory(meeting_date=D(2021, 10, 19))
    seed_004_contract(decision=decision)
    ContractFactory(option_months=[12, 12], reference="HCS-2024-01")
    page = signed_in_page(manager)

    page.goto(f"{live_server.url}/contracts/?status=all")
    expect(page.get_by_role("heading", name="Contract register", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="IDC-2018-01")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contract-register")

    page.get_by_role("link", name="IDC-2018-01").click()
    expect(page.get_by_role("img", name="Timeline of IDC-2018-01")).to_be_visible()
    expect(page.get_by_role("table", name="The timeline as a table")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contract-detail")

    page.goto(f"{live_server.url}/contracts/forward-plan/")
    expect(page.get_by_role("heading", name="Forward plan", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/contracts/new/")
    page.get_by_label("Reference").fill("IDC-2018-01")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the title of the contract.")
    assert_accessible(page)
    screenshot(page, "contract-form-errors")

    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Resolved")).to_be_visible()
    assert_accessible(page)
