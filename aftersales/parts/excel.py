"""The reorder list (补货清单) as an Excel workbook, in the columns a purchaser works with."""

from __future__ import annotations

from collections.abc import Sequence

from aftersales.core import clock, xlsx
from aftersales.parts.selectors import ReorderLine

XLSX_CONTENT_TYPE = xlsx.XLSX_CONTENT_TYPE
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
MONEY = "#,##0.00"


def reorder_workbook(lines: Sequence[ReorderLine]) -> bytes:
    """One sheet 补货清单 with a row per part and location, and the total cost at the bottom.

    Written by the one export writer (`core.xlsx`): a part or location name is always text, never a formula.
    """
    book = xlsx.Workbook()
    sheet = book.sheet(
        "补货清单",
        list(zip(HEADERS, WIDTHS, strict=True)),
        banner=f"补货清单 · 生成于 {clock.local(clock.now()):%Y-%m-%d %H:%M}",
        number_formats={11: MONEY, 12: MONEY},
    )
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
    total = sum(x.suggested_cost_amount for x in lines)
    sheet.append(["合计", *[None] * (len(HEADERS) - 2), total], bold=True)
    return book.to_bytes()
