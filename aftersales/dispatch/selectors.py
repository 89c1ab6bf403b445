"""Reads of field service: dispatch candidates, dispatch history, engineers, an engineer's day, visits.

Visibility follows the request: whoever may see a request (`Ticket.objects.visible_to`) may see its
dispatches and visits; a partner's users see only their partner's work.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from aftersales.accounts import access
from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.core.errors import not_found
from aftersales.core.pagination import Page, paginate
from aftersales.customers import geo
from aftersales.customers.models import Region
from aftersales.dispatch.choices import DispatchStatus
from aftersales.dispatch.models import Certification, Dispatch, DutyShift, Engineer, Visit
from aftersales.network.models import Partner
from aftersales.network.policy import coverage
from aftersales.tickets.choices import OPEN
from aftersales.tickets.models import Ticket

# ------------------------------------------------------------------------------------- region coordinates


@dataclass(frozen=True)
class RegionInfo:
    name: str
    point: coverage.Point | None


def region_points() -> dict[int, RegionInfo]:
    """Every region's name and centroid: one query of a small table, read per call (not kept per process, so an
    edited centroid counts at once in every worker)."""
    return {
        pk: RegionInfo(name, coverage.Point(lat, lng) if lat is not None and lng is not None else None)
        for pk, name, lat, lng in Region.objects.values_list("id", "name", "latitude", "longitude")
    }


# ------------------------------------------------------------------------------------- county-level points


@functools.lru_cache(maxsize=4096)
def _address_point(address: str) -> coverage.Point | None:
    """The county-level centroid of an address (cpca), cached per process: addresses repeat, cpca is slow."""
    point = geo.locate(address) if address.strip() else None
    return coverage.Point(point.latitude, point.longitude) if point is not None else None


def place_point(region_name: str, *parts: str) -> coverage.Point | None:
    """Where an address lies, to the county when it names one: the parts are tried in order (a full address,
    then a county), each with the city in front when it does not name it already."""
    for part in parts:
        text = (part or "").strip()
        if not text:
            continue
        if region_name and region_name not in text:
            text = f"{region_name}{text}"
        point = _address_point(text)
        if point is not None:
            return point
    return None


# ------------------------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class CandidateRow:
    """One suggestion for a dispatch: who, from where, how far, when they would arrive, and whether in time."""

    kind: str  # "engineer" or "partner"
    id: int
    name: str
    region: str
    same_region: bool
    distance_km: float | None
    travel_minutes: int | None
    eta: dt.datetime | None
    meets_arrive_by: bool | None
    phone: str
    partner_name: str
    user_id: int | None
    workload: int = 0
    latitude: float | None = None
    longitude: float | None = None


def _person_name(first: str, last: str, username: str) -> str:
    return f"{last}{first}".strip() or username


def dispatch_candidates(
    ticket: Ticket,
    at: dt.datetime | None = None,
    *,
    settings: coverage.CoverageSettings = coverage.DEFAULT_SETTINGS,
) -> list[CandidateRow]:
    """The qualified, available engineers and partners for a request, best first (`network.policy.coverage`).

    Engineers must be on duty at `at` (default now) and skilled for the asset's vendor and category; partners
    are available 7×24 while active. Each comes with the estimated distance and arrival and whether that
    meets the request's arrival deadline. Two queries whatever the number of engineers (regions are cached):
    the database narrows engineers to those on duty with the asset's vendor among their skills (the cheap
    part of the rule, on indexed columns), and the policy decides on what comes back.
    """
    at = at or clock.now()
    asset = ticket.asset if ticket.asset_id else None
    need = coverage.Need(vendor_id=asset.vendor_id, category=asset.category) if asset is not None else coverage.Need()
    on_duty = DutyShift.objects.on_duty(at).values("engineer_id")
    engineer_qs = Engineer.objects.filter(is_active=True, user__is_active=True, pk__in=on_duty)
    if need.vendor_id is not None:
        engineer_qs = engineer_qs.filter(vendors=need.vendor_id)
    open_work = Q(dispatches__status=DispatchStatus.ACTIVE, dispatches__ticket__status__in=OPEN)
    engineers = list(
        engineer_qs.annotate(load=Count("dispatches", filter=open_work))
        .order_by()
        .values_list(
            "id",
            "user_id",
            "user__first_name",
            "user__last_name",
            "user__username",
            "user__phone",
            "home_region_id",
            "categories",
            "partner__name",
            "user__county",
            "load",
        )
    )
    partners = _one_entry_per_company(
        Partner.objects.filter(is_active=True)
        .annotate(
            load=Count("dispatches", filter=open_work, distinct=True),
            accounts=Count("users", filter=Q(users__is_active=True), distinct=True),
        )
        .order_by("id")
        .values_list("id", "name", "region_id", "phone", "address", "county", "load", "accounts")
    )
    regions = region_points()
    site_info = regions.get(ticket.region_id)
    site_region = site_info.name if site_info else ""
    customer = ticket.customer
    site = place_point(site_region, customer.address, customer.district) or (site_info.point if site_info else None)

    def point_of(region_id: int | None, *parts: str) -> coverage.Point | None:
        info = regions.get(region_id) if region_id is not None else None
        if info is None:
            return None
        return place_point(info.name, *parts) or info.point

    details: dict[tuple[str, int], tuple[str, str, int | None]] = {}
    candidates = []
    vendor_ids = frozenset({need.vendor_id}) if need.vendor_id is not None else frozenset()
    for pk, user_id, first, last, username, phone, region_id, categories, partner_name, county, load in engineers:
        candidates.append(
            coverage.Candidate(
                coverage.CandidateKind.ENGINEER,
                pk,
                _person_name(first, last, username),
                region_id,
                point_of(region_id, county),
                vendor_ids=vendor_ids,
                categories=frozenset(categories or ()),
                on_duty=True,
                workload=load,
                in_house=not partner_name,
            )
        )
        details[("engineer", pk)] = (phone, partner_name or "", user_id)
    for pk, name, region_id, phone, address, county, load in partners:
        candidates.append(
            coverage.Candidate(
                coverage.CandidateKind.PARTNER, pk, name, region_id, point_of(region_id, address, county), workload=load
            )
        )
        details[("partner", pk)] = (phone, name, None)
    ranked = coverage.rank_candidates(
        candidates,
        need=need,
        region_id=ticket.region_id,
        point=site,
        at=at,
        arrive_by=ticket.arrive_by if ticket.arrived_at is None else None,
        settings=settings,
    )
    rows = []
    seen: set[tuple[str, str]] = set()
    for r in ranked:
        c = r.candidate
        # A company listed both as an alliance and as a service partner is one candidate (its best entry).
        key = (c.kind.value, c.name) if c.kind is coverage.CandidateKind.PARTNER else (c.kind.value, str(c.id))
        if key in seen:
            continue
        seen.add(key)
        phone, partner_name, user_id = details[(c.kind.value, c.id)]
        info = regions.get(c.region_id) if c.region_id is not None else None
        rows.append(
            CandidateRow(
                kind=c.kind.value,
                id=c.id,
                name=c.name,
                region=info.name if info else "",
                same_region=r.same_region,
                distance_km=round(r.distance_km, 1) if r.distance_km is not None else None,
                travel_minutes=r.travel_minutes,
                eta=r.eta,
                meets_arrive_by=r.meets_arrive_by,
                phone=phone,
                partner_name=partner_name,
                user_id=user_id,
                workload=c.workload,
                latitude=c.point.latitude if c.point else None,
                longitude=c.point.longitude if c.point else None,
            )
        )
    return rows


def _one_entry_per_company(rows) -> list[tuple]:
    """A company listed both as alliance and as service partner is one candidate: the entry its users belong to
    (so they see the work), else the first; its workload is both entries' together."""
    best: dict[str, tuple] = {}
    load: dict[str, int] = {}
    for row in rows:
        name = row[1]
        load[name] = load.get(name, 0) + row[6]
        if name not in best or (row[7] and not best[name][7]):
            best[name] = row
    return [(*row[:6], load[row[1]]) for row in best.values()]


