"""Coverage: who can reach a customer's site soonest, and when they would arrive (SPEC §3; 篇1 4.3, 4.4).

The rule:

* **Distance.** Road distance is estimated from the coordinates of the two places (city centroids): the
  great-circle distance × a detour factor (1.3 by default), since roads are never straight.
* **Travel time.** At an average speed (60 km/h by default), rounded up to whole minutes. Travel within
  the same city takes at least a fixed time (30 minutes by default; more when county-level places lie
  far apart, e.g. 巢湖市 from 合肥's centre), and travel to another city never takes less than that, so
  travel time never falls as distance grows.
* **Who is a candidate.** An engineer must be qualified (their skills cover the asset's vendor and
  category, where the request knows them) and on duty at the time; a partner company is qualified for
  any on-site work in its region and available 7×24 unless it is inactive.
* **Order.** Candidates in the request's own city come first; then by estimated arrival; when equally
  near (the same arrival), our own engineers before partners, then the smaller current workload, then
  distance, then by name (a stable tie-break).
* **Arrival deadline.** Each candidate's estimated arrival is compared with the request's arrival deadline
  (到场时限), which the page shows beside it.

Pure Python: no Django, no database, no clock. The caller loads the candidates and passes the instant.
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DEFAULT_SETTINGS",
    "EARTH_RADIUS_KM",
    "Candidate",
    "CandidateKind",
    "CoverageSettings",
    "Need",
    "Point",
    "Ranked",
    "great_circle_km",
    "is_qualified",
    "rank_candidates",
    "road_km",
    "travel_minutes",
]

EARTH_RADIUS_KM = 6371.0088
"""Mean earth radius (IUGG), in kilometres."""


@dataclass(frozen=True)
class Point:
    """A place on earth in decimal degrees (WGS-84), e.g. 合肥市 (31.82, 117.23)."""

    latitude: float
    longitude: float


@dataclass(frozen=True)
class CoverageSettings:
    """The assumptions behind an estimate: detour over the straight line, average speed, same-city time."""

    detour_factor: float = 1.3
    speed_kmh: float = 60.0
    same_city_minutes: int = 30


DEFAULT_SETTINGS = CoverageSettings()


class CandidateKind(StrEnum):
    ENGINEER = "engineer"
    PARTNER = "partner"


@dataclass(frozen=True)
class Need:
    """What the request needs from whoever goes on site: the asset's vendor and category, when known."""

    vendor_id: int | None = None
    category: str = ""


@dataclass(frozen=True)
class Candidate:
    """An engineer or a partner company that might go on site.

    `vendor_ids` and `categories` are an engineer's skills (ignored for partners); `on_duty` says whether
    an engineer has a duty shift covering the instant in question; `is_active` is the partner's (or the
    engineer's) active flag. `point` is where they start from (their home city's centroid), None if unknown.
    """

    kind: CandidateKind
    id: int
    name: str
    region_id: int | None
    point: Point | None
    vendor_ids: frozenset[int] = frozenset()
    categories: frozenset[str] = frozenset()
    on_duty: bool = True
    is_active: bool = True
    workload: int = 0  # open requests dispatched to them now (a tie-break)
    in_house: bool = True  # an engineer of ours (False: a partner company's engineer)


@dataclass(frozen=True)
class Ranked:
    """A candidate with its estimate: road distance, travel time, arrival instant and whether it meets the deadline.

    `distance_km`, `travel_minutes` and `eta` are None when a place's coordinates are unknown (and the
    candidate is not in the request's own city); `meets_arrive_by` is None when the request has no arrival
    deadline or the arrival cannot be estimated.
    """

    candidate: Candidate
    same_region: bool
    distance_km: float | None
    travel_minutes: int | None
    eta: dt.datetime | None
    meets_arrive_by: bool | None


def great_circle_km(a: Point, b: Point) -> float:
    """The great-circle distance between two points (haversine formula), in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def road_km(a: Point, b: Point, settings: CoverageSettings = DEFAULT_SETTINGS) -> float:
    """Estimated road distance: the straight line stretched by the detour factor."""
    return great_circle_km(a, b) * settings.detour_factor


def travel_minutes(distance_km: float, *, same_city: bool, settings: CoverageSettings = DEFAULT_SETTINGS) -> int:
    """Minutes on the road for `distance_km`: distance at the average speed, never less than the same-city time.

    Within a city the fixed time covers the short trips (a city centroid to itself is 0 km); another city is
    never nearer than that, so the result never falls as distance grows.
    """
    if same_city and distance_km <= 0:
        return settings.same_city_minutes
    driving = math.ceil(distance_km / settings.speed_kmh * 60 - 1e-9)
    return max(settings.same_city_minutes, driving)


def is_qualified(candidate: Candidate, need: Need) -> bool:
    """Whether the candidate may take the work: a partner always; an engineer whose skills cover the need.

    An engineer must list the asset's vendor (when the request knows it) and the asset's category (when
    known) among their skills.
    """
    if candidate.kind is CandidateKind.PARTNER:
        return True
    if need.vendor_id is not None and need.vendor_id not in candidate.vendor_ids:
        return False
    return not (need.category and need.category not in candidate.categories)


def _available(candidate: Candidate) -> bool:
    if not candidate.is_active:
        return False
    return candidate.kind is CandidateKind.PARTNER or candidate.on_duty


def _estimate(
    candidate: Candidate,
    *,
    region_id: int | None,
    point: Point | None,
    at: dt.datetime,
    arrive_by: dt.datetime | None,
    settings: CoverageSettings,
) -> Ranked:
    same_region = region_id is not None and candidate.region_id == region_id
    distance: float | None = None
    if candidate.point is not None and point is not None:
        distance = road_km(candidate.point, point, settings)
    elif same_region:
        distance = 0.0
    minutes = None if distance is None else travel_minutes(distance, same_city=same_region, settings=settings)
    eta = None if minutes is None else at + dt.timedelta(minutes=minutes)
    meets = None if eta is None or arrive_by is None else eta <= arrive_by
    return Ranked(candidate, same_region, distance, minutes, eta, meets)


def _order(ranked: Ranked) -> tuple:
    unknown = ranked.eta is None
    return (
        not ranked.same_region,
        unknown,
        ranked.eta.timestamp() if ranked.eta is not None else 0.0,
        not (ranked.candidate.kind is CandidateKind.ENGINEER and ranked.candidate.in_house),
        ranked.candidate.workload,
        ranked.distance_km if ranked.distance_km is not None else 0.0,
        ranked.candidate.name,
        ranked.candidate.kind.value,
        ranked.candidate.id,
    )


def rank_candidates(
    candidates: Iterable[Candidate],
    *,
    need: Need,
    region_id: int | None,
    point: Point | None,
    at: dt.datetime,
    arrive_by: dt.datetime | None = None,
    settings: CoverageSettings = DEFAULT_SETTINGS,
) -> list[Ranked]:
    """The qualified, available candidates for a site in `region_id` at `point`, best first (see the module doc).

    `at` is when they would set out (an aware datetime); `arrive_by` is the request's arrival deadline.
    """
    ranked = [
        _estimate(c, region_id=region_id, point=point, at=at, arrive_by=arrive_by, settings=settings)
        for c in candidates
        if _available(c) and is_qualified(c, need)
    ]
    ranked.sort(key=_order)
    return ranked
