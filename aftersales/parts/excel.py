"""The reorder list (补货清单) as an Excel workbook, in the columns a purchaser works with."""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from aftersales.core import clock
from aftersales.parts.selectors import ReorderLine

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = (
    "库位",
    "备件编号",
    "名称",
    "厂商",
    "单位",
    "在库",
    "预留",
    "可用",
    "补货点",
    "补货批量",
    "建议订购",
    "单价（元）",
    "金额（元）",
)
WIDTHS = (16, 16, 28, 10, 6, 8, 8, 8, 8, 10, 10, 12, 14)


def reorder_workbook(lines: Sequence[ReorderLine]) -> bytes:
    """One sheet 补货清单 with a row per part and location, and the total cost at the bottom."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "补货清单"
    sheet.append([f"补货清单 · 生成于 {clock.local(clock.now()):%Y-%m-%d %H:%M}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for line in lines:
        stock, part = line.stock, line.stock.part
        sheet.append(
            [
                stock.location.name,
                part.part_number,
                part.name,
                part.vendor.name if part.vendor_id else "",
                part.unit,
                stock.on_hand,
                stock.reserved,
                line.available,
                stock.reorder_point,
                stock.reorder_quantity,
                line.suggested_quantity,
                part.unit_cost_amount,
                line.suggested_cost_amount,
            ]
        )
    total_row = sheet.max_row + 1
    sheet.cell(row=total_row, column=1, value="合计").font = Font(bold=True)
    total = sheet.cell(row=total_row, column=len(HEADERS), value=sum(x.suggested_cost_amount for x in lines))
    total.font = Font(bold=True)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=3, min_col=12, max_col=13):
        for cell in row:
            cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
