"""Tests of the on-call rota (``aftersales.dispatch.policy.rota``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from aftersales.dispatch.policy.rota import DAY_AND_NIGHT, ShiftTemplate, weekly_rota

CN = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2026, 11, 30)


def test_a_week_of_day_and_night_shifts_rotates_through_the_team():
    # when
    rota = weekly_rota([1, 2, 3], MONDAY, CN)
    # then: 14 shifts, day 08:00–20:00 and night 20:00–08:00, the team in turn
    assert len(rota) == 14
    first, second = rota[0], rota[1]
    assert (first.name, first.starts_at, first.ends_at) == (
        "白班",
        dt.datetime(2026, 11, 30, 8, tzinfo=CN),
        dt.datetime(2026, 11, 30, 20, tzinfo=CN),
    )
    assert (second.name, second.ends_at) == ("夜班", dt.datetime(2026, 12, 1, 8, tzinfo=CN))
    members = [s.member for s in rota]
    assert members[:6] in ([1, 2, 3, 1, 2, 3], [2, 3, 1, 2, 3, 1], [3, 1, 2, 3, 1, 2])
    assert sorted(members.count(m) for m in (1, 2, 3)) == [4, 5, 5]


def test_next_week_continues_where_this_week_ended():
    this_week = weekly_rota([1, 2, 3], MONDAY, CN)
    next_week = weekly_rota([1, 2, 3], MONDAY + dt.timedelta(days=7), CN)
    both = weekly_rota([1, 2, 3], MONDAY, CN, days=14)
    assert this_week + next_week == both


def test_an_empty_team_has_no_rota():
    assert weekly_rota([], MONDAY, CN) == []


@given(
    st.lists(st.integers(1, 1000), min_size=1, max_size=9, unique=True),
    st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    st.integers(1, 3),
)
def test_every_instant_of_the_week_is_covered_by_headcount_engineers(team, start, headcount):
    # given
    pattern = [ShiftTemplate(t.name, t.starts, t.hours, headcount) for t in DAY_AND_NIGHT]
    # when
    rota = weekly_rota(team, start, CN, pattern)
    # then: from the first morning to the last, each hour has exactly `headcount` engineers on duty
    begin = dt.datetime.combine(start, dt.time(8), tzinfo=CN)
    for hour in range(0, 7 * 24, 5):
        at = begin + dt.timedelta(hours=hour, minutes=30)
        assert sum(1 for s in rota if s.starts_at <= at < s.ends_at) == headcount
    assert {s.member for s in rota} <= set(team)
