"""The cells of CSV and Excel exports (commissioning.common.tabular)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import Workbook

from commissioning.common.tabular import csv_text, excel_value, sheet_title, value_at

UTC = dt.UTC


def test_a_path_crosses_relations_calls_methods_and_stops_at_an_empty_one():
    row = SimpleNamespace(
        provider=SimpleNamespace(name="Alder Home Care", label=lambda: "Alder (independent)"),
        framework=None,
    )
    assert value_at(row, "provider.name") == "Alder Home Care"
    assert value_at(row, "provider.label") == "Alder (independent)"
    assert value_at(row, "framework.reference") is None
    assert value_at(row, lambda r: r.provider.name.upper()) == "ALDER HOME CARE"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "Yes"),
        (False, "No"),
        (dt.date(2026, 3, 31), "2026-03-31"),
        # 12:30 UTC on 1 June is 13:30 in London (British Summer Time).
        (dt.datetime(2026, 6, 1, 12, 30, tzinfo=UTC), "2026-06-01 13:30"),
        (Decimal("14400000.00"), "14400000.00"),
        (7, "7"),
        ("Home care – Tier 1", "Home care – Tier 1"),
        # OWASP CSV injection: a leading =, +, -, @ would make a formula.
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 1632 960000", "'+44 1632 960000"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
    ],
)
def test_csv_cells(value, text):
    assert csv_text(value) == text


def test_excel_cells_keep_types_and_never_hold_a_formula_or_a_control_character():
    sheet = Workbook(write_only=True).create_sheet()
    assert excel_value(Decimal("12.50"), sheet) == Decimal("12.50")
    assert excel_value(True, sheet) == "Yes"
    # 9:15 UTC on 1 June is 10:15 in London; Excel has no time zones.
    when = excel_value(dt.datetime(2026, 6, 1, 9, 15, tzinfo=UTC), sheet)
    assert (when.value.tzinfo, when.value.hour, when.value.minute) == (None, 10, 15)
    assert when.number_format == "dd/mm/yyyy hh:mm"
    formula = excel_value('=HYPERLINK("http://example.com")', sheet)
    assert formula.data_type == "s"
    assert excel_value("#N/A", sheet).data_type == "s"
    assert excel_value("Line\x0bbreak", sheet) == "Linebreak"


def test_sheet_titles_fit_excels_rules():
    assert sheet_title("Reviews: 2025/26 [draft]") == "Reviews  2025 26  draft"
    assert len(sheet_title("A very long title for a sheet of care packages")) == 31
