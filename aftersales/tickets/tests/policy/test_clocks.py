"""Breach and due-time rules of one request's clocks."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aftersales.tickets.policy.clocks import DEADLINE_NAMES, ClockState, breach_and_due, clock_state, met_at

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def minutes(n: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


DEADLINES = {
    "respond": minutes(10),
    "escalate": minutes(30),
    "restore": minutes(240),
    "arrive": minutes(60),
    "resolve": None,
}


def test_nothing_is_breached_before_the_first_deadline():
    state = clock_state(DEADLINES, {}, at=minutes(5))
    assert state.breached == ()
    assert state.breach_at == minutes(10)
    assert state.due_at == minutes(10)


def test_unmet_deadlines_breach_when_they_pass():
    state = clock_state(DEADLINES, {}, at=minutes(61))
    assert state.breached == ("respond", "escalate", "arrive")


def test_a_late_event_stays_breached_and_an_on_time_one_does_not():
    events = {"responded": minutes(12), "escalated": minutes(20)}
    state = clock_state(DEADLINES, events, at=minutes(25))
    assert state.breached == ("respond",)
    assert state.due_at == minutes(60)


def test_restoring_remotely_meets_escalation_and_arrival():
    events = {"responded": minutes(3), "restored": minutes(25)}
    state = clock_state(DEADLINES, events, at=minutes(500))
    assert state.breached == ()
    assert state.due_at is None


def test_a_paused_request_does_not_breach_deadlines_after_the_pause_began():
    state = clock_state(DEADLINES, {"responded": minutes(3)}, at=minutes(500), paused_at=minutes(20))
    assert state.breached == ()
    assert state.due_at is None


def test_a_deadline_passed_before_the_pause_stays_breached():
    state = clock_state(DEADLINES, {}, at=minutes(500), paused_at=minutes(20))
    assert state.breached == ("respond",)


def test_a_cancelled_request_stops_its_clocks():
    state = clock_state(DEADLINES, {"responded": minutes(3)}, at=minutes(500), stopped_at=minutes(40))
    assert state.breached == ("escalate",)


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_breaches_only_grow_with_time(a, b):
    early, late = sorted((a, b))
    before = set(clock_state(DEADLINES, {}, at=minutes(early)).breached)
    after = set(clock_state(DEADLINES, {}, at=minutes(late)).breached)
    assert before <= after
    assert after <= set(DEADLINE_NAMES)


# Any clocks: each deadline and event at minutes from T0 (or none), a wait or a stop or neither.
times = st.one_of(st.none(), st.integers(min_value=0, max_value=600).map(minutes))
any_deadlines = st.fixed_dictionaries(dict.fromkeys(DEADLINE_NAMES, times))
any_events = st.fixed_dictionaries(dict.fromkeys(("responded", "escalated", "arrived", "restored", "resolved"), times))


def _clock_state_as_first_written(deadlines, events, *, at, paused_at=None, stopped_at=None):
    """The rule as it was written before `clocks._scan` (one pass with `met_at`), kept here as the reference."""
    breached, breach_at, due_at = [], None, None
    for name in DEADLINE_NAMES:
        deadline = deadlines.get(name)
        if deadline is None:
            continue
        done = met_at(name, events)
        if done is not None:
            if done > deadline:
                breached.append(name)
                breach_at = deadline if breach_at is None else min(breach_at, deadline)
            continue
        limit = paused_at or stopped_at
        if limit is not None and deadline >= limit:
            continue
        if deadline < at:
            breached.append(name)
        breach_at = deadline if breach_at is None else min(breach_at, deadline)
        if limit is None:
            due_at = deadline if due_at is None else min(due_at, deadline)
    return ClockState(breached=tuple(breached), breach_at=breach_at, due_at=due_at)


@given(any_deadlines, any_events, st.integers(0, 1000), times, times)
def test_the_clocks_and_their_breach_and_due_times_follow_the_one_rule(deadlines, events, at, paused_at, stopped_at):
    # `breach_and_due` (what the sweep stores) is `clock_state`'s, and both are the rule as first written
    state = clock_state(deadlines, events, at=minutes(at), paused_at=paused_at, stopped_at=stopped_at)
    reference = _clock_state_as_first_written(
        deadlines, events, at=minutes(at), paused_at=paused_at, stopped_at=stopped_at
    )
    assert state == reference
    assert breach_and_due(deadlines, events, paused_at=paused_at, stopped_at=stopped_at) == (
        state.breach_at,
        state.due_at,
    )
