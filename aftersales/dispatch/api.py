"""API: field service — dispatch candidates, dispatches, engineers, on-site visits and their PDF report.

Mounted at /api/v1/ with full paths. A partner's users reach only the requests dispatched to their partner
(404 otherwise); dispatching needs a supervisor, agent, expert or admin; visits need an engineer, partner
engineer, supervisor or admin.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router, Status

from aftersales.core import clock
from aftersales.core.schemas import ERRORS, ParamText
from aftersales.dispatch import reports, selectors, services
from aftersales.dispatch.models import Dispatch, Engineer, Visit
from aftersales.dispatch.schemas import (
    CandidateOut,
    DispatchIn,
    DispatchOut,
    EngineerIn,
    EngineerOut,
    EngineerPage,
    EngineerPatchIn,
    RotaIn,
    RotaOut,
    VisitIn,
    VisitOut,
    VisitPatchIn,
)
from aftersales.tickets import selectors as tickets

router = Router(tags=["dispatch"])


def dispatch_out(d: Dispatch) -> dict:
    return {
        "id": d.pk,
        "ticket_id": d.ticket_id,
        "status": d.status,
        "engineer_id": d.engineer_id,
        "partner_id": d.partner_id,
        "assignee": d.assignee_name,
        "dispatched_by": d.dispatched_by.username if d.dispatched_by_id else None,
        "dispatched_at": clock.local(d.dispatched_at),
        "planned_for": clock.local(d.planned_for) if d.planned_for else None,
        "note": d.note,
        "ended_at": clock.local(d.ended_at) if d.ended_at else None,
        "customer_notified_at": d.customer_notified_at,
    }


def engineer_out(e: Engineer) -> dict:
    vendors = sorted(e.vendors.all(), key=lambda v: v.pk)
    return {
        "id": e.pk,
        "user_id": e.user_id,
        "name": services.display_name(e.user),
        "phone": e.user.phone,
        "role": e.user.role,
        "home_region_id": e.home_region_id,
        "home_region": e.home_region.name,
        "partner_id": e.partner_id,
        "partner_name": e.partner.name if e.partner_id else None,
        "vendor_ids": [v.pk for v in vendors],
        "vendors": [v.name for v in vendors],
        "categories": e.categories,
        "certifications": [
            {"name": c.name, "issuer": c.issuer, "valid_until": c.valid_until} for c in e.certifications.all()
        ],
        "is_active": e.is_active,
        "on_duty": bool(e.current_shifts),
    }


def visit_out(v: Visit) -> dict:
    return {
        "id": v.pk,
        "number": v.number,
        "ticket_id": v.ticket_id,
        "dispatch_id": v.dispatch_id,
        "engineer_id": v.engineer_id,
        "partner_id": v.partner_id,
        "arrived_at": clock.local(v.arrived_at),
        "departed_at": clock.local(v.departed_at) if v.departed_at else None,
        "work_done": v.work_done,
        "fault_cause": v.fault_cause,
        "parts_text": v.parts_text,
        "parts": [
            {"part_number": p.part_number, "description": p.description, "quantity": p.quantity} for p in v.parts.all()
        ],
        "loaner_issued": v.loaner_issued,
        "loaner_collected": v.loaner_collected,
        "signed": v.is_signed,
        "signer_name": v.signer_name,
        "signed_at": clock.local(v.signed_at) if v.signed_at else None,
        "customer_remarks": v.customer_remarks,
        "satisfaction": v.satisfaction,
        "version": v.version,
        "report_url": f"/api/v1/visits/{v.pk}/report.pdf",
    }


@router.get(
    "/tickets/{ticket_id}/dispatch-candidates",
    response={200: list[CandidateOut], **ERRORS},
    operation_id="list_dispatch_candidates",
)
def list_dispatch_candidates(request, ticket_id: int):
    """Qualified, on-duty engineers and active partners for a request, best first, with distance and arrival."""
    ticket = tickets.ticket_get(request.user, ticket_id)
    arrive_by = clock.local(ticket.arrive_by) if ticket.arrive_by else None
    return [
        {**c.__dict__, "eta": clock.local(c.eta) if c.eta else None, "arrive_by": arrive_by}
        for c in selectors.dispatch_candidates(ticket)
    ]


@router.get(
    "/tickets/{ticket_id}/dispatches",
    response={200: list[DispatchOut], **ERRORS},
    operation_id="list_ticket_dispatches",
)
def list_ticket_dispatches(request, ticket_id: int):
    """Every dispatch of a request, oldest first (re-dispatches keep the earlier ones as `replaced`)."""
    ticket = tickets.ticket_get(request.user, ticket_id)
    return [dispatch_out(d) for d in selectors.dispatch_history(ticket)]


@router.post("/tickets/{ticket_id}/dispatches", response={201: DispatchOut, **ERRORS}, operation_id="create_dispatch")
def create_dispatch(request, ticket_id: int, payload: DispatchIn):
    """Dispatch an engineer or a partner (exactly one); a second dispatch replaces the active one."""
    tickets.ticket_get(request.user, ticket_id)
    dispatch = services.dispatch_assign(ticket_id=ticket_id, actor=request.user, **payload.model_dump())
    dispatch = Dispatch.objects.select_related("engineer__user", "partner", "dispatched_by").get(pk=dispatch.pk)
    return Status(201, dispatch_out(dispatch))


@router.get("/engineers", response={200: EngineerPage, **ERRORS}, operation_id="list_engineers")
def list_engineers(
    request,
    region_id: int | None = None,
    is_active: bool | None = None,
    vendor_id: int | None = None,
    cursor: ParamText | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    """Engineers with skills, certifications and whether on duty now; partners' users see their own only."""
    page = selectors.engineer_list(
        request.user, cursor=cursor, limit=limit, region_id=region_id, is_active=is_active, vendor_id=vendor_id
    )
    return {"items": [engineer_out(e) for e in page.items], "next_cursor": page.next_cursor}


