"""API of this area (mounted at /api/v1/reports in aftersales.api.api): SLA attainment, the assessment of
engineers and partners, top faults (issue 12, API contract). Who may call: the access table's reports.read /
reports.assess (the API guard); a customer user's figures are its own customer's (the selectors force it)."""

from __future__ import annotations

from ninja import Query, Router

from aftersales.core.schemas import ERRORS
from aftersales.reports import selectors
from aftersales.reports.schemas import (
    FaultQuery,
    FaultsOut,
    PeriodQuery,
    ReportAssessmentOut,
    ReportAssessmentQuery,
    SlaQuery,
    SlaReportOut,
)

router = Router(tags=["reports"])


def _filters(query: PeriodQuery) -> selectors.Filters:
    return selectors.Filters(
        date_from=query.from_,
        date_to=query.to,
        region_id=query.region_id,
        customer_id=query.customer_id,
        sla_policy_id=query.policy_id,
        severity=query.severity,
        vendor_id=query.vendor_id,
    )


@router.get("/sla", response={200: SlaReportOut, **ERRORS}, operation_id="report_sla", by_alias=True)
def report_sla(request, query: Query[SlaQuery]):
    """SLA attainment of the requests reported between `from` and `to` (Beijing dates, inclusive; cancelled ones
    left out), per clock: `due` counts a request that has the deadline and whose event happened or whose
    deadline passed; `met` one whose event happened at or before the deadline in force (waits for the customer
    push it back); `rate` = met / due to four decimals, null when nothing is due."""
    return selectors.sla_report(request.user, _filters(query), query.group_by)


@router.get("/assessment", response={200: ReportAssessmentOut, **ERRORS}, operation_id="report_assessment")
def report_assessment(request, query: Query[ReportAssessmentQuery]):
    """Per engineer or partner over the period (篇6 (6)): requests handled, arrivals and restorations on time,
    average satisfaction of the callbacks, complaints against them, repeat faults within 30 days."""
    return {"kind": query.kind, "rows": selectors.assessment(request.user, _filters(query), query.kind)}


@router.get("/faults", response={200: FaultsOut, **ERRORS}, operation_id="report_faults")
def report_faults(request, query: Query[FaultQuery]):
    """Requests of the period per vendor, model or device category, most first."""
    return {"by": query.by, "rows": selectors.faults(request.user, _filters(query), query.by)}
