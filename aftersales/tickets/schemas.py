"""API schemas of service requests."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from aftersales.accounts.references import STAFF_USER
from aftersales.core.schemas import QueryIn, StrictBody, StrictIn

ChannelName = Literal["phone", "fax", "letter", "email", "walk_in", "web", "api", "qr"]
ActionName = Literal[
    "respond",
    "escalate",
    "dispatch",
    "arrive",
    "restore",
    "resolve",
    "close",
    "wait_customer",
    "resume",
    "reopen",
    "cancel",
]


class TicketIn(StrictBody):
    customer_id: int
    asset_id: int | None = None
    channel: ChannelName
    severity: int = Field(ge=1, le=4, description="1 严重故障 … 4 非故障 (篇1 4.9)")
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=10000)
    reported_at: dt.datetime | None = Field(None, description="客户实际报告的时间；不能晚于当前时间")
    contact_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=32)


class TicketActionIn(StrictIn):
    action: ActionName
    at: dt.datetime | None = None
    note: str = Field("", max_length=4000)
    version: int | None = Field(None, description="the version the client saw; a stale one gets 409")
    assignee_id: STAFF_USER.Id | None = Field(None, description="dispatch: the engineer's user (or partner_id)")
    partner_id: int | None = Field(None, description="dispatch: a partner company (or assignee_id)")

    def expected_version_given(self) -> bool:
        return self.version is not None


class TicketPatchIn(StrictIn):
    version: int
    severity: int | None = Field(None, ge=1, le=4)
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10000)
    asset_id: int | None = None
    contact_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=32)


# Output shapes are plain pydantic models, not ninja Schemas: the presenters already hand over plain dicts,
# and ninja's Schema reads every field through its ORM-attribute getter, which cost intake ~0.1 ms a response.
class TicketDeadlinesOut(BaseModel):
    respond_by: dt.datetime | None
    escalate_by: dt.datetime | None
    restore_by: dt.datetime | None
    arrive_by: dt.datetime | None
    resolve_by: dt.datetime | None


class TicketEventOut(BaseModel):
    action: str
    from_status: str
    to_status: str
    tier: int
    actor: str | None
    at: dt.datetime
    recorded_at: dt.datetime
    note: str
    changes: dict


class TicketOut(BaseModel):
    id: int
    number: str
    customer_id: int
    customer_name: str
    asset_id: int | None
    channel: str
    severity: int
    title: str
    description: str
    status: str
    tier: int
    region: str
    zone: str
    reported_at: dt.datetime
    created_at: dt.datetime
    deadlines: TicketDeadlinesOut
    deadline_uncertain: bool
    breached: list[str]
    due_at: dt.datetime | None
    allowed_actions: list[str]
    duplicate_of: int | None
    assignee_id: int | None
    assignee_name: str = Field("", description="the 处理人's name (a partner's user with the company)")
    version: int


class TicketCreatedOut(TicketOut):
    duplicates: list[int]


class TicketDetailOut(TicketOut):
    history: list[TicketEventOut]


class TicketPage(BaseModel):
    items: list[TicketOut]
    next_cursor: str | None


# A customer user's answers: ONE listed schema (built by aftersales.portal.presenters.customer_ticket), not the
# staff shape with fields deleted. No tier, no escalation or other internal deadlines, no duplicate links, no
# assignee, no notes; the timeline is the steps a customer follows.
class CustomerTicketOut(BaseModel):
    id: int
    number: str
    customer_id: int
    customer_name: str
    asset_id: int | None
    channel: str
    severity: int
    title: str
    description: str
    status: str
    reported_at: dt.datetime
    created_at: dt.datetime
    responded_at: dt.datetime | None
    arrived_at: dt.datetime | None
    resolved_at: dt.datetime | None
    contact_name: str
    contact_phone: str
    allowed_actions: list[str]
    version: int


class CustomerStepOut(BaseModel):
    action: str
    at: dt.datetime


class CustomerTicketDetailOut(CustomerTicketOut):
    history: list[CustomerStepOut]


class CustomerTicketPage(BaseModel):
    items: list[CustomerTicketOut]
    next_cursor: str | None


class TicketQuery(QueryIn):
    status: str | None = Field(None, description="a status, 'open', or 'not_cancelled'")
    severity: int | None = Field(None, ge=1, le=4)
    region_id: int | None = None
    tier: int | None = Field(None, ge=1, le=4)
    customer_id: int | None = None
    breached: bool | None = None
    due_soon: bool = Field(False, description="about to breach: not breached yet, next deadline within 30 minutes")
    q: str = Field(
        "",
        max_length=200,
        description="search: request number, words of title and description, customer name, 4+ digits of a "
        "phone, asset serial (parts separated by spaces must all match)",
    )
    assignee: str = Field("", max_length=20, pattern=r"^(|me|none|\d{1,18})$", description="me, none or a user id")
    sort: Literal["", "deadline", "severity", "reported"] = Field(
        "", description="'' newest first, deadline (next deadline first), severity (class 1 first), reported"
    )
    # The management view's drill-down (issue 12): the names its links use, on the page and here alike.
    reported_from: dt.date | None = Field(None, description="reported on or after this date (Beijing)")
    reported_to: dt.date | None = Field(None, description="reported on or before this date (Beijing)")
    sla_policy_id: int | None = None
    vendor_id: int | None = Field(None, description="the device's vendor")
    vendor_name: str = Field("", max_length=100, description="the device's vendor by name")
    model_name: str = Field("", max_length=64, description="the device's model")
    category_name: str = Field("", max_length=32, description="the device's category")
    missed: Literal["", "respond", "arrive", "restore", "resolve"] = Field(
        "", description="an SLA clock due and not met (the attainment charts' misses)"
    )
    respond_minutes: str = Field(
        "", max_length=13, pattern=r"^(|\d{0,6}-\d{0,6})$", description="responded over-up to minutes after the report"
    )
    restore_minutes: str = Field(
        "", max_length=13, pattern=r"^(|\d{0,6}-\d{0,6})$", description="restored over-up to minutes after the report"
    )
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)
