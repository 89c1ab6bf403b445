"""API shapes of the management view (issue 12, API contract)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from aftersales.core.schemas import QueryIn


class PeriodQuery(QueryIn):
    from_: dt.date = Field(alias="from", description="first Beijing date reported, YYYY-MM-DD")
    to: dt.date = Field(description="last Beijing date reported (inclusive)")
    region_id: int | None = None
    customer_id: int | None = Field(None, description="ignored for a customer user (its own customer)")
    policy_id: int | None = None
    severity: int | None = None
    vendor_id: int | None = None


class SlaQuery(PeriodQuery):
    group_by: str = Field("severity", description="severity | region | month | customer | policy")


class FaultQuery(PeriodQuery):
    by: str = Field("vendor", description="vendor | model | category")


class ReportAssessmentQuery(PeriodQuery):
    kind: str = Field("engineer", description="engineer | partner")


class ClockOut(Schema):
    due: int
    met: int
    rate: float | None


class SlaTotalOut(Schema):
    label: str = ""
    requests: int
    respond: ClockOut
    arrive: ClockOut
    restore: ClockOut
    resolve: ClockOut


class SlaRowOut(SlaTotalOut):
    key: int | str


class SlaReportOut(Schema):
    from_: str = Field(alias="from")
    to: str
    group_by: Literal["severity", "region", "month", "customer", "policy"]
    rows: list[SlaRowOut]
    total: SlaTotalOut


class FaultRowOut(Schema):
    key: str
    requests: int


class FaultsOut(Schema):
    by: str
    rows: list[FaultRowOut]


class AssessmentRowOut(Schema):
    id: int
    name: str
    requests: int
    arrived_on_time: int
    arrive_rate: float | None
    restored_on_time: int
    satisfaction_avg: float | None
    complaints: int
    repeat_faults: int


class ReportAssessmentOut(Schema):
    kind: str
    rows: list[AssessmentRowOut]
