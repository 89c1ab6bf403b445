"""API: inspections (巡检) — checklists, starting an inspection, findings, a finding turned into a service request,
the customer's signature, completion, and the feedback form as PDF (巡检反馈信息单).

Mounted at /api/v1/ with full paths. Staff see every inspection, a partner engineer its own, a customer user its
organisation's (read only); writes need an engineer, partner engineer, supervisor or admin, and only the
inspection's engineer (or a supervisor or admin) may change it.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router, Status

from aftersales.core import clock
from aftersales.core.schemas import ERRORS, ParamText
from aftersales.inspections import reports, selectors, services
from aftersales.inspections.models import Finding, Inspection
from aftersales.inspections.schemas import (
    ChecklistOut,
    FindingIn,
    FindingOut,
    FindingTicketIn,
    FindingTicketOut,
    InspectionActionIn,
    InspectionOut,
    InspectionPage,
    InspectionSignIn,
    InspectionStartIn,
)

router = Router(tags=["inspections"])


def finding_out(f: Finding) -> dict:
    return {
        "id": f.pk,
        "position": f.position,
        "item_title": f.item_title,
        "guidance": f.guidance,
        "result": f.result,
        "note": f.note,
        "ticket_id": f.ticket_id,
        "ticket_number": f.ticket.number if f.ticket_id else None,
        "recorded_at": clock.local(f.recorded_at) if f.recorded_at else None,
    }


def inspection_out(i: Inspection) -> dict:
    tally = selectors.inspection_tally(i)
    return {
        "id": i.pk,
        "number": i.number,
        "customer_id": i.customer_id,
        "customer_name": i.customer.name,
        "contract_id": i.contract_id,
        "work_item_id": i.work_item_id,
        "engineer_id": i.engineer_id,
        "inspected_on": i.inspected_on,
        "status": i.status,
        "summary": i.summary,
        "completed_at": clock.local(i.completed_at) if i.completed_at else None,
        "signed": i.is_signed,
        "signer_name": i.signer_name,
        "signed_at": clock.local(i.signed_at) if i.signed_at else None,
        "customer_remarks": i.customer_remarks,
        "satisfaction": i.satisfaction,
        "version": i.version,
        "counts": {"ok": tally.ok, "issue": tally.issue, "na": tally.not_applicable, "pending": tally.pending},
        "assets": [
            {
                "id": row.pk,
                "asset_id": row.asset_id,
                "category": row.asset.category,
                "vendor": row.asset.vendor.name,
                "model": row.asset.model,
                "serial": row.asset.serial,
                "checklist": row.template.name if row.template_id and row.template else None,
                "findings": [finding_out(f) for f in row.findings.all()],
            }
            for row in i.assets.all()
        ],
        "feedback_url": f"/api/v1/inspections/{i.pk}/feedback.pdf",
    }


@router.get("/checklists", response={200: list[ChecklistOut], **ERRORS}, operation_id="list_checklists")
def list_checklists(request):
    """The inspection checklist of every device category (巡检检查表)."""
    return [
        {
            "id": t.pk,
            "category": t.category,
            "name": t.name,
            "items": [{"position": x.position, "title": x.title, "guidance": x.guidance} for x in t.items.all()],
        }
        for t in selectors.checklist_templates()
    ]


@router.get("/inspections", response={200: InspectionPage, **ERRORS}, operation_id="list_inspections")
def list_inspections(
    request,
    status: ParamText | None = None,
    customer_id: int | None = None,
    engineer_id: int | None = None,
    cursor: ParamText | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    """Inspections the user may see, newest first, with their issue and pending counts."""
    page = selectors.inspection_list(
        request.user, status=status, customer_id=customer_id, engineer_id=engineer_id, cursor=cursor, limit=limit
    )
    return {
        "items": [
            {
                "id": i.pk,
                "number": i.number,
                "customer_id": i.customer_id,
                "customer_name": i.customer.name,
                "engineer_id": i.engineer_id,
                "inspected_on": i.inspected_on,
                "status": i.status,
                "issue_count": i.issue_count,
                "pending_count": i.pending_count,
            }
            for i in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/inspections", response={200: InspectionOut, 201: InspectionOut, **ERRORS}, operation_id="start_inspection"
)
def start_inspection(request, payload: InspectionStartIn):
    """Start an inspection (201), or get the one already under way for the planned work item (200)."""
    if payload.work_item_id is not None:
        from aftersales.plans import selectors as plans

        plans.work_item_get(request.user, payload.work_item_id)
    inspection, created = services.inspection_start(actor=request.user, **payload.model_dump())
    return Status(201 if created else 200, inspection_out(selectors.inspection_get(request.user, inspection.pk)))


@router.get("/inspections/{inspection_id}", response={200: InspectionOut, **ERRORS}, operation_id="get_inspection")
def get_inspection(request, inspection_id: int):
    return inspection_out(selectors.inspection_get(request.user, inspection_id))


@router.patch("/inspection-findings/{finding_id}", response={200: FindingOut, **ERRORS}, operation_id="record_finding")
def record_finding(request, finding_id: int, payload: FindingIn):
    """Record one checklist item's result: ok (正常), issue (异常) or na (不适用), with a note."""
    selectors.finding_get(request.user, finding_id)
    services.finding_record(finding_id=finding_id, actor=request.user, result=payload.result, note=payload.note)
    return finding_out(selectors.finding_get(request.user, finding_id))


