"""API: customers (客户档案)."""

from __future__ import annotations

from typing import Literal

from ninja import File, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from aftersales.core import clock, xlsx
from aftersales.core.pagination import paginate
from aftersales.core.schemas import ERRORS, Email, ErrorOut, ParamText, StrictIn
from aftersales.customers import excel, selectors, services

router = Router(tags=["customers"])


class CustomerIn(StrictIn):
    name: str = Field(min_length=1, max_length=128)
    address: str = Field(min_length=1, max_length=256)
    phone: str = Field("", max_length=32)
    kind: Literal["organisation", "person"] = "organisation"
    region: str | None = Field(None, max_length=32, description="地级市，如“合肥市”；省略时从地址识别")
    email: Email = Field("", max_length=254)
    credit_code: str = Field("", max_length=18)
    is_key_account: bool = False


class CustomerOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    province: str
    region: str
    district: str
    phone: str
    is_key_account: bool
    version: int


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_cursor: str | None


def customer_out(customer) -> dict:
    return {
        "id": customer.pk,
        "name": customer.name,
        "kind": customer.kind,
        "address": customer.address,
        "province": customer.province,
        "region": customer.region.name,
        "district": customer.district,
        "phone": customer.phone,
        "is_key_account": customer.is_key_account,
        "version": customer.version,
    }


@router.post("", response={201: CustomerOut, **ERRORS}, operation_id="create_customer")
def create_customer(request, payload: CustomerIn):
    """Add a customer; the region (市) is read from the address when not given."""
    customer = services.customer_create(
        actor=request.user,
        name=payload.name,
        address=payload.address,
        phone=payload.phone,
        kind=payload.kind,
        region_name=payload.region,
        email=payload.email,
        credit_code=payload.credit_code,
        is_key_account=payload.is_key_account,
    )
    return Status(201, customer_out(customer))


@router.get("", response={200: CustomerPage, **ERRORS}, operation_id="list_customers")
def list_customers(request, q: ParamText = "", cursor: ParamText | None = None, limit: int = Query(50, ge=1, le=200)):
    """Customers the user may see, newest first; `q` filters by name, address or phone."""
    qs = selectors.customer_visible(request.user)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    page = paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)
    return {"items": [customer_out(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/{int:customer_id}", response={200: CustomerOut, **ERRORS}, operation_id="get_customer")
def get_customer(request, customer_id: int):
    return customer_out(selectors.customer_get(request.user, customer_id))


# --------------------------------------------------------------------------------- Excel import / export
# `get_customer` takes an int path converter, so these one-segment paths are not shadowed by it.


class ImportErrorOut(Schema):
    sheet: str
    row: int
    column: str
    message_zh: str
    message_en: str


class ImportOut(Schema):
    created_customers: int
    created_assets: int
    unchanged_customers: int
    unchanged_assets: int
    errors: list[ImportErrorOut]


@router.get(
    "/export.xlsx",
    response={401: ErrorOut, 403: ErrorOut},
    operation_id="export_archive",
    openapi_extra={
        "responses": {200: {"description": "客户与设备档案 (.xlsx)", "content": {excel.XLSX_CONTENT_TYPE: {}}}}
    },
)
def export_archive(request):
    """The customers and assets you may see as an Excel workbook (sheets 客户 and 设备). Staff only."""
    today = clock.today()
    return xlsx.download(
        excel.archive_export(user=request.user), excel.export_filename(today), f"aftersales-archive-{today:%Y%m%d}.xlsx"
    )


@router.post(
    "/import",
    response={200: ImportOut, 400: ImportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    operation_id="import_archive",
)
def import_archive(request, file: File[UploadedFile]):
    """Import customers and assets from an Excel workbook in the export's layout, all or nothing.

    200 with the counts when every row is good; 400 with every error (sheet, row, column, message in Chinese
    and English) and nothing stored otherwise. Rows identical to what is already stored count as unchanged.
    """
    report = excel.archive_import(user=request.user, file=file)
    body = {
        "created_customers": report.created_customers,
        "created_assets": report.created_assets,
        "unchanged_customers": report.unchanged_customers,
        "unchanged_assets": report.unchanged_assets,
        "errors": [vars(error) for error in report.errors],
    }
    return Status(200 if report.is_ok else 400, body)