def _engineer(request, engineer_id: int) -> Engineer:
    page = selectors.engineer_list(request.user, engineer_id=engineer_id, limit=1)
    if not page.items:
        from aftersales.core.errors import not_found

        raise not_found("工程师", "Engineer")
    return page.items[0]


@router.post("/engineers", response={201: EngineerOut, **ERRORS}, operation_id="create_engineer")
def create_engineer(request, payload: EngineerIn):
    """Register a user (engineer or partner engineer) as a field engineer with skills and a home city."""
    data = payload.model_dump()
    certifications = [(c["name"], c["issuer"], c["valid_until"]) for c in data.pop("certifications")]
    engineer = services.engineer_create(actor=request.user, certifications=certifications, **data)
    return Status(201, engineer_out(_engineer(request, engineer.pk)))


@router.post("/engineers/rota", response={201: RotaOut, **ERRORS}, operation_id="generate_rota")
def generate_rota(request, payload: RotaIn):
    """Write the 7×24 on-call rota (day and night shifts) of these engineers for the 7 days from week_start."""
    shifts = services.duty_rota_generate(
        actor=request.user, engineer_ids=payload.engineer_ids, week_start=payload.week_start
    )
    return Status(201, {"shifts": shifts})


@router.patch("/engineers/{engineer_id}", response={200: EngineerOut, **ERRORS}, operation_id="update_engineer")
def update_engineer(request, engineer_id: int, payload: EngineerPatchIn):
    """Change an engineer's home city, skills or whether on the team."""
    services.engineer_update(actor=request.user, engineer_id=engineer_id, **payload.model_dump(exclude_unset=True))
    return engineer_out(_engineer(request, engineer_id))


@router.post("/visits", response={201: VisitOut, **ERRORS}, operation_id="create_visit")
def create_visit(request, payload: VisitIn):
    """Record arrival on site: starts the service report and stamps the request's arrival (到场)."""
    visit = services.visit_record_arrival(
        ticket_id=payload.ticket_id, actor=request.user, arrived_at=payload.arrived_at
    )
    return Status(201, visit_out(selectors.visit_get(request.user, visit.pk)))


@router.get("/visits/{visit_id}", response={200: VisitOut, **ERRORS}, operation_id="get_visit")
def get_visit(request, visit_id: int):
    return visit_out(selectors.visit_get(request.user, visit_id))


@router.patch("/visits/{visit_id}", response={200: VisitOut, **ERRORS}, operation_id="update_visit")
def update_visit(request, visit_id: int, payload: VisitPatchIn):
    """Fill in the report: departure, work, cause, parts, loaners, the signature (PNG data URL), remarks."""
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    # null clears only what may be empty (departure, satisfaction); for text it means "leave as is"
    fields = {k: v for k, v in fields.items() if v is not None or k in ("departed_at", "satisfaction")}
    services.visit_update(visit_id=visit_id, actor=request.user, expected_version=version, **fields)
    return visit_out(selectors.visit_get(request.user, visit_id))


@router.get(
    "/visits/{visit_id}/report.pdf",
    response={200: None, **ERRORS},
    operation_id="get_visit_report",
    openapi_extra={
        "responses": {
            "200": {
                "description": "服务报告 PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_visit_report(request, visit_id: int):
    """The printable service report (服务报告) as PDF, in Chinese."""
    visit = selectors.visit_get(request.user, visit_id)
    response = HttpResponse(reports.visit_report_pdf(visit), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="service-report-{visit.number}.pdf"'
    return response
