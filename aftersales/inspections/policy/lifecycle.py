"""The life of an inspection (巡检单): a table of actions, and when one may be completed (SPEC §4).

- ``complete``: in progress → completed, only when every checklist item has a result (正常/异常/不适用);
  completing it completes the planned work item it came from.
- ``cancel``: in progress → cancelled (e.g. the customer postponed the visit); the planned work stays open.

Pure: plain strings in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ACTIONS", "Transition", "pending_count", "target_of"]


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[str]
    target: str


ACTIONS: dict[str, Transition] = {
    "complete": Transition(frozenset({"in_progress"}), "completed"),
    "cancel": Transition(frozenset({"in_progress"}), "cancelled"),
}


def target_of(status: str, action: str) -> str | None:
    """The status after ``action`` from ``status``; ``None`` when the table does not allow it."""
    transition = ACTIONS.get(action)
    if transition is None or status not in transition.sources:
        return None
    return transition.target


def pending_count(results: Iterable[str]) -> int:
    """How many checklist items still have no result; an inspection completes only at zero."""
    return sum(1 for result in results if result == "pending")
