"""Excel export of the four registers of 篇8 in the columns of `vehicles.registers`, by the one export writer
(`core.xlsx`).

One sheet named after the register (e.g. 跟踪服务电话登记表); row 1 holds the column names, frozen; dates are
real Excel dates. The period and the person are in the file name and in the workbook's properties.
"""

from __future__ import annotations

from typing import Any

from aftersales.core import xlsx
from aftersales.core.errors import not_found
from aftersales.vehicles import selectors
from aftersales.vehicles.registers import REGISTERS, Register

XLSX_CONTENT_TYPE = xlsx.XLSX_CONTENT_TYPE
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
    """The register's rows for the period and person as an .xlsx workbook (by the one writer, `core.xlsx`)."""
    rows = register.rows(user, flt)
    book = xlsx.Workbook(title=f"{register.title} {flt.period.start_on}–{flt.period.end_on}")
    widths = ([NUMBER_WIDTH] if register.numbered else []) + [c.width for c in register.columns]
    sheet = book.sheet(register.title, list(zip(register.headers, widths, strict=True)))
    for cells in register.table(rows):
        sheet.append(cells)
    return book.to_bytes()
