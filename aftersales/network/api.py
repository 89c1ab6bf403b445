"""API of the dealer network (篇10), mounted at /api/v1/network: suppliers and brands, dealers with their brand
authorisations (withdrawal too), outlets with coordinates from their address, the 150 km check, the overdue
registrations, sales at sales outlets, and the public list of authorised and withdrawn dealers (no sign-in)."""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

from ninja import Query, Router, Status

from aftersales.core import clock
from aftersales.core.schemas import ERRORS, IdOut, ParamText
from aftersales.network import selectors, services
from aftersales.network.models import Authorisation, Dealer, Outlet
from aftersales.network.policy import reach
from aftersales.network.schemas import (
    NetworkAuthorisationIn,
    NetworkAuthorisationOut,
    NetworkBrandIn,
    NetworkBrandOut,
    NetworkCoverageOut,
    NetworkDealerIn,
    NetworkDealerOut,
    NetworkDealerPatchIn,
    NetworkOutletCloseIn,
    NetworkOutletIn,
    NetworkOutletOut,
    NetworkOutletPatchIn,
    NetworkPublicOutletOut,
    NetworkPublicWithdrawnOut,
    NetworkSaleIn,
    NetworkSaleOut,
    NetworkSupplierIn,
    NetworkWithdrawIn,
)

router = Router(tags=["network"])


def authorisation_out(a: Authorisation) -> dict:
    state = getattr(a, "state", None)
    if state is None:
        from aftersales.network.policy import dealers as dealer_policy

        state = dealer_policy.authorisation_state(a.valid_from, a.valid_to, a.withdrawn_on, clock.today())
    return {
        "id": a.pk,
        "dealer_id": a.dealer_id,
        "brand_id": a.brand_id,
        "brand": a.brand.name,
        "territory": a.territory,
        "valid_from": a.valid_from,
        "valid_to": a.valid_to,
        "contract_no": a.contract_no,
        "contract_signed_on": a.contract_signed_on,
        "withdrawn_on": a.withdrawn_on,
        "withdrawn_reason": a.withdrawn_reason,
        "state": str(state),
    }


def dealer_out(d: Dealer) -> dict:
    r = d.registration
    return {
        "id": d.pk,
        "name": d.name,
        "credit_code": d.credit_code,
        "supplier_id": d.supplier_id,
        "supplier": d.supplier.name if d.supplier else "",
        "shop_name": d.shop_name,
        "address": d.address,
        "contact": d.contact,
        "phone": d.phone,
        "licence_on": d.licence_on,
        "registered_on": d.registered_on,
        "registration": {"state": str(r.state), "deadline": r.deadline, "days_overdue": r.days_overdue},
        "authorisations": [authorisation_out(a) for a in d.authorisations.all()],
    }


def outlet_out(o: Outlet) -> dict:
    return {
        "id": o.pk,
        "lat": o.lat,
        "lng": o.lng,
        "dealer_id": o.dealer_id,
        "dealer": o.dealer.name,
        "brand_id": o.brand_id,
        "brand": o.brand.name,
        "kind": o.kind,
        "name": o.name,
        "address": o.address,
        "phone": o.phone,
        "city": o.city,
        "county": o.county,
        "adcode": o.adcode,
        "located_by_hand": o.located_by_hand,
        "closed_on": o.closed_on,
        "authorised": bool(getattr(o, "authorised", True)),
    }


# ------------------------------------------------------------------------------------------- suppliers, brands


@router.post("/suppliers", response={201: IdOut, **ERRORS}, operation_id="create_network_supplier")
def create_network_supplier(request, payload: NetworkSupplierIn):
    """Register a supplier (汽车供应商; administrators)."""
    supplier = services.supplier_create(actor=request.user, **payload.dict())
    return Status(201, {"id": supplier.pk})


@router.get("/brands", response={200: list[NetworkBrandOut], **ERRORS}, operation_id="list_network_brands")
def list_network_brands(request):
    """The brands the caller sees (a supplier its own, a dealer those it was ever authorised for)."""
    return [
        {"id": b.pk, "name": b.name, "supplier_id": b.supplier_id, "supplier": b.supplier.name if b.supplier else ""}
        for b in selectors.brand_list(request.user)
    ]


@router.post("/brands", response={201: IdOut, **ERRORS}, operation_id="create_network_brand")
def create_network_brand(request, payload: NetworkBrandIn):
    brand = services.brand_create(actor=request.user, **payload.dict())
    return Status(201, {"id": brand.pk})


