"""API schemas of the warranty app: decisions, the public lookup and vendor cases."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import StrictIn

RemedyCode = Literal["return", "exchange_or_repair", "repair", "replace", "paid_repair"]
ChargeCode = Literal["free", "at_cost", "charged"]
VendorCaseStatusCode = Literal["opened", "acknowledged", "part_shipped", "resolved", "closed"]


class ReasonOut(Schema):
    """Why: a stable code and the same sentence in Chinese and English."""

    code: str
    zh: str
    en: str


class WarrantyOut(Schema):
    """The 三包 decision for a fault reported on `on`.

    `remedy`: return (days 0–7 after purchase) / exchange_or_repair (days 8–15) / repair (free, in warranty) /
    replace (two warranty repairs already and failing again) / paid_repair (after warranty: parts at cost, no
    labour fee). Fees are rules, not amounts: free, at_cost, charged. `reasons` is a list of {code, zh, en}.
    `covered_until` is the last covered day, given by the longest term covering parts, named in `covered_by`
    (vendor, asset, project or 三包 term); `onsite_until` is the last day of on-site service (null: none).
    `day_number` counts days since purchase (purchase day = 0).
    """

    asset_id: int
    on: dt.date
    remedy: RemedyCode
    labour_fee: ChargeCode
    parts_fee: ChargeCode
    covered_until: dt.date
    covered_by: str | None
    onsite_until: dt.date | None
    in_warranty: bool
    day_number: int
    warranty_start: dt.date
    reasons: list[ReasonOut]


class PublicWarrantyOut(Schema):
    """The public lookup: the product and its warranty today; no customer, site or purchase details."""

    serial: str
    model: str
    category: str
    vendor: str
    on: dt.date
    warranty_start: dt.date
    covered_until: dt.date
    covered_by: str | None
    in_warranty: bool
    remedy: RemedyCode
    labour_fee: ChargeCode
    parts_fee: ChargeCode
    reasons: list[ReasonOut]


class VendorCaseIn(StrictIn):
    """Open a case with the vendor. The vendor is the request's asset's unless `vendor_id` is given;
    `confirmed_at` is when the vendor confirmed the fault remotely (default now)."""

    vendor_reference: str = Field("", max_length=64)
    note: str = Field("", max_length=4000)
    vendor_id: int | None = None
    confirmed_at: dt.datetime | None = None


class VendorCasePatchIn(StrictIn):
    """Change a case; `version` is the one you read (409 when stale). Omitted fields stay as they are;
    a time field sent as null is cleared. `status` moves by the table (409 when not allowed)."""

    version: int
    status: VendorCaseStatusCode | None = None
    vendor_reference: str | None = Field(None, max_length=64)
    rma_number: str | None = Field(None, max_length=64)
    part_description: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=4000)
    confirmed_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    vendor_onsite_at: dt.datetime | None = None
    shipped_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    defective_returned_at: dt.datetime | None = None


class VendorCaseOut(Schema):
    id: int
    ticket_id: int
    ticket_number: str
    vendor_id: int
    vendor: str
    vendor_reference: str
    status: VendorCaseStatusCode
    severity: int
    sla_policy: str | None
    opened_by_id: int | None
    opened_at: dt.datetime
    confirmed_at: dt.datetime
    report_by: dt.datetime | None
    onsite_by: dt.datetime | None
    spare_by: dt.datetime | None
    deadline_uncertain: bool
    reported_late: bool
    overdue: bool
    overdue_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    vendor_onsite_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    rma_number: str
    part_description: str
    shipped_at: dt.datetime | None
    received_at: dt.datetime | None
    defective_returned_at: dt.datetime | None
    note: str
    allowed_statuses: list[str]
    version: int


class VendorCaseHistoryOut(Schema):
    at: dt.datetime
    user_id: int | None
    user: str
    change: str
    change_zh: str
    status: str
    version: int


class VendorCaseDetailOut(VendorCaseOut):
    history: list[VendorCaseHistoryOut]


class VendorCasePage(Schema):
    items: list[VendorCaseOut]
    next_cursor: str | None
