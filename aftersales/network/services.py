"""Writes of the dealer network (篇10): suppliers and brands, dealers and their brand authorisations, outlets with
their coordinates, withdrawal of an authorisation, registration, and the sales recorded at sales outlets.

Each function is one transaction and asks the access table first (`network.manage` for the network's layout,
`network.sell` for a sale, `network.suppliers` for suppliers). The 150 km check is not stored: it is computed on
every read from the outlets as they are (`selectors.coverage`), so every change shows at once.
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from stdnum.cn import uscc

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError, conflict, invalid, not_found, unknown_reference
from aftersales.customers import geo
from aftersales.network.models import Authorisation, Brand, Dealer, Outlet, OutletKind, Sale, Supplier
from aftersales.network.policy import dealers as dealer_policy

MANAGE = "network.manage"


# ------------------------------------------------------------------------------------------- helpers


def credit_code_clean(value: str) -> str:
    """The unified social credit code (统一社会信用代码) in its compact form, or a 400 when it is not valid (a
    dealer must be an enterprise legal person, 第九条; python-stdnum checks the check character)."""
    code = uscc.compact(value or "")
    if not code or not uscc.is_valid(code):
        raise invalid(
            "invalid_credit_code",
            "统一社会信用代码无效：{value}",
            "Invalid unified social credit code: {value}",
            value=value,
        )
    return code


def _text(value: str | None, code: str, zh: str, en: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise invalid(code, zh, en)
    if len(text) > limit:
        raise invalid(
            "too_long", "{field}过长（最多{limit}字）", "{field} is too long (at most {limit})", field=zh, limit=limit
        )
    return text


def _supplier_of(actor: Any, supplier_id: int | None) -> Supplier | None:
    """The supplier a write acts for: a supplier user's own, else the one named (or none)."""
    if access.role_of(actor) == "supplier":
        supplier_id = supplier_id or actor.supplier_id
    if supplier_id is None:
        return None
    supplier = Supplier.objects.filter(pk=supplier_id).first()
    if supplier is None:
        raise unknown_reference("供应商", "Supplier")
    return supplier


def brand_resolve(actor: Any, brand: str | int | Brand, *, supplier: Supplier | None, create: bool = False) -> Brand:
    """The brand named by id or name, in the actor's reach; a new name is created for `supplier` when `create`."""
    if isinstance(brand, Brand):
        return brand
    if isinstance(brand, int):
        found = Brand.objects.filter(pk=brand).first()
    else:
        name = (brand or "").strip()
        if not name:
            raise invalid("brand_required", "品牌不能为空", "Brand is required")
        found = Brand.objects.filter(name=name).first()
        if found is None and create:
            if len(name) > 64:
                raise invalid("too_long", "品牌名称过长", "Brand name is too long")
            return Brand.objects.create(name=name, supplier=supplier)
    if found is None or (supplier is not None and found.supplier_id not in (None, supplier.pk)):
        raise unknown_reference("品牌", "Brand", brand=str(brand))
    return found


def _active_authorisation(dealer_id: int, brand_id: int, on: dt.date) -> Authorisation | None:
    for a in Authorisation.objects.filter(dealer_id=dealer_id, brand_id=brand_id).order_by("-valid_from", "-pk"):
        state = dealer_policy.authorisation_state(a.valid_from, a.valid_to, a.withdrawn_on, on)
        if state is dealer_policy.AuthorisationState.ACTIVE:
            return a
    return None


def _locate(address: str, lat: float | None, lng: float | None) -> dict:
    """Coordinates, city, county and division code of an outlet: the county-level centroid of its address (cpca's
    division table), or the coordinates given by hand (the address still names the city for the public list)."""
    if (lat is None) != (lng is None):
        raise invalid("coordinates_incomplete", "纬度和经度须同时填写", "Give both latitude and longitude, or neither")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise invalid("coordinates_invalid", "坐标超出范围", "Coordinates out of range")
    place = geo.parse_address(address)
    point = geo.division_point(place.adcode) if place and place.adcode else None
    values = {
        "city": place.city if place else "",
        "county": place.district if place else "",
        "adcode": point.adcode if point else "",
    }
    if lat is not None:
        return values | {"lat": float(lat), "lng": float(lng), "located_by_hand": True}
    if point is None:
        raise invalid(
            "address_not_located",
            "无法从地址确定位置（请写明市、县），或手工填写坐标：{address}",
            "Cannot place this address (name its city and county) or enter the coordinates: {address}",
            address=address,
        )
    return values | {"lat": point.latitude, "lng": point.longitude, "located_by_hand": False}


# ------------------------------------------------------------------------------------------- suppliers and brands


