"""API of the 家电下乡 subsidy ledger under /api/v1/subsidy (issue 11's contract; mounted in aftersales.api.api).

Thin: schemas validate, the access table's guard checks the caller and its targets, services write, selectors
read. Money goes out as decimal strings with two places, dates as YYYY-MM-DD.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router, Status

from aftersales.core import clock
from aftersales.core.schemas import ERRORS, ParamText
from aftersales.subsidy import reports, selectors, services
from aftersales.subsidy.models import Claim, Outlet, Programme, Return, Sale
from aftersales.subsidy.policy.money import money_text
from aftersales.subsidy.schemas import (
    ClaimIn,
    ClaimOut,
    ClaimPayIn,
    ClaimsQuery,
    ClaimVerifyIn,
    EnterpriseIn,
    IdOnly,
    LedgerOut,
    LedgerQuery,
    OutletDateIn,
    OutletIn,
    OutletOut,
    OutletReviewIn,
    PaidOut,
    ProgrammeIn,
    ProgrammeOut,
    RefundIn,
    ReturnIn,
    ReturnOut,
    SaleIn,
    SaleOut,
    StatusOut,
)

router = Router(tags=["subsidy"])


def programme_out(p: Programme) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "county": p.county,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "rate": f"{p.rate.normalize():f}" if p.rate else "0",
        "central_share": f"{p.central_share:.2f}",
        "caps": {c.code: money_text(c.cap) for c in p.categories.all()},
        "townships": list(p.townships or []),
    }


def outlet_out(o: Outlet) -> dict:
    return {
        "id": o.pk,
        "programme_id": o.programme_id,
        "enterprise_id": o.enterprise_id,
        "name": o.name,
        "address": o.address,
        "kind": o.kind,
        "level": o.level,
        "status": o.status,
        "filed_on": o.filed_on,
        "review_by": o.review_by,
        "decided_on": o.decided_on,
        "decision_reason": o.decision_reason,
    }


def sale_out(s: Sale) -> dict:
    return {
        "id": s.pk,
        "outlet_id": s.outlet_id,
        "invoice_no": s.invoice_no,
        "sold_on": s.sold_on,
        "entered_on": s.entered_on,
        "entry_deadline": s.entry_deadline,
        "entered_late": s.entered_late,
        "buyer_name": s.buyer_name,
        "household_no": s.household_no,
        "county": s.county,
        "township": s.township,
        "items": [
            {
                "id": i.pk,
                "category": i.category,
                "model": i.model,
                "price": i.price,
                "label_card_no": i.label_card_no,
                "serial_no": i.serial_no,
                "status": i.status,
            }
            for i in sorted(s.items.all(), key=lambda i: i.pk)
        ],
    }


def claim_out(c: Claim) -> dict:
    today = clock.today()
    return {
        "id": c.pk,
        "sale_item_id": c.sale_item_id,
        "status": c.status,
        "county": c.county,
        "township": c.township,
        "household_no": c.household_no,
        "category": c.category,
        "filed_on": c.filed_on,
        "amount": c.amount,
        "central_amount": c.central_amount,
        "provincial_amount": c.provincial_amount,
        "pay_by": c.pay_by,
        "overdue": c.status in ("filed", "verified") and c.pay_by < today,
        "verified_on": c.verified_on,
        "verify_reason": c.verify_reason,
        "paid_on": c.paid_on,
        "paid_late": c.paid_late,
        "refunded_on": c.refunded_on,
    }


def return_out(r: Return) -> dict:
    return {
        "id": r.pk,
        "sale_item_id": r.sale_item_id,
        "claim_id": r.claim_id,
        "status": r.status,
        "requested_on": r.requested_on,
        "completed_on": r.completed_on,
        "refunded_on": r.refunded_on,
        "card_recovered": r.card_recovered,
    }


# ------------------------------------------------------------------------------------------- programmes


@router.post("/programmes", response={201: ProgrammeOut, **ERRORS}, operation_id="subsidy_create_programme")
def create_programme(request, payload: ProgrammeIn):
    """Create a county programme (admin): rate 13%, central share 80%, four categories with caps by default."""
    programme = services.programme_create(
        actor=request.user,
        name=payload.name,
        county=payload.county,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        rate=payload.rate,
        central_share=payload.central_share,
        caps=payload.caps,
        townships=payload.townships,
    )
    programme = selectors.programmes().get(pk=programme.pk)
    return Status(201, programme_out(programme))


@router.get(
    "/programmes", response={200: list[ProgrammeOut], **ERRORS}, auth=None, operation_id="subsidy_list_programmes"
)
def list_programmes(request):
    """The programmes and their public facts (categories, caps, rate); no sign-in needed."""
    return [programme_out(p) for p in selectors.programmes()[:100]]


@router.post("/enterprises", response={201: IdOnly, **ERRORS}, operation_id="subsidy_create_enterprise")
def create_enterprise(request, payload: EnterpriseIn):
    """Register a winning sales enterprise (admin); its 统一社会信用代码 is checked."""
    enterprise = services.enterprise_create(actor=request.user, name=payload.name, credit_code=payload.credit_code)
    return Status(201, {"id": enterprise.pk})


# ---------------------------------------------------------------------------------------------- outlets


@router.post("/outlets", response={201: OutletOut, **ERRORS}, operation_id="subsidy_create_outlet")
def create_outlet(request, payload: OutletIn):
    """File an outlet (备案) for review by the county commerce bureau within 2 working days."""
    outlet = services.outlet_file(actor=request.user, **payload.dict())
    return Status(201, outlet_out(outlet))


@router.get("/outlets", response={200: list[OutletOut], **ERRORS}, operation_id="subsidy_list_outlets")
def list_outlets(request, status: ParamText = ""):
    """The outlets the caller sees (its enterprise's, its county's …), by review deadline."""
    return [outlet_out(o) for o in selectors.outlets(request.user, status=status)[:500]]


@router.get("/outlets/{outlet_id}", response={200: OutletOut, **ERRORS}, operation_id="subsidy_get_outlet")
def get_outlet(request, outlet_id: int):
    return outlet_out(selectors.outlet_get(request.user, outlet_id))


@router.post("/outlets/{outlet_id}/review", response={200: StatusOut, **ERRORS}, operation_id="subsidy_review_outlet")
def review_outlet(request, outlet_id: int, payload: OutletReviewIn):
    """Approve (from `decided_on` on) or reject with a reason (commerce bureau or admin)."""
    outlet = services.outlet_review(
        actor=request.user,
        outlet_id=outlet_id,
        decision=payload.decision,
        reason=payload.reason,
        decided_on=payload.decided_on,
    )
    return {"status": outlet.status}


@router.post("/outlets/{outlet_id}/suspend", response={200: StatusOut, **ERRORS}, operation_id="subsidy_suspend_outlet")
def suspend_outlet(request, outlet_id: int, payload: OutletDateIn):
    outlet = services.outlet_suspend(actor=request.user, outlet_id=outlet_id, on=payload.on, reason=payload.reason)
    return {"status": outlet.status}


@router.post("/outlets/{outlet_id}/restore", response={200: StatusOut, **ERRORS}, operation_id="subsidy_restore_outlet")
def restore_outlet(request, outlet_id: int, payload: OutletDateIn):
    outlet = services.outlet_restore(actor=request.user, outlet_id=outlet_id, on=payload.on)
    return {"status": outlet.status}


# ------------------------------------------------------------------------------------------------ sales


@router.post("/sales", response={201: SaleOut, **ERRORS}, operation_id="subsidy_create_sale")
def create_sale(request, payload: SaleIn):
    """Enter a sale within 3 working days (later entries are kept and flagged)."""
    sale = services.sale_create(
        actor=request.user,
        outlet_id=payload.outlet_id,
        invoice_no=payload.invoice_no,
        sold_on=payload.sold_on,
        entered_on=payload.entered_on,
        buyer_name=payload.buyer_name,
        buyer_id_number=payload.buyer_id_number,
        household_no=payload.household_no,
        township=payload.township,
        items=[services.ItemIn(**i.dict()) for i in payload.items],
    )
    return Status(201, sale_out(Sale.objects.prefetch_related("items").get(pk=sale.pk)))


@router.get("/sales/{sale_id}", response={200: SaleOut, **ERRORS}, operation_id="subsidy_get_sale")
def get_sale(request, sale_id: int):
    return sale_out(selectors.sale_get(request.user, sale_id))


# ----------------------------------------------------------------------------------------------- claims


@router.post("/claims", response={201: ClaimOut, **ERRORS}, operation_id="subsidy_create_claim")
def create_claim(request, payload: ClaimIn):
    """Take a claim: the four checks; every failed one in `reasons` of a 422, nothing stored."""
    claim = services.claim_file(actor=request.user, **payload.dict())
    return Status(201, claim_out(claim))


@router.get("/claims", response={200: list[ClaimOut], **ERRORS}, operation_id="subsidy_list_claims")
def list_claims(request, query: Query[ClaimsQuery]):
    """The caller's claims by due day; `overdue=true`: unpaid past their due day."""
    rows = selectors.claims(request.user, status=query.status or "", overdue=query.overdue)[: query.limit]
    return [claim_out(c) for c in rows]


