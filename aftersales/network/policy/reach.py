"""The 150 km rule of a brand's network (篇10 第二十条): every sales outlet has a parts point and a service point
of the same brand within 150 km.

The rule:

* **Distance.** Great-circle distance between the two outlets' coordinates (`coverage.great_circle_km`, the
  haversine formula on the mean earth radius). No detour factor: the regulation speaks of 相距, not of roads.
* **Within.** A candidate is within reach when its distance is ``<= 150.0`` km: a point exactly 150.0 km away
  is within (相距不得超过150公里).
* **Who counts.** Only the sites handed in: the caller passes the open outlets of authorised dealers. A
  candidate must be of the same brand and of the needed kind (parts for 配件供应, service for 售后服务); it may
  belong to any dealer of the brand (the supplier lays out the network, not each dealer).
* **Violation.** One per sales outlet and missing kind, with the distance to the nearest candidate of that
  kind (None when the brand has none at all) and the nearest few candidates, nearest first.

Fast: the sites are bucketed in a grid of cubes over their 3-D positions on the earth's surface, the cube's
side being the chord of 150 km, so every candidate within reach lies in the 27 cubes around the outlet's own
(chord length grows with arc length); the chord also settles the clear cases without trigonometry. Near the
limit the decision is made with the same haversine distance as `great_circle_km`, computed with the same
operations in the same order, so the grid and the chord only save work and never change an answer. 10,000
outlets are checked in about half a second (bench/bench_network.py).

Pure Python: no Django, no database, no clock.
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from aftersales.network.policy.coverage import EARTH_RADIUS_KM, Point

__all__ = [
    "MAX_KM",
    "NEEDED",
    "Check",
    "Nearby",
    "OutletKind",
    "Site",
    "Violation",
    "check",
    "distance_km",
]

MAX_KM = 150.0
"""第二十条: 汽车品牌销售和与其配套的配件供应、售后服务网点相距不得超过150公里."""

NEAREST = 3
"""How many nearest candidates a violation lists."""

SLACK_KM = 1e-6
"""Where the straight line cannot settle a case by itself (1 mm): nearer to the limit, the haversine decides."""


class OutletKind(StrEnum):
    SALES = "sales"
    PARTS = "parts"
    SERVICE = "service"


NEEDED = (OutletKind.PARTS, OutletKind.SERVICE)
"""What every sales outlet needs within reach, in the order violations are listed."""


@dataclass(frozen=True)
class Site:
    """An open outlet of an authorised dealer: its id, brand (any hashable key: an id or a name), kind and place."""

    id: int
    brand: Hashable
    kind: OutletKind
    point: Point


@dataclass(frozen=True)
class Nearby:
    """A candidate outlet and its great-circle distance from the sales outlet, in km."""

    id: int
    distance_km: float


@dataclass(frozen=True)
class Violation:
    """A sales outlet without a `missing` point of its brand within reach."""

    outlet_id: int
    brand: Hashable
    missing: OutletKind
    nearest_km: float | None
    nearest: tuple[Nearby, ...]


@dataclass(frozen=True)
class Check:
    """The result: how many sales outlets were checked and the violations, by brand, outlet and missing kind."""

    checked: int
    violations: tuple[Violation, ...]


# ------------------------------------------------------------------------------------------- distance


class _At:
    """A site's precomputed values: latitude in radians and its cosine, longitude in degrees, 3-D position."""

    __slots__ = ("cos", "id", "lat", "lon", "x", "y", "z")

    def __init__(self, site_id: int, point: Point) -> None:
        self.id = site_id
        self.lat = math.radians(point.latitude)
        self.cos = math.cos(self.lat)
        self.lon = point.longitude
        lon = math.radians(point.longitude)
        self.x = EARTH_RADIUS_KM * self.cos * math.cos(lon)
        self.y = EARTH_RADIUS_KM * self.cos * math.sin(lon)
        self.z = EARTH_RADIUS_KM * math.sin(self.lat)


def _km(a: _At, b: _At) -> float:
    """`great_circle_km(a, b)` with the same operations in the same order (bit for bit the same result)."""
    dlat = b.lat - a.lat
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + a.cos * b.cos * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(a: Point, b: Point) -> float:
    """The distance the rule uses between two points (the great-circle distance), in km."""
    return _km(_At(0, a), _At(0, b))


def _chord(arc_km: float) -> float:
    """The straight-line (chord) length through the earth for an arc of `arc_km` on its surface."""
    half = min(math.pi / 2, arc_km / (2 * EARTH_RADIUS_KM))
    return 2 * EARTH_RADIUS_KM * math.sin(half)


# ------------------------------------------------------------------------------------------- the grid


