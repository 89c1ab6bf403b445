"""API schemas of complaints."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import QueryIn, StrictIn

SourceName = Literal["hotline", "callback", "portal", "email", "walk_in"]
ActionName = Literal["reply", "escalate", "resolve", "close"]


class ComplaintIn(StrictIn):
    source: SourceName = Field(
        "hotline",
        description="hotline 监督电话 / callback / portal / email / walk_in; "
        "a customer user's complaint is always portal",
    )
    customer_id: int | None = Field(None, description="required for staff; a customer user's own customer")
    summary: str = Field(min_length=1, max_length=200)
    details: str = Field("", max_length=10000)
    ticket_id: int | None = None
    callback_id: int | None = None
    engineer_id: int | None = Field(None, description="dispatch engineer id (工程师)")
    partner_id: int | None = None
    received_at: dt.datetime | None = Field(None, description="when the complaint was received; not in the future")
    policy_id: int | None = Field(None, description="complaint policy; the default one when omitted")


class ComplaintActionIn(StrictIn):
    action: ActionName
    version: int | None = Field(None, description="the version the client saw; a stale one gets 409")
    text: str = Field("", max_length=4000, description="reply text (reply) or a note")
    root_cause: str = Field("", max_length=4000)
    corrective_action: str = Field("", max_length=4000)
    upheld: bool | None = Field(None, description="有效投诉 (resolve)")
    satisfaction: int | None = Field(None, ge=1, le=5, description="satisfaction with the handling (close)")
    handler_id: int | None = Field(None, description="the senior engineer or manager who takes it (escalate)")
    at: dt.datetime | None = None


class ComplaintDeadlinesOut(Schema):
    reply_by: dt.datetime
    senior_by: dt.datetime
    manager_by: dt.datetime


class ComplaintOut(Schema):
    id: int
    number: str
    source: str
    customer_id: int
    customer_name: str
    ticket_id: int | None
    callback_id: int | None
    against: str
    engineer_id: int | None
    engineer_name: str | None
    partner_id: int | None
    partner_name: str | None
    summary: str
    details: str
    severity: int
    status: str
    tier: int
    policy: str
    handler_id: int | None
    received_at: dt.datetime
    deadlines: ComplaintDeadlinesOut
    deadline_uncertain: bool
    overdue: list[str]
    next_deadline: str | None
    next_deadline_at: dt.datetime | None
    replied_at: dt.datetime | None
    reply_text: str
    senior_at: dt.datetime | None
    manager_at: dt.datetime | None
    resolved_at: dt.datetime | None
    root_cause: str
    corrective_action: str
    upheld: bool | None
    closed_at: dt.datetime | None
    satisfaction: int | None
    allowed_actions: list[str]
    created_at: dt.datetime
    version: int


class ComplaintEventOut(Schema):
    action: str
    from_status: str
    to_status: str
    tier: int
    actor: str | None
    at: dt.datetime
    recorded_at: dt.datetime
    note: str


class ComplaintDetailOut(ComplaintOut):
    history: list[ComplaintEventOut]


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    next_cursor: str | None


class ComplaintQuery(QueryIn):
    status: str | None = Field(None, description="a status, or 'open'")
    overdue: bool | None = Field(None, description="true: a deadline passed without its event")
    source: str | None = None
    against: str | None = None
    customer_id: int | None = None
    region_id: int | None = Field(None, description="the customer's region")
    received_from: dt.date | None = Field(None, description="received on or after this Beijing date")
    received_to: dt.date | None = Field(None, description="received on or before this Beijing date")
    reply: str | None = Field(None, description="on_time, late, overdue or pending (the dashboard's complaints chart)")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class AssessmentQuery(QueryIn):
    from_: dt.date = Field(alias="from")
    to: dt.date


class ComplaintCountOut(Schema):
    id: int
    name: str
    total: int
    upheld: int


class EngineerCountOut(ComplaintCountOut):
    partner_name: str


class AssessmentOut(Schema):
    period_start: dt.date
    period_end: dt.date
    engineers: list[EngineerCountOut]
    partners: list[ComplaintCountOut]
