"""API schemas of the parts store and loaners."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import QueryIn, StrictIn

RequestedKind = Literal["receive", "reserve", "release", "issue", "return", "scrap", "transfer"]
LocationKindName = Literal["warehouse", "van", "partner_store"]


# ------------------------------------------------------------------------------------------ catalogue


class PartIn(StrictIn):
    part_number: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=128)
    vendor_id: int | None = None
    compatible_models: list[str] = Field(default_factory=list, max_length=200, description="适用型号")
    unit: str = Field("个", max_length=8)
    unit_cost_amount: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2, description="单价（元）")
    grade: str = Field("", max_length=32, description="如：原厂、兼容、翻新")
    notes: str = Field("", max_length=4000)


class PartOut(Schema):
    id: int
    part_number: str
    name: str
    vendor_id: int | None
    vendor: str | None
    compatible_models: list[str]
    unit: str
    unit_cost_amount: Decimal
    grade: str
    notes: str
    is_active: bool


class PartPage(Schema):
    items: list[PartOut]
    next_cursor: str | None


class PartQuery(QueryIn):
    q: str = Field("", max_length=100, description="备件编号、名称或适用型号")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class LocationIn(StrictIn):
    name: str = Field(min_length=1, max_length=64)
    kind: LocationKindName = "warehouse"
    region_id: int | None = None
    partner_id: int | None = None
    keeper_id: int | None = None


class LocationOut(Schema):
    id: int
    name: str
    kind: str
    region_id: int | None
    partner_id: int | None
    keeper_id: int | None
    is_active: bool


# ---------------------------------------------------------------------------------------------- stock


class StockOut(Schema):
    id: int
    part_id: int
    part_number: str
    part_name: str
    location_id: int
    location: str
    on_hand: int
    reserved: int
    available: int
    reorder_point: int | None
    reorder_quantity: int
    is_low: bool


class StockPage(Schema):
    items: list[StockOut]
    next_cursor: str | None


class StockQuery(QueryIn):
    location_id: int | None = None
    part_id: int | None = None
    low: bool | None = Field(None, description="true: only stock at or below its reorder point")
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)


class MoveIn(StrictIn):
    kind: RequestedKind
    part_id: int
    quantity: int = Field(gt=0, le=1_000_000)
    location_id: int = Field(description="the location whose stock changes (for a transfer: the source)")
    to_location_id: int | None = Field(None, description="transfer only: the target location")
    ticket_id: int | None = Field(None, description="the service request; required to reserve or release")
    note: str = Field("", max_length=500)


class MoveOut(Schema):
    id: int
    kind: str
    part_id: int
    location_id: int
    quantity: int
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    from_location_id: int | None
    to_location_id: int | None
    ticket_id: int | None
    stock_count_id: int | None
    related_move_id: int | None
    actor: str | None
    at: dt.datetime
    note: str


class MoveCreatedOut(Schema):
    move: MoveOut
    stock: StockOut
    related_move: MoveOut | None
    to_stock: StockOut | None


class MovePage(Schema):
    items: list[MoveOut]
    next_cursor: str | None


class MoveQuery(QueryIn):
    part_id: int | None = None
    location_id: int | None = None
    ticket_id: int | None = None
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)


class ReorderRuleIn(StrictIn):
    part_id: int
    location_id: int
    reorder_point: int | None = Field(None, ge=0, le=1_000_000, description="null: never suggested")
    reorder_quantity: int = Field(0, ge=0, le=1_000_000)


class ReorderLineOut(Schema):
    stock: StockOut
    suggested_quantity: int
    unit_cost_amount: Decimal
    suggested_cost_amount: Decimal


class ReorderOut(Schema):
    items: list[ReorderLineOut]


class ReservationOut(Schema):
    ticket_id: int
    ticket_number: str
    part_id: int
    part_number: str
    location_id: int
    quantity: int


class LedgerMismatchOut(Schema):
    part_id: int
    location_id: int
    problem: str
    stock_on_hand: int | None
    ledger_on_hand: int | None
    stock_reserved: int | None
    ledger_reserved: int | None
    move_id: int | None


class LedgerCheckOut(Schema):
    is_balanced: bool
    mismatches: list[LedgerMismatchOut]


# --------------------------------------------------------------------------------------- stock counts


class CountOpenIn(StrictIn):
    location_id: int
    note: str = Field("", max_length=2000)


class CountLineIn(StrictIn):
    part_id: int
    counted: int = Field(ge=0, le=1_000_000)
    note: str = Field("", max_length=200)


class CountPatchIn(StrictIn):
    lines: list[CountLineIn] = Field(min_length=1, max_length=5000)


class CountLineOut(Schema):
    part_id: int
    part_number: str
    part_name: str
    expected: int
    counted: int | None
    book_at_close: int | None
    discrepancy: int | None
    note: str


class StockCountOut(Schema):
    id: int
    location_id: int
    location: str
    status: str
    opened_by: str | None
    opened_at: dt.datetime
    closed_by: str | None
    closed_at: dt.datetime | None
    note: str
    version: int
    lines: list[CountLineOut]


# -------------------------------------------------------------------------------------------- loaners


class LoanerIn(StrictIn):
    serial: str = Field(min_length=1, max_length=64)
    model: str = Field(min_length=1, max_length=64)
    grade: int = Field(ge=1, le=4, description="1 入门级 · 2 标准级 · 3 高端级 · 4 关键级")
    vendor_id: int | None = None
    category: str = Field("", max_length=32)
    location_id: int | None = None
    notes: str = Field("", max_length=4000)


class LoanBriefOut(Schema):
    id: int
    ticket_id: int
    ticket_number: str
    customer_id: int
    customer: str
    lent_at: dt.datetime
    due_back_on: dt.date
    is_overdue: bool


class LoanerOut(Schema):
    id: int
    serial: str
    model: str
    vendor_id: int | None
    category: str
    grade: int
    location_id: int | None
    status: str
    current_loan: LoanBriefOut | None


class LoanerPage(Schema):
    items: list[LoanerOut]
    next_cursor: str | None


class LoanerQuery(QueryIn):
    status: Literal["available", "lent", "repair", "retired"] | None = None
    min_grade: int | None = Field(None, ge=1, le=4)
    category: str | None = Field(None, max_length=32)
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)


class LoanIn(StrictIn):
    loaner_id: int
    ticket_id: int
    due_back_on: dt.date
    required_grade: int | None = Field(None, ge=1, le=4, description="default: from the device's category")
    condition_out: str = Field("", max_length=500)


class LoanReturnIn(StrictIn):
    condition_back: str = Field("", max_length=500)
    needs_repair: bool = False


class LoanOut(Schema):
    id: int
    loaner_id: int
    loaner_serial: str
    loaner_model: str
    loaner_grade: int
    required_grade: int
    ticket_id: int
    ticket_number: str
    customer_id: int
    customer: str
    lent_by: str | None
    lent_at: dt.datetime
    due_back_on: dt.date
    condition_out: str
    returned_at: dt.datetime | None
    returned_by: str | None
    condition_back: str
    is_overdue: bool
    days_overdue: int


class LoanPage(Schema):
    items: list[LoanOut]
    next_cursor: str | None


class LoanQuery(QueryIn):
    overdue: bool | None = None
    open: bool | None = Field(None, description="true: not yet returned; false: returned")
    loaner_id: int | None = None
    ticket_id: int | None = None
    customer_id: int | None = None
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)