class _Grid:
    """Sites of one brand and kind, bucketed in cubes of side `cell` km over their 3-D positions."""

    def __init__(self, sites: list[_At], cell: float) -> None:
        self.cell = cell
        self.sites = sites
        self.cells: dict[tuple[int, int, int], list[_At]] = defaultdict(list)
        self._around: dict[tuple[int, int, int], list[_At]] = {}
        for s in sites:
            self.cells[self.key(s)].append(s)

    def key(self, s: _At) -> tuple[int, int, int]:
        c = self.cell
        return (math.floor(s.x / c), math.floor(s.y / c), math.floor(s.z / c))

    def around(self, key: tuple[int, int, int]) -> list[_At]:
        """The sites in the 27 cubes around `key` (its own first), remembered per cube."""
        hit = self._around.get(key)
        if hit is None:
            kx, ky, kz = key
            hit = list(self.cells.get(key, ()))
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for dz in (-1, 0, 1):
                        if dx or dy or dz:
                            hit.extend(self.cells.get((kx + dx, ky + dy, kz + dz), ()))
            self._around[key] = hit
        return hit

    def any_within(self, q: _At, max_km: float, inner: float, outer: float) -> bool:
        """Whether a site lies within `max_km` of q. The straight line through the earth decides where it is
        clearly shorter (`inner`², squared chord) or longer (`outer`²) than the limit's; near the limit the
        haversine distance decides, exactly as `great_circle_km` would."""
        x, y, z = q.x, q.y, q.z
        for s in self.around(self.key(q)):
            dx, dy, dz = s.x - x, s.y - y, s.z - z
            d2 = dx * dx + dy * dy + dz * dz
            if d2 <= inner:
                return True
            if d2 <= outer and _km(q, s) <= max_km:
                return True
        return False

    def nearest(self, q: _At, n: int) -> list[Nearby]:
        """The `n` nearest sites to `q`, nearest first (ties by id). Ranked by the straight line through the earth
        (no trigonometry), which orders them as the great-circle distance does; the few at or within the n-th
        straight line (with a margin for rounding) are then measured and ordered by the haversine distance."""
        if not self.sites or n <= 0:
            return []
        x, y, z = q.x, q.y, q.z
        d2s = [(s.x - x) ** 2 + (s.y - y) ** 2 + (s.z - z) ** 2 for s in self.sites]
        limit = heapq.nsmallest(n, d2s)[-1] * (1 + 1e-9) + 1e-12
        close = [Nearby(s.id, _km(q, s)) for s, d2 in zip(self.sites, d2s, strict=True) if d2 <= limit]
        return sorted(close, key=lambda i: (i.distance_km, i.id))[:n]


# ------------------------------------------------------------------------------------------- the check


def check(sites: Iterable[Site], *, max_km: float = MAX_KM, nearest: int = NEAREST) -> Check:
    """Check every sales outlet among `sites` (see the module doc)."""
    if max_km < 0:
        raise ValueError("max_km must not be negative")
    # a tiny margin on the cube's side: a candidate at the limit never falls two cubes away by rounding
    chord = _chord(max_km)
    cell = chord * (1 + 1e-9) + SLACK_KM
    # squared chords clearly within and clearly beyond the limit: margins (relative, and 1 mm absolute) far above
    # the rounding of 3-D positions some 6,371 km from the centre (about 1e-12 km)
    inner = max(0.0, chord * (1 - 1e-9) - SLACK_KM) ** 2
    outer = (chord * (1 + 1e-9) + SLACK_KM) ** 2
    by_brand: dict[Hashable, dict[OutletKind, list[_At]]] = defaultdict(lambda: {k: [] for k in OutletKind})
    order: list[tuple[Hashable, _At]] = []
    for site in sites:
        at = _At(site.id, site.point)
        by_brand[site.brand][OutletKind(site.kind)].append(at)
    grids: dict[tuple[Hashable, OutletKind], _Grid] = {}
    for brand, kinds in by_brand.items():
        for kind in NEEDED:
            grids[(brand, kind)] = _Grid(kinds[kind], cell)
        order.extend((brand, s) for s in kinds[OutletKind.SALES])
    violations: list[Violation] = []
    for brand, outlet in order:
        for kind in NEEDED:
            grid = grids[(brand, kind)]
            if grid.sites and grid.any_within(outlet, max_km, inner, outer):
                continue
            near = tuple(grid.nearest(outlet, max(nearest, 1)))
            nearest_km = near[0].distance_km if near else None
            near = near[:nearest]
            violations.append(Violation(outlet.id, brand, kind, nearest_km, near))
    violations.sort(key=lambda v: (str(v.brand), v.outlet_id, NEEDED.index(v.missing)))
    return Check(checked=len(order), violations=tuple(violations))
