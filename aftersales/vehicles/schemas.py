"""API schemas of the 4S follow-up service (篇8): vehicles, pick-ups, calls, letters, events, reassignment."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import StrictIn

VehicleTypeName = Literal["sedan", "suv", "mpv", "van", "pickup", "truck", "bus", "other"]
VisitKindName = Literal["purchase_delivery", "maintenance", "repair", "consultation"]
CallPurposeName = Literal[
    "follow_up", "maintenance_reminder", "event_notice", "inbound_consultation", "inbound_complaint"
]
LetterKindName = Literal["notice", "invitation", "reply"]
EventKindName = Literal["social", "promotion", "free_service"]


class VehicleIn(StrictIn):
    customer_id: int
    plate: str = Field(max_length=16, description="车号, e.g. 湘K12345 (spaces, dots and dashes are ignored)")
    model: str = Field(max_length=64, description="车型")
    vehicle_type: VehicleTypeName = "sedan"
    vin: str = Field("", max_length=17)
    purchased_on: dt.date | None = None
    interval_months: int | None = Field(6, description="保养周期（月）; null for none")
    interval_km: int | None = Field(5000, description="保养周期（公里）; null for none")
    last_service_on: dt.date | None = None
    last_service_km: int | None = None
    odometer_km: int | None = Field(None, description="mileage at this visit")
    follow_up_user_id: int | None = Field(None, description="跟踪业务员; null: the callback pool")
    visited_at: dt.datetime | None = Field(None, description="送修或来访时间 (default now); archive due 2 days later")
    wishes: str = Field("", max_length=4000)
    next_contact_plan: str = Field("", max_length=4000)
    notes: str = Field("", max_length=4000)


class VehiclePatchIn(StrictIn):
    """Only the fields sent change; `version` (optional) guards against overwriting someone else's change."""

    version: int | None = None
    model: str | None = Field(None, max_length=64)
    vehicle_type: VehicleTypeName | None = None
    vin: str | None = Field(None, max_length=17)
    purchased_on: dt.date | None = None
    interval_months: int | None = None
    interval_km: int | None = None
    follow_up_user_id: int | None = None
    wishes: str | None = Field(None, max_length=4000)
    next_contact_plan: str | None = Field(None, max_length=4000)
    notes: str | None = Field(None, max_length=4000)


class VehicleOut(Schema):
    id: int
    customer_id: int
    customer_name: str
    plate: str
    vin: str
    model: str
    vehicle_type: str
    purchased_on: dt.date | None
    interval_months: int | None
    interval_km: int | None
    last_service_on: dt.date | None
    last_service_km: int | None
    odometer_km: int | None
    next_maintenance_on: dt.date | None
    next_maintenance_km: int | None
    follow_up_user_id: int | None
    follow_up_user: str
    visited_at: dt.datetime
    archived_at: dt.datetime
    is_archived_late: bool
    wishes: str
    version: int


class VehiclePage(Schema):
    items: list[VehicleOut]
    next_cursor: str | None


class PickupIn(StrictIn):
    kind: VisitKindName
    picked_up_at: dt.datetime | None = Field(None, description="接车出厂 (default now)")
    visited_at: dt.datetime | None = Field(None, description="进厂或来访 (default: the pick-up)")
    mileage_km: int | None = None
    work_items: str = Field("", max_length=4000, description="维修养护项目")


class VehicleWorkItemOut(Schema):
    id: int
    kind: str
    title: str
    due_on: dt.date
    assignee_id: int | None
    role: str
    done_at: dt.datetime | None


class FollowUpCallPlanOut(Schema):
    call_no: int
    window_start_on: dt.date
    window_end_on: dt.date
    work_item: VehicleWorkItemOut | None


class PickupOut(Schema):
    id: int
    vehicle_id: int
    kind: str
    visited_at: dt.datetime
    picked_up_at: dt.datetime
    mileage_km: int | None
    work_items: str
    is_recorded_late: bool
    calls: list[FollowUpCallPlanOut]
    next_maintenance_on: dt.date | None


class CallIn(StrictIn):
    purpose: CallPurposeName = "follow_up"
    visit_id: int | None = Field(None, description="the pick-up, for follow-up calls")
    call_no: Literal[1, 2] | None = Field(None, description="1 or 2, for follow-up calls")
    vehicle_id: int | None = None
    customer_id: int | None = None
    event_id: int | None = None
    called_at: dt.datetime | None = None
    reached: bool = True
    vehicle_condition: str = Field("", max_length=4000)
    content: str = Field("", max_length=4000)
    customer_opinion: str = Field("", max_length=4000)
    customer_requests: str = Field("", max_length=4000)
    handling: str = Field("", max_length=4000)
    satisfaction: int | None = Field(None, ge=1, le=5)
    next_action: str = Field("", max_length=4000)
    needs_supervisor: bool = False


class CallOut(Schema):
    id: int
    purpose: str
    call_no: int | None
    customer_id: int
    vehicle_id: int | None
    visit_id: int | None
    event_id: int | None
    called_at: dt.datetime
    reached: bool
    is_on_time: bool | None
    satisfaction: int | None
    handled_by: str
    work_item_id: int | None


class LetterIn(StrictIn):
    customer_id: int
    kind: LetterKindName
    subject: str = Field(max_length=200)
    sent_on: dt.date | None = None
    vehicle_id: int | None = None
    event_id: int | None = None
    address: str = Field("", max_length=256)
    notes: str = Field("", max_length=4000)


class LetterOut(Schema):
    id: int
    customer_id: int
    vehicle_id: int | None
    event_id: int | None
    kind: str
    subject: str
    address: str
    sent_on: dt.date
    sent_by: str
    work_item_id: int | None


class EventIn(StrictIn):
    name: str = Field(max_length=128)
    event_on: dt.date
    kind: EventKindName = "promotion"
    place: str = Field("", max_length=200)
    content: str = Field("", max_length=4000)
    with_letters: bool = True
    audience_vehicle_type: VehicleTypeName | Literal[""] = ""
    audience_model: str = Field("", max_length=64)
    audience_purchased_from: dt.date | None = None
    audience_purchased_to: dt.date | None = None


class VehicleEventOut(Schema):
    id: int
    name: str
    kind: str
    event_on: dt.date
    decided_on: dt.date
    phone_on: dt.date
    letter_on: dt.date
    is_short_notice: bool
    with_letters: bool
    targeted_customers: int


class FollowUpReassignIn(StrictIn):
    from_user_id: int
    to_user_id: int
    move_vehicles: bool = False
    reason: str = Field("", max_length=200)


class FollowUpReassignOut(Schema):
    id: int
    from_user_id: int
    to_user_id: int
    items_moved: int
    vehicles_moved: int
    move_vehicles: bool
    at: dt.datetime


class SummaryRowOut(Schema):
    label: str
    person_id: int | None
    archives: int
    archives_late: int
    pickups: int
    calls_out: int
    calls_reached: int
    reached_rate: float | None
    calls_in: int
    follow_ups: int
    follow_ups_on_time: int
    satisfaction_average: float | None
    letters: int
    items_due: int
    items_done_on_time: int
    items_open: int


class SummaryOut(Schema):
    start_on: dt.date
    end_on: dt.date
    rows: list[SummaryRowOut]
    total: SummaryRowOut
    months: list[SummaryRowOut]
