"""API: the 三包 decision of an asset or a request, the public warranty lookup, and vendor cases (SPEC §3)."""

from __future__ import annotations

from ninja import Query, Router, Status

from aftersales.core.schemas import ERRORS, ErrorOut, ParamDate, ParamText
from aftersales.tickets import selectors as tickets
from aftersales.warranty import presenters, selectors, services, throttle
from aftersales.warranty.schemas import (
    PublicWarrantyOut,
    VendorCaseDetailOut,
    VendorCaseIn,
    VendorCaseOut,
    VendorCasePage,
    VendorCasePatchIn,
    WarrantyOut,
)

router = Router(tags=["warranty"])


@router.get("/assets/{asset_id}/warranty", response={200: WarrantyOut, **ERRORS}, operation_id="get_asset_warranty")
def get_asset_warranty(request, asset_id: int, on: ParamDate | None = None):
    """The remedy and who pays for a fault of the asset reported on `on` (YYYY-MM-DD; today in China by default).

    `reasons` is a list of `{code, zh, en}`. A date before the purchase is a 400; a malformed one a 422.
    """
    return presenters.warranty_data(selectors.asset_warranty(request.user, asset_id, on))


@router.get("/tickets/{ticket_id}/warranty", response={200: WarrantyOut, **ERRORS}, operation_id="get_ticket_warranty")
def get_ticket_warranty(request, ticket_id: int):
    """The decision for the request's asset on the day it was reported (404 when the request has no asset)."""
    return presenters.warranty_data(selectors.ticket_warranty(request.user, ticket_id))


@router.get(
    "/public/warranty",
    auth=None,
    response={200: PublicWarrantyOut, 429: ErrorOut, **ERRORS},
    operation_id="lookup_warranty",
)
def lookup_warranty(
    request,
    serial: ParamText = Query(..., min_length=1, max_length=64),  # noqa: B008 - ninja parameter
    vendor: ParamText = Query("", max_length=64),  # noqa: B008
):
    """Public warranty lookup by serial number (no account): the product, its warranty and today's remedy.

    Exact serial (case-insensitive, trimmed). 404 for an unknown serial; 409 when several vendors share it and
    `vendor` was not given; 429 past 30 lookups per 10 minutes from one address. Never shows the customer.
    """
    throttle.lookup_count(request)
    return presenters.public_warranty_data(selectors.public_warranty(serial=serial, vendor=vendor))


@router.post(
    "/tickets/{ticket_id}/vendor-cases", response={201: VendorCaseOut, **ERRORS}, operation_id="open_vendor_case"
)
def open_vendor_case(request, ticket_id: int, payload: VendorCaseIn):
    """Open a case with the vendor; its SLA comes from the vendor's policy. Climbs the request to the vendor tier."""
    selectors.check_vendor_case_access(request.user)
    tickets.ticket_get(request.user, ticket_id)
    case = services.vendor_case_open(ticket_id=ticket_id, actor=request.user, **payload.model_dump())
    return Status(201, presenters.vendor_case_data(selectors.vendor_case_get(request.user, case.pk)))


@router.get("/vendor-cases", response={200: VendorCasePage, **ERRORS}, operation_id="list_vendor_cases")
def list_vendor_cases(
    request,
    status: ParamText | None = None,
    overdue: bool | None = None,
    ticket_id: int | None = None,
    vendor_id: int | None = None,
    cursor: ParamText | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    """Vendor cases, newest first. `status` is a status or `open`; `overdue=true` keeps open cases past a deadline."""
    filters = selectors.VendorCaseFilter(status=status, overdue=overdue, ticket_id=ticket_id, vendor_id=vendor_id)
    page = selectors.vendor_case_list(request.user, filters, cursor=cursor, limit=limit)
    return {"items": [presenters.vendor_case_data(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/vendor-cases/{case_id}", response={200: VendorCaseDetailOut, **ERRORS}, operation_id="get_vendor_case")
def get_vendor_case(request, case_id: int):
    """One vendor case with its history (every saved version: who, when, what changed)."""
    case = selectors.vendor_case_get(request.user, case_id)
    return presenters.vendor_case_data(case) | {"history": presenters.vendor_case_history(case)}


@router.patch("/vendor-cases/{case_id}", response={200: VendorCaseOut, **ERRORS}, operation_id="update_vendor_case")
def update_vendor_case(request, case_id: int, payload: VendorCasePatchIn):
    """Change a case: status by the table, reference, RMA (number, part, shipped/received/returned), times."""
    selectors.vendor_case_get(request.user, case_id)
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version")
    if fields.get("status", "") is None:
        fields.pop("status")
    services.vendor_case_update(case_id=case_id, actor=request.user, expected_version=version, **fields)
    return presenters.vendor_case_data(selectors.vendor_case_get(request.user, case_id))