@transaction.atomic
def supplier_create(*, actor: Any, name: str, credit_code: str, phone: str = "") -> Supplier:
    access.require(actor, "network.suppliers")
    name = _text(name, "name_required", "名称", "Name", 128)
    code = credit_code_clean(credit_code)
    if Supplier.objects.filter(credit_code=code).exists():
        raise _duplicate(code)
    return Supplier.objects.create(name=name, credit_code=code, phone=(phone or "").strip())


@transaction.atomic
def brand_create(*, actor: Any, name: str, supplier_id: int | None = None) -> Brand:
    access.require(actor, MANAGE, supplier_id=supplier_id)
    supplier = _supplier_of(actor, supplier_id)
    name = _text(name, "brand_required", "品牌", "Brand", 64)
    if Brand.objects.filter(name=name).exists():
        raise conflict("duplicate_brand", "品牌已存在：{name}", "Brand already exists: {name}", name=name)
    return Brand.objects.create(name=name, supplier=supplier)


# ------------------------------------------------------------------------------------------- dealers


@transaction.atomic
def dealer_create(
    *,
    actor: Any,
    name: str,
    credit_code: str,
    brands: list[str | int] | None = None,
    supplier_id: int | None = None,
    shop_name: str = "",
    address: str = "",
    contact: str = "",
    phone: str = "",
    licence_on: dt.date | None = None,
    registered_on: dt.date | None = None,
    territory: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    contract_no: str = "",
) -> Dealer:
    """Register a dealer (企业法人: a valid credit code) and authorise it for `brands` (names or ids) from
    `valid_from` (today by default). A supplier user registers dealers of its own network; a brand name not yet
    known is created for the dealer's supplier."""
    access.require(actor, MANAGE, supplier_id=supplier_id)
    supplier = _supplier_of(actor, supplier_id)
    name = _text(name, "name_required", "名称", "Name", 128)
    code = credit_code_clean(credit_code)
    if Dealer.objects.filter(credit_code=code).exists():
        raise _duplicate(code)
    resolved: list[Brand] = []
    for item in brands or []:
        brand = brand_resolve(actor, item, supplier=supplier, create=True)
        if brand not in resolved:
            resolved.append(brand)
    if supplier is None:
        owners = {b.supplier_id for b in resolved if b.supplier_id}
        if len(owners) == 1:
            supplier = Supplier.objects.get(pk=owners.pop())
    _check_registration(licence_on, registered_on)
    try:
        with transaction.atomic():  # two registrations of one credit code at once: the second is the 409 below
            dealer = Dealer.objects.create(
                name=name,
                credit_code=code,
                supplier=supplier,
                shop_name=(shop_name or "").strip(),
                address=(address or "").strip(),
                contact=(contact or "").strip(),
                phone=(phone or "").strip(),
                licence_on=licence_on,
                registered_on=registered_on,
            )
    except IntegrityError:
        raise _duplicate(code) from None
    for brand in resolved:
        _authorise(
            dealer,
            brand,
            territory=territory,
            valid_from=valid_from or clock.today(),
            valid_to=valid_to,
            contract_no=contract_no,
        )
    return dealer


def _duplicate(code: str) -> DomainError:
    return conflict(
        "duplicate_credit_code",
        "统一社会信用代码已登记：{credit_code}",
        "Credit code already registered: {credit_code}",
        credit_code=code,
    )


def _check_registration(licence_on: dt.date | None, registered_on: dt.date | None) -> None:
    if registered_on is not None and licence_on is not None and registered_on < licence_on:
        raise invalid(
            "registered_before_licence",
            "备案日期不能早于营业执照日期",
            "The registration cannot precede the business licence",
        )
    if registered_on is not None and registered_on > clock.today():
        raise invalid("registered_in_future", "备案日期不能晚于今天", "The registration date cannot be in the future")


DEALER_FIELDS = ("name", "shop_name", "address", "contact", "phone", "licence_on", "registered_on")


@transaction.atomic
def dealer_update(*, actor: Any, dealer_id: int, **changes: Any) -> Dealer:
    """Change a dealer's particulars: name, shop name, address, contact, phone, licence and registration dates
    (recording the registration with the authority, 第三十四条)."""
    access.require(actor, MANAGE, dealer_id=dealer_id)
    dealer = Dealer.objects.select_for_update().filter(pk=dealer_id).first()
    if dealer is None:
        raise not_found("经销商", "Dealer")
    unknown = set(changes) - set(DEALER_FIELDS)
    if unknown:
        raise invalid(
            "unknown_field", "不能修改：{fields}", "Cannot change: {fields}", fields=", ".join(sorted(unknown))
        )
    for field, value in changes.items():
        if field == "name":
            value = _text(value, "name_required", "名称", "Name", 128)
        elif field not in ("licence_on", "registered_on"):
            value = (value or "").strip()
        setattr(dealer, field, value)
    _check_registration(dealer.licence_on, dealer.registered_on)
    dealer.save()
    return dealer


