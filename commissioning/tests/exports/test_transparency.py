"""The Local Government Transparency Code 2015 contracts register, quarterly:
its quarters, which records it holds, its fields, the page and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.exports.transparency import (
    COLUMNS,
    Quarter,
    latest_complete_quarter,
    register_rows,
)
from commissioning.exports.values import value_over_term
from commissioning.models import ProcurementRoute
from commissioning.roles import Role
from commissioning.services.contracts import contract_extend_until_award
from commissioning.testing.roles import assert_role_access
from commissioning.tests.care.factories import on_day
from commissioning.tests.contracts.factories import ContractFactory
from commissioning.tests.exports.scenario import build_market
from providers.tests.factories import ProviderFactory
from tenders import services
from tenders.tests.factories import FrameworkMemberFactory, ProcurementFactory

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/exports/transparency.csv"
PAGE = "/contracts/transparency/"
Q1_2026 = Quarter(2026, 1)  # 1 April – 30 June 2026


def csv_dicts(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


# --- Quarters and values ----------------------------------------------------------


@pytest.mark.parametrize(
    ("quarter", "start", "end", "label"),
    [
        (Quarter(2025, 1), D(2025, 4, 1), D(2025, 6, 30), "Q1 2025-26"),
        (Quarter(2025, 2), D(2025, 7, 1), D(2025, 9, 30), "Q2 2025-26"),
        (Quarter(2025, 3), D(2025, 10, 1), D(2025, 12, 31), "Q3 2025-26"),
        (Quarter(2025, 4), D(2026, 1, 1), D(2026, 3, 31), "Q4 2025-26"),
    ],
)
def test_quarters_are_the_financial_years_quarters(quarter, start, end, label):
    assert (quarter.start, quarter.end, quarter.label) == (start, end, label)


def test_the_latest_quarter_is_the_last_one_that_has_ended():
    # 22 Nov 2026 is in Q3 2026-27: the register to publish is Q2 (July to September).
    assert latest_complete_quarter(D(2026, 11, 22)) == Quarter(2026, 2)
    # 1 April starts a financial year: the last quarter to end was Q4 of the one before.
    assert latest_complete_quarter(D(2026, 4, 1)) == Quarter(2025, 4)
    assert latest_complete_quarter(D(2026, 3, 31)) == Quarter(2025, 3)
    assert Quarter.containing(D(2026, 1, 15)) == Quarter(2025, 4)


def test_a_quarter_is_numbered_one_to_four():
    with pytest.raises(ValueError, match="1 to 4"):
        Quarter(2025, 5)


@pytest.mark.parametrize(
    ("annual", "start", "end", "total"),
    [
        # 1 Jan 2018 – 31 Mar 2022: 51 months at £450,000 a year = 450,000 × 51 / 12.
        ("450000.00", D(2018, 1, 1), D(2022, 3, 31), "1912500.00"),
        # 1 Apr 2024 – 31 Mar 2027: three whole years.
        ("250000.00", D(2024, 4, 1), D(2027, 3, 31), "750000.00"),
        # 1 Apr 2024 – 15 Apr 2025: 12 months and 15 days = 365,000 + 365,000 × 15 / 365.
        ("365000.00", D(2024, 4, 1), D(2025, 4, 15), "380000.00"),
        # 29 Feb 2024 + 12 months ends 28 Feb 2025 (no 29 Feb: the month's last day).
        ("12000.00", D(2024, 2, 29), D(2025, 2, 28), "12000.00"),
        # 1 Jun 2021 – 10 Jun 2021: no whole month, 10 days = 36,500 × 10 / 365.
        ("36500.00", D(2021, 6, 1), D(2021, 6, 10), "1000.00"),
    ],
)
def test_value_over_the_term(annual, start, end, total):
    assert value_over_term(Decimal(annual), start, end) == Decimal(total)


def test_a_term_without_an_end_has_no_total():
    assert value_over_term(Decimal("480000"), D(2023, 7, 1), None) is None


# --- What a quarter's register holds ------------------------------------------------


def _rows(quarter=Q1_2026):
    return list(register_rows(quarter))


def _references(quarter=Q1_2026):
    return [(row.record_type, row.reference) for row in _rows(quarter)]


def test_contracts_in_force_on_any_day_of_the_quarter_are_listed():
    # Q1 2026-27 runs from 1 April to 30 June 2026.
    ContractFactory(reference="ENDED-31-MAR", start_date=D(2025, 4, 1), initial_term_months=12)
    ContractFactory(reference="ENDS-1-APR", start_date=D(2025, 4, 2), initial_term_months=12)
    ContractFactory(reference="RUNS-THROUGH", start_date=D(2024, 4, 1), initial_term_months=36)
    ContractFactory(reference="STARTS-30-JUN", start_date=D(2026, 6, 30), initial_term_months=12)
    ContractFactory(reference="STARTS-1-JUL", start_date=D(2026, 7, 1), initial_term_months=12)
    ContractFactory(reference="DRAFT", start_date=D(2026, 4, 1), initial_term_months=12, draft=True)

    assert _references() == [
        ("Contract", "ENDS-1-APR"),
        ("Contract", "RUNS-THROUGH"),
        ("Contract", "STARTS-30-JUN"),
    ]


def test_only_records_worth_more_than_5000_pounds_are_listed():
    # £4,000 a year for 12 months is £4,000; £3,000 a year for 24 months is £6,000.
    ContractFactory(
        reference="SMALL", start_date=D(2026, 1, 1), initial_term_months=12, annual_value=4000
    )
    ContractFactory(
        reference="SMALL-LONG", start_date=D(2026, 1, 1), initial_term_months=24, annual_value=3000
    )
    ContractFactory(
        reference="EXACTLY-5000",
        start_date=D(2026, 1, 1),
        initial_term_months=12,
        annual_value=5000,
    )
    assert _references() == [("Contract", "SMALL-LONG")]


def test_a_contracts_row_has_the_codes_fields():
    provider = ProviderFactory(
        name="Brightwater Home Care",
        company_number="09231876",
        charity_number="",
        is_sme=True,
        is_vcse=False,
    )
    ContractFactory(
        reference="CAH-2024",
        title="Care at Home service",
        description="Care at home in the north of the county.",
        department="Adult Social Care and Health",
        provider=provider,
        start_date=D(2024, 4, 1),
        initial_term_months=36,
        option_months=[24],
        annual_value=Decimal("2600000.00"),
        irrecoverable_vat=Decimal("0.00"),
        review_date=D(2026, 9, 30),
        procurement_route=ProcurementRoute.TENDER,
        today=D(2024, 4, 1),
    )

    (row,) = _rows()

    assert row.record_type == "Contract"
    assert (row.reference, row.title, row.description, row.department) == (
        "CAH-2024",
        "Care at Home service",
        "Care at home in the north of the county.",
        "Adult Social Care and Health",
    )
    assert (row.supplier, row.company_number, row.sme, row.vcse) == (
        "Brightwater Home Care",
        "09231876",
        True,
        False,
    )
    # 1 Apr 2024 + 36 months ends 31 Mar 2027, at most 31 Mar 2029 with the
    # 24-month option; £2.6m a year for 36 months is £7.8m.
    assert (row.start_date, row.end_date, row.max_end_date) == (
        D(2024, 4, 1),
        D(2027, 3, 31),
        D(2029, 3, 31),
    )
    assert row.total_value == Decimal("7800000.00")
    assert row.annual_value == Decimal("2600000.00")
    assert row.irrecoverable_vat == Decimal("0.00")
    assert row.review_date == D(2026, 9, 30)
    assert row.let_by == "Published invitation to tender"


def test_a_pilot_running_until_an_award_is_listed_without_an_end_or_a_total():
    pilot = ContractFactory(
        reference="RP-2023-01",
        is_pilot=True,
        start_date=D(2023, 7, 1),
        initial_term_months=12,
        annual_value=Decimal("480000.00"),
        procurement_route=ProcurementRoute.DIRECT_AWARD,
        today=D(2023, 7, 1),
    )
    contract_extend_until_award(
        contract=pilot,
        procurement=ProcurementFactory(reference="REA-2024"),
        reason="Extended until the new service is commissioned.",
        decided_on=D(2024, 4, 16),
        decision_reference="Cabinet 16/04/2024 Item 111",
        today=D(2024, 4, 16),
    )

    (row,) = _rows()

    assert (row.reference, row.end_date, row.total_value) == ("RP-2023-01", None, None)
    assert row.annual_value == Decimal("480000.00")
    assert row.let_by == "Direct award, without an invitation to quote or tender"


def test_frameworks_have_a_row_for_each_supplier_on_them_during_the_quarter():
    market = build_market()
    # HCF-2021 is in force until 31 May 2024: list Q1 2024-25 (April to June 2024).
    rows = [row for row in _rows(Quarter(2024, 1)) if row.record_type == "Framework agreement"]

    assert [(row.reference, row.supplier) for row in rows] == [
        ("HCF-2021", "Alder Home Care"),
        ("HCF-2021", "Birch Homecare"),
    ]
    birch = rows[1]
    assert (birch.company_number, birch.sme) == ("07654321", True)
    # The estimate of the procurement that let it: £1.2m a year; 1 Jun 2021 – 31 May 2024
    # is 36 months, £3.6m.
    assert (birch.annual_value, birch.total_value) == (Decimal("1200000.00"), Decimal("3600000.00"))
    assert (birch.start_date, birch.end_date, birch.max_end_date) == (
        D(2021, 6, 1),
        D(2024, 5, 31),
        D(2025, 5, 31),
    )
    assert birch.description == "Home care across the county, on a framework of two tiers."
    assert birch.let_by == "Published invitation to tender"
    # Its call-off is a contract of its own.
    contracts = {row.reference: row for row in _rows(Quarter(2024, 1))}
    assert contracts[market.call_off.reference].let_by == "Call-off from framework HCF-2021"


def test_a_supplier_who_left_the_framework_before_the_quarter_is_not_listed():
    member = FrameworkMemberFactory(tier__framework__reference="FW-LEFT")
    FrameworkMemberFactory(tier=member.tier, framework=member.framework)
    services.framework_member_leave(member=member, left_on=D(2026, 3, 31))

    suppliers = [row.supplier for row in _rows() if row.reference == "FW-LEFT"]

    assert len(suppliers) == 1
    assert member.provider.name not in suppliers


def test_a_framework_without_an_estimate_is_listed_with_its_value_empty():
    FrameworkMemberFactory(tier__framework__reference="FW-NO-VALUE")

    (row,) = _rows()

    assert (row.reference, row.annual_value, row.total_value) == ("FW-NO-VALUE", None, None)


def test_invitations_to_tender_published_in_the_quarter_are_listed():
    ProcurementFactory(reference="BEFORE", publication_date=D(2026, 3, 31))
    ProcurementFactory(
        reference="IN-QUARTER",
        title="Extra care housing support",
        publication_date=D(2026, 4, 1),
        submission_deadline=D(2026, 5, 15),
        estimated_annual_value=Decimal("2100000.00"),
    )
    ProcurementFactory(
        reference="TOO-SMALL", publication_date=D(2026, 6, 30), estimated_annual_value=4000
    )
    ProcurementFactory(reference="AFTER", publication_date=D(2026, 7, 1))

    (row,) = _rows()

    assert (row.record_type, row.reference, row.title) == (
        "Invitation to tender",
        "IN-QUARTER",
        "Extra care housing support",
    )
    assert (row.start_date, row.end_date, row.annual_value) == (
        D(2026, 4, 1),
        D(2026, 5, 15),
        Decimal("2100000.00"),
    )
    assert row.supplier == ""


# --- The API ------------------------------------------------------------------------


def test_the_api_gives_the_quarters_register_as_csv(officer_api):
    ContractFactory(
        reference="CAH-2022",
        provider=ProviderFactory(name="Elmfield Care at Home", is_sme=True),
        start_date=D(2022, 4, 1),
        initial_term_months=60,
        annual_value=Decimal("2600000.00"),
    )

    response = officer_api.get(API, {"year": 2026, "quarter": 1})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="transparency-contracts-register-2026-27-q1.csv"'
    )
    (row,) = csv_dicts(response)
    assert list(row) == [header for header, _ in COLUMNS]
    assert row["Reference"] == "CAH-2022"
    assert row["Supplier"] == "Elmfield Care at Home"
    assert (row["SME"], row["VCSE"]) == ("Yes", "No")
    # 60 months at £2.6m a year.
    assert row["Total value over the term (£)"] == "13000000.00"
    assert row["Estimated annual spend (£)"] == "2600000.00"
    assert (row["Start date"], row["End date"]) == ("2022-04-01", "2027-03-31")


def test_without_a_quarter_the_api_gives_the_latest_that_has_ended(officer_api):
    with on_day(D(2026, 7, 10)):
        response = officer_api.get(API)
    assert response.status_code == 200
    assert "2026-27-q1" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": 2026, "quarter": 5}, "quarter"),
        ({"year": "last", "quarter": 1}, "year"),
        ({"year": 2026}, "non_field_errors"),
    ],
)
def test_a_bad_quarter_is_a_400_saying_why(officer_api, query, field):
    response = officer_api.get(API, query)
    assert response.status_code == 400
    assert field in response.json()


def test_a_client_asking_for_csv_gets_the_file_and_errors_in_json(officer_api):
    response = officer_api.get(API, {"year": 2026, "quarter": 1}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"

    refused = officer_api.get(API, {"year": 2026, "quarter": 9}, HTTP_ACCEPT="text/csv")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/json"
    assert refused.json() == {
        "quarter": ["A quarter is 1 (April to June), 2, 3 or 4 (January to March)."]
    }


def test_the_register_is_read_in_a_fixed_number_of_queries(officer_api):
    officer_api.get(API, {"year": 2026, "quarter": 1})  # permissions cached from here on

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = officer_api.get(API, {"year": 2026, "quarter": 1})
            rows = csv_dicts(response)
        return len(captured), len(rows)

    ContractFactory()
    FrameworkMemberFactory()
    ProcurementFactory(publication_date=D(2026, 5, 1))
    few, rows = queries()
    ContractFactory.create_batch(6)
    for _ in range(3):
        FrameworkMemberFactory.create_batch(2, tier=FrameworkMemberFactory().tier)
    ProcurementFactory.create_batch(4, publication_date=D(2026, 5, 1))
    many, more_rows = queries()
    assert more_rows == rows + 6 + 9 + 4
    assert many == few


def test_every_role_may_read_the_register_and_anonymous_requests_are_refused(api_client):
    assert_role_access(f"{API}?year=2026&quarter=1", allowed=list(Role))
    assert_role_access(f"{PAGE}?year=2026&quarter=1", allowed=list(Role))
    assert api_client.get(API).status_code == 401


# --- The officer's page --------------------------------------------------------------


def test_the_page_shows_the_latest_quarter_with_what_it_holds(officer_client):
    ContractFactory(start_date=D(2026, 4, 1), initial_term_months=12)
    member = FrameworkMemberFactory(tier__framework__reference="FW-NO-VALUE")

    with on_day(D(2026, 7, 10)):
        response = officer_client.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Q1 2026-27 (1 April 2026 to 30 June 2026)" in html
    summary = response.context["summary"]
    assert summary.rows == {"Contract": 1, "Framework agreement": 1, "Invitation to tender": 0}
    assert [row.reference for row in summary.without_value] == ["FW-NO-VALUE"]
    assert "1 record has no estimated value" in html
    assert (
        f'<a class="govuk-link" href="{member.framework.get_absolute_url()}">FW-NO-VALUE</a>'
        in html
    )
    assert 'href="?year=2026&amp;quarter=1&amp;format=csv"' in html
    current = [item["text"] for item in response.context["navigation_items"] if item["current"]]
    assert current == ["Contracts"]


def test_the_page_downloads_the_chosen_quarter(officer_client):
    ContractFactory(reference="IN-Q4", start_date=D(2026, 1, 1), initial_term_months=3)

    response = officer_client.get(PAGE, {"year": 2025, "quarter": 4, "format": "csv"})

    assert [row["Reference"] for row in csv_dicts(response)] == ["IN-Q4"]
    excel = officer_client.get(PAGE, {"year": 2025, "quarter": 4, "format": "xlsx"})
    assert excel["Content-Disposition"].endswith('-2025-26-q4.xlsx"')


def test_a_year_not_offered_is_an_error_on_the_page(officer_client):
    response = officer_client.get(PAGE, {"year": 1990, "quarter": 1})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a financial year from the list." in html
    assert response.context["summary"] is None
