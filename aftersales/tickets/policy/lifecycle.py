"""The service-request lifecycle as a table (SPEC §2; STYLE §5).

Each action names the states it may start from, the state it leads to and the clock event it stamps.
`resume` returns to the state the request was in before it waited for the customer. Terminal states
(closed, cancelled) are left only through `reopen`.

    received → responded → escalated / dispatched → on_site → restored → resolved → closed
    (most open states) ⇄ waiting_customer;  resolved/closed/cancelled → reopened;  open → cancelled
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    RESPONDED = "responded"
    ESCALATED = "escalated"
    DISPATCHED = "dispatched"
    ON_SITE = "on_site"
    RESTORED = "restored"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WAITING_CUSTOMER = "waiting_customer"
    REOPENED = "reopened"
    CANCELLED = "cancelled"


class Action(StrEnum):
    RESPOND = "respond"
    ESCALATE = "escalate"
    DISPATCH = "dispatch"
    ARRIVE = "arrive"
    RESTORE = "restore"
    RESOLVE = "resolve"
    CLOSE = "close"
    WAIT_CUSTOMER = "wait_customer"
    RESUME = "resume"
    REOPEN = "reopen"
    CANCEL = "cancel"


# Where it happens, a move stamps the clock event(s) of the deadlines it meets. Later events imply
# the earlier ones (a request restored without a visit needed no arrival; one dispatched was responded to).
@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State | None  # None: back to the state before the pause (resume)
    stamps: tuple[str, ...]  # names of the *_at fields to stamp when still empty
    zh: str
    en: str


S = State
_WORKING = frozenset({S.RECEIVED, S.RESPONDED, S.ESCALATED, S.DISPATCHED, S.ON_SITE, S.REOPENED})

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.RESPOND, frozenset({S.RECEIVED, S.REOPENED}), S.RESPONDED, ("responded",), "响应", "Respond"),
        Transition(
            Action.ESCALATE,
            frozenset({S.RECEIVED, S.RESPONDED, S.ESCALATED, S.DISPATCHED, S.ON_SITE, S.REOPENED}),
            S.ESCALATED,
            ("responded", "escalated"),
            "升级",
            "Escalate",
        ),
        Transition(
            Action.DISPATCH,
            frozenset({S.RECEIVED, S.RESPONDED, S.ESCALATED, S.REOPENED}),
            S.DISPATCHED,
            ("responded", "dispatched"),
            "派工",
            "Dispatch",
        ),
        Transition(Action.ARRIVE, frozenset({S.DISPATCHED}), S.ON_SITE, ("responded", "arrived"), "到场", "Arrive"),
        Transition(Action.RESTORE, _WORKING, S.RESTORED, ("responded", "restored"), "恢复系统", "Restore"),
        Transition(
            Action.RESOLVE,
            _WORKING | {S.RESTORED},
            S.RESOLVED,
            ("responded", "restored", "resolved"),
            "解决",
            "Resolve",
        ),
        Transition(Action.CLOSE, frozenset({S.RESOLVED}), S.CLOSED, ("closed",), "关闭", "Close"),
        Transition(
            Action.WAIT_CUSTOMER,
            _WORKING - {S.RECEIVED} | {S.RESTORED},
            S.WAITING_CUSTOMER,
            ("responded",),
            "等待客户",
            "Wait for customer",
        ),
        Transition(Action.RESUME, frozenset({S.WAITING_CUSTOMER}), None, (), "继续处理", "Resume"),
        Transition(
            Action.REOPEN,
            frozenset({S.RESOLVED, S.CLOSED, S.CANCELLED}),
            S.REOPENED,
            (),
            "重新打开",
            "Reopen",
        ),
        Transition(
            Action.CANCEL,
            _WORKING | {S.WAITING_CUSTOMER, S.RESTORED},
            S.CANCELLED,
            ("cancelled",),
            "取消",
            "Cancel",
        ),
    )
}

TERMINAL_STATES = frozenset({S.CLOSED, S.CANCELLED})
# Events undone by reopening: the fault is back, so it is no longer restored, resolved or closed.
REOPEN_CLEARS = ("restored", "resolved", "closed", "cancelled")


@dataclass(frozen=True)
class Refusal:
    zh: str
    en: str


def allowed_actions(state: State) -> tuple[Action, ...]:
    """The actions that may be applied in `state`, in table order."""
    return _ALLOWED[state]


_ALLOWED = {state: tuple(a for a, t in TRANSITIONS.items() if state in t.sources) for state in State}


def next_state(state: State, action: Action, *, resume_to: State | None = None) -> State | Refusal:
    """The state after `action`, or a refusal in Chinese and English when the move is not allowed."""
    transition = TRANSITIONS[action]
    if state not in transition.sources:
        return Refusal(
            zh=f"当前状态不允许执行“{transition.zh}”",
            en=f"Action '{action.value}' is not allowed in status '{state.value}'",
        )
    if transition.target is None:
        return resume_to or State.RESPONDED
    return transition.target
