"""Reads of the dealer network (篇10): dealers, outlets, the 150 km check (`coverage`), the map, the overdue
registrations and the public list of authorised and withdrawn dealers.

Every signed-in read is filtered by the access table (`access.visible(user, "network.read", kind)`): an
administrator sees every network, a supplier user its own, a dealer user its own dealer and outlets.
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import not_found
from aftersales.network.models import Authorisation, Brand, Dealer, Outlet, OutletKind, Sale
from aftersales.network.policy import dealers as dealer_policy
from aftersales.network.policy import reach
from aftersales.network.policy.coverage import Point

READ = "network.read"


def _visible(user: Any, kind: str) -> Q | None:
    return access.visible(user, READ, kind)


def active_q(today: dt.date, prefix: str = "") -> Q:
    """Authorisations in force on `today` (not withdrawn by then, started, not ended)."""
    return (
        (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": today}))
        & Q(**{f"{prefix}valid_from__lte": today})
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today}))
    )


def _authorised(today: dt.date) -> Exists:
    """An outlet whose dealer holds an authorisation in force for the outlet's brand."""
    return Exists(
        Authorisation.objects.filter(active_q(today), dealer_id=OuterRef("dealer_id"), brand_id=OuterRef("brand_id"))
    )


# ------------------------------------------------------------------------------------------- brands, dealers


def brand_list(user: Any) -> QuerySet[Brand]:
    scope = _visible(user, "network_brand")
    if scope is None:
        return Brand.objects.none()
    return Brand.objects.filter(scope).select_related("supplier").order_by("name")


def brand_find(user: Any, *, name: str | None = None, brand_id: int | None = None) -> Brand:
    """A brand the user sees, by id or name (404 otherwise)."""
    rows = brand_list(user)
    found = rows.filter(pk=brand_id).first() if brand_id is not None else rows.filter(name=(name or "").strip()).first()
    if found is None:
        raise not_found("品牌", "Brand")
    return found


def dealer_list(user: Any, *, q: str = "", brand_id: int | None = None, state: str = "") -> list[Dealer]:
    """Dealers the user sees (name, shop name or credit code contains `q`), with their authorisations and their
    registration standing (`dealer.registration`)."""
    scope = _visible(user, "network_dealer")
    if scope is None:
        return []
    rows = Dealer.objects.filter(scope).select_related("supplier")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(shop_name__icontains=q) | Q(credit_code__icontains=q))
    if brand_id:
        rows = rows.filter(Exists(Authorisation.objects.filter(dealer=OuterRef("pk"), brand_id=brand_id)))
    rows = rows.prefetch_related(
        Prefetch("authorisations", queryset=Authorisation.objects.select_related("brand").order_by("brand__name"))
    ).order_by("name")
    today = clock.today()
    out = []
    for dealer in rows:
        _annotate_dealer(dealer, today)
        if state and dealer.registration.state != state:
            continue
        out.append(dealer)
    return out


def _annotate_dealer(dealer: Dealer, today: dt.date) -> None:
    dealer.registration = dealer_policy.registration(dealer.licence_on, dealer.registered_on, today)
    for a in dealer.authorisations.all():
        a.state = dealer_policy.authorisation_state(a.valid_from, a.valid_to, a.withdrawn_on, today)


def dealer_get(user: Any, dealer_id: int) -> Dealer:
    scope = _visible(user, "network_dealer")
    dealer = None
    if scope is not None:
        dealer = (
            Dealer.objects.filter(scope, pk=dealer_id)
            .select_related("supplier")
            .prefetch_related(
                Prefetch(
                    "authorisations",
                    queryset=Authorisation.objects.select_related("brand", "withdrawn_by").order_by(
                        "brand__name", "-valid_from"
                    ),
                )
            )
            .first()
        )
    if dealer is None:
        raise not_found("经销商", "Dealer")
    _annotate_dealer(dealer, clock.today())
    return dealer


def overdue_registrations(user: Any) -> list[Dealer]:
    """Dealers not registered with the authority although 2 months have passed since their licence (第三十四条),
    longest overdue first."""
    rows = [d for d in dealer_list(user) if d.registration.state == dealer_policy.RegistrationState.OVERDUE]
    return sorted(rows, key=lambda d: (-d.registration.days_overdue, d.name))


