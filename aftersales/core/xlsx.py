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


# ------------------------------------------------------------------------------------------ fast streaming


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 (Excel serial dates are naive local time)
_STREAM_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlform'
    'ats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts><fonts count="3"><font><sz val="11"/'
    '><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="'
    '13"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></f'
    'ill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor'
    ' rgb="FFDDEBF7"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><botto'
    'm/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" bord'
    'erId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId'
    '="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numF'
    'mtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontI'
    'd="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment hor'
    'izontal="center"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/'
    '><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles c'
    'ount="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_STYLE_DATE, _STYLE_DATETIME, _STYLE_HEADER, _STYLE_QUOTED, _STYLE_BANNER = 1, 2, 3, 4, 5


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class StreamingWorkbook:
    """A one-sheet .xlsx written straight to a file as rows come (no openpyxl, no cell objects): for exports of
    hundreds of thousands of rows, ~10× faster than openpyxl's write-only mode with memory that does not grow.

    The same rules as `Sheet` hold: text is an inline string (never a formula or an error value), formula-like
    text gets Excel's quote prefix, characters XML cannot hold become U+FFFD, dates and aware datetimes (in China
    time) are real Excel dates. Use as a context manager: `with StreamingWorkbook(path, "客户", columns,
    banner=…) as sheet: sheet.append([...])`."""

    def __init__(self, target: Any, title: str, columns: Sequence[tuple[str, int]], *, banner: str | None = None):
        import zipfile

        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._title = clean_text(title)[:31] or "Sheet1"
        self._letters = [_column_letter(i) for i in range(len(columns))]
        self._row = 0
        self._buffer: list[str] = []
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        header_rows = 2 if banner else 1
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>' for i, (_, width) in enumerate(columns, 1)
        )
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{header_rows}" topLeftCell="A{header_rows + 1}" activePane="bottomLeft" state="frozen"/>'
            f"</sheetView></sheetViews><cols>{cols}</cols><sheetData>"
        )
        if banner:
            self._append([banner], style=_STYLE_BANNER)
        self._append([title for title, _ in columns], style=_STYLE_HEADER)

    def _write(self, text: str) -> None:
        self._buffer.append(text)
        if len(self._buffer) >= 500:
            self._flush()

    def _flush(self) -> None:
        self._sheet.write("".join(self._buffer).encode("utf-8"))
        self._buffer.clear()

    def _cell(self, ref: str, value: Any, style: int | None) -> str:
        if value is None or value == "":
            return ""
        if type(value) is int:
            return f'<c r="{ref}"><v>{value}</v></c>'
        if isinstance(value, str):
            # Fast path: printable text (CJK included) has no character XML cannot hold and no carriage return.
            text = value[:MAX_CELL_TEXT] if value.isprintable() else clean_text(value)
            s = style if style is not None else (_STYLE_QUOTED if looks_like_formula(text) else 0)
            attr = f' s="{s}"' if s else ""
            if "&" in text or "<" in text or ">" in text:
                text = _xml_text(text)
            return f'<c r="{ref}" t="inlineStr"{attr}><is><t xml:space="preserve">{text}</t></is></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = clock.local(value).replace(tzinfo=None)
            serial = (value - _EXCEL_EPOCH).total_seconds() / 86400
            return f'<c r="{ref}" s="{_STYLE_DATETIME}"><v>{serial:.8f}</v></c>'
        if isinstance(value, dt.date):
            return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
        return f'<c r="{ref}"><v>{value}</v></c>'

    def _append(self, values: Iterable[Any], *, style: int | None = None) -> None:
        self._row += 1
        row = self._row
        cells = "".join(
            self._cell(f"{letter}{row}", value, style) for letter, value in zip(self._letters, values, strict=False)
        )
        self._write(f'<row r="{row}">{cells}</row>')

    def append(self, values: Iterable[Any]) -> None:
        self._append(values)

    @property
    def rows(self) -> int:
        return self._row

    def close(self) -> None:
        self._write("</sheetData></worksheet>")
        self._flush()
        self._sheet.close()
        z = self._zip
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{_xml_text(self._title)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        z.writestr("xl/styles.xml", _STREAM_STYLES)
        z.close()

    def __enter__(self) -> StreamingWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
