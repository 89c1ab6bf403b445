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
(chord length grows with arc length). The decision itself is made with the same haversine distance as
`great_circle_km`, computed with the same operations in the same order, so the grid only saves work and never
changes an answer. 10,000 outlets are checked in well under a second (bench/bench_network.py).

Pure Python: no Django, no database, no clock.
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

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
        for s in sites:
            self.cells[self.key(s)].append(s)

    def key(self, s: _At) -> tuple[int, int, int]:
        c = self.cell
        return (math.floor(s.x / c), math.floor(s.y / c), math.floor(s.z / c))

    def any_within(self, q: _At, max_km: float) -> bool:
        kx, ky, kz = self.key(q)
        cells = self.cells
        own = cells.get((kx, ky, kz))
        if own:
            for s in own:
                if _km(q, s) <= max_km:
                    return True
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dz in (-1, 0, 1):
                    if dx == dy == dz == 0:
                        continue
                    bucket = cells.get((kx + dx, ky + dy, kz + dz))
                    if bucket:
                        for s in bucket:
                            if _km(q, s) <= max_km:
                                return True
        return False

    def nearest(self, q: _At, n: int) -> list[Nearby]:
        """The `n` nearest sites to `q`, nearest first (ties by id): shells of cubes around q's, outwards."""
        if not self.sites:
            return []
        kx, ky, kz = self.key(q)
        found: list[Nearby] = []
        seen = 0
        k = 0
        while True:
            shell = (2 * k + 1) ** 3 - (2 * k - 1) ** 3 if k else 1
            if shell > len(self.cells):  # farther out than the grid is dense: look at every site instead
                return _top([Nearby(s.id, _km(q, s)) for s in self.sites], n)
            for key in _shell(kx, ky, kz, k):
                bucket = self.cells.get(key)
                if bucket:
                    seen += len(bucket)
                    found.extend(Nearby(s.id, _km(q, s)) for s in bucket)
            if seen == len(self.sites):
                return _top(found, n)
            best = _top(found, n)
            # every site in shell k+1 or beyond is at least k cubes away in a straight line
            if len(best) == n and _chord(best[-1].distance_km) <= k * self.cell:
                return best
            k += 1


def _top(items: list[Nearby], n: int) -> list[Nearby]:
    return sorted(items, key=lambda i: (i.distance_km, i.id))[:n]


def _shell(kx: int, ky: int, kz: int, k: int) -> Iterable[tuple[int, int, int]]:
    """The cubes whose largest offset from (kx, ky, kz) along an axis is exactly k."""
    if k == 0:
        yield (kx, ky, kz)
        return
    for dx in range(-k, k + 1):
        for dy in range(-k, k + 1):
            if abs(dx) == k or abs(dy) == k:
                for dz in range(-k, k + 1):
                    yield (kx + dx, ky + dy, kz + dz)
            else:
                yield (kx + dx, ky + dy, kz - k)
                yield (kx + dx, ky + dy, kz + k)


# ------------------------------------------------------------------------------------------- the check


def check(sites: Iterable[Site], *, max_km: float = MAX_KM, nearest: int = NEAREST) -> Check:
    """Check every sales outlet among `sites` (see the module doc)."""
    if max_km < 0:
        raise ValueError("max_km must not be negative")
    # a tiny margin on the cube's side: a candidate at the limit never falls two cubes away by rounding
    cell = max(_chord(max_km) * (1 + 1e-9), 1e-6)
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
            if grid.sites and grid.any_within(outlet, max_km):
                continue
            near = tuple(grid.nearest(outlet, nearest)) if nearest > 0 else ()
            nearest_km = near[0].distance_km if near else (_nearest_km(grid, outlet) if grid.sites else None)
            violations.append(Violation(outlet.id, brand, kind, nearest_km, near))
    violations.sort(key=lambda v: (str(v.brand), v.outlet_id, NEEDED.index(v.missing)))
    return Check(checked=len(order), violations=tuple(violations))


def _nearest_km(grid: _Grid, q: _At) -> float:
    return min(_km(q, s) for s in grid.sites)
