"""Excel export of the four registers of 篇8 (openpyxl), in the columns of `vehicles.registers`.

One sheet named after the register (e.g. 跟踪服务电话登记表); row 1 holds the column names, frozen; dates are
real Excel dates. The period and the person are in the file name and in the workbook's properties.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aftersales.core.errors import not_found
from aftersales.vehicles import selectors
from aftersales.vehicles.registers import REGISTERS, Register

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_WIDTH = 6


def register_get(name: str) -> Register:
    register = REGISTERS.get(name)
    if register is None:
        raise not_found("登记表", "Register")
    return register


def register_filename(register: Register, flt: selectors.RegisterFilter) -> str:
    """e.g. 跟踪服务电话登记表-20260301-20260331.xlsx"""
    return f"{register.title}-{flt.period.start_on:%Y%m%d}-{flt.period.end_on:%Y%m%d}.xlsx"


def register_ascii_filename(register: Register, flt: selectors.RegisterFilter) -> str:
    return f"{register.name}-{flt.period.start_on:%Y%m%d}-{flt.period.end_on:%Y%m%d}.xlsx"


def register_export(*, user: Any, register: Register, flt: selectors.RegisterFilter) -> bytes:
    """The register's rows for the period and person as an .xlsx workbook."""
    rows = register.rows(user, flt)
    book = openpyxl.Workbook(write_only=True)
    book.properties.title = f"{register.title} {flt.period.start_on}–{flt.period.end_on}"
    sheet = book.create_sheet(register.title)
    widths = ([NUMBER_WIDTH] if register.numbered else []) + [c.width for c in register.columns]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for text in register.headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    for cells in register.table(rows):
        sheet.append([_cell(sheet, value) for value in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value
