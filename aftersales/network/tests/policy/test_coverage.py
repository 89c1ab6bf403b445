"""Tests of the coverage rule (``aftersales.network.policy.coverage``): spec examples, then properties."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.network.policy.coverage import (
    DEFAULT_SETTINGS,
    Candidate,
    CandidateKind,
    CoverageSettings,
    Need,
    Point,
    great_circle_km,
    is_qualified,
    rank_candidates,
    road_km,
    travel_minutes,
)

HEFEI = Point(31.820591, 117.227219)
FUYANG = Point(32.890479, 115.814504)
WUHU = Point(31.352859, 118.432941)
LU_AN = Point(31.753, 116.507)
AT = dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC)
HEFEI_ID, FUYANG_ID, WUHU_ID, LU_AN_ID = 1, 2, 3, 4
DELL, HUAWEI = 10, 11


def engineer(pk: int, name: str, region_id: int | None, point: Point | None, **extra) -> Candidate:
    values = {"vendor_ids": frozenset({DELL}), "categories": frozenset({"服务器"})} | extra
    return Candidate(CandidateKind.ENGINEER, pk, name, region_id, point, **values)


def partner(pk: int, name: str, region_id: int | None, point: Point | None, **extra) -> Candidate:
    return Candidate(CandidateKind.PARTNER, pk, name, region_id, point, **extra)


def slow_great_circle_km(a: Point, b: Point) -> float:
    """Reference: the angle between the two unit vectors (vector formula), times the radius."""

    def unit(p: Point) -> tuple[float, float, float]:
        lat, lon = math.radians(p.latitude), math.radians(p.longitude)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    u, v = unit(a), unit(b)
    cross = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
    dot = sum(x * y for x, y in zip(u, v, strict=True))
    return 6371.0088 * math.atan2(math.sqrt(sum(c * c for c in cross)), dot)


# ------------------------------------------------------------------------------------------- examples


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        pytest.param(HEFEI, FUYANG, 178.21, id="合肥-阜阳"),
        pytest.param(HEFEI, WUHU, 125.49, id="合肥-芜湖"),
        pytest.param(HEFEI, HEFEI, 0.0, id="same place"),
    ],
)
def test_great_circle_distance_between_anhui_cities(a, b, km):
    assert round(great_circle_km(a, b), 2) == km


def test_road_distance_is_the_straight_line_times_the_detour_factor():
    assert round(road_km(HEFEI, FUYANG), 2) == 231.68
    assert round(road_km(HEFEI, FUYANG, CoverageSettings(detour_factor=1.0)), 2) == 178.21


@pytest.mark.parametrize(
    ("km", "same_city", "minutes"),
    [
        pytest.param(0.0, True, 30, id="same city: fixed 30 min"),
        pytest.param(25.0, True, 30, id="same city, far side: still 30 min"),
        pytest.param(231.68, False, 232, id="合肥→阜阳 at 60 km/h"),
        pytest.param(12.0, False, 30, id="a neighbouring city is never nearer than the same city"),
        pytest.param(60.0, False, 60, id="exactly one hour"),
    ],
)
def test_travel_minutes(km, same_city, minutes):
    assert travel_minutes(km, same_city=same_city) == minutes


def test_an_engineer_needs_the_vendor_and_the_category_when_the_request_knows_them():
    dell_server = engineer(1, "李强", HEFEI_ID, HEFEI)
    assert is_qualified(dell_server, Need(vendor_id=DELL, category="服务器"))
    assert is_qualified(dell_server, Need())
    assert not is_qualified(dell_server, Need(vendor_id=HUAWEI))
    assert not is_qualified(dell_server, Need(vendor_id=DELL, category="交换机"))
    assert is_qualified(partner(1, "阜阳云智电脑公司", FUYANG_ID, FUYANG), Need(vendor_id=HUAWEI, category="交换机"))


def test_ranking_puts_the_same_city_first_then_the_soonest_arrival():
    # given: a request in 阜阳, due on site within 5 hours
    arrive_by = AT + dt.timedelta(hours=5)
    candidates = [
        engineer(1, "合肥工程师", HEFEI_ID, HEFEI),
        engineer(2, "六安工程师", LU_AN_ID, LU_AN),
        partner(7, "阜阳云智电脑公司", FUYANG_ID, FUYANG),
        engineer(3, "阜阳工程师（休班）", FUYANG_ID, FUYANG, on_duty=False),
        partner(8, "停业伙伴", FUYANG_ID, FUYANG, is_active=False),
        engineer(4, "华为工程师", FUYANG_ID, FUYANG, vendor_ids=frozenset({HUAWEI})),
    ]
    # when
    ranked = rank_candidates(
        candidates,
        need=Need(vendor_id=DELL, category="服务器"),
        region_id=FUYANG_ID,
        point=FUYANG,
        at=AT,
        arrive_by=arrive_by,
    )
    # then
    assert [(r.candidate.name, r.travel_minutes, r.meets_arrive_by) for r in ranked] == [
        ("阜阳云智电脑公司", 30, True),
        ("六安工程师", 185, True),
        ("合肥工程师", 232, True),
    ]
    assert ranked[0].same_region is True
    assert ranked[0].eta == AT + dt.timedelta(minutes=30)
    assert round(ranked[1].distance_km, 2) == round(road_km(LU_AN, FUYANG), 2)


def test_a_candidate_arriving_after_the_deadline_is_marked_as_missing_it():
    ranked = rank_candidates(
        [engineer(1, "合肥工程师", HEFEI_ID, HEFEI)],
        need=Need(),
        region_id=FUYANG_ID,
        point=FUYANG,
        at=AT,
        arrive_by=AT + dt.timedelta(hours=2),
    )
    assert [(r.travel_minutes, r.meets_arrive_by) for r in ranked] == [(232, False)]


def test_unknown_coordinates_rank_last_and_same_city_still_gets_the_fixed_time():
    ranked = rank_candidates(
        [
            engineer(1, "无坐标", WUHU_ID, None),
            engineer(2, "合肥", HEFEI_ID, HEFEI),
            engineer(3, "同城无坐标", 9, None),
        ],
        need=Need(),
        region_id=9,
        point=None,
        at=AT,
    )
    assert [(r.candidate.name, r.travel_minutes, r.meets_arrive_by) for r in ranked] == [
        ("同城无坐标", 30, None),
        ("合肥", None, None),
        ("无坐标", None, None),
    ]


# ----------------------------------------------------------------------------------------- properties

latitudes = st.floats(min_value=-89.0, max_value=89.0, allow_nan=False)
longitudes = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)
points = st.builds(Point, latitudes, longitudes)
anhui_points = st.builds(Point, st.floats(29.0, 35.0), st.floats(114.5, 120.0))
detours = st.floats(min_value=1.0, max_value=2.0)


@given(points, points)
def test_distance_is_symmetric_and_non_negative(a, b):
    assert great_circle_km(a, b) == pytest.approx(great_circle_km(b, a), abs=1e-9)
    assert great_circle_km(a, b) >= 0.0
    assert great_circle_km(a, a) == pytest.approx(0.0, abs=1e-6)


@given(points, points)
def test_distance_matches_a_slower_reference(a, b):
    assert great_circle_km(a, b) == pytest.approx(slow_great_circle_km(a, b), abs=1e-3)


@given(points, points, points)
def test_triangle_inequality(a, b, c):
    assert great_circle_km(a, c) <= great_circle_km(a, b) + great_circle_km(b, c) + 1e-6


@given(points, points, points, detours)
def test_road_distance_keeps_the_triangle_inequality_and_stays_within_the_detour_factor(a, b, c, detour):
    cfg = CoverageSettings(detour_factor=detour)
    straight = great_circle_km(a, c)
    assert straight - 1e-9 <= road_km(a, c, cfg) <= straight * detour + 1e-9
    assert road_km(a, c, cfg) <= road_km(a, b, cfg) + road_km(b, c, cfg) + 1e-6


@given(st.floats(0, 2000), st.floats(0, 2000))
def test_travel_time_never_falls_as_distance_grows(x, y):
    near, far = sorted((x, y))
    assert travel_minutes(near, same_city=False) <= travel_minutes(far, same_city=False)
    assert travel_minutes(far, same_city=False) >= DEFAULT_SETTINGS.same_city_minutes
    assert travel_minutes(near, same_city=True) <= travel_minutes(far, same_city=False)


candidate_specs = st.lists(
    st.tuples(st.sampled_from(list(CandidateKind)), st.integers(1, 6), anhui_points, st.booleans(), st.booleans()),
    min_size=0,
    max_size=12,
)


def _build(specs) -> list[Candidate]:
    return [
        Candidate(
            kind, index, f"c{index:02d}", region, point, vendor_ids=frozenset({DELL}), on_duty=duty, is_active=active
        )
        for index, (kind, region, point, duty, active) in enumerate(specs)
    ]


@settings(max_examples=200)
@given(candidate_specs, st.integers(1, 6), anhui_points)
def test_ranking_is_monotone_same_region_first_then_by_arrival(specs, region_id, site):
    # given
    candidates = _build(specs)
    # when
    ranked = rank_candidates(candidates, need=Need(vendor_id=DELL), region_id=region_id, point=site, at=AT)
    # then: only available ones, the same city as one block in front, arrivals non-decreasing in each block
    assert all(r.candidate.is_active for r in ranked)
    assert all(r.candidate.on_duty for r in ranked if r.candidate.kind is CandidateKind.ENGINEER)
    flags = [r.same_region for r in ranked]
    assert flags == sorted(flags, reverse=True)
    for block in (True, False):
        etas = [r.eta for r in ranked if r.same_region is block]
        assert etas == sorted(etas)
    expected = {c.id for c in candidates if c.is_active and (c.kind is CandidateKind.PARTNER or c.on_duty)}
    assert {r.candidate.id for r in ranked} == expected


@given(candidate_specs, st.integers(1, 6), anhui_points, st.integers(0, 11))
def test_leaving_a_candidate_out_keeps_the_order_of_the_others(specs, region_id, site, drop):
    candidates = _build(specs)
    full = [r.candidate.id for r in rank_candidates(candidates, need=Need(), region_id=region_id, point=site, at=AT)]
    rest = [c for c in candidates if c.id != drop]
    partial = [r.candidate.id for r in rank_candidates(rest, need=Need(), region_id=region_id, point=site, at=AT)]
    assert partial == [pk for pk in full if pk != drop]


@given(anhui_points, anhui_points, anhui_points)
def test_a_nearer_candidate_in_another_city_never_ranks_behind_a_farther_one(site, p, q):
    # given two engineers outside the request's city, differing only in where they start
    a, b = engineer(1, "a", 7, p), engineer(2, "b", 8, q)
    # when
    ranked = rank_candidates([a, b], need=Need(), region_id=1, point=site, at=AT)
    # then
    first, second = ranked
    assert first.distance_km <= second.distance_km + 1e-9 or first.eta == second.eta
    assert first.eta <= second.eta