@router.get("/claims/{claim_id}", response={200: ClaimOut, **ERRORS}, operation_id="subsidy_get_claim")
def get_claim(request, claim_id: int):
    return claim_out(selectors.claim_get(request.user, claim_id))


@router.post("/claims/{claim_id}/verify", response={200: StatusOut, **ERRORS}, operation_id="subsidy_verify_claim")
def verify_claim(request, claim_id: int, payload: ClaimVerifyIn):
    claim = services.claim_verify(
        actor=request.user, claim_id=claim_id, decision=payload.decision, reason=payload.reason
    )
    return {"status": claim.status}


@router.post("/claims/{claim_id}/pay", response={200: PaidOut, **ERRORS}, operation_id="subsidy_pay_claim")
def pay_claim(request, claim_id: int, payload: ClaimPayIn):
    claim = services.claim_pay(actor=request.user, claim_id=claim_id, paid_on=payload.paid_on)
    return {"status": claim.status, "paid_late": claim.paid_late}


# ---------------------------------------------------------------------------------------------- returns


@router.post("/returns", response={201: ReturnOut, **ERRORS}, operation_id="subsidy_create_return")
def create_return(request, payload: ReturnIn):
    """A return under 三包: `returned`, `pre_return` or `awaiting_refund` by the item's claim."""
    ret = services.return_request(
        actor=request.user, sale_item_id=payload.sale_item_id, requested_on=payload.requested_on
    )
    return Status(201, return_out(ret))