def dispatch_site(ticket: Ticket) -> coverage.Point | None:
    """The request's site on the map: the customer's address to the county, else its city's centroid."""
    info = region_points().get(ticket.region_id)
    name = info.name if info else ""
    return place_point(name, ticket.customer.address, ticket.customer.district) or (info.point if info else None)


# -------------------------------------------------------------------------------------------- dispatches


def dispatch_history(ticket: Ticket) -> list[Dispatch]:
    """Every dispatch of a request, oldest first: the active one and those replaced or cancelled."""
    return list(
        Dispatch.objects.filter(ticket=ticket)
        .select_related("engineer__user", "partner", "dispatched_by", "ended_by")
        .order_by("id")
    )


def dispatch_active(ticket: Ticket) -> Dispatch | None:
    return (
        Dispatch.objects.filter(ticket=ticket, status=DispatchStatus.ACTIVE)
        .select_related("engineer__user", "partner")
        .first()
    )


def can_dispatch(user: User) -> bool:
    return access.may(user, "dispatch.create")


# -------------------------------------------------------------------------------------------- engineers


def engineer_visible(user: User) -> QuerySet[Engineer]:
    """Staff see every engineer; a partner's user sees its partner's engineers; customers none."""
    qs = Engineer.objects.all()
    if user.is_superuser or user.role in STAFF_ROLES:
        return qs
    if user.is_partner_user and user.partner_id:
        return qs.filter(partner_id=user.partner_id)
    return qs.none()


