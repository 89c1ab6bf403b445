"""API: installed equipment (设备档案)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import Field

from aftersales.assets import selectors, services
from aftersales.core.pagination import paginate
from aftersales.core.schemas import ERRORS, ParamText, StrictIn

router = Router(tags=["assets"])


class AssetIn(StrictIn):
    customer_id: int
    model: str = Field(min_length=1, max_length=64)
    vendor: str = Field(min_length=1, max_length=64)
    serial: str = Field(min_length=1, max_length=64)
    category: str = Field("", max_length=32)
    site: str = Field("", max_length=128)
    quantity: int = Field(1, ge=1, le=100000)
    purchased_on: dt.date
    accepted_on: dt.date | None = None
    warranty_months: int | None = Field(None, ge=1, le=240)
    project_warranty_months: int | None = Field(None, ge=1, le=240)


class AssetOut(Schema):
    id: int
    customer_id: int
    model: str
    vendor: str
    serial: str
    category: str
    site: str
    quantity: int
    purchased_on: dt.date
    accepted_on: dt.date | None
    warranty_months: int | None
    project_warranty_months: int | None
    version: int


class AssetPage(Schema):
    items: list[AssetOut]
    next_cursor: str | None


def asset_out(asset) -> dict:
    return {
        "id": asset.pk,
        "customer_id": asset.customer_id,
        "model": asset.model,
        "vendor": asset.vendor.name,
        "serial": asset.serial,
        "category": asset.category,
        "site": asset.site,
        "quantity": asset.quantity,
        "purchased_on": asset.purchased_on,
        "accepted_on": asset.accepted_on,
        "warranty_months": asset.warranty_months,
        "project_warranty_months": asset.project_warranty_months,
        "version": asset.version,
    }


@router.post("", response={201: AssetOut, **ERRORS}, operation_id="create_asset")
def create_asset(request, payload: AssetIn):
    """Register an installed device; the serial number must be new for its vendor."""
    asset = services.asset_create(actor=request.user, **payload.model_dump())
    return Status(201, asset_out(asset))


@router.get("", response={200: AssetPage, **ERRORS}, operation_id="list_assets")
def list_assets(
    request,
    customer_id: int | None = None,
    q: ParamText = "",
    cursor: ParamText | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    qs = selectors.asset_visible(request.user)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if q.strip():
        qs = qs.filter(serial__icontains=q.strip())
    page = paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)
    return {"items": [asset_out(a) for a in page.items], "next_cursor": page.next_cursor}


@router.get("/{asset_id}", response={200: AssetOut, **ERRORS}, operation_id="get_asset")
def get_asset(request, asset_id: int):
    return asset_out(selectors.asset_get(request.user, asset_id))