@router.get("/returns/{return_id}", response={200: ReturnOut, **ERRORS}, operation_id="subsidy_get_return")
def get_return(request, return_id: int):
    return return_out(selectors.return_get(request.user, return_id))


@router.post(
    "/returns/{return_id}/confirm-refund", response={200: ReturnOut, **ERRORS}, operation_id="subsidy_confirm_refund"
)
def confirm_refund(request, return_id: int, payload: RefundIn):
    ret = services.return_confirm_refund(actor=request.user, return_id=return_id, refunded_on=payload.refunded_on)
    return return_out(ret)


# ----------------------------------------------------------------------------------------------- ledger


def ledger_out(ledger: selectors.Ledger) -> dict:
    return {
        "month": ledger.month,
        "claims_paid": ledger.claims_paid,
        "amount": ledger.amount,
        "central_amount": ledger.central_amount,
        "provincial_amount": ledger.provincial_amount,
        "refunded_amount": ledger.refunded_amount,
        "by_category": ledger.by_category,
    }


@router.get("/ledger", response={200: LedgerOut, **ERRORS}, operation_id="subsidy_ledger")
def get_ledger(request, query: Query[LedgerQuery]):
    """The direct-subsidy ledger of a month (county finance: its county; admin: all, or `county`)."""
    return ledger_out(selectors.ledger(request.user, query.month, county=query.county))


@router.get("/ledger.xlsx", response={200: None, **ERRORS}, operation_id="subsidy_ledger_xlsx")
def get_ledger_xlsx(request, query: Query[LedgerQuery]) -> HttpResponse:
    return reports.ledger_xlsx_response(request.user, query.month, county=query.county)


@router.get("/ledger.pdf", response={200: None, **ERRORS}, operation_id="subsidy_ledger_pdf")
def get_ledger_pdf(request, query: Query[LedgerQuery]) -> HttpResponse:
    return reports.ledger_pdf_response(request.user, query.month, county=query.county)
