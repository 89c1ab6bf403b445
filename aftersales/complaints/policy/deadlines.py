"""Complaint deadlines and the escalation ladder (SPEC §4; 篇1 2.16, 4.8).

The rule:

- A complaint policy gives three working-time targets from the moment the complaint was received: the
  reply (给予回复: 10 minutes in 篇1 2.16 on the 7×24 calendar, 2 hours in 4.8 on office hours), the
  senior engineer (另行安排更高级技术服务人员) and the manager on site (公司负责领导亲赴现场). Each is
  counted with `add_working_minutes` on the policy's calendar (holiday-aware); a deadline that examined a
  year without holiday data is flagged `uncertain`, not guessed.
- Escalation climbs one tier at a time. From the desk, the senior engineer is due at the reply deadline
  when nobody has replied yet, else at the senior deadline; from the senior tier, the manager is due at the
  manager deadline. The manager is the top.
- A complaint is overdue (breach) from the earliest deadline whose event has not happened: the reply by
  `reply_by`, the senior tier by `senior_by`, the manager tier by `manager_by`. A finished complaint
  (resolved or closed) has no running deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aftersales.complaints.policy.lifecycle import Tier
from aftersales.sla.policy.worktime import WorkCalendar, add_working_minutes


@dataclass(frozen=True)
class Targets:
    """A complaint policy's targets in working minutes after the complaint was received."""

    reply_minutes: int
    senior_minutes: int
    manager_minutes: int

    def __post_init__(self) -> None:
        if min(self.reply_minutes, self.senior_minutes, self.manager_minutes) < 0:
            raise ValueError("targets must not be negative")
        if not self.reply_minutes <= self.senior_minutes <= self.manager_minutes:
            raise ValueError("targets must satisfy reply ≤ senior ≤ manager")


@dataclass(frozen=True)
class Deadlines:
    reply_by: datetime
    senior_by: datetime
    manager_by: datetime
    uncertain: bool


@dataclass(frozen=True)
class Step:
    """The next escalation: the tier to reach and when it is due."""

    tier: Tier
    due_at: datetime


def complaint_deadlines(calendar: WorkCalendar, received_at: datetime, targets: Targets) -> Deadlines:
    """The reply, senior-engineer and manager deadlines of a complaint received at `received_at`."""
    reply = add_working_minutes(calendar, received_at, targets.reply_minutes)
    senior = add_working_minutes(calendar, received_at, targets.senior_minutes)
    manager = add_working_minutes(calendar, received_at, targets.manager_minutes)
    return Deadlines(
        reply_by=reply.at,
        senior_by=senior.at,
        manager_by=manager.at,
        uncertain=reply.uncertain or senior.uncertain or manager.uncertain,
    )


def next_escalation(deadlines: Deadlines, *, tier: Tier, replied: bool) -> Step | None:
    """The next tier up and when it is due, or None at the top (the sweep's schedule)."""
    if tier is Tier.DESK:
        due = deadlines.senior_by if replied else min(deadlines.reply_by, deadlines.senior_by)
        return Step(Tier.SENIOR, due)
    if tier is Tier.SENIOR:
        return Step(Tier.MANAGER, deadlines.manager_by)
    return None


def breach_at(deadlines: Deadlines, *, tier: Tier, replied: bool) -> datetime | None:
    """When the complaint became (or becomes) overdue: the earliest deadline still waiting for its event."""
    waiting = []
    if not replied:
        waiting.append(deadlines.reply_by)
    if tier < Tier.SENIOR:
        waiting.append(deadlines.senior_by)
    if tier < Tier.MANAGER:
        waiting.append(deadlines.manager_by)
    return min(waiting) if waiting else None


def overdue_names(deadlines: Deadlines, *, tier: Tier, replied: bool, at: datetime) -> tuple[str, ...]:
    """Which deadlines (reply, senior, manager) have passed at `at` without their event."""
    names = []
    if not replied and deadlines.reply_by <= at:
        names.append("reply")
    if tier < Tier.SENIOR and deadlines.senior_by <= at:
        names.append("senior")
    if tier < Tier.MANAGER and deadlines.manager_by <= at:
        names.append("manager")
    return tuple(names)