# ------------------------------------------------------------------------------------------- dealers


@router.get("/dealers", response={200: list[NetworkDealerOut], **ERRORS}, operation_id="list_network_dealers")
def list_network_dealers(
    request,
    q: ParamText = "",
    registration: ParamText = Query("", description="on_time, late, pending, overdue or unknown"),  # noqa: B008
):
    """Dealers the caller sees, with their authorisations and their registration standing (第三十四条)."""
    return [dealer_out(d) for d in selectors.dealer_list(request.user, q=q, state=registration)]


@router.post("/dealers", response={201: IdOut, **ERRORS}, operation_id="create_network_dealer")
def create_network_dealer(request, payload: NetworkDealerIn):
    """Register a dealer (企业法人: its credit code is checked) and authorise it for `brands`."""
    dealer = services.dealer_create(actor=request.user, **payload.dict())
    return Status(201, {"id": dealer.pk})


@router.get("/dealers/{dealer_id}", response={200: NetworkDealerOut, **ERRORS}, operation_id="get_network_dealer")
def get_network_dealer(request, dealer_id: int):
    return dealer_out(selectors.dealer_get(request.user, dealer_id))


@router.patch("/dealers/{dealer_id}", response={200: NetworkDealerOut, **ERRORS}, operation_id="update_network_dealer")
def update_network_dealer(request, dealer_id: int, payload: NetworkDealerPatchIn):
    """Change a dealer's particulars; `registered_on` records its registration with the authority."""
    services.dealer_update(actor=request.user, dealer_id=dealer_id, **payload.dict(exclude_unset=True))
    return dealer_out(selectors.dealer_get(request.user, dealer_id))


@router.post(
    "/dealers/{dealer_id}/authorisations",
    response={201: NetworkAuthorisationOut, **ERRORS},
    operation_id="create_network_authorisation",
)
def create_network_authorisation(request, dealer_id: int, payload: NetworkAuthorisationIn):
    authorisation = services.authorisation_grant(actor=request.user, dealer_id=dealer_id, **payload.dict())
    return Status(201, authorisation_out(authorisation))


@router.post(
    "/authorisations/{authorisation_id}/withdraw",
    response={200: NetworkAuthorisationOut, **ERRORS},
    operation_id="withdraw_network_authorisation",
)
def withdraw_network_authorisation(request, authorisation_id: int, payload: NetworkWithdrawIn):
    """Withdraw a brand authorisation: the dealer's outlets of the brand record no new sale from that day."""
    authorisation = services.authorisation_withdraw(
        actor=request.user, authorisation_id=authorisation_id, **payload.dict()
    )
    return authorisation_out(authorisation)


@router.get(
    "/registrations/overdue",
    response={200: list[NetworkDealerOut], **ERRORS},
    operation_id="list_network_registrations_overdue",
)
def list_network_registrations_overdue(request):
    """Dealers not registered within 2 months of their licence (第三十四条), longest overdue first."""
    return [dealer_out(d) for d in selectors.overdue_registrations(request.user)]


# ------------------------------------------------------------------------------------------- outlets


@router.get("/outlets", response={200: list[NetworkOutletOut], **ERRORS}, operation_id="list_network_outlets")
def list_network_outlets(
    request,
    dealer_id: int | None = None,
    brand_id: int | None = None,
    kind: ParamText = Query("", description="sales, parts or service"),  # noqa: B008
    include_closed: bool = False,
):
    """Outlets the caller sees; `authorised` is false where the dealer's authorisation for the brand was
    withdrawn (or has expired)."""
    rows = selectors.outlet_list(
        request.user, dealer_id=dealer_id, brand_id=brand_id, kind=kind, include_closed=include_closed
    )
    return [outlet_out(o) for o in rows]


@router.post("/outlets", response={201: NetworkOutletOut, **ERRORS}, operation_id="create_network_outlet")
def create_network_outlet(request, payload: NetworkOutletIn):
    """Open an outlet; its coordinates are its county's centroid (from the address) unless `lat`/`lng` are given."""
    data = payload.dict()
    brand = data.pop("brand_id") if data.get("brand_id") is not None else data.get("brand")
    data.pop("brand_id", None)
    data["brand"] = brand
    outlet = services.outlet_create(actor=request.user, **data)
    return Status(201, outlet_out(selectors.outlet_get(request.user, outlet.pk)))


