"""Every stored lateness field of a service request, from the request's own state: one function (issue 9).

A request keeps in its row what the queue and the sweep query with one index range each:

- its deadlines (`respond_by` … `leadership_by`, `deadline_uncertain`): its SLA policy's targets for its
  class and zone, counted in the policy's working time from the report and pushed back by the finished waits
  for the customer (`sla.policy.targets.deadlines_for`);
- `breach_at` and `due_at`: when the first breach happened or will happen, and the earliest deadline still to
  be met (`tickets.policy.clocks`);
- `next_escalation_at`: when the sweep is next due to climb it one tier, while it is open, not waiting for the
  customer and not restored (`sla.policy.targets.next_escalation_at`).

`settle` computes all of them from the row. Every write — intake, each lifecycle action, an edit, a policy's
recompute, the sweep's climb and the data generator — stores what `settle` returns and nothing of its own
arithmetic, so the queue (`breach_at`) and the request (`clocks.clock_state`) cannot disagree. The deadlines
are recomputed only when the write changed what they depend on (the policy, the class, the waits): pass the
policy's `Terms` then; otherwise the stored deadlines stand (a request keeps the deadlines it was given).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from aftersales.sla.policy import targets as sla
from aftersales.sla.policy.worktime import WorkCalendar
from aftersales.tickets.policy import clocks

# The statuses whose clocks no longer escalate: the work is finished or abandoned (tickets.choices.DONE).
DONE_STATUSES = frozenset({"resolved", "closed", "cancelled"})
DEADLINE_COLUMNS = (
    "respond_by",
    "escalate_by",
    "restore_by",
    "arrive_by",
    "resolve_by",
    "vendor_by",
    "leadership_by",
)
DERIVED_COLUMNS = ("breach_at", "due_at", "next_escalation_at")
# Every column `settle` gives a value: what a write stores from it.
COLUMNS = (*DEADLINE_COLUMNS, "deadline_uncertain", *DERIVED_COLUMNS)
# The row's columns `settle` reads (besides the deadlines): what a writer must load.
EVENT_COLUMNS = (
    "responded_at",
    "escalated_at",
    "arrived_at",
    "restored_at",
    "resolved_at",
    "closed_at",
    "cancelled_at",
    "paused_at",
)


@dataclass(frozen=True, slots=True)
class Terms:
    """What a request's deadlines are counted with besides the request: its SLA policy's targets and calendar."""

    targets: sla.SlaTargets
    calendar: WorkCalendar


@dataclass(frozen=True, slots=True)
class Facts:
    """A request's state as its row holds it, less the fields `settle` derives from it."""

    severity: int
    zone: str
    reported_at: datetime
    status: str
    tier: int
    deadlines: sla.Deadlines  # as stored; recomputed by `settle` when it is given the policy's terms
    pauses: tuple[tuple[datetime, datetime], ...] = ()  # finished waits for the customer (start, end)
    responded_at: datetime | None = None
    escalated_at: datetime | None = None
    arrived_at: datetime | None = None
    restored_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    cancelled_at: datetime | None = None
    paused_at: datetime | None = None  # the wait for the customer going on now


@dataclass(frozen=True, slots=True)
class Settled:
    """Every stored lateness field of a request (`COLUMNS`), and what its clocks say at the instant asked."""

    deadlines: sla.Deadlines
    breach_at: datetime | None
    due_at: datetime | None
    next_escalation_at: datetime | None
    clocks: clocks.ClockState  # `breached` depends on the instant; its breach_at and due_at do not

    def columns(self) -> dict[str, object]:
        """The values to store, by column name (`COLUMNS`)."""
        d = self.deadlines
        return {
            "respond_by": d.respond_by,
            "escalate_by": d.escalate_by,
            "restore_by": d.restore_by,
            "arrive_by": d.arrive_by,
            "resolve_by": d.resolve_by,
            "vendor_by": d.vendor_by,
            "leadership_by": d.leadership_by,
            "deadline_uncertain": d.uncertain,
            "breach_at": self.breach_at,
            "due_at": self.due_at,
            "next_escalation_at": self.next_escalation_at,
        }


NO_DEADLINES = sla.Deadlines(None, None, None, None, None, None, None, uncertain=False)


