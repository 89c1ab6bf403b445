"""API schemas of inspections (巡检): checklists, inspections with findings, signing, actions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import StrictIn


class ChecklistItemOut(Schema):
    position: int
    title: str
    guidance: str


class ChecklistOut(Schema):
    id: int
    category: str
    name: str
    items: list[ChecklistItemOut]


class FindingOut(Schema):
    id: int
    position: int
    item_title: str
    guidance: str
    result: Literal["pending", "ok", "issue", "na"]
    note: str
    ticket_id: int | None
    ticket_number: str | None
    recorded_at: dt.datetime | None


class InspectionAssetOut(Schema):
    id: int
    asset_id: int
    category: str
    vendor: str
    model: str
    serial: str
    checklist: str | None
    findings: list[FindingOut]


class InspectionOut(Schema):
    id: int
    number: str
    customer_id: int
    customer_name: str
    contract_id: int | None
    work_item_id: int | None
    engineer_id: int
    inspected_on: dt.date
    status: Literal["in_progress", "completed", "cancelled"]
    summary: str
    completed_at: dt.datetime | None
    signed: bool
    signer_name: str
    signed_at: dt.datetime | None
    customer_remarks: str
    satisfaction: int | None
    version: int
    counts: dict[str, int] = Field(description="ok / issue / na / pending")
    assets: list[InspectionAssetOut]
    feedback_url: str


class InspectionSummaryOut(Schema):
    id: int
    number: str
    customer_id: int
    customer_name: str
    engineer_id: int
    inspected_on: dt.date
    status: str
    issue_count: int
    pending_count: int


class InspectionPage(Schema):
    items: list[InspectionSummaryOut]
    next_cursor: str | None


class InspectionStartIn(StrictIn):
    customer_id: int | None = None
    contract_id: int | None = None
    work_item_id: int | None = Field(None, description="a planned inspection work item (巡检待办)")
    engineer_id: int | None = None
    inspected_on: dt.date | None = None
    asset_ids: list[int] | None = Field(None, description="default: the contract's devices, else all the customer's")


class FindingIn(StrictIn):
    result: Literal["ok", "issue", "na"]
    note: str = Field("", max_length=500)


class FindingTicketIn(StrictIn):
    severity: int = Field(3, ge=1, le=4)


class FindingTicketOut(Schema):
    ticket_id: int
    ticket_number: str
    finding: FindingOut


class InspectionSignIn(StrictIn):
    signer_name: str = Field(min_length=1, max_length=64)
    signature: str = Field(description="PNG data URL (data:image/png;base64,…), at most 300 KB")
    customer_remarks: str = Field("", max_length=2000)
    satisfaction: int | None = Field(None, ge=1, le=5)
    version: int | None = None


class InspectionActionIn(StrictIn):
    action: Literal["complete", "cancel"]
    summary: str = Field("", max_length=4000)
    version: int | None = None
