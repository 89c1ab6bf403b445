"""The complaint lifecycle as a table (SPEC §4; 篇1 2.16, 4.8; STYLE §5).

A complaint is received, replied to (within the policy's reply time), escalated to a more senior engineer
and then to the company's manager, who goes on site, resolved with its root cause and corrective action,
and closed:

    received → replied → escalated_senior → escalated_manager → resolved → closed

Escalation may also come before the reply (the sweep escalates a complaint nobody answered in time); a reply
given after that keeps the escalated state. Each entry maps (action, source state) to the target state; a
pair that is not in the table is refused. A complaint is replied to once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class State(StrEnum):
    RECEIVED = "received"
    REPLIED = "replied"
    ESCALATED_SENIOR = "escalated_senior"
    ESCALATED_MANAGER = "escalated_manager"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Action(StrEnum):
    REPLY = "reply"
    ESCALATE = "escalate"
    RESOLVE = "resolve"
    CLOSE = "close"


class Tier(IntEnum):
    DESK = 1
    SENIOR = 2
    MANAGER = 3


S = State

# (action, from) → to.
TRANSITIONS: dict[tuple[Action, State], State] = {
    (Action.REPLY, S.RECEIVED): S.REPLIED,
    (Action.REPLY, S.ESCALATED_SENIOR): S.ESCALATED_SENIOR,
    (Action.REPLY, S.ESCALATED_MANAGER): S.ESCALATED_MANAGER,
    (Action.ESCALATE, S.RECEIVED): S.ESCALATED_SENIOR,
    (Action.ESCALATE, S.REPLIED): S.ESCALATED_SENIOR,
    (Action.ESCALATE, S.ESCALATED_SENIOR): S.ESCALATED_MANAGER,
    (Action.RESOLVE, S.REPLIED): S.RESOLVED,
    (Action.RESOLVE, S.ESCALATED_SENIOR): S.RESOLVED,
    (Action.RESOLVE, S.ESCALATED_MANAGER): S.RESOLVED,
    (Action.CLOSE, S.RESOLVED): S.CLOSED,
}

# The tier each state stands for (the escalation ladder of 篇1 2.16).
TIER_OF: dict[State, Tier] = {S.ESCALATED_SENIOR: Tier.SENIOR, S.ESCALATED_MANAGER: Tier.MANAGER}

ACTION_NAMES: dict[Action, tuple[str, str]] = {
    Action.REPLY: ("回复", "Reply"),
    Action.ESCALATE: ("升级", "Escalate"),
    Action.RESOLVE: ("解决", "Resolve"),
    Action.CLOSE: ("关闭", "Close"),
}


@dataclass(frozen=True)
class Refusal:
    """Why a move is not allowed, in Chinese and English."""

    code: str
    zh: str
    en: str


def next_state(state: State, action: Action, *, replied: bool) -> State | Refusal:
    """The state after `action` from `state`, or a refusal. `replied`: the complaint was already replied to."""
    if action is Action.REPLY and replied:
        return Refusal("already_replied", "该投诉已回复", "This complaint has already been replied to")
    if action is Action.RESOLVE and not replied and state is not State.RECEIVED and (action, state) in TRANSITIONS:
        return Refusal("reply_first", "请先回复客户再解决投诉", "Reply to the customer before resolving")
    target = TRANSITIONS.get((action, state))
    if target is None:
        zh = ACTION_NAMES[action][0]
        if action is Action.ESCALATE and state is State.ESCALATED_MANAGER:
            return Refusal("top_tier", "已升级至公司领导，无法再升级", "Already escalated to the manager (top tier)")
        return Refusal(
            "transition_not_allowed",
            f"当前状态不允许“{zh}”",
            f"Action '{action.value}' is not allowed in status '{state.value}'",
        )
    return target


def allowed_actions(state: State, *, replied: bool) -> tuple[Action, ...]:
    """The actions that may be applied now, in table order."""
    return tuple(a for a in Action if not isinstance(next_state(state, a, replied=replied), Refusal))
