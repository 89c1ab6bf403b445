"""API schemas of work items (待办) and service plans (服务计划)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import StrictIn


class WorkItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    due_on: dt.date
    due_uncertain: bool = Field(description="the due date lies in a year without holiday data (待核对)")
    is_overdue: bool
    assignee_id: int | None
    assignee: str | None
    role: str
    customer_id: int | None
    customer_name: str | None
    ticket_id: int | None
    link: str
    done_at: dt.datetime | None
    done_by_id: int | None
    result: str


class MyDayOut(Schema):
    on: dt.date
    overdue_count: int
    due: list[WorkItemOut] = Field(description="open items due on or before `on`, overdue first")
    upcoming: list[WorkItemOut] = Field(description="open items due in the 7 days after `on`")
    done_today: list[WorkItemOut]


class WorkItemCompleteIn(StrictIn):
    result: str = Field("", max_length=4000, description="what was done (结果说明)")


class OverdueRowOut(Schema):
    assignee_id: int | None
    assignee: str
    role: str
    kind: str
    kind_label: str
    count: int
    oldest_due_on: dt.date


class OverdueOut(Schema):
    on: dt.date
    total: int
    by_person: list[OverdueRowOut]
    items: list[WorkItemOut] = Field(description="the oldest overdue items (at most 500)")


class ReassignIn(StrictIn):
    from_user_id: int
    to_user_id: int
    kinds: list[str] = Field(default_factory=list, description="only these kinds; empty = all")


class ReassignOut(Schema):
    moved: int


class PlanRuleIn(StrictIn):
    kind: str = Field(
        description="monthly_call, quarterly_inspection, monthly_inspection, leadership_visit, "
        "training, satisfaction_survey"
    )
    day_of_month: int = Field(15, ge=1, le=31)
    month_of_period: int = Field(1, ge=1, le=3, description="quarter: 1–3; survey: 1 = July, 2 = August")
    assignee_id: int | None = None
    role: str = ""
    asset_id: int | None = None
    anchor_on: dt.date | None = Field(None, description="acceptance date (验收日期) for monthly inspections")


class PlanRuleOut(Schema):
    id: int
    kind: str
    kind_label: str
    day_of_month: int
    month_of_period: int
    assignee_id: int | None
    role: str
    asset_id: int | None
    anchor_on: dt.date | None
    is_active: bool


class ServicePlanIn(StrictIn):
    name: str = Field(min_length=1, max_length=128)
    customer_id: int | None = None
    contract_id: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    calendar_id: int | None = None
    notes: str = Field("", max_length=4000)
    rules: list[PlanRuleIn] = Field(default_factory=list)


class ServicePlanOut(Schema):
    id: int
    name: str
    customer_id: int
    customer_name: str
    contract_id: int | None
    contract_number: str | None
    starts_on: dt.date
    ends_on: dt.date | None
    calendar_id: int | None
    is_active: bool
    notes: str
    rules: list[PlanRuleOut]


class ServicePlanPage(Schema):
    items: list[ServicePlanOut]
    next_cursor: str | None
