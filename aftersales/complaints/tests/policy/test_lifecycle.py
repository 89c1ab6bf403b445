"""The complaint lifecycle table (篇1 2.16): allowed moves, refusals, reachability."""

from __future__ import annotations

import pytest

from aftersales.complaints.policy.lifecycle import (
    TIER_OF,
    TRANSITIONS,
    Action,
    Refusal,
    State,
    Tier,
    allowed_actions,
    next_state,
)

S, A = State, Action


@pytest.mark.parametrize(
    ("state", "replied", "expected"),
    [
        pytest.param(S.RECEIVED, False, (A.REPLY, A.ESCALATE), id="received"),
        pytest.param(S.REPLIED, True, (A.ESCALATE, A.RESOLVE), id="replied"),
        pytest.param(S.ESCALATED_SENIOR, False, (A.REPLY, A.ESCALATE), id="senior-unreplied"),
        pytest.param(S.ESCALATED_SENIOR, True, (A.ESCALATE, A.RESOLVE), id="senior-replied"),
        pytest.param(S.ESCALATED_MANAGER, False, (A.REPLY,), id="manager-unreplied"),
        pytest.param(S.ESCALATED_MANAGER, True, (A.RESOLVE,), id="manager-replied"),
        pytest.param(S.RESOLVED, True, (A.CLOSE,), id="resolved"),
        pytest.param(S.CLOSED, True, (), id="closed"),
    ],
)
def test_allowed_actions_follow_the_table(state, replied, expected):
    # given / when
    actions = allowed_actions(state, replied=replied)
    # then
    assert actions == expected


@pytest.mark.parametrize(
    ("state", "action", "replied", "code"),
    [
        pytest.param(S.RECEIVED, A.CLOSE, False, "transition_not_allowed", id="close-received"),
        pytest.param(S.RECEIVED, A.RESOLVE, False, "transition_not_allowed", id="resolve-received"),
        pytest.param(S.REPLIED, A.REPLY, True, "already_replied", id="reply-twice"),
        pytest.param(S.ESCALATED_SENIOR, A.RESOLVE, False, "reply_first", id="resolve-unreplied"),
        pytest.param(S.ESCALATED_MANAGER, A.ESCALATE, True, "top_tier", id="escalate-top"),
        pytest.param(S.CLOSED, A.ESCALATE, True, "transition_not_allowed", id="escalate-closed"),
        pytest.param(S.RESOLVED, A.RESOLVE, True, "transition_not_allowed", id="resolve-resolved"),
    ],
)
def test_refused_moves_say_why(state, action, replied, code):
    # given / when
    result = next_state(state, action, replied=replied)
    # then
    assert isinstance(result, Refusal)
    assert result.code == code
    assert result.zh
    assert result.en


def test_escalation_climbs_senior_then_manager():
    # given / when
    first = next_state(S.REPLIED, A.ESCALATE, replied=True)
    second = next_state(first, A.ESCALATE, replied=True)
    # then
    assert (first, second) == (S.ESCALATED_SENIOR, S.ESCALATED_MANAGER)
    assert (TIER_OF[first], TIER_OF[second]) == (Tier.SENIOR, Tier.MANAGER)


def test_a_late_reply_keeps_the_escalated_state():
    # given / when
    result = next_state(S.ESCALATED_SENIOR, A.REPLY, replied=False)
    # then
    assert result is S.ESCALATED_SENIOR


def test_every_state_is_reachable_from_received_and_closed_is_terminal():
    # given
    seen, frontier = {S.RECEIVED}, [S.RECEIVED]
    # when
    while frontier:
        state = frontier.pop()
        for (_action, source), target in TRANSITIONS.items():
            if source is state and target not in seen:
                seen.add(target)
                frontier.append(target)
    # then
    assert seen == set(State)
    assert [key for key in TRANSITIONS if key[1] is S.CLOSED] == []
