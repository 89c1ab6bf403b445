"""SLA clocks of one request: which deadlines are breached, and when the next one falls due (SPEC §2).

A deadline is met by its event: respond by the first response; escalate by the first hand-over to the
expert group (or by restoring first); arrive by the engineer's arrival (or by restoring remotely, when no
visit was needed); restore by restoring; resolve by resolving. A deadline is breached when its event came
after it, or has not come and the deadline has passed. While the request waits for the customer the clocks
stand still: a deadline that had not passed when the pause began cannot be breached during it (the
deadlines are pushed back when the request resumes). A closed or cancelled request cannot breach any more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

# Deadline name → the events that meet it (the earliest one counts).
MET_BY: Mapping[str, tuple[str, ...]] = {
    "respond": ("responded",),
    "escalate": ("escalated", "restored"),
    "arrive": ("arrived", "restored"),
    "restore": ("restored",),
    "resolve": ("resolved",),
}
DEADLINE_NAMES = tuple(MET_BY)


@dataclass(frozen=True, slots=True)
class ClockState:
    """What the clocks say at one instant."""

    breached: tuple[str, ...]  # deadline names, in table order
    breach_at: datetime | None  # when the first breach happened or will happen if nothing is done
    due_at: datetime | None  # the earliest deadline still to be met, passed or not (None while paused or when none)


def met_at(name: str, events: Mapping[str, datetime | None]) -> datetime | None:
    """When deadline `name` was met, or None."""
    times = [t for e in MET_BY[name] if (t := events.get(e)) is not None]
    return min(times) if times else None


def clock_state(
    deadlines: Mapping[str, datetime | None],
    events: Mapping[str, datetime | None],
    *,
    at: datetime,
    paused_at: datetime | None = None,
    stopped_at: datetime | None = None,
) -> ClockState:
    """The clocks of a request at `at`.

    `deadlines` maps names of DEADLINE_NAMES to instants (None: no target); `events` maps event names
    (responded, escalated, arrived, restored, resolved) to instants; `paused_at` is when the current wait
    for the customer began; `stopped_at` when the request was closed or cancelled.
    """
    breached: list[str] = []
    breach_at: datetime | None = None
    due_at: datetime | None = None
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
        # Not met yet: it can breach only while its clock runs.
        limit = paused_at or stopped_at
        if limit is not None and deadline >= limit:
            continue
        if deadline < at:
            breached.append(name)
        breach_at = deadline if breach_at is None else min(breach_at, deadline)
        if limit is None:
            due_at = deadline if due_at is None else min(due_at, deadline)
    return ClockState(breached=tuple(breached), breach_at=breach_at, due_at=due_at)