def settle(facts: Facts, terms: Terms | None = None, *, at: datetime) -> Settled:
    """Every stored lateness field of the request `facts` describes, and its clocks at `at`.

    With `terms`, the deadlines are counted again from the policy, the class, the zone, the report and the
    finished waits; without, the stored ones are kept. `breach_at`, `due_at` and `next_escalation_at` follow
    from the deadlines, the events, the status and the tier alone (never from `at`).
    """
    if terms is None:
        deadlines = facts.deadlines
    else:
        deadlines = sla.deadlines_for(
            terms.targets,
            terms.calendar,
            sla.Severity(facts.severity),
            sla.Zone(facts.zone),
            facts.reported_at,
            facts.pauses,
        )
    deadline_map, events, paused_at, stopped_at = _clock_inputs(deadlines, facts)
    state = clocks.clock_state(deadline_map, events, at=at, paused_at=paused_at, stopped_at=stopped_at)
    return Settled(
        deadlines=deadlines,
        breach_at=state.breach_at,
        due_at=state.due_at,
        next_escalation_at=_next_escalation(deadlines, facts),
        clocks=state,
    )


def derived(facts: Facts) -> tuple[datetime | None, datetime | None, datetime | None]:
    """`settle(facts, at=…)`'s breach_at, due_at and next_escalation_at (the stored deadlines kept), which do not
    depend on the instant: the same rule (`clocks.breach_and_due` is `clock_state`'s scan), without the clocks'
    list of what is breached now, for a write that stores these three and nothing else (the sweep's climb)."""
    deadline_map, events, paused_at, stopped_at = _clock_inputs(facts.deadlines, facts)
    breach_at, due_at = clocks.breach_and_due(deadline_map, events, paused_at=paused_at, stopped_at=stopped_at)
    return breach_at, due_at, _next_escalation(facts.deadlines, facts)


def _clock_inputs(
    d: sla.Deadlines, f: Facts
) -> tuple[dict[str, datetime | None], dict[str, datetime | None], datetime | None, datetime | None]:
    """What the clocks read of a request: its deadlines and events by clock name, its wait, its stop."""
    return (
        {
            "respond": d.respond_by,
            "escalate": d.escalate_by,
            "arrive": d.arrive_by,
            "restore": d.restore_by,
            "resolve": d.resolve_by,
        },
        {
            "responded": f.responded_at,
            "escalated": f.escalated_at,
            "arrived": f.arrived_at,
            "restored": f.restored_at,
            "resolved": f.resolved_at,
        },
        f.paused_at,
        f.closed_at or f.cancelled_at,
    )


def _escalates(facts: Facts) -> bool:
    """Whether the request still climbs the ladder: open, not waiting for the customer, not restored."""
    return facts.status not in DONE_STATUSES and facts.paused_at is None and facts.restored_at is None


def _next_escalation(deadlines: sla.Deadlines, facts: Facts) -> datetime | None:
    return sla.next_escalation_at(deadlines, sla.Tier(facts.tier)) if _escalates(facts) else None


def intake(facts: Facts, terms: Terms, *, at: datetime) -> tuple[Facts, Settled]:
    """A new request (received, at the desk): its deadlines from the policy, and its tier.

    A class whose escalation target is immediate (立即提交, class 1 of the default table) goes to the expert
    group at intake: tier 2, escalated at the report. Returns the request's state and what to store.
    """
    settled = settle(facts, terms, at=at)
    escalate_by = settled.deadlines.escalate_by
    if escalate_by is None or escalate_by > facts.reported_at:
        return facts, settled
    climbed = replace(facts, tier=int(sla.Tier.EXPERT_GROUP), escalated_at=facts.reported_at)
    return climbed, settle(replace(climbed, deadlines=settled.deadlines), at=at)


@dataclass(frozen=True, slots=True)
class Climb:
    """One step up the escalation ladder taken by the sweep: the tier reached, when that step was due, and the
    request's state after it (its first climb is its escalation when nobody escalated it by hand)."""

    tier: int
    due: datetime
    after: Facts


def sweep_climb(facts: Facts, *, at: datetime) -> Climb | None:
    """The sweep's step for the request at `at`: one tier up when that step is due and the request still
    escalates (open, not waiting for the customer, not restored); None otherwise. The sweep stores the climb
    with `settle(climb.after)`: escalating meets the escalation deadline, so breach_at and due_at move too."""
    if not _escalates(facts):
        return None
    for tier, due in sla.escalation_ladder(facts.deadlines):
        if tier > facts.tier:  # the first step above the request's tier: the next one it climbs
            if due > at:
                return None
            return Climb(int(tier), due, climbed(facts, int(tier), facts.escalated_at or due))
    return None


def climbed(f: Facts, tier: int, escalated_at: datetime | None) -> Facts:
    """`replace(f, tier=tier, escalated_at=escalated_at)`, written out: the sweep makes one per due request and
    `dataclasses.replace` looks the fields up on every call (a test checks the two agree, field by field)."""
    return Facts(
        f.severity,
        f.zone,
        f.reported_at,
        f.status,
        tier,
        f.deadlines,
        f.pauses,
        f.responded_at,
        escalated_at,
        f.arrived_at,
        f.restored_at,
        f.resolved_at,
        f.closed_at,
        f.cancelled_at,
        f.paused_at,
    )