# ------------------------------------------------------------------------------------------- outlets


def outlet_list(
    user: Any,
    *,
    dealer_id: int | None = None,
    brand_id: int | None = None,
    kind: str = "",
    include_closed: bool = False,
) -> QuerySet[Outlet]:
    """Outlets the user sees, each with `authorised` (its dealer is authorised for its brand today)."""
    scope = _visible(user, "network_outlet")
    if scope is None:
        return Outlet.objects.none()
    rows = (
        Outlet.objects.filter(scope).select_related("dealer", "brand").annotate(authorised=_authorised(clock.today()))
    )
    if dealer_id is not None:
        rows = rows.filter(dealer_id=dealer_id)
    if brand_id is not None:
        rows = rows.filter(brand_id=brand_id)
    if kind:
        rows = rows.filter(kind=kind if kind in OutletKind.values else "-")
    if not include_closed:
        rows = rows.filter(closed_on__isnull=True)
    return rows.order_by("dealer__name", "kind", "name", "pk")


def outlet_get(user: Any, network_outlet_id: int) -> Outlet:
    found = outlet_list(user, include_closed=True).filter(pk=network_outlet_id).first()
    if found is None:
        raise not_found("网点", "Outlet")
    return found


def sale_list(user: Any, network_outlet_id: int, limit: int = 50) -> list[Sale]:
    outlet_get(user, network_outlet_id)
    return list(Sale.objects.filter(outlet_id=network_outlet_id).select_related("recorded_by")[:limit])


# ------------------------------------------------------------------------------------------- the 150 km check


@dataclass(frozen=True)
class Candidate:
    outlet_id: int
    name: str
    dealer: str
    distance_km: float


@dataclass(frozen=True)
class CoverageViolation:
    outlet_id: int
    outlet_name: str
    dealer_id: int
    dealer: str
    brand: str
    city: str
    county: str
    lat: float
    lng: float
    missing: str
    nearest_km: float | None
    nearest: tuple[Candidate, ...]


@dataclass(frozen=True)
class Coverage:
    checked: int
    violations: tuple[CoverageViolation, ...]
    brands: tuple[str, ...] = field(default=())


def _network_rows(brand_ids: list[int], today: dt.date) -> list[tuple]:
    """Every open outlet of an authorised dealer of these brands (the whole network, whoever asks): the pairs
    (dealer, brand) in force are few, so they are read first and the outlets matched to them in memory."""
    pairs = set(
        Authorisation.objects.filter(active_q(today), brand_id__in=brand_ids).values_list("dealer_id", "brand_id")
    )
    rows = Outlet.objects.filter(brand_id__in=brand_ids, closed_on__isnull=True).values_list(
        "pk", "dealer_id", "brand_id", "kind", "lat", "lng"
    )
    return [(pk, brand, kind, lat, lng) for pk, dealer, brand, kind, lat, lng in rows if (dealer, brand) in pairs]


def coverage_check(brand_ids: list[int], today: dt.date | None = None) -> reach.Check:
    """The 150 km check of these brands' networks as they stand today (no user: the jobs and the benchmark)."""
    rows = _network_rows(brand_ids, today or clock.today())
    return reach.check(
        reach.Site(pk, brand, reach.OutletKind(kind), Point(lat, lng)) for pk, brand, kind, lat, lng in rows
    )


