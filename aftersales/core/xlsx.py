"""The one writer of every Excel export (issue 9 defect 5; docs/decisions/009-export-and-backup.md).

Every .xlsx the system hands out is written here, so the rules that keep a stored value from turning into
something else in the user's spreadsheet hold for all of them:

- **Text is text.** openpyxl turns a string that starts with "=" into a formula and "#N/A" into an error
  value; a customer named `=HYPERLINK("http://evil.example","点击")` or `=1+1` would become a live formula in
  the file (OWASP "CSV injection"). Every string is written as a string cell (`data_type` "s"), and one that
  starts with `= + - @`, a tab or a carriage return also gets Excel's own "quote prefix" style (what Excel
  stores when a user types `'=1+1`), so Excel shows it literally and keeps it text when the cell is edited.
  The value itself is unchanged, so our import reads back exactly what was stored.
- **Characters XML cannot hold** (the C0 controls but tab, line feed and carriage return, e.g. `\\x0b` from
  text pasted out of Word) are replaced by U+FFFD instead of failing the whole export with openpyxl's
  IllegalCharacterError; a carriage return becomes a line feed (what an XML reader would make of it).
- **Dates and times**: dates as real Excel dates (yyyy-mm-dd); aware datetimes in China time (Excel has no
  time zones).
- **Streamed**: the workbook is openpyxl's write-only kind, rows go to a temporary file as they are appended,
  so an export never holds the whole sheet as cell objects in memory.

Use: `book = Workbook(); sheet = book.sheet("客户", [("名称", 36), …]); sheet.append([...]); book.to_bytes()`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, BinaryIO
from urllib.parse import quote

from django.http import HttpResponse

from aftersales.core import clock

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# openpyxl's ILLEGAL_CHARACTERS_RE: openpyxl itself (with numpy and PIL, ~29 MiB) is imported on the first
# export, not when the URLconf is loaded, so a worker that writes no spreadsheet never holds it (issue 9, defect 10).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@cache
def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "header_font": Font(bold=True),
        "header_fill": PatternFill("solid", fgColor="DDEBF7"),
        "header_alignment": Alignment(horizontal="center"),
        "bold": Font(bold=True),
        "banner_font": Font(bold=True, size=13),
    }


def clean_text(text: str) -> str:
    """`text` as a cell can hold it: characters XML cannot carry become U+FFFD, a carriage return a line feed
    (an XML reader turns a bare CR into LF anyway, so the file would not say what we wrote), at most 32,767."""
    text = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_CELL_TEXT]


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula: it starts with one of FORMULA_PREFIXES, also after
    leading white space (some programs strip it)."""
    return text.startswith(FORMULA_PREFIXES) or text.lstrip(" \t\r\n").startswith(FORMULA_PREFIXES)


def attachment_disposition(filename: str, fallback: str) -> str:
    """Content-Disposition of a download: an ASCII `fallback` and the real name per RFC 5987 (filename*)."""
    fallback = _ASCII_UNSAFE.sub("-", fallback) or "export.xlsx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


class Sheet:
    """One worksheet being written: `append` a row of plain values (str, int, Decimal, date, bool, None)."""

    def __init__(self, worksheet: Any, number_formats: dict[int, str]) -> None:
        self._worksheet = worksheet
        self._number_formats = number_formats

    def cell(self, value: Any, *, column: int | None = None, bold: bool = False) -> Any:
        """The cell to write for `value` (None for an empty cell); `column` (0-based) picks its number format."""
        from openpyxl.cell import WriteOnlyCell

        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = clock.local(value).replace(tzinfo=None)
        if isinstance(value, str):
            text = clean_text(value)
            cell = WriteOnlyCell(self._worksheet, value=text)
            cell.data_type = "s"  # never a formula ("=…") or an error value ("#N/A")
            if looks_like_formula(text):
                cell.quotePrefix = True
        else:
            cell = WriteOnlyCell(self._worksheet, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif column is not None and column in self._number_formats:
                cell.number_format = self._number_formats[column]
        if bold:
            cell.font = _styles()["bold"]
        return cell

    def append(self, values: Iterable[Any], *, bold: bool = False) -> None:
        self._worksheet.append([self.cell(value, column=index, bold=bold) for index, value in enumerate(values)])

    def header(self, titles: Iterable[str]) -> None:
        """A header row: bold on a light blue fill, centred."""
        styles = _styles()
        cells = []
        for title in titles:
            cell = self.cell(title)
            if cell is not None:
                cell.font, cell.fill, cell.alignment = (
                    styles["header_font"],
                    styles["header_fill"],
                    styles["header_alignment"],
                )
            cells.append(cell)
        self._worksheet.append(cells)


class Workbook:
    """A write-only workbook; add sheets with `sheet`, then `to_bytes`, or `save`."""

    def __init__(self, *, title: str | None = None) -> None:
        import openpyxl

        self._book = openpyxl.Workbook(write_only=True)
        if title:
            self._book.properties.title = clean_text(title)

    def sheet(
        self,
        title: str,
        columns: Sequence[tuple[str, int]],
        *,
        banner: str | None = None,
        number_formats: dict[int, str] | None = None,
    ) -> Sheet:
        """A new sheet with a header row of `columns` (title, width), frozen below the header.

        `banner` is an optional bold line above the header (e.g. "补货清单 · 生成于 …"); `number_formats`
        maps a 0-based column to an Excel number format for its numeric cells (e.g. "#,##0.00").
        """
        from openpyxl.utils import get_column_letter

        worksheet = self._book.create_sheet(clean_text(title)[:31])
        for index, (_, width) in enumerate(columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = "A3" if banner else "A2"
        sheet = Sheet(worksheet, dict(number_formats or {}))
        if banner:
            line = sheet.cell(banner)
            if line is not None:
                line.font = _styles()["banner_font"]
            worksheet.append([line])
        sheet.header(header for header, _ in columns)
        return sheet

    def save(self, target: BinaryIO) -> None:
        self._book.save(target)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def download(content: bytes, filename: str, fallback: str) -> HttpResponse:
    """An .xlsx file as a download named `filename` (`fallback` for clients that only read ASCII names)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(filename, fallback)
    return response
