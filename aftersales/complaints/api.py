"""API: complaints (投诉) — intake, the list with overdue filter, one complaint, actions, the assessment."""

from __future__ import annotations

from ninja import Query, Router, Status

from aftersales.complaints import presenters, selectors, services
from aftersales.complaints.schemas import (
    AssessmentOut,
    AssessmentQuery,
    ComplaintActionIn,
    ComplaintDetailOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    ComplaintQuery,
)
from aftersales.core.errors import invalid
from aftersales.core.idempotency import idempotent, key_of
from aftersales.core.schemas import ERRORS

router = Router(tags=["complaints"])


def _data(request, complaint) -> dict:
    return presenters.complaint_data(complaint, for_customer=request.user.is_customer_user)


@router.post("/complaints", response={201: ComplaintOut, **ERRORS}, operation_id="create_complaint")
def create_complaint(request, payload: ComplaintIn):
    """Take a complaint; its reply deadline starts. A customer user files about its own organisation (portal).
    Send `Idempotency-Key` to make a retry return the first result."""
    fields = payload.model_dump()
    if request.user.is_customer_user:
        fields["customer_id"] = fields["customer_id"] or request.user.customer_id
        fields["source"] = "portal"
    if fields["customer_id"] is None:
        raise invalid("customer_required", "请指定客户", "customer_id is required")

    def work():
        complaint = services.complaint_open(actor=request.user, **fields)
        return 201, _data(request, selectors.complaint_get(request.user, complaint.pk))

    status, body = idempotent(
        user=request.user,
        key=key_of(request),
        scope="create_complaint",
        body=request.body,
        work=work,
    )
    return Status(status, body)


@router.get("/complaints", response={200: ComplaintPage, **ERRORS}, operation_id="list_complaints")
def list_complaints(request, query: Query[ComplaintQuery]):
    """Complaints newest first; `overdue=true` keeps those with a deadline passed; `next_cursor` pages on."""
    filters = selectors.ComplaintFilter(
        status=query.status,
        overdue=query.overdue,
        source=query.source,
        against=query.against,
        customer_id=query.customer_id,
        region_id=query.region_id,
        received_from=query.received_from,
        received_to=query.received_to,
        reply=query.reply,
    )
    page = selectors.complaint_list(request.user, filters, cursor=query.cursor, limit=query.limit)
    return {"items": [_data(request, c) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/complaints/assessment", response={200: AssessmentOut, **ERRORS}, operation_id="complaint_assessment")
def complaint_assessment(request, query: Query[AssessmentQuery]):
    """Complaints per engineer and per partner received in [from, to] (China dates): total and upheld (考核).
    Who may read it: the access table's ``complaints.assess`` (the API guard)."""
    return selectors.complaint_counts(query.from_, query.to)


@router.get("/complaints/{complaint_id}", response={200: ComplaintDetailOut, **ERRORS}, operation_id="get_complaint")
def get_complaint(request, complaint_id: int):
    complaint = selectors.complaint_get(request.user, complaint_id)
    return _data(request, complaint) | {
        "history": [presenters.event_data(e) for e in selectors.complaint_events(complaint)]
    }


@router.post(
    "/complaints/{complaint_id}/actions", response={200: ComplaintOut, **ERRORS}, operation_id="apply_complaint_action"
)
def apply_complaint_action(request, complaint_id: int, payload: ComplaintActionIn):
    """reply | escalate | resolve | close; 409 when the move is not allowed now or `version` is stale."""
    selectors.complaint_get(request.user, complaint_id)
    services.complaint_apply_action(
        complaint_id=complaint_id,
        actor=request.user,
        expected_version=payload.version,
        **payload.model_dump(exclude={"version"}),
    )
    return _data(request, selectors.complaint_get(request.user, complaint_id))