@router.post(
    "/inspection-findings/{finding_id}/ticket",
    response={201: FindingTicketOut, **ERRORS},
    operation_id="create_ticket_from_finding",
)
def create_ticket_from_finding(request, finding_id: int, payload: FindingTicketIn):
    """Turn an issue (hidden fault) into a service request for the inspected device, once."""
    selectors.finding_get(request.user, finding_id)
    ticket = services.inspection_finding_to_ticket(finding_id=finding_id, actor=request.user, severity=payload.severity)
    finding = selectors.finding_get(request.user, finding_id)
    return Status(201, {"ticket_id": ticket.pk, "ticket_number": ticket.number, "finding": finding_out(finding)})


@router.post(
    "/inspections/{inspection_id}/sign", response={200: InspectionOut, **ERRORS}, operation_id="sign_inspection"
)
def sign_inspection(request, inspection_id: int, payload: InspectionSignIn):
    """The customer signs the feedback form (巡检反馈信息单) with remarks and satisfaction."""
    selectors.inspection_get(request.user, inspection_id)
    services.inspection_sign(
        inspection_id=inspection_id,
        actor=request.user,
        signer_name=payload.signer_name,
        signature=payload.signature,
        customer_remarks=payload.customer_remarks,
        satisfaction=payload.satisfaction,
        expected_version=payload.version,
    )
    return inspection_out(selectors.inspection_get(request.user, inspection_id))


@router.post(
    "/inspections/{inspection_id}/actions",
    response={200: InspectionOut, **ERRORS},
    operation_id="apply_inspection_action",
)
def apply_inspection_action(request, inspection_id: int, payload: InspectionActionIn):
    """complete (every item has a result; completes the planned work item) or cancel."""
    selectors.inspection_get(request.user, inspection_id)
    services.inspection_apply_action(
        inspection_id=inspection_id,
        action=payload.action,
        actor=request.user,
        expected_version=payload.version,
        summary=payload.summary,
    )
    return inspection_out(selectors.inspection_get(request.user, inspection_id))


@router.get(
    "/inspections/{inspection_id}/feedback.pdf",
    response={200: None, **ERRORS},
    operation_id="get_inspection_feedback",
    openapi_extra={
        "responses": {
            "200": {
                "description": "巡检反馈信息单 PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_inspection_feedback(request, inspection_id: int):
    """The printable inspection feedback form as PDF, in Chinese."""
    inspection = selectors.inspection_get(request.user, inspection_id)
    response = HttpResponse(reports.feedback_pdf(inspection), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="inspection-{inspection.number}.pdf"'
    return response
