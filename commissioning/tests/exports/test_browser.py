"""The export pages and links in Chromium, with axe-core on each."""

import csv
import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from commissioning.testing.browser import assert_accessible, screenshot
from commissioning.tests.contracts.factories import ContractFactory
from tenders.tests.factories import FrameworkMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_transparency_register_page_and_a_list_download(signed_in_page, live_server, officer):
    ContractFactory(reference="CAH-2026", start_date=D(2026, 1, 1), initial_term_months=36)
    FrameworkMemberFactory(tier__framework__reference="FW-NO-VALUE")
    page = signed_in_page(officer)

    page.goto(f"{live_server.url}/contracts/transparency/?year=2025&quarter=4")
    expect(
        page.get_by_role("heading", name="Transparency Code contracts register", level=1)
    ).to_be_visible()
    expect(page.get_by_role("table", name="2 rows in the register")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "transparency-register")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "transparency-contracts-register-2025-26-q4.csv"

    page.get_by_label("Financial year").select_option("2025-26")
    page.get_by_label("Quarter").select_option("Q1: April to June")
    page.get_by_role("button", name="Show quarter").click()
    expect(page.get_by_role("table", name="1 row in the register for Q1 2025-26")).to_be_visible()

    page.goto(f"{live_server.url}/contracts/transparency/?year=1990&quarter=1")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a financial year from the list.")
    assert_accessible(page)

    page.goto(f"{live_server.url}/contracts/?status=all")
    expect(page.get_by_text("Download the 1 row matching these filters as")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV file").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0][0] == "Reference"
    assert [row[0] for row in rows[1:]] == ["CAH-2026"]
