"""The alert pages in Chromium, with axe-core on each (WCAG 2.2 AA)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from commissioning.models import Alert, AlertKind
from commissioning.services.alerts.checks import run_scheduled_checks
from commissioning.testing.browser import assert_accessible, screenshot
from commissioning.tests.alerts import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_officer_reads_and_acknowledges_an_alert(signed_in_page, live_server, priya):
    builders.contract(
        reference="HCS-2023",
        title="Home Care and Support Framework",
        start=D(2023, 4, 1),
        initial_months=36,
        options=(),
        officer=priya,
    )
    builders.care_package(review_due=D(2025, 4, 13))
    run_scheduled_checks(today=D(2025, 4, 14), send_email=False)
    page = signed_in_page(priya)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Needs attention", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Your open alerts")).to_be_visible()
    expect(page.locator(".app-badge")).to_have_text("3 open")
    assert_accessible(page)
    screenshot(page, "alerts-home")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Alerts 3 open").click()
    expect(page.get_by_role("table", name="3 open alerts for you")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "alerts-inbox")

    expiry = Alert.objects.get(kind=AlertKind.CONTRACT_EXPIRY)
    page.goto(f"{live_server.url}/alerts/{expiry.pk}/")
    expect(
        page.get_by_role("heading", name="HCS-2023 Home Care and Support Framework")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Acknowledge").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a note saying what you have done")
    assert_accessible(page)
    screenshot(page, "alerts-acknowledge-error")

    page.get_by_label("What have you done, or will you do, about it?").fill(
        "Options appraisal going to the procurement board in May."
    )
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Alert acknowledged: HCS-2023")).to_be_visible()
    expect(page.get_by_role("table", name="2 open alerts for you")).to_be_visible()
    expect(page.locator(".app-badge")).to_have_text("2 open")


def test_preferences_form_explains_a_mistake(signed_in_page, live_server, priya):
    page = signed_in_page(priya)
    page.goto(f"{live_server.url}/alerts/preferences/")
    assert_accessible(page)
    page.get_by_label("Days before an extension decision is due").fill("90, sixty")
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter whole numbers from 1 to 365"
    )
    assert_accessible(page)
    screenshot(page, "alerts-preferences-error")