@router.patch(
    "/outlets/{network_outlet_id}", response={200: NetworkOutletOut, **ERRORS}, operation_id="update_network_outlet"
)
def update_network_outlet(request, network_outlet_id: int, payload: NetworkOutletPatchIn):
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    services.outlet_update(actor=request.user, network_outlet_id=network_outlet_id, **changes)
    return outlet_out(selectors.outlet_get(request.user, network_outlet_id))


@router.post(
    "/outlets/{network_outlet_id}/close",
    response={200: NetworkOutletOut, **ERRORS},
    operation_id="close_network_outlet",
)
def close_network_outlet(request, network_outlet_id: int, payload: NetworkOutletCloseIn):
    services.outlet_close(actor=request.user, network_outlet_id=network_outlet_id, **payload.dict())
    return outlet_out(selectors.outlet_get(request.user, network_outlet_id))


@router.get("/coverage", response={200: NetworkCoverageOut, **ERRORS}, operation_id="get_network_coverage")
def get_network_coverage(request, brand: ParamText = "", brand_id: int | None = None):
    """The 150 km check (第二十条): every sales outlet needs a parts and a service point of its brand within 150 km
    great-circle distance (exactly 150.0 km is within). One violation per outlet and missing kind, with the
    distance to the nearest candidate (null when the brand has none) and the nearest few. Without `brand`: every
    brand the caller sees."""
    chosen = None
    if brand or brand_id is not None:
        chosen = selectors.brand_find(request.user, name=brand or None, brand_id=brand_id)
    result = selectors.coverage(request.user, brand=chosen)
    return {
        "checked": result.checked,
        "max_km": reach.MAX_KM,
        "violations": [
            {
                "outlet_id": v.outlet_id,
                "missing": v.missing,
                "nearest_km": v.nearest_km,
                "outlet_name": v.outlet_name,
                "dealer_id": v.dealer_id,
                "dealer": v.dealer,
                "brand": v.brand,
                "city": v.city,
                "county": v.county,
                "nearest": [
                    {
                        "outlet_id": n.outlet_id,
                        "name": n.name,
                        "dealer": n.dealer,
                        "distance_km": n.distance_km,
                    }
                    for n in v.nearest
                ],
            }
            for v in result.violations
        ],
    }


# ------------------------------------------------------------------------------------------- sales


@router.post("/sales", response={201: NetworkSaleOut, **ERRORS}, operation_id="create_network_sale")
def create_network_sale(request, payload: NetworkSaleIn):
    """Record a sale at a sales outlet. 409 `brand_not_authorised` once the dealer's authorisation for the brand
    is withdrawn (or expired): a withdrawn brand is no longer sold there (第二十七条)."""
    data = payload.dict()
    data["sold_on"] = data["sold_on"] or clock.today()
    sale = services.sale_record(actor=request.user, **data)
    return Status(
        201, {"id": sale.pk, "network_outlet_id": sale.outlet_id, "brand": sale.brand.name, "sold_on": sale.sold_on}
    )


# ------------------------------------------------------------------------------------------- public (第十八条)


@router.get(
    "/public/outlets",
    auth=None,
    response={200: list[NetworkPublicOutletOut], **ERRORS},
    operation_id="list_network_public_outlets",
)
def list_network_public_outlets(
    request,
    brand: ParamText = "",
    city: ParamText = "",
    kind: ParamText = Query("", description="sales, parts or service"),  # noqa: B008
    q: ParamText = "",
):
    """Authorised dealers' open outlets (sales, parts and service points) by brand and city; no sign-in."""
    return [
        {
            "id": o.pk,
            "name": o.name,
            "kind": o.kind,
            "brand": o.brand.name,
            "dealer": o.dealer.name,
            "address": o.address,
            "phone": o.phone,
            "city": o.city,
            "county": o.county,
            "lat": o.lat,
            "lng": o.lng,
        }
        for o in selectors.public_outlets(brand=brand, city=city, kind=kind, q=q)
    ]


@router.get(
    "/public/withdrawn",
    auth=None,
    response={200: list[NetworkPublicWithdrawnOut], **ERRORS},
    operation_id="list_network_public_withdrawn",
)
def list_network_public_withdrawn(request, brand: ParamText = ""):
    """Dealers whose brand authorisation was withdrawn (取消授权), latest first; no sign-in."""
    return [
        {
            "dealer": a.dealer.name,
            "credit_code": a.dealer.credit_code,
            "brand": a.brand.name,
            "withdrawn_on": a.withdrawn_on,
            "reason": a.withdrawn_reason,
        }
        for a in selectors.public_withdrawn(brand=brand)
    ]
