"""Input and output schemas of the sale-to-service API (money as text with two places)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import ErrorOut, StrictIn

StageName = Literal["qualify", "lead", "validate", "negotiate", "close"]
BuyingRoleName = Literal["decision_maker", "technical_evaluator", "user", "purchasing"]


class GateItemOut(Schema):
    code: str
    zh: str
    en: str


class GateErrorOut(ErrorOut):
    missing: list[GateItemOut] = []


class OpportunityIn(StrictIn):
    customer_id: int
    name: str = Field(min_length=1, max_length=128)
    amount: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2)
    value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2, description="the same as amount")
    expected_close_on: dt.date | None = None
    competitors: list[str] = Field(default_factory=list, max_length=20)
    need: str = Field("", max_length=4000)
    next_step: str = Field("", max_length=200)
    next_step_on: dt.date | None = None
    owner_id: int | None = None
    warranty_months: int = Field(36, ge=1, le=240)


class OpportunityPatchIn(StrictIn):
    expected_version: int | None = None
    name: str | None = Field(None, min_length=1, max_length=128)
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    expected_close_on: dt.date | None = None
    competitors: list[str] | None = Field(None, max_length=20)
    need: str | None = Field(None, max_length=4000)
    benefit_analysis: str | None = Field(None, max_length=8000)
    difference_assessment: str | None = Field(None, max_length=8000)
    agreed_amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    terms: str | None = Field(None, max_length=8000)
    next_step: str | None = Field(None, max_length=200)
    next_step_on: dt.date | None = None
    warranty_months: int | None = Field(None, ge=1, le=240)


class AdvanceIn(StrictIn):
    to: StageName
    note: str = Field("", max_length=2000)
    # 销售成交 (close): the contract
    contract_number: str = Field("", max_length=64)
    contract_name: str = Field("", max_length=128)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    sla_policy_id: int | None = None
    reason: str = Field("", max_length=2000, description="why it was won (required to close)")


class LoseIn(StrictIn):
    reason: str = Field(min_length=1, max_length=2000)
    competitor: str = Field("", max_length=64)


class BuyingMemberIn(StrictIn):
    role: BuyingRoleName
    contact_id: int | None = None
    contact_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=32)
    contact_title: str = Field("", max_length=64)
    note: str = Field("", max_length=200)


class BuyingMemberOut(Schema):
    id: int
    role: str
    role_label: str
    contact_id: int
    contact_name: str
    contact_phone: str
    note: str


class ProposalVersionOut(Schema):
    number: int
    note: str
    has_file: bool
    created_at: dt.datetime


class ProposalOut(Schema):
    id: int
    opportunity_id: int
    title: str
    status: str
    status_label: str
    sent_at: dt.datetime | None
    reviewed_on: dt.date | None
    reviewed_by: str
    versions: list[ProposalVersionOut]


class ProposalIn(StrictIn):
    title: str = Field(min_length=1, max_length=128)
    body: str = Field(min_length=1, max_length=100_000)
    note: str = Field("", max_length=200)


class ProposalVersionIn(StrictIn):
    body: str = Field(min_length=1, max_length=100_000)
    note: str = Field("", max_length=200)


class ProposalReviewIn(StrictIn):
    approved: bool
    reviewed_by: str = Field(min_length=1, max_length=64)
    reviewed_on: dt.date | None = None
    note: str = Field("", max_length=2000)


class OpportunityOut(Schema):
    id: int
    number: str
    customer_id: int
    customer_name: str
    name: str
    owner_id: int
    stage: str
    stage_label: str
    status: str
    amount: str
    value: str
    expected_close_on: dt.date | None
    competitors: list[str]
    need: str
    benefit_analysis: str
    difference_assessment: str
    agreed_amount: str | None
    terms: str
    next_step: str
    next_step_on: dt.date | None
    outcome_reason: str
    closed_on: dt.date | None
    contract_id: int | None
    warranty_months: int
    version: int
    buying_centre: list[BuyingMemberOut]
    proposals: list[ProposalOut]
    missing: dict[str, list[GateItemOut]]


class OpportunityPage(Schema):
    items: list[OpportunityOut]
    next_cursor: str | None


class MonthOut(Schema):
    month: str
    open_count: int
    open_amount: str
    weighted_amount: str
    won_count: int
    won_amount: str


class ForecastOut(Schema):
    months: list[MonthOut]


class InstallationIn(StrictIn):
    contract_id: int
    site: str = Field("", max_length=200)
    engineer_id: int | None = None
    warranty_months: int | None = Field(None, ge=1, le=240)


class LineIn(StrictIn):
    kind: Literal["device", "accessory", "document"] = "device"
    description: str = Field(min_length=1, max_length=128)
    vendor: str = Field("", max_length=64)
    model: str = Field("", max_length=64)
    serial: str = Field("", max_length=64)
    category: str = Field("", max_length=32)
    quantity: int = Field(1, ge=1, le=100000)


class CountIn(StrictIn):
    line: int = Field(description="the checklist line's id")
    counted: int = Field(ge=0, le=100000)
    counted_with: str = Field(min_length=1, max_length=64)
    counted_on: dt.date | None = None
    appearance_ok: bool = True
    note: str = Field("", max_length=200)


class TaskIn(StrictIn):
    kind: Literal["delivery", "installation", "commissioning", "acceptance_test"]
    engineer_id: int
    scheduled_on: dt.date
    note: str = Field("", max_length=200)


class DeviceTestIn(StrictIn):
    line: int = Field(description="the device's checklist line id")
    item: str = Field(min_length=1, max_length=128)
    result: Literal["passed", "failed"]
    measured: str = Field("", max_length=200)


class AcceptanceIn(StrictIn):
    signed_on: dt.date
    customer_signatory: str = Field(min_length=1, max_length=64)
    engineer_signatory: str = Field(min_length=1, max_length=64)
    customer_signature: str = Field("", max_length=450_000, description="PNG data URL")
    engineer_signature: str = Field("", max_length=450_000, description="PNG data URL")
    remarks: str = Field("", max_length=2000)


class AttendeeIn(StrictIn):
    name: str = Field(min_length=1, max_length=64)
    department: str = Field("", max_length=64)


class LineOut(Schema):
    id: int
    kind: str
    description: str
    vendor: str
    model: str
    serial: str
    quantity: int
    counted: int | None
    counted_with: str
    tests_passed: int
    asset_id: int | None


class TaskOut(Schema):
    id: int
    kind: str
    engineer_id: int
    scheduled_on: dt.date
    notified_on: dt.date
    done_on: dt.date | None


class AttendeeOut(Schema):
    id: int
    name: str
    department: str
    attended: bool


class TrainingOut(Schema):
    id: int
    kind: str
    scheduled_on: dt.date
    place: str
    topics: list[str]
    status: str
    attendees: list[AttendeeOut]


class AssetAcceptedOut(Schema):
    id: int
    serial: str
    accepted_on: dt.date | None


class AcceptanceOut(Schema):
    signed_on: dt.date
    customer_signatory: str
    engineer_signatory: str
    service_plan_id: int | None


class InstallationOut(Schema):
    id: int
    number: str
    contract_id: int
    customer_id: int
    opportunity_id: int | None
    site: str
    status: str
    warranty_months: int
    engineer_id: int | None
    lines: list[LineOut]
    tasks: list[TaskOut]
    trainings: list[TrainingOut]
    acceptance: AcceptanceOut | None
    assets: list[AssetAcceptedOut]
    missing: list[GateItemOut]


class InstallationPage(Schema):
    items: list[InstallationOut]
    next_cursor: str | None