def engineer_list(
    user: User,
    *,
    cursor: str | None = None,
    limit: int = 50,
    region_id: int | None = None,
    is_active: bool | None = None,
    vendor_id: int | None = None,
    engineer_id: int | None = None,
    at: dt.datetime | None = None,
) -> Page:
    """Engineers with their skills, certifications and whether they are on duty at `at`, by id, a page at a time."""
    access.require(user, "dispatch.engineers")
    at = at or clock.now()
    qs = (
        engineer_visible(user)
        .select_related("user", "home_region", "partner")
        .prefetch_related(
            "vendors",
            Prefetch("certifications", queryset=Certification.objects.order_by("name")),
            Prefetch("shifts", queryset=DutyShift.objects.on_duty(at), to_attr="current_shifts"),
        )
    )
    if region_id is not None:
        qs = qs.filter(home_region_id=region_id)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    if vendor_id is not None:
        qs = qs.filter(vendors=vendor_id)
    if engineer_id is not None:
        qs = qs.filter(pk=engineer_id)
    return paginate(qs, ordering=["id"], cursor=cursor, limit=limit)


# -------------------------------------------------------------------------------------------- my day


@dataclass(frozen=True)
class MyDay:
    """An engineer's (or a partner's) day: the dispatched work to do and the visits recorded today."""

    day: dt.date
    work: list[Dispatch]
    upcoming: list[Dispatch]
    visits: list[Visit]


def _mine(user: User) -> Q:
    if user.is_partner_user:
        return Q(partner_id=user.partner_id) if user.partner_id else Q(pk__in=[])
    return Q(engineer__user=user)


def my_day(user: User, *, day: dt.date | None = None) -> MyDay:
    """Today's dispatched work of the user (or its partner), planned visits of the coming week, today's visits."""
    day = day or clock.today()
    begin = dt.datetime.combine(day, dt.time(0), tzinfo=clock.SHANGHAI)
    end = begin + dt.timedelta(days=1)
    active = Dispatch.objects.filter(_mine(user), status=DispatchStatus.ACTIVE, ticket__status__in=OPEN).select_related(
        "ticket__customer", "ticket__region", "ticket__asset__vendor", "engineer__user", "partner"
    )
    work = list(
        active.filter(Q(planned_for__isnull=True) | Q(planned_for__lt=end)).order_by(
            "planned_for", "ticket__arrive_by", "id"
        )
    )
    upcoming = list(
        active.filter(planned_for__gte=end, planned_for__lt=end + dt.timedelta(days=7)).order_by("planned_for", "id")
    )
    visits_mine = Q(partner_id=user.partner_id) if user.is_partner_user else Q(recorded_by=user)
    visits = list(
        Visit.objects.filter(visits_mine, arrived_at__gte=begin, arrived_at__lt=end)
        .select_related("ticket__customer")
        .order_by("arrived_at", "id")
    )
    return MyDay(day=day, work=work, upcoming=upcoming, visits=visits)


# ------------------------------------------------------------------------------------------------ visits


def visit_get(user: User, visit_id: int) -> Visit:
    """One visit the user may see (through its request); 404 otherwise, whether it exists or not."""
    visit = (
        Visit.objects.filter(pk=visit_id, ticket__in=Ticket.objects.visible_to(user))
        .select_related(
            "ticket__customer",
            "ticket__asset__vendor",
            "ticket__region",
            "engineer__user",
            "partner",
            "recorded_by",
            "dispatch",
        )
        .prefetch_related("parts")
        .first()
    )
    if visit is None or (user.is_partner_user and visit.partner_id != user.partner_id):
        raise not_found("上门服务记录", "Visit")
    return visit


def visit_list_for_ticket(ticket: Ticket) -> list[Visit]:
    return list(
        Visit.objects.filter(ticket=ticket).select_related("engineer__user", "recorded_by").order_by("arrived_at", "id")
    )


def visit_open_for(user: User, ticket_id: int) -> Visit | None:
    """The user's visit on this request that is still in progress (no departure and no signature)."""
    return (
        Visit.objects.filter(ticket_id=ticket_id, recorded_by=user, departed_at__isnull=True, signed_at__isnull=True)
        .order_by("-id")
        .first()
    )