# ------------------------------------------------------------------------------------------- authorisations


def _authorise(dealer: Dealer, brand: Brand, **terms: Any) -> Authorisation:
    if terms.get("valid_to") is not None and terms["valid_to"] < terms["valid_from"]:
        raise invalid("term_reversed", "授权截止日早于起始日", "The authorisation ends before it starts")
    try:
        with transaction.atomic():
            return Authorisation.objects.create(dealer=dealer, brand=brand, **terms)
    except IntegrityError:
        raise conflict(
            "already_authorised",
            "该经销商已有{brand}品牌的有效授权",
            "The dealer already holds an authorisation for {brand}",
            brand=brand.name,
        ) from None


@transaction.atomic
def authorisation_grant(
    *,
    actor: Any,
    dealer_id: int,
    brand: str | int,
    territory: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    contract_no: str = "",
    contract_signed_on: dt.date | None = None,
) -> Authorisation:
    """Authorise a dealer for a brand of its supplier (授权经营合同, 第二十一条)."""
    access.require(actor, MANAGE, dealer_id=dealer_id)
    dealer = Dealer.objects.select_for_update().filter(pk=dealer_id).first()
    if dealer is None:
        raise not_found("经销商", "Dealer")
    brand_row = brand_resolve(actor, brand, supplier=dealer.supplier, create=False)
    return _authorise(
        dealer,
        brand_row,
        territory=(territory or "").strip()[:128],
        valid_from=valid_from or clock.today(),
        valid_to=valid_to,
        contract_no=(contract_no or "").strip()[:64],
        contract_signed_on=contract_signed_on,
    )


@transaction.atomic
def authorisation_withdraw(
    *, actor: Any, authorisation_id: int, reason: str, withdrawn_on: dt.date | None = None
) -> Authorisation:
    """Withdraw a brand authorisation (取消授权) from `withdrawn_on` (today by default): from that day the
    dealer's outlets of the brand record no new sale, leave the 150 km check and appear on the published list of
    withdrawn dealers (第十八条)."""
    access.require(actor, MANAGE, authorisation_id=authorisation_id)
    authorisation = Authorisation.objects.select_for_update().filter(pk=authorisation_id).first()
    if authorisation is None:
        raise not_found("品牌授权", "Authorisation")
    if authorisation.withdrawn_on is not None:
        raise conflict("already_withdrawn", "该授权已取消", "This authorisation is already withdrawn")
    reason = _text(reason, "reason_required", "取消原因", "Reason", 256)
    day = withdrawn_on or clock.today()
    if day < authorisation.valid_from:
        day = authorisation.valid_from
    authorisation.withdrawn_on = day
    authorisation.withdrawn_reason = reason
    authorisation.withdrawn_by = actor if getattr(actor, "pk", None) else None
    authorisation._change_reason = reason
    authorisation.save(update_fields=["withdrawn_on", "withdrawn_reason", "withdrawn_by"])
    return authorisation


# ------------------------------------------------------------------------------------------- outlets


@transaction.atomic
def outlet_create(
    *,
    actor: Any,
    dealer_id: int,
    kind: str,
    name: str,
    address: str,
    brand: str | int | None = None,
    lat: float | None = None,
    lng: float | None = None,
    phone: str = "",
) -> Outlet:
    """Open an outlet of a dealer for a brand it is authorised for: a sales, parts or service point. Its
    coordinates are the county-level centroid of its address unless given."""
    access.require(actor, MANAGE, dealer_id=dealer_id)
    dealer = Dealer.objects.filter(pk=dealer_id).first()
    if dealer is None:
        raise unknown_reference("经销商", "Dealer")
    if kind not in OutletKind.values:
        raise invalid("invalid_kind", "网点类型无效：{kind}", "Invalid outlet kind: {kind}", kind=kind)
    if brand is None:
        raise invalid("brand_required", "品牌不能为空", "Brand is required")
    brand_row = brand_resolve(actor, brand, supplier=None)
    if _active_authorisation(dealer.pk, brand_row.pk, clock.today()) is None:
        raise _not_authorised(dealer, brand_row)
    name = _text(name, "name_required", "网点名称", "Outlet name", 128)
    address = _text(address, "address_required", "地址", "Address", 256)
    place = _locate(address, lat, lng)
    return Outlet.objects.create(
        dealer=dealer, brand=brand_row, kind=kind, name=name, address=address, phone=(phone or "").strip(), **place
    )


