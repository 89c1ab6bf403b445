"""SLA attainment of one request's clock, as the management reports count it (issue 12, API contract).

For each clock (respond, arrive, restore, resolve) a request counts in **due** when it has that deadline and
either the clock's event happened or the deadline has passed while the clock ran; it counts in **met** when the
event happened at or before the deadline in force. A request whose deadline is still ahead and whose event has
not happened is not counted yet (pending).

The deadline in force is the stored one: the ticket service pushes the deadlines back by every finished wait for
the customer (`sla.policy.targets.deadlines_for`). While a wait is going on the clocks stand still, so a
deadline that had not passed when the wait began is pending whatever the time; likewise after a request was
closed without the event (`tickets.policy.clocks`). The events that meet a clock are those of
`tickets.policy.clocks.MET_BY` (an arrival is also met by restoring remotely, when no visit was needed), so the
reports and the request page never disagree. Cancelled requests are left out by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from aftersales.tickets.policy.clocks import met_at

# The report's clocks, by the deadline each one reads.
CLOCKS = ("respond", "arrive", "restore", "resolve")


class Outcome(Enum):
    MET = "met"
    MISSED = "missed"
    PENDING = "pending"  # deadline ahead (or frozen by a wait / a close) and no event yet
    NONE = "none"  # no such deadline for this request


def outcome(
    deadline: datetime | None,
    done: datetime | None,
    *,
    at: datetime,
    paused_at: datetime | None = None,
    stopped_at: datetime | None = None,
) -> Outcome:
    """The outcome of one clock whose deadline in force is `deadline` and which was met at `done` (None: not
    yet), at the instant `at`; `paused_at` is the start of a wait going on, `stopped_at` the close."""
    if deadline is None:
        return Outcome.NONE
    if done is not None:
        return Outcome.MET if done <= deadline else Outcome.MISSED
    limit = paused_at or stopped_at
    if limit is not None and deadline >= limit:
        return Outcome.PENDING
    return Outcome.MISSED if deadline < at else Outcome.PENDING


def request_outcomes(
    deadlines: Mapping[str, datetime | None],
    events: Mapping[str, datetime | None],
    *,
    at: datetime,
    paused_at: datetime | None = None,
    stopped_at: datetime | None = None,
) -> dict[str, Outcome]:
    """Each clock's outcome for one request: `deadlines` by clock name, `events` by event name (responded,
    arrived, restored, resolved)."""
    return {
        name: outcome(deadlines.get(name), met_at(name, events), at=at, paused_at=paused_at, stopped_at=stopped_at)
        for name in CLOCKS
    }


@dataclass(slots=True)
class Tally:
    """due / met of one clock over many requests."""

    due: int = 0
    met: int = 0

    def add(self, result: Outcome) -> None:
        if result is Outcome.MET:
            self.due += 1
            self.met += 1
        elif result is Outcome.MISSED:
            self.due += 1

    def merge(self, due: int, met: int) -> None:
        self.due += due
        self.met += met

    @property
    def rate(self) -> float | None:
        return rate(self.met, self.due)


def rate(met: int, due: int) -> float | None:
    """met / due to four decimals, None when nothing is due."""
    return round(met / due, 4) if due else None
