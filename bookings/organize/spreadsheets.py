"""Write rows of plain values as a CSV or XLSX download, safe to open in a spreadsheet program.

Both formats get the same rows. Values are `str`, `int`, `float`, aware or naive
`datetime`, `date` or `None`; aware datetimes are written in Stockholm local time
(the site's TIME_ZONE), never UTC.

Formula injection (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return (also after leading spaces) could be run as a formula when the
file is opened. In CSV such text gets a leading apostrophe, which spreadsheet programs read
as "this is text". In XLSX every text cell is written with the explicit string type (openpyxl
would otherwise store any text starting with "=" as a formula) and the risky ones also get
Excel's "quote prefix" style, so they stay text even when someone edits the cell; the value
itself is unchanged, so a phone number like "+46 70 123 45 67" reads exactly as typed.

CSV is UTF-8 with a byte-order mark, or Excel guesses a legacy code page and garbles åäö,
and uses semicolons between fields: Excel splits a CSV on the list separator of the
computer's region, which is ";" in Sweden (the comma is the decimal separator there).
A "sep=;" first line would also tell Excel, but it makes Excel ignore the byte-order mark.

In XLSX, datetimes are real date cells (naive local time with a "yyyy-mm-dd hh:mm" number
format): they sort and filter as dates and look the same as the CSV text. Excel has no
time zones, so local wall-clock time is the only honest value to store.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATETIME_TEXT = "%Y-%m-%d %H:%M"
DATETIME_NUMBER_FORMAT = "yyyy-mm-dd hh:mm"
DATE_NUMBER_FORMAT = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")
MAX_COLUMN_WIDTH = 50
INVALID_TITLE_RE = re.compile(r"[\[\]:*?/\\]")

Value = str | int | float | datetime | date | None


def require_format(file_format: str) -> str:
    """The format if it is one we write; otherwise a 404 (before any work is done)."""
    if file_format not in FORMATS:
        raise Http404
    return file_format


def could_be_formula(text: str) -> bool:
    """Whether a spreadsheet program might read this text as a formula."""
    return text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def local_naive(value: datetime) -> datetime:
    """An aware datetime as Stockholm wall-clock time without tzinfo (naive ones unchanged)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def local_text(value: datetime) -> str:
    """A datetime as Stockholm local "YYYY-MM-DD HH:MM"."""
    return local_naive(value).strftime(DATETIME_TEXT)


def csv_text(value: Value) -> str:
    """One value as CSV field text, with risky text defused by a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return f"'{value}" if could_be_formula(value) else value
    return str(value)


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(header) for header in headers])
    writer.writerows([csv_text(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_cell(sheet, value: Value, *, bold: bool = False) -> WriteOnlyCell:
    """One value as an XLSX cell whose type is set explicitly (text is never a formula)."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=local_naive(value))
        cell.number_format = DATETIME_NUMBER_FORMAT
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_NUMBER_FORMAT
    elif isinstance(value, str):
        # Characters XML cannot hold would make openpyxl refuse the whole file.
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = WriteOnlyCell(sheet, value=text)
        # openpyxl guesses "f" (formula) for text starting with "=" and "e" for "#N/A" etc.
        cell.data_type = "s"
        if could_be_formula(text):
            cell.quotePrefix = True
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    return cell


def column_widths(headers: Sequence[str], rows: list[Sequence[Value]]) -> list[int]:
    """Rough widths in characters, so that the file opens readable."""
    widths = [len(str(header)) for header in headers]
    for row in rows:
        for index, value in enumerate(row):
            text = csv_text(value) if isinstance(value, datetime | date) else str(value or "")
            length = len(text)
            widths[index] = max(widths[index], length)
    return [min(width + 2, MAX_COLUMN_WIDTH) for width in widths]


def sheet_title(title: str) -> str:
    """Excel allows at most 31 characters in a sheet name, and none of []:*?/\\."""
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", INVALID_TITLE_RE.sub(" ", title)).strip()
    return cleaned[:31] or "Sheet"


# A further sheet of an XLSX file: (title, headers, rows).
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Value]]]


def _append_sheet(workbook: Workbook, sheet: Sheet) -> None:
    title, headers, rows = sheet
    rows = list(rows)
    worksheet = workbook.create_sheet(title=sheet_title(title))
    worksheet.freeze_panes = "A2"  # the header row stays in view
    for index, width in enumerate(column_widths(headers, rows), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.append([xlsx_cell(worksheet, str(header), bold=True) for header in headers])
    for row in rows:
        worksheet.append([xlsx_cell(worksheet, value) for value in row])


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    title: str,
    more_sheets: Sequence[Sheet] = (),
) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in ((title, headers, rows), *more_sheets):
        _append_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_response(
    *,
    file_format: str,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Value]],
    title: str = "",
    more_sheets: Sequence[Sheet] = (),
) -> HttpResponse:
    """A download of `rows` under `headers` as `filename.<file_format>`; an XLSX file also
    holds `more_sheets` (a CSV file holds one table: offer the others as files of their own).

    The filename must not contain personal data (it ends up in browser histories and download
    folders); the response is marked no-store so no cache keeps a copy.
    """
    require_format(file_format)
    if file_format == CSV:
        content = csv_bytes(headers, rows)
    else:
        content = xlsx_bytes(headers, rows, title=title or filename, more_sheets=more_sheets)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.{file_format}"
    )
    response["Cache-Control"] = "no-store"
    return response