def _not_authorised(dealer: Dealer, brand: Brand) -> DomainError:
    return conflict(
        "brand_not_authorised",
        "{dealer}未获{brand}品牌授权（或授权已取消、已过期），不得经营该品牌（第二十七条）",
        "{dealer} holds no current authorisation for {brand} (withdrawn or expired): it may not trade the brand",
        dealer=dealer.name,
        brand=brand.name,
    )


OUTLET_FIELDS = ("name", "address", "phone", "lat", "lng")


@transaction.atomic
def outlet_update(*, actor: Any, network_outlet_id: int, **changes: Any) -> Outlet:
    """Edit an outlet: its name, phone, address and coordinates. A new address without coordinates moves the
    outlet to its county's centroid; coordinates given are kept as entered by hand."""
    access.require(actor, MANAGE, network_outlet_id=network_outlet_id)
    outlet = Outlet.objects.select_for_update().filter(pk=network_outlet_id).first()
    if outlet is None:
        raise not_found("网点", "Outlet")
    unknown = set(changes) - set(OUTLET_FIELDS)
    if unknown:
        raise invalid(
            "unknown_field", "不能修改：{fields}", "Cannot change: {fields}", fields=", ".join(sorted(unknown))
        )
    if "name" in changes:
        outlet.name = _text(changes["name"], "name_required", "网点名称", "Outlet name", 128)
    if "phone" in changes:
        outlet.phone = (changes["phone"] or "").strip()
    address_changed = "address" in changes and (changes["address"] or "").strip() != outlet.address
    if "address" in changes:
        outlet.address = _text(changes["address"], "address_required", "地址", "Address", 256)
    lat, lng = changes.get("lat"), changes.get("lng")
    if lat is not None or lng is not None:
        place = _locate(outlet.address, lat, lng)
    elif address_changed:
        place = _locate(outlet.address, None, None)
    else:
        place = {}
    for field, value in place.items():
        setattr(outlet, field, value)
    outlet.save()
    return outlet


@transaction.atomic
def outlet_close(*, actor: Any, network_outlet_id: int, closed_on: dt.date | None = None) -> Outlet:
    """Close (撤销) an outlet from a day: it leaves the 150 km check and the public list, and records no sale."""
    access.require(actor, MANAGE, network_outlet_id=network_outlet_id)
    outlet = Outlet.objects.select_for_update().filter(pk=network_outlet_id).first()
    if outlet is None:
        raise not_found("网点", "Outlet")
    if outlet.closed_on is not None:
        raise conflict("already_closed", "该网点已撤销", "This outlet is already closed")
    outlet.closed_on = closed_on or clock.today()
    outlet.save(update_fields=["closed_on"])
    return outlet


# ------------------------------------------------------------------------------------------- sales


@transaction.atomic
def sale_record(
    *,
    actor: Any,
    network_outlet_id: int,
    sold_on: dt.date,
    buyer: str,
    product: str,
    serial: str = "",
) -> Sale:
    """Record a sale at a sales outlet: one unit of the outlet's brand sold to an end user on `sold_on`.

    Refused (409 `brand_not_authorised`) when the dealer is not authorised for the brand on that day: an
    authorisation withdrawn (or expired, or not yet in force) stops new sales of the brand at all its outlets
    (第二十七条). Also refused at a parts or service point, at a closed outlet, and for a day ahead of today."""
    access.require(actor, "network.sell", network_outlet_id=network_outlet_id)
    outlet = Outlet.objects.select_related("dealer", "brand").filter(pk=network_outlet_id).first()
    if outlet is None:
        raise not_found("网点", "Outlet")
    if outlet.kind != OutletKind.SALES:
        raise conflict("not_a_sales_outlet", "只有销售网点可以登记销售", "Only a sales outlet records sales")
    if sold_on > clock.today():
        raise invalid("sold_in_future", "销售日期不能晚于今天", "The sale date cannot be in the future")
    if outlet.closed_on is not None and sold_on >= outlet.closed_on:
        raise conflict("outlet_closed", "该网点已撤销", "This outlet is closed")
    if _active_authorisation(outlet.dealer_id, outlet.brand_id, sold_on) is None:
        raise _not_authorised(outlet.dealer, outlet.brand)
    return Sale.objects.create(
        outlet=outlet,
        brand=outlet.brand,
        sold_on=sold_on,
        buyer=_text(buyer, "buyer_required", "购买人", "Buyer", 128),
        product=_text(product, "product_required", "车型/产品", "Product", 128),
        serial=(serial or "").strip()[:64],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
