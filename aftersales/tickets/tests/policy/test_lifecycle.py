"""The lifecycle table itself (STYLE §5): reachability, terminal states, resume."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.tickets.policy.lifecycle import (
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    Refusal,
    State,
    allowed_actions,
    next_state,
)


def reachable_from(start: State) -> set[State]:
    seen, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            target = next_state(state, action, resume_to=State.RESPONDED)
            assert not isinstance(target, Refusal)
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


def test_every_state_is_reachable_from_received():
    assert reachable_from(State.RECEIVED) == set(State)


def test_terminal_states_leave_only_through_reopen():
    for state in TERMINAL_STATES:
        assert allowed_actions(state) == (Action.REOPEN,)


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        pytest.param(State.RECEIVED, Action.RESPOND, State.RESPONDED, id="respond"),
        pytest.param(State.RESPONDED, Action.DISPATCH, State.DISPATCHED, id="dispatch"),
        pytest.param(State.DISPATCHED, Action.ARRIVE, State.ON_SITE, id="arrive"),
        pytest.param(State.ON_SITE, Action.RESTORE, State.RESTORED, id="restore"),
        pytest.param(State.RESTORED, Action.RESOLVE, State.RESOLVED, id="resolve"),
        pytest.param(State.RESOLVED, Action.CLOSE, State.CLOSED, id="close"),
        pytest.param(State.CLOSED, Action.REOPEN, State.REOPENED, id="reopen"),
    ],
)
def test_the_main_path(state, action, expected):
    assert next_state(state, action) == expected


@pytest.mark.parametrize(
    ("state", "action"),
    [
        pytest.param(State.RECEIVED, Action.ARRIVE, id="arrive-before-dispatch"),
        pytest.param(State.RECEIVED, Action.CLOSE, id="close-unresolved"),
        pytest.param(State.CLOSED, Action.RESPOND, id="respond-closed"),
        pytest.param(State.CANCELLED, Action.RESUME, id="resume-cancelled"),
        pytest.param(State.RESPONDED, Action.RESUME, id="resume-not-waiting"),
    ],
)
def test_illegal_moves_are_refused_in_both_languages(state, action):
    refusal = next_state(state, action)
    assert isinstance(refusal, Refusal)
    assert refusal.zh
    assert action.value in refusal.en


@given(st.sampled_from([State.RESPONDED, State.ESCALATED, State.DISPATCHED, State.ON_SITE, State.RESTORED]))
def test_resume_returns_to_the_state_before_the_wait(state):
    waiting = next_state(state, Action.WAIT_CUSTOMER)
    assert waiting == State.WAITING_CUSTOMER
    assert next_state(waiting, Action.RESUME, resume_to=state) == state


def test_every_action_has_a_transition():
    assert set(TRANSITIONS) == set(Action)
