"""CSV and Excel exports of every list page (ListPageView): the filtered rows,
all of them, streamed, in a fixed number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from commissioning.common.choices import ServiceType
from commissioning.common.views import ListPageView
from commissioning.models import Contract, ContractStatus, RecordView
from commissioning.roles import Role
from commissioning.testing.factories import PersonFactory
from commissioning.testing.roles import assert_role_access
from commissioning.tests.contracts.factories import ContractFactory
from commissioning.tests.exports.rows import MAKERS
from providers.models import Provider
from providers.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
D = dt.date


def list_pages(patterns=None, namespace=""):
    """(URL name, view class) of every ListPageView in the URLconf."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from list_pages(pattern.url_patterns, inner)
            continue
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, ListPageView):
            yield ":".join(filter(None, [namespace, pattern.name])), view


LIST_PAGES = dict(list_pages())


def download(client, url):
    """The response and its whole body (a streamed body is read here)."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(body: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body)).active
    return list(sheet.iter_rows(values_only=True))


def test_every_list_page_is_covered_and_declares_its_export_columns():
    assert set(LIST_PAGES) == set(MAKERS)
    for name, view in LIST_PAGES.items():
        assert view.export_columns, f"{name} has no export_columns"


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_has_the_columns_and_every_row_in_a_fixed_number_of_queries(
    name, export_format, officer_client
):
    view = LIST_PAGES[name]
    headers = [header for header, _ in view.export_columns]
    query = MAKERS[name](0)
    url = f"{reverse(name)}?{query}&format={export_format}"
    read = csv_rows if export_format == "csv" else xlsx_rows
    # Reference data loaded by migrations (benchmarks) is listed too.
    already = len(read(download(officer_client, url)[1])) - 1

    MAKERS[name](3)
    with CaptureQueriesContext(connection) as few:
        response, body = download(officer_client, url)
    assert response.status_code == 200
    assert response.streaming
    rows = read(body)
    assert list(rows[0]) == headers
    assert len(rows) == 1 + already + 3

    MAKERS[name](12)
    with CaptureQueriesContext(connection) as many:
        _, body = download(officer_client, url)
    assert len(read(body)) == 1 + already + 15
    # 15 rows cost what 3 did: no query per row (relations fetched by the selector).
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


# --- The rows: filters, all pages, values -------------------------------------


def test_export_has_every_row_the_filters_select_not_just_the_page(officer_client):
    # 52 current home care contracts (more than a page of 50), one reablement
    # contract, and one home care contract that expired: the register's default
    # "current" filter leaves it out of the page and so of the export.
    ContractFactory.create_batch(52)
    ContractFactory(service_type=ServiceType.REABLEMENT, reference="REA-1")
    ContractFactory(
        reference="OLD-1", start_date=D(2019, 4, 1), initial_term_months=24, today=D(2026, 1, 5)
    )
    assert Contract.objects.get(reference="OLD-1").status == ContractStatus.EXPIRED

    _, body = download(officer_client, "/contracts/?service_type=home_care&format=csv")

    references = [row[0] for row in csv_rows(body)[1:]]
    assert len(references) == 52
    assert "REA-1" not in references
    assert "OLD-1" not in references
    # In the page's order: soonest end first, then reference.
    assert references == sorted(references)


def test_export_ignores_an_invalid_filter_as_the_page_does(officer_client):
    ContractFactory.create_batch(2)
    page = officer_client.get("/contracts/?ending_within=soon")
    assert page.context["filter"].errors  # shown to the officer

    _, body = download(officer_client, "/contracts/?ending_within=soon&format=csv")

    assert len(csv_rows(body)) == 1 + 2


@pytest.fixture
def register_row():
    provider = ProviderFactory(name="Brightwater Home Care")
    return ContractFactory(
        reference="IDC-2018-01",
        title='=HYPERLINK("http://example.com") care',
        provider=provider,
        start_date=D(2018, 1, 1),
        initial_term_months=24,
        option_months=[24],
        annual_value=Decimal("450000.00"),
        today=D(2018, 1, 1),
    )


def test_csv_cells_are_iso_dates_plain_decimals_yes_no_and_text_that_is_never_a_formula(
    officer_client, register_row
):
    _, body = download(officer_client, "/contracts/?status=all&format=csv")

    assert body.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    header, row = csv_rows(body)
    cell = dict(zip(header, row, strict=True))
    assert cell["Reference"] == "IDC-2018-01"
    assert cell["Title"] == '\'=HYPERLINK("http://example.com") care'
    assert cell["Provider"] == "Brightwater Home Care"
    assert cell["Framework"] == ""
    assert cell["How it was let"] == "Tender"
    # 1 Jan 2018 + 24 months ends 31 Dec 2019; + the 24-month option, 31 Dec 2021.
    assert cell["Start date"] == "2018-01-01"
    assert cell["Initial end date"] == "2019-12-31"
    assert cell["Maximum end date"] == "2021-12-31"
    assert cell["Beyond maximum extent"] == "No"
    assert cell["Annual value"] == "450000.00"


def test_excel_cells_are_real_dates_and_numbers_and_text_stays_text(officer_client, register_row):
    response, body = download(officer_client, "/contracts/?status=all&format=xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="contracts-')
    sheet = load_workbook(io.BytesIO(body)).active
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Title"].data_type == "s"
    assert row["Title"].value == '=HYPERLINK("http://example.com") care'
    assert row["Initial end date"].value.date() == D(2019, 12, 31)
    assert row["Initial end date"].number_format == "dd/mm/yyyy"
    assert row["Annual value"].value == 450000
    assert row["Beyond maximum extent"].value == "No"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet[1][-1].column_letter}2"


# --- Permissions and the access log ------------------------------------------


def test_personal_data_exports_follow_the_pages_permission():
    assert_role_access("/care/?format=csv", allowed=[Role.OFFICER, Role.MANAGER])
    assert_role_access("/care/people/?format=xlsx", allowed=[Role.OFFICER, Role.MANAGER])
    assert_role_access("/providers/?format=csv", allowed=list(Role))


def test_an_export_of_people_logs_each_person_in_it_as_seen_by_the_user(officer_client, officer):
    smiths = PersonFactory.create_batch(3, family_name="Smith")
    PersonFactory(family_name="Jones")

    download(officer_client, "/care/people/?q=smith&format=csv")

    views = RecordView.objects.filter(user=officer)
    assert sorted(view.object_id for view in views) == sorted(person.pk for person in smiths)
    assert {view.content_type.model for view in views} == {"person"}
    assert {view.what for view in views} == {"CSV export of people"}
    assert {view.path for view in views} == {"/care/people/?q=smith&format=csv"}
    assert len({view.viewed_at for view in views}) == 1  # one download, one moment


def test_an_export_without_personal_data_logs_nothing(officer_client):
    ProviderFactory.create_batch(2)

    download(officer_client, "/providers/?format=xlsx")

    assert not RecordView.objects.exists()


def test_rows_are_read_and_logged_chunk_by_chunk(officer_client, settings):
    settings.EXPORT_CHUNK_SIZE = 2
    PersonFactory.create_batch(5)

    with CaptureQueriesContext(connection) as queries:
        _, body = download(officer_client, "/care/people/?format=csv")

    assert len(csv_rows(body)) == 1 + 5
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "commissioning_recordview"')]
    assert len(inserts) == 3  # rows 1-2, 3-4, 5


# --- The page --------------------------------------------------------------------


def test_the_list_page_links_to_its_downloads_with_its_filters_and_without_the_page(
    officer_client,
):
    ContractFactory.create_batch(2)

    response = officer_client.get("/contracts/?status=all&sort=reference&page=1")

    html = response.content.decode()
    assert 'href="?status=all&amp;sort=reference&amp;format=csv"' in html
    assert 'href="?status=all&amp;sort=reference&amp;format=xlsx"' in html
    assert "Download the 2 rows matching these filters as" in html


def test_a_streamed_export_does_not_hold_the_rows_in_memory(officer_client, settings):
    settings.EXPORT_CHUNK_SIZE = 200

    def peak_while_exporting(rows: int) -> int:
        Provider.objects.all().delete()
        Provider.objects.bulk_create(
            Provider(name=f"Provider {i:05d} Home Care", provider_type="independent")
            for i in range(rows)
        )
        tracemalloc.start()
        try:
            response = officer_client.get("/providers/?format=csv")
            size = sum(len(part) for part in response.streaming_content)
            return tracemalloc.get_traced_memory()[1] if size else 0
        finally:
            tracemalloc.stop()

    small, large = peak_while_exporting(400), peak_while_exporting(4000)
    # Ten times the rows, about the same peak: chunks of 200 come and go.
    assert large < small * 1.5, (small, large)
