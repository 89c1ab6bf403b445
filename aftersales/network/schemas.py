"""API schemas of the dealer network (篇10): suppliers, brands, dealers, authorisations, outlets, the 150 km check,
sales and the public list."""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from aftersales.core.schemas import StrictIn

OutletKindName = Literal["sales", "parts", "service"]


class NetworkSupplierIn(StrictIn):
    name: str = Field(max_length=128)
    credit_code: str = Field(max_length=32, description="统一社会信用代码 (18 characters, check character verified)")
    phone: str = Field("", max_length=32)


class NetworkBrandIn(StrictIn):
    name: str = Field(max_length=64)
    supplier_id: int | None = Field(None, description="a supplier user's own supplier by default")


class NetworkBrandOut(Schema):
    id: int
    name: str
    supplier_id: int | None
    supplier: str


class NetworkDealerIn(StrictIn):
    name: str = Field(max_length=128)
    credit_code: str = Field(max_length=32, description="统一社会信用代码 of the enterprise legal person (第九条)")
    brands: list[str | int] = Field(
        default_factory=list, description="brands to authorise, by name or id; a new name is created"
    )
    supplier_id: int | None = Field(None, description="the authorising supplier (a supplier user: its own)")
    shop_name: str = Field("", max_length=128)
    address: str = Field("", max_length=256)
    contact: str = Field("", max_length=64)
    phone: str = Field("", max_length=32)
    licence_on: dt.date | None = Field(None, description="营业执照日期: registration due within 2 months (第三十四条)")
    registered_on: dt.date | None = Field(None, description="备案日期")
    territory: str = Field("", max_length=128, description="授权区域 of the brands' authorisations")
    valid_from: dt.date | None = Field(None, description="authorisations' first day (today by default)")
    valid_to: dt.date | None = None
    contract_no: str = Field("", max_length=64)


class NetworkDealerPatchIn(StrictIn):
    name: str | None = Field(None, max_length=128)
    shop_name: str | None = Field(None, max_length=128)
    address: str | None = Field(None, max_length=256)
    contact: str | None = Field(None, max_length=64)
    phone: str | None = Field(None, max_length=32)
    licence_on: dt.date | None = None
    registered_on: dt.date | None = None


class NetworkAuthorisationIn(StrictIn):
    brand: str | int
    territory: str = Field("", max_length=128)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    contract_no: str = Field("", max_length=64)
    contract_signed_on: dt.date | None = None


class NetworkWithdrawIn(StrictIn):
    reason: str = Field(max_length=256)
    withdrawn_on: dt.date | None = Field(None, description="today by default")


class NetworkAuthorisationOut(Schema):
    id: int
    dealer_id: int
    brand_id: int
    brand: str
    territory: str
    valid_from: dt.date
    valid_to: dt.date | None
    contract_no: str
    contract_signed_on: dt.date | None
    withdrawn_on: dt.date | None
    withdrawn_reason: str
    state: str


class NetworkRegistrationOut(Schema):
    state: str
    deadline: dt.date | None
    days_overdue: int


class NetworkDealerOut(Schema):
    id: int
    name: str
    credit_code: str
    supplier_id: int | None
    supplier: str
    shop_name: str
    address: str
    contact: str
    phone: str
    licence_on: dt.date | None
    registered_on: dt.date | None
    registration: NetworkRegistrationOut
    authorisations: list[NetworkAuthorisationOut]


class NetworkOutletIn(StrictIn):
    dealer_id: int
    brand: str | None = Field(None, max_length=64, description="brand name (or give brand_id)")
    brand_id: int | None = None
    kind: OutletKindName
    name: str = Field(max_length=128)
    address: str = Field(max_length=256)
    lat: float | None = Field(None, ge=-90, le=90, description="default: the county centroid of the address")
    lng: float | None = Field(None, ge=-180, le=180)
    phone: str = Field("", max_length=32)


class NetworkOutletPatchIn(StrictIn):
    name: str | None = Field(None, max_length=128)
    address: str | None = Field(None, max_length=256, description="a new address moves the outlet to its county")
    phone: str | None = Field(None, max_length=32)
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)


class NetworkOutletCloseIn(StrictIn):
    closed_on: dt.date | None = Field(None, description="today by default")


class NetworkOutletOut(Schema):
    id: int
    lat: float
    lng: float
    dealer_id: int
    dealer: str
    brand_id: int
    brand: str
    kind: str
    name: str
    address: str
    phone: str
    city: str
    county: str
    adcode: str
    located_by_hand: bool
    closed_on: dt.date | None
    authorised: bool


class NetworkNearbyOut(Schema):
    outlet_id: int
    name: str
    dealer: str
    distance_km: float


class NetworkViolationOut(Schema):
    outlet_id: int
    missing: str
    nearest_km: float | None
    outlet_name: str
    dealer_id: int
    dealer: str
    brand: str
    city: str
    county: str
    nearest: list[NetworkNearbyOut]


class NetworkCoverageOut(Schema):
    violations: list[NetworkViolationOut]
    checked: int
    max_km: float


class NetworkSaleIn(StrictIn):
    network_outlet_id: int
    sold_on: dt.date | None = Field(None, description="today by default")
    buyer: str = Field(max_length=128)
    product: str = Field(max_length=128)
    serial: str = Field("", max_length=64)


class NetworkSaleOut(Schema):
    id: int
    network_outlet_id: int
    brand: str
    sold_on: dt.date


class NetworkPublicOutletOut(Schema):
    id: int
    name: str
    kind: str
    brand: str
    dealer: str
    address: str
    phone: str
    city: str
    county: str
    lat: float
    lng: float


class NetworkPublicWithdrawnOut(Schema):
    dealer: str
    credit_code: str
    brand: str
    withdrawn_on: dt.date
    reason: str