def coverage(user: Any, *, brand: Brand | None = None) -> Coverage:
    """The 150 km check (第二十条) for the brands the user sees (or one): every sales outlet the user sees, checked
    against its brand's whole network, with the nearest candidates of each violation and their distances."""
    brands = [brand] if brand is not None else list(brand_list(user))
    if not brands:
        return Coverage(0, ())
    names = {b.pk: b.name for b in brands}
    result = coverage_check(list(names))
    seen = (
        outlet_list(user, kind=OutletKind.SALES)
        .filter(brand_id__in=list(names), authorised=True)
        .values_list("pk", flat=True)
    )
    visible_sales = set(seen)
    checked = sum(1 for _ in visible_sales)
    wanted = [v for v in result.violations if v.outlet_id in visible_sales]
    ids = {v.outlet_id for v in wanted} | {n.id for v in wanted for n in v.nearest}
    info = {
        o.pk: o
        for o in Outlet.objects.filter(pk__in=ids)
        .select_related("dealer")
        .only("pk", "name", "city", "county", "lat", "lng", "dealer__name", "dealer_id")
    }
    violations = []
    for v in wanted:
        o = info[v.outlet_id]
        violations.append(
            CoverageViolation(
                outlet_id=o.pk,
                outlet_name=o.name,
                dealer_id=o.dealer_id,
                dealer=o.dealer.name,
                brand=names[v.brand],
                city=o.city,
                county=o.county,
                lat=o.lat,
                lng=o.lng,
                missing=str(v.missing),
                nearest_km=v.nearest_km,
                nearest=tuple(
                    Candidate(n.id, info[n.id].name, info[n.id].dealer.name, n.distance_km) for n in v.nearest
                ),
            )
        )
    return Coverage(checked=checked, violations=tuple(violations), brands=tuple(sorted(names.values())))


def map_points(user: Any, *, brand: Brand | None = None, result: Coverage | None = None) -> dict:
    """What the map of 安徽 shows: the outlets the user sees (by kind; withdrawn brands apart) and the violations
    (`result`: the check already made for the same user and brand)."""
    rows = outlet_list(user)
    if brand is not None:
        rows = rows.filter(brand=brand)
    result = result if result is not None else coverage(user, brand=brand)
    missing: dict[int, list[str]] = {}
    for v in result.violations:
        missing.setdefault(v.outlet_id, []).append(v.missing)
    points: dict[str, list] = {"sales": [], "parts": [], "service": [], "withdrawn": [], "violation": []}
    for o in rows:
        item = {
            "name": o.name,
            "value": [round(o.lng, 5), round(o.lat, 5)],
            "id": o.pk,
            "dealer": o.dealer.name,
            "brand": o.brand.name,
            "kind": o.kind,
        }
        if not o.authorised:
            points["withdrawn"].append(item)
            continue
        points[o.kind].append(item)
        if o.pk in missing:
            points["violation"].append(item | {"missing": missing[o.pk]})
    return {"points": points, "checked": result.checked, "violations": len(result.violations)}


# ------------------------------------------------------------------------------------------- public (第十八条)


def public_outlets(*, brand: str = "", city: str = "", q: str = "", kind: str = "", limit: int = 500) -> list[Outlet]:
    """Authorised outlets anyone may look up: open outlets whose dealer holds an authorisation in force for the
    brand, by brand, city and kind, or a word of the name or address."""
    rows = (
        Outlet.objects.filter(closed_on__isnull=True)
        .filter(_authorised(clock.today()))
        .select_related("dealer", "brand")
    )
    if brand:
        rows = rows.filter(brand__name=brand)
    if city:
        rows = rows.filter(Q(city__startswith=city) | Q(county__startswith=city))
    if kind:
        rows = rows.filter(kind=kind if kind in OutletKind.values else "-")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(address__icontains=q) | Q(dealer__name__icontains=q))
    return list(rows.order_by("brand__name", "city", "dealer__name", "kind", "name")[:limit])


def public_withdrawn(*, brand: str = "", limit: int = 200) -> list[Authorisation]:
    """Withdrawn authorisations (取消授权), latest first: the list a supplier publishes (第十八条)."""
    rows = Authorisation.objects.filter(withdrawn_on__isnull=False, withdrawn_on__lte=clock.today()).select_related(
        "dealer", "brand", "dealer__supplier"
    )
    if brand:
        rows = rows.filter(brand__name=brand)
    return list(rows.order_by("-withdrawn_on", "dealer__name")[:limit])


def public_filters() -> dict:
    """The brands and cities the public list can be narrowed to."""
    today = clock.today()
    open_rows = Outlet.objects.filter(closed_on__isnull=True).filter(_authorised(today))
    return {
        "brands": sorted(set(open_rows.values_list("brand__name", flat=True))),
        "cities": sorted({c for c in open_rows.values_list("city", flat=True) if c}),
    }
