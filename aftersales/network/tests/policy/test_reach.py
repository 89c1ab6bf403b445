"""The 150 km rule (``aftersales.network.policy.reach``): examples, then properties against a brute-force reference
(distances, the 150 km boundary, outlets added and removed)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aftersales.network.policy.coverage import Point, great_circle_km
from aftersales.network.policy.reach import MAX_KM, Check, OutletKind, Site, Violation, check, distance_km

SALES, PARTS, SERVICE = OutletKind.SALES, OutletKind.PARTS, OutletKind.SERVICE
HEFEI = Point(31.820591, 117.227219)
FUYANG = Point(32.890479, 115.814504)
HUANGSHAN = Point(29.714699, 118.337481)
DANGSHAN = Point(34.442561, 116.367095)


def exactly(origin: Point, km: float) -> Point:
    """A point north of `origin` at exactly `km` by `distance_km` (to the last bit)."""
    lat = origin.latitude + math.degrees(km / 6371.0088)
    while distance_km(origin, Point(lat, origin.longitude)) >= km:
        lat = math.nextafter(lat, -90)
    # just short of `km` due north; then eastwards, where the distance grows by far less than a bit per step
    lo, hi = origin.longitude, origin.longitude + 0.01
    for _ in range(200):
        mid = (lo + hi) / 2
        d = distance_km(origin, Point(lat, mid))
        if d == km:
            return Point(lat, mid)
        lo, hi = (mid, hi) if d < km else (lo, mid)
    raise AssertionError("not found")


def reference(sites: list[Site], max_km: float = MAX_KM, nearest: int = 3) -> Check:
    """Brute force: every sales outlet against every candidate."""
    violations = []
    sales = [s for s in sites if s.kind is SALES]
    for s in sales:
        for kind in (PARTS, SERVICE):
            cands = [c for c in sites if c.brand == s.brand and c.kind is kind]
            dists = sorted((great_circle_km(s.point, c.point), c.id) for c in cands)
            if dists and dists[0][0] <= max_km:
                continue
            violations.append((s.id, s.brand, kind, dists[0][0] if dists else None, tuple(dists[:nearest])))
    violations.sort(key=lambda v: (str(v[1]), v[0], (PARTS, SERVICE).index(v[2])))
    return violations, len(sales)


def as_tuples(result: Check):
    return [
        (v.outlet_id, v.brand, v.missing, v.nearest_km, tuple((n.distance_km, n.id) for n in v.nearest))
        for v in result.violations
    ], result.checked


# ------------------------------------------------------------------------------------------- examples


def test_a_sales_outlet_with_both_points_nearby_is_fine():
    sites = [Site(1, "A", SALES, HEFEI), Site(2, "A", PARTS, HEFEI), Site(3, "A", SERVICE, FUYANG)]
    assert great_circle_km(HEFEI, FUYANG) < 150 + 60  # about 175 km: too far for service
    result = check(sites)
    assert result.checked == 1
    assert [(v.outlet_id, v.missing) for v in result.violations] == [(1, SERVICE)]
    assert result.violations[0].nearest_km == pytest.approx(great_circle_km(HEFEI, FUYANG))


def test_exactly_150_km_is_within_and_the_next_bit_is_not():
    at_limit = exactly(HEFEI, 150.0)
    assert distance_km(HEFEI, at_limit) == 150.0
    beyond = Point(math.nextafter(at_limit.latitude, 90), at_limit.longitude)  # about 4e-10 km farther
    assert distance_km(HEFEI, beyond) > 150.0
    base = [Site(1, "A", SALES, HEFEI), Site(3, "A", SERVICE, HEFEI)]
    assert check([*base, Site(2, "A", PARTS, at_limit)]).violations == ()
    (v,) = check([*base, Site(2, "A", PARTS, beyond)]).violations
    assert (v.outlet_id, v.missing, v.nearest_km) == (1, PARTS, distance_km(HEFEI, beyond))


def test_another_brand_does_not_count():
    sites = [Site(1, "A", SALES, HEFEI), Site(2, "B", PARTS, HEFEI), Site(3, "B", SERVICE, HEFEI)]
    result = check(sites)
    assert [(v.missing, v.nearest_km, v.nearest) for v in result.violations] == [(PARTS, None, ()), (SERVICE, None, ())]


def test_another_dealers_point_counts_and_nearest_are_listed_nearest_first():
    sites = [
        Site(1, "A", SALES, DANGSHAN),
        Site(2, "A", PARTS, HEFEI),
        Site(3, "A", PARTS, HUANGSHAN),
        Site(4, "A", PARTS, FUYANG),
        Site(5, "A", SERVICE, exactly(DANGSHAN, 149.0)),
    ]
    (v,) = check(sites).violations
    assert v.missing is PARTS
    assert [n.id for n in v.nearest] == [4, 2, 3]
    assert [n.distance_km for n in v.nearest] == sorted(n.distance_km for n in v.nearest)


def test_the_limit_holds_for_outlets_a_hair_apart():
    """Far below the rounding of 3-D positions (~1e-12 km), the haversine still decides (hypothesis found it)."""
    tried = 0
    for steps in (1, 3, 50, 1_000, 10_000):
        lat = HEFEI.latitude
        for _ in range(steps):
            lat = math.nextafter(lat, 90)
        near = Point(lat, HEFEI.longitude)
        d = distance_km(HEFEI, near)
        if d == 0:  # a few bits of latitude can vanish in the conversion to radians
            continue
        tried += 1
        sites = [Site(1, "A", SALES, HEFEI), Site(2, "A", PARTS, near), Site(3, "A", SERVICE, HEFEI)]
        assert check(sites, max_km=d).violations == ()
        assert [v.missing for v in check(sites, max_km=math.nextafter(d, 0)).violations] == [PARTS]
    assert tried >= 2


def test_distance_is_the_great_circle_distance_bit_for_bit():
    assert distance_km(HEFEI, FUYANG) == great_circle_km(HEFEI, FUYANG)
    assert distance_km(HEFEI, HEFEI) == 0.0


# ------------------------------------------------------------------------------------------- properties

# Around 安徽 (and a little beyond) so that distances straddle 150 km, plus some anywhere on earth.
anhui = st.builds(
    Point,
    st.floats(min_value=29.0, max_value=35.0, allow_nan=False),
    st.floats(min_value=114.5, max_value=120.0, allow_nan=False),
)
anywhere = st.builds(
    Point,
    st.floats(min_value=-89.9, max_value=89.9, allow_nan=False),
    st.floats(min_value=-180.0, max_value=180.0, allow_nan=False),
)
points = st.one_of(anhui, anhui, anhui, anywhere)
site_specs = st.lists(
    st.tuples(st.sampled_from(["A", "B"]), st.sampled_from([SALES, PARTS, SERVICE]), points), max_size=40
)


def build(specs) -> list[Site]:
    return [Site(i + 1, brand, kind, point) for i, (brand, kind, point) in enumerate(specs)]


@settings(max_examples=300, deadline=None)
@given(site_specs, st.sampled_from([150.0, 50.0, 300.0, 0.0]))
def test_grid_agrees_with_brute_force(specs, max_km):
    sites = build(specs)
    assert as_tuples(check(sites, max_km=max_km)) == reference(sites, max_km)


@settings(max_examples=200, deadline=None)
@given(anhui, anhui)
def test_the_limit_itself_is_within(a, b):
    """With the limit set to the very distance between two outlets, they are within; one bit less, they are not."""
    d = distance_km(a, b)
    assume(d > 0)
    sites = [Site(1, "A", SALES, a), Site(2, "A", PARTS, b), Site(3, "A", SERVICE, a)]
    assert check(sites, max_km=d).violations == ()
    (v,) = check(sites, max_km=math.nextafter(d, 0)).violations
    assert (v.missing, v.nearest_km) == (PARTS, d)


@settings(max_examples=200, deadline=None)
@given(anhui, anhui)
def test_distance_is_symmetric_and_matches_the_coverage_function(a, b):
    assert distance_km(a, b) == great_circle_km(a, b) == distance_km(b, a)


@settings(max_examples=200, deadline=None)
@given(site_specs, st.sampled_from(["A", "B"]), st.sampled_from([PARTS, SERVICE]), points)
def test_adding_a_point_never_adds_a_violation(specs, brand, kind, point):
    sites = build(specs)
    before = {(v.outlet_id, v.missing) for v in check(sites).violations}
    after = {(v.outlet_id, v.missing) for v in check([*sites, Site(999, brand, kind, point)]).violations}
    assert after <= before
    # and what it removed is exactly the sales outlets of its brand it lies within reach of
    gone = before - after
    for outlet_id, missing in gone:
        sales = next(s for s in sites if s.id == outlet_id)
        assert missing is kind
        assert sales.brand == brand
        assert distance_km(sales.point, point) <= MAX_KM


@settings(max_examples=200, deadline=None)
@given(site_specs, st.data())
def test_removing_a_point_never_removes_another_outlets_violation(specs, data):
    sites = build(specs)
    assume(sites)
    removed = data.draw(st.sampled_from(sites))
    rest = [s for s in sites if s is not removed]
    before = {(v.outlet_id, v.missing) for v in check(sites).violations}
    after = {(v.outlet_id, v.missing) for v in check(rest).violations}
    if removed.kind is SALES:
        assert after == {v for v in before if v[0] != removed.id}
    else:
        assert before <= after


@settings(max_examples=200, deadline=None)
@given(site_specs)
def test_each_violation_is_a_sales_outlet_beyond_reach_with_its_true_nearest(specs):
    sites = build(specs)
    by_id = {s.id: s for s in sites}
    for v in check(sites).violations:
        assert isinstance(v, Violation)
        sales = by_id[v.outlet_id]
        assert sales.kind is SALES
        cands = [c for c in sites if c.brand == sales.brand and c.kind is v.missing]
        if cands:
            assert v.nearest_km == min(distance_km(sales.point, c.point) for c in cands) > MAX_KM
        else:
            assert v.nearest_km is None
            assert v.nearest == ()
