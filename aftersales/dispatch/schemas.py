"""API schemas of field service: candidates, dispatches, engineers, visits (服务报告)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import StrictIn


class CandidateOut(Schema):
    kind: Literal["engineer", "partner"]
    id: int
    name: str
    region: str
    same_region: bool
    distance_km: float | None = Field(description="estimated road distance (great circle × detour factor)")
    travel_minutes: int | None
    eta: dt.datetime | None = Field(description="estimated arrival if dispatched now")
    arrive_by: dt.datetime | None = Field(description="the request's arrival deadline (到场时限)")
    meets_arrive_by: bool | None
    phone: str
    partner_name: str
    user_id: int | None = Field(None, description="an engineer's user (the request's 处理人 when dispatched)")
    workload: int = Field(0, description="open requests dispatched to them now")
    latitude: float | None = Field(None, description="where they start from (county centroid when known)")
    longitude: float | None = None


class DispatchIn(StrictIn):
    engineer_id: int | None = Field(None, description="an engineer (dispatch.Engineer id)")
    assignee_id: int | None = Field(None, description="or the engineer's user id (the request's 处理人)")
    partner_id: int | None = Field(None, description="or a partner company; exactly one of the three")
    note: str = Field("", max_length=4000)
    planned_for: dt.datetime | None = Field(
        None, description="a planned visit (future); the customer is told 7 days ahead"
    )


class DispatchOut(Schema):
    id: int
    ticket_id: int
    status: Literal["active", "replaced", "cancelled"]
    engineer_id: int | None
    partner_id: int | None
    assignee: str
    dispatched_by: str | None
    dispatched_at: dt.datetime
    planned_for: dt.datetime | None
    note: str
    ended_at: dt.datetime | None
    customer_notified_at: dt.datetime | None


class CertificationOut(Schema):
    name: str
    issuer: str
    valid_until: dt.date | None


class EngineerOut(Schema):
    id: int
    user_id: int
    name: str
    phone: str
    role: str
    home_region_id: int
    home_region: str
    partner_id: int | None
    partner_name: str | None
    vendor_ids: list[int]
    vendors: list[str]
    categories: list[str]
    certifications: list[CertificationOut]
    is_active: bool
    on_duty: bool


class CertificationIn(StrictIn):
    name: str = Field(min_length=1, max_length=128)
    issuer: str = Field("", max_length=128)
    valid_until: dt.date | None = None


class EngineerIn(StrictIn):
    user_id: int = Field(description="a user of role engineer or partner")
    home_region_id: int
    vendor_ids: list[int] = Field(default_factory=list, max_length=100)
    categories: list[str] = Field(default_factory=list, max_length=50)
    partner_id: int | None = None
    certifications: list[CertificationIn] = Field(default_factory=list, max_length=20)


class EngineerPatchIn(StrictIn):
    home_region_id: int | None = None
    vendor_ids: list[int] | None = Field(None, max_length=100)
    categories: list[str] | None = Field(None, max_length=50)
    is_active: bool | None = None


class RotaIn(StrictIn):
    engineer_ids: list[int] = Field(min_length=1, max_length=200, description="the team, in turn order")
    week_start: dt.date = Field(description="the first day of the 7 days (local dates)")


class RotaOut(Schema):
    shifts: int


class EngineerPage(Schema):
    items: list[EngineerOut]
    next_cursor: str | None


class VisitIn(StrictIn):
    ticket_id: int
    arrived_at: dt.datetime | None = Field(None, description="when the engineer arrived; now if left out")


class PartLineIn(StrictIn):
    part_number: str = Field(min_length=1, max_length=64)
    description: str = Field("", max_length=200)
    quantity: int = Field(1, ge=1, le=9999)


class VisitPatchIn(StrictIn):
    version: int | None = Field(None, description="the version the client saw; a stale one gets 409")
    departed_at: dt.datetime | None = None
    work_done: str | None = Field(None, max_length=4000)
    fault_cause: str | None = Field(None, max_length=4000)
    parts_text: str | None = Field(None, max_length=4000)
    parts: list[PartLineIn] | None = Field(None, max_length=50, description="replaces the structured parts lines")
    loaner_issued: str | None = Field(None, max_length=200)
    loaner_collected: str | None = Field(None, max_length=200)
    signature: str | None = Field(
        None, max_length=450_000, description="the customer's signature: data:image/png;base64,… (≤ 300 KB)"
    )
    signer_name: str | None = Field(None, max_length=64)
    customer_remarks: str | None = Field(None, max_length=4000)
    satisfaction: int | None = Field(None, ge=1, le=5)


class PartLineOut(Schema):
    part_number: str
    description: str
    quantity: int


class VisitOut(Schema):
    id: int
    number: str
    ticket_id: int
    dispatch_id: int | None
    engineer_id: int | None
    partner_id: int | None
    arrived_at: dt.datetime
    departed_at: dt.datetime | None
    work_done: str
    fault_cause: str
    parts_text: str
    parts: list[PartLineOut]
    loaner_issued: str
    loaner_collected: str
    signed: bool
    signer_name: str
    signed_at: dt.datetime | None
    customer_remarks: str
    satisfaction: int | None
    version: int
    report_url: str
