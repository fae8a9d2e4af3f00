"""Spreadsheets we write are inert: no text in them ever becomes a formula, a number or a link.

Every CSV and XLSX the system writes goes through this module. In XLSX every text is written
as a text cell (XlsxWriter with `strings_to_formulas` and its kin off, and `write_string`), so a
description such as `=HYPERLINK(...)` stays the words the person typed. CSV has no types: a
spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula, so such a cell is written with a leading apostrophe, the usual
mark for "this is text" (OWASP's advice on CSV injection)."""

import csv
import io
from datetime import date, datetime, time

import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd-mm-yyyy"  # Danish order; stored as a real date, so sorting and sums work
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
TIME_FORMAT = "hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60


def csv_cell(value):
    """One value as CSV text: numbers and dates as we write them (ISO dates, a decimal comma
    as a Danish spreadsheet reads it), text with an apostrophe where it could be a formula."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return csv_cell(str(value))


def csv_text(rows):
    """Rows (the header first) as CSV text with semicolons and a byte-order mark: what a
    Danish Excel opens without questions."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def xlsx_bytes(title, header, rows):
    """One sheet: a bold header row that stays in view and carries an autofilter, columns as
    wide as their contents (within reason), text always as text, and dates and times as real
    spreadsheet dates shown in Danish order. Rows are written as they come (constant memory)."""
    out = io.BytesIO()
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "remove_timezone": True,
    }
    with xlsxwriter.Workbook(out, options) as workbook:
        sheet = workbook.add_worksheet(_sheet_name(title))
        formats = _Formats(workbook)
        widths = [_width(text) for text in header]
        for column, text in enumerate(header):
            sheet.write_string(0, column, str(text), formats.header)
        last_row = 0
        for last_row, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _write(sheet, last_row, column, value, formats)
                widths[column] = max(widths[column], _width(value))
        for column, width in enumerate(widths):
            sheet.set_column(column, column, min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, last_row, max(0, len(header) - 1))
    return out.getvalue()


class _Formats:
    def __init__(self, workbook):
        self.header = workbook.add_format({"bold": True})
        self.date = workbook.add_format({"num_format": DATE_FORMAT})
        self.datetime = workbook.add_format({"num_format": DATETIME_FORMAT})
        self.time = workbook.add_format({"num_format": TIME_FORMAT})


def _write(sheet, row, column, value, formats):
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, column, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value, formats.datetime)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, formats.date)
    elif isinstance(value, time):
        sheet.write_datetime(row, column, value, formats.time)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))


def _width(value):
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, date | time):
        return len(DATE_FORMAT)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _sheet_name(title):
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    name = "".join(" " if c in "[]:*?/\\" else c for c in str(title)).strip()
    return name[:31] or "Ark1"
