"""API: customers (客户档案)."""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from aftersales.accounts.choices import ARCHIVE_ROLES
from aftersales.core.errors import forbidden
from aftersales.core.pagination import paginate
from aftersales.core.schemas import ERRORS, StrictIn
from aftersales.customers import selectors, services

router = Router(tags=["customers"])


class CustomerIn(StrictIn):
    name: str = Field(min_length=1, max_length=128)
    address: str = Field(min_length=1, max_length=256)
    phone: str = Field("", max_length=32)
    kind: Literal["organisation", "person"] = "organisation"
    region: str | None = Field(None, max_length=32, description="地级市，如“合肥市”；省略时从地址识别")
    email: str = Field("", max_length=254)
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
        "id": customer.pk, "name": customer.name, "kind": customer.kind, "address": customer.address,
        "province": customer.province, "region": customer.region.name, "district": customer.district,
        "phone": customer.phone, "is_key_account": customer.is_key_account, "version": customer.version,
    }


@router.post("", response={201: CustomerOut, **ERRORS}, operation_id="create_customer")
def create_customer(request, payload: CustomerIn):
    """Add a customer; the region (市) is read from the address when not given."""
    if not request.user.has_role(*ARCHIVE_ROLES):
        raise forbidden()
    customer = services.customer_create(
        actor=request.user, name=payload.name, address=payload.address, phone=payload.phone, kind=payload.kind,
        region_name=payload.region, email=payload.email, credit_code=payload.credit_code,
        is_key_account=payload.is_key_account,
    )
    return Status(201, customer_out(customer))


@router.get("", response={200: CustomerPage, **ERRORS}, operation_id="list_customers")
def list_customers(request, q: str = "", cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    """Customers the user may see, newest first; `q` filters by name, address or phone."""
    qs = selectors.customer_visible(request.user)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    page = paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)
    return {"items": [customer_out(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/{customer_id}", response={200: CustomerOut, **ERRORS}, operation_id="get_customer")
def get_customer(request, customer_id: int):
    return customer_out(selectors.customer_get(request.user, customer_id))
