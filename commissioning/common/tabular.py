"""CSV and Excel files of rows described by columns, streamed.

A column is ``(header, path)``: the path is read from each row by attribute,
crossing relations with dots ("provider.name"); a method at the end of the
path is called ("get_status_display"). A column may give a function of the
row instead of a path. Rows come from a queryset, read in chunks with
``QuerySet.iterator(chunk_size=...)`` so that prefetches run once per chunk,
or from any iterable of objects.

CSV streams as it is written. An .xlsx file is a zip archive, which cannot
be streamed while it is written: openpyxl's write-only mode writes the rows
to a temporary file as they come, and the finished file is streamed from
disk. Memory stays flat whatever the number of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Column = tuple[str, "str | Callable[[Any], Any]"]

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel reads a CSV file as UTF-8 (so "£" and "–" survive) only when it
# starts with a byte-order mark; other readers skip it ("utf-8-sig").
BYTE_ORDER_MARK = "\ufeff"
# OWASP "CSV injection": a cell starting with one of these is a formula to a
# spreadsheet. Text that starts so gets a leading apostrophe in CSV; in Excel
# files the cell is written as text, which is never evaluated.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits on a sheet's name.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def chunk_size() -> int:
    return settings.EXPORT_CHUNK_SIZE


def value_at(row: Any, path: str | Callable[[Any], Any]) -> Any:
    """The value a column reads from a row; None as soon as a step is empty."""
    if callable(path):
        return path(row)
    value = row
    for name in path.split("."):
        if value is None:
            return None
        value = getattr(value, name)
        if callable(value) and not isinstance(value, Model):
            value = value()
    return value


def in_chunks(rows: Iterable, size: int) -> Iterator[list]:
    """Rows in lists of at most ``size``; a queryset is read with a
    server-side cursor, its prefetches done once per chunk."""
    iterator = rows.iterator(chunk_size=size) if isinstance(rows, QuerySet) else iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


@dataclass
class TableExport:
    """What to write: rows, their columns, and the file's name and title."""

    rows: Iterable
    columns: Sequence[Column]
    filename: str  # without extension
    title: str
    # Called with each chunk of rows before it is written (e.g. to log who
    # saw which records): nothing leaves the server before its call.
    on_chunk: Callable[[list], None] | None = None

    @property
    def headers(self) -> list[str]:
        return [header for header, _ in self.columns]

    def chunks(self) -> Iterator[list]:
        for chunk in in_chunks(self.rows, chunk_size()):
            if self.on_chunk is not None:
                self.on_chunk(chunk)
            yield chunk

    def values(self, row) -> list:
        return [value_at(row, path) for _, path in self.columns]


# --- CSV ---------------------------------------------------------------------


def csv_text(value: Any) -> str:
    """One CSV cell: ISO dates, plain decimals, Yes/No, local times."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file that hands back what is written, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(export: TableExport, *, byte_order_mark: bool = True) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield (BYTE_ORDER_MARK if byte_order_mark else "") + writer.writerow(export.headers)
    for chunk in export.chunks():
        yield "".join(
            writer.writerow([csv_text(value) for value in export.values(row)]) for row in chunk
        )


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Exports may hold personal data: never kept by a browser or proxy cache.
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(export: TableExport, *, byte_order_mark: bool = True) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(export, byte_order_mark=byte_order_mark), content_type=CSV_CONTENT_TYPE
    )
    return _attachment(response, f"{export.filename}.csv")


# --- Excel -------------------------------------------------------------------


def sheet_title(title: str) -> str:
    return SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:31] or "Export"


def excel_value(value: Any, sheet) -> Any:
    """One Excel cell: real dates and numbers; text always as text."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or isinstance(value, int | Decimal | float):
        return value
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "dd/mm/yyyy hh:mm"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith("=") or text in ERROR_CODES:
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def write_workbook(export: TableExport, file) -> int:
    """Write the rows as one sheet to ``file``; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(export.title))
    for number, header in enumerate(export.headers, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in export.headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for chunk in export.chunks():
        for row in chunk:
            sheet.append([excel_value(value, sheet) for value in export.values(row)])
        count += len(chunk)
    last_column = get_column_letter(max(1, len(export.headers)))
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
    workbook.save(file)
    return count


def xlsx_response(export: TableExport) -> FileResponse:
    # Deleted by the operating system once the response closes it.
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_workbook(export, file)
    file.seek(0)
    response = FileResponse(file, content_type=XLSX_CONTENT_TYPE)
    response.block_size = 64 * 1024
    return _attachment(response, f"{export.filename}.xlsx")


RESPONSES = {"csv": csv_response, "xlsx": xlsx_response}
