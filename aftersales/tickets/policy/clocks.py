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


# (deadline name, the events that meet it), in table order: what `_scan` walks.
_MET_BY_ITEMS = tuple(MET_BY.items())


def _scan(
    deadlines: Mapping[str, datetime | None],
    events: Mapping[str, datetime | None],
    paused_at: datetime | None,
    stopped_at: datetime | None,
) -> tuple[datetime | None, datetime | None, list[tuple[str, datetime, bool]]]:
    """The rule of the clocks, once for `clock_state` and `breach_and_due`: (breach_at, due_at, the deadlines that
    are breached or will be unless met in time, in table order, each as (name, deadline, met late)).

    A deadline met after it passed is breached for good; one not met yet can breach only while its clock runs
    (not past the start of the current wait or the close), and is the due time while nothing stops the clocks.
    """
    candidates: list[tuple[str, datetime, bool]] = []
    breach_at: datetime | None = None
    due_at: datetime | None = None
    limit = paused_at or stopped_at
    for name, met_by in _MET_BY_ITEMS:
        deadline = deadlines.get(name)
        if deadline is None:
            continue
        done = None  # the earliest event that meets it (`met_at`)
        for event in met_by:
            t = events.get(event)
            if t is not None and (done is None or t < done):
                done = t
        if done is not None:
            if done > deadline:
                candidates.append((name, deadline, True))
                if breach_at is None or deadline < breach_at:
                    breach_at = deadline
            continue
        # Not met yet: it can breach only while its clock runs.
        if limit is not None and deadline >= limit:
            continue
        candidates.append((name, deadline, False))
        if breach_at is None or deadline < breach_at:
            breach_at = deadline
        if limit is None and (due_at is None or deadline < due_at):
            due_at = deadline
    return breach_at, due_at, candidates


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
    breach_at, due_at, candidates = _scan(deadlines, events, paused_at, stopped_at)
    breached = tuple(name for name, deadline, late in candidates if late or deadline < at)
    return ClockState(breached=breached, breach_at=breach_at, due_at=due_at)


def breach_and_due(
    deadlines: Mapping[str, datetime | None],
    events: Mapping[str, datetime | None],
    *,
    paused_at: datetime | None = None,
    stopped_at: datetime | None = None,
) -> tuple[datetime | None, datetime | None]:
    """`clock_state`'s breach_at and due_at, which do not depend on the instant: the same scan, without the
    list of what is breached now (the SLA sweep stores these two and needs nothing else)."""
    breach_at, due_at, _ = _scan(deadlines, events, paused_at, stopped_at)
    return breach_at, due_at
