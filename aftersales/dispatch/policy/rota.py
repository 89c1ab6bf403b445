"""The 7×24 on-call rota (值班表): who is on duty when, from a weekly pattern rotating through a team.

The rule (SPEC §3; 篇1 4.9 "7×24小时"): each day has the same shifts (by default a day shift 08:00–20:00 and
a night shift 20:00–08:00 the next morning, local time), each staffed by `headcount` engineers. Slots are
numbered from a fixed origin (day 1 of the proleptic calendar) in the order day, shift, seat, and slot n goes
to team member n mod team size. So every member takes turns at days and nights in a fixed order, and a
week's rota continues the previous week's exactly. Pure Python: the caller passes the team, the week and the
time zone, and stores the result.
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DAY_AND_NIGHT", "MAX_SHIFT_HOURS", "ShiftSlot", "ShiftTemplate", "weekly_rota"]

MAX_SHIFT_HOURS = 48
"""The longest shift (on call over a weekend at most); it keeps "who is on duty now" a short index range."""


@dataclass(frozen=True)
class ShiftTemplate:
    """A daily shift: its name, local start time, length in hours and how many engineers staff it."""

    name: str
    starts: dt.time
    hours: int
    headcount: int = 1


DAY_AND_NIGHT: tuple[ShiftTemplate, ...] = (
    ShiftTemplate("白班", dt.time(8, 0), 12),
    ShiftTemplate("夜班", dt.time(20, 0), 12),
)


@dataclass(frozen=True)
class ShiftSlot:
    """One engineer's shift: who, which shift, from when to when (aware datetimes)."""

    member: int
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def weekly_rota(
    team: Sequence[int],
    week_start: dt.date,
    tz: dt.tzinfo,
    pattern: Sequence[ShiftTemplate] = DAY_AND_NIGHT,
    *,
    days: int = 7,
) -> list[ShiftSlot]:
    """The shifts of the `days` days from `week_start` in time zone `tz`, staffed in turn by `team`."""
    if not team:
        return []
    if any(not 0 < t.hours <= MAX_SHIFT_HOURS or t.headcount <= 0 for t in pattern):
        raise ValueError("a shift lasts 1 to 48 hours and has a positive headcount")
    seats_per_day = sum(t.headcount for t in pattern)
    slots: list[ShiftSlot] = []
    for offset in range(days):
        day = week_start + dt.timedelta(days=offset)
        slot = day.toordinal() * seats_per_day
        for template in pattern:
            starts_at = dt.datetime.combine(day, template.starts, tzinfo=tz)
            ends_at = starts_at + dt.timedelta(hours=template.hours)
            for _seat in range(template.headcount):
                slots.append(ShiftSlot(team[slot % len(team)], template.name, starts_at, ends_at))
                slot += 1
    return slots
