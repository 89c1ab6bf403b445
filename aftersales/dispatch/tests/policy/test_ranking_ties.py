"""The dispatch ranking's tie-breaks (issue 10): equally near, our own engineers before partners (and partners'
engineers), then the lighter workload; county-level places are not 0 km apart."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aftersales.network.policy.coverage import Candidate, CandidateKind, Need, Point, rank_candidates, travel_minutes

AT = dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC)
HEFEI = Point(31.820591, 117.227219)
FEIDONG = Point(31.88, 117.47)  # 肥东县
CHAOHU = Point(31.60, 117.87)  # 巢湖市
HEFEI_ID = 1


def rank(candidates, point=HEFEI):
    return rank_candidates(candidates, need=Need(), region_id=HEFEI_ID, point=point, at=AT)


def test_equally_near_our_engineer_goes_before_a_partner_and_its_engineer():
    ranked = rank(
        [
            Candidate(CandidateKind.PARTNER, 1, "甲伙伴", HEFEI_ID, HEFEI),
            Candidate(CandidateKind.ENGINEER, 2, "伙伴工程师", HEFEI_ID, HEFEI, in_house=False),
            Candidate(CandidateKind.ENGINEER, 3, "李强", HEFEI_ID, HEFEI),
        ]
    )
    assert ranked[0].candidate.name == "李强"


def test_then_the_lighter_workload():
    ranked = rank(
        [
            Candidate(CandidateKind.ENGINEER, 1, "忙", HEFEI_ID, HEFEI, workload=5),
            Candidate(CandidateKind.ENGINEER, 2, "闲", HEFEI_ID, HEFEI, workload=1),
        ]
    )
    assert [r.candidate.name for r in ranked] == ["闲", "忙"]


def test_county_places_of_one_city_are_apart_and_the_far_county_takes_longer():
    ranked = rank(
        [
            Candidate(CandidateKind.PARTNER, 1, "巢湖伙伴", HEFEI_ID, CHAOHU),
            Candidate(CandidateKind.PARTNER, 2, "肥东伙伴", HEFEI_ID, FEIDONG),
        ],
        point=FEIDONG,
    )
    assert [r.candidate.name for r in ranked] == ["肥东伙伴", "巢湖伙伴"]
    assert ranked[0].distance_km == 0.0
    assert ranked[1].distance_km > 40
    assert ranked[1].travel_minutes > ranked[0].travel_minutes


@given(st.floats(0, 400), st.floats(0, 400))
def test_same_city_travel_never_falls_as_distance_grows(a, b):
    near, far = sorted((a, b))
    assert travel_minutes(near, same_city=True) <= travel_minutes(far, same_city=True)
    assert travel_minutes(near, same_city=True) >= 30
