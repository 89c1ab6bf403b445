"""Working-time calendar math (工作时间): how SLA clocks count minutes and days.

The rule (SPEC §2, §6, §8; 篇1 3.2, 4.9):

- An SLA target such as "restore within 4 hours" counts *working* minutes of a calendar. A calendar
  is either 7×24 (every minute counts, holidays are irrelevant) or a set of weekly opening hours
  (e.g. Mon–Fri 8:30–17:30, or Dell phone support Mon–Fri 8:30–21:00, Sat/Sun/holidays 8:30–17:30).
- The opening hours of a date follow the State Council holiday schedule: a statutory day off
  (法定节假日, including in-lieu days) uses the holiday hours, a make-up workday (调休上班) uses the
  workday hours (by default Monday's), every other date uses its weekday's hours.
- Holiday data is handed in as values (seeded from ``chinesecalendar``, editable by an admin). For a
  year whose data is not known, the plain weekly hours are used and every result that examined such
  a date is flagged ``uncertain``: a deadline in an unknown year is flagged, not guessed (SPEC §8).
- Times are timezone-aware datetimes in any zone; results are returned in the calendar's fixed UTC
  offset (China is UTC+8 all year, no DST). The unit of working time is the minute, but instants
  keep their seconds and microseconds: working time counts from the exact instant, nothing is
  rounded.
- A deadline is the instant its last working minute ends, so a target that exhausts an opening
  interval ends at the interval's end (17:30), not at the next opening. ``add_working_minutes(t, 0)``
  is ``t`` when ``t`` lies in working time and the next opening instant otherwise.
- SLA clocks pause while waiting for the customer: the working time of each pause that starts
  before the (already shifted) deadline is added to it. Pausing never shortens a deadline.

Internally everything runs on integer microseconds of a local day and proleptic ordinals, with the
opening intervals of each date computed once per calendar and cached, so no datetime arithmetic
happens inside the loops.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import cast

__all__ = [
    "ALWAYS_OPEN",
    "CHINA_UTC_OFFSET_MINUTES",
    "MAX_IDLE_DAYS",
    "DayResult",
    "Deadline",
    "Interval",
    "Intervals",
    "WorkCalendar",
    "WorkingSpan",
    "add_working_days",
    "add_working_minutes",
    "dell_phone_support",
    "interval",
    "is_working_day",
    "office_hours",
    "shift_for_pauses",
    "weekly_hours",
    "with_holidays",
    "working_minutes_between",
]

Interval = tuple[int, int]
"""An opening interval ``(start_minute, end_minute)`` in minutes from local midnight, end exclusive."""
Intervals = tuple[Interval, ...]

CHINA_UTC_OFFSET_MINUTES = 480
"""Asia/Shanghai: UTC+8 all year, no daylight saving time."""
MAX_IDLE_DAYS = 3660
"""A search that meets this many consecutive closed days gives up: the calendar has no working time left."""

_MINUTES_PER_DAY = 1440
_US_PER_MINUTE = 60_000_000
_US_PER_DAY = _MINUTES_PER_DAY * _US_PER_MINUTE
_MAX_CACHED_DAYS = 40_000
_MAX_COMPILED = 256

_Day = tuple[tuple[tuple[int, int], ...], int, bool, datetime]
"""A compiled date: (opening intervals in µs from midnight, total open µs, uncertain, local midnight)."""


def _normalise_intervals(value: Iterable[Sequence[int]], name: str) -> Intervals:
    """Return ``value`` as a tuple of ``(start, end)`` int pairs after checking the interval rules."""
    pairs = tuple(value)
    result: list[Interval] = []
    previous_end = 0
    for pair in pairs:
        if not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(f"{name}: an interval is a (start_minute, end_minute) pair, got {pair!r}")
        start, end = pair
        if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
            raise ValueError(f"{name}: interval minutes must be integers, got {pair!r}")
        if not 0 <= start < end <= _MINUTES_PER_DAY:
            raise ValueError(f"{name}: interval {pair!r} must satisfy 0 <= start < end <= 1440")
        if start < previous_end:
            raise ValueError(f"{name}: intervals must be sorted and non-overlapping, got {pairs!r}")
        previous_end = end
        result.append((start, end))
    return tuple(result)


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """A working-time calendar (工作时间日历): weekly opening hours plus the holiday schedule.

    ``weekly`` holds seven tuples (index 0 = Monday … 6 = Sunday) of opening intervals in minutes
    from local midnight, sorted and non-overlapping. ``holiday_hours`` are the opening hours on
    statutory days off (``()`` = closed), ``workday_hours`` those on make-up workdays (``None`` =
    Monday's). ``holidays`` and ``workdays`` are trusted only for ``known_years``; other years use
    the weekly hours and flag results as uncertain. ``uses_holidays=False`` ignores the holiday
    schedule altogether; ``always_open`` is 7×24. SPEC §2, §8; 篇1 3.2, 4.9.
    """

    always_open: bool = False
    weekly: tuple[Intervals, ...] = ((),) * 7
    holiday_hours: Intervals = ()
    workday_hours: Intervals | None = None
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    known_years: frozenset[int] = frozenset()
    uses_holidays: bool = True
    utc_offset_minutes: int = CHINA_UTC_OFFSET_MINUTES

    def __post_init__(self) -> None:
        """Check the intervals and offset, and store every field in its hashable canonical form."""
        weekly = tuple(self.weekly)
        if len(weekly) != 7:
            raise ValueError(f"weekly must hold 7 days (Monday..Sunday), got {len(weekly)}")
        object.__setattr__(
            self, "weekly", tuple(_normalise_intervals(day, f"weekly[{index}]") for index, day in enumerate(weekly))
        )
        object.__setattr__(self, "holiday_hours", _normalise_intervals(self.holiday_hours, "holiday_hours"))
        if self.workday_hours is not None:
            object.__setattr__(self, "workday_hours", _normalise_intervals(self.workday_hours, "workday_hours"))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        object.__setattr__(self, "known_years", frozenset(self.known_years))
        if not -_MINUTES_PER_DAY < self.utc_offset_minutes < _MINUTES_PER_DAY:
            raise ValueError(f"utc_offset_minutes must lie strictly within ±1440, got {self.utc_offset_minutes}")


@dataclass(frozen=True, slots=True)
class Deadline:
    """An instant computed on a calendar; ``uncertain`` when a date of a year without holiday data was used."""

    at: datetime
    uncertain: bool


@dataclass(frozen=True, slots=True)
class WorkingSpan:
    """An amount of working time, exact to the microsecond; ``uncertain`` as for :class:`Deadline`."""

    duration: timedelta
    uncertain: bool

    @property
    def minutes(self) -> float:
        """The working time in minutes (fractional when the ends carry seconds)."""
        return self.duration / timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class DayResult:
    """A date computed on a calendar; ``uncertain`` as for :class:`Deadline`."""

    on: date
    uncertain: bool


ALWAYS_OPEN = WorkCalendar(always_open=True)
"""7×24: every minute counts, holidays are irrelevant (篇1 3.2, 4.9)."""

_FULL_DAY_US: tuple[tuple[int, int], ...] = ((0, _US_PER_DAY),)


def _to_microseconds(intervals: Intervals) -> tuple[tuple[int, int], ...]:
    """Convert minute intervals to microsecond intervals, merging ones that touch."""
    merged: list[list[int]] = []
    for start, end in intervals:
        if merged and merged[-1][1] == start * _US_PER_MINUTE:
            merged[-1][1] = end * _US_PER_MINUTE
        else:
            merged.append([start * _US_PER_MINUTE, end * _US_PER_MINUTE])
    return tuple((start, end) for start, end in merged)


class _Compiled:
    """The per-calendar cache: the time zone and the opening intervals of every date met so far."""

    __slots__ = ("calendar", "days", "has_open_time", "holiday_us", "tz", "weekly_us", "workday_us")

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.tz = timezone(timedelta(minutes=calendar.utc_offset_minutes))
        self.days: dict[int, _Day] = {}
        self.weekly_us = tuple(_to_microseconds(day) for day in calendar.weekly)
        self.holiday_us = _to_microseconds(calendar.holiday_hours)
        workday = calendar.workday_hours if calendar.workday_hours is not None else calendar.weekly[0]
        self.workday_us = _to_microseconds(workday)
        known = calendar.known_years
        self.has_open_time = (
            calendar.always_open
            or any(calendar.weekly)
            or (
                calendar.uses_holidays
                and (
                    (bool(self.holiday_us) and any(day.year in known for day in calendar.holidays))
                    or (bool(self.workday_us) and any(day.year in known for day in calendar.workdays))
                )
            )
        )

    def day(self, ordinal: int) -> _Day:
        """Compile and cache the opening intervals of the date with proleptic ordinal ``ordinal``."""
        on = date.fromordinal(ordinal)
        calendar = self.calendar
        uncertain = False
        if calendar.always_open:
            intervals = _FULL_DAY_US
        elif not calendar.uses_holidays:
            intervals = self.weekly_us[on.weekday()]
        elif on.year not in calendar.known_years:
            uncertain = True
            intervals = self.weekly_us[on.weekday()]
        elif on in calendar.holidays:
            intervals = self.holiday_us
        elif on in calendar.workdays:
            intervals = self.workday_us
        else:
            intervals = self.weekly_us[on.weekday()]
        total = sum(end - start for start, end in intervals)
        compiled: _Day = (intervals, total, uncertain, datetime(on.year, on.month, on.day, tzinfo=self.tz))
        if len(self.days) >= _MAX_CACHED_DAYS:
            self.days.clear()
        self.days[ordinal] = compiled
        return compiled

    def require_open_time(self) -> None:
        """Refuse a search on a calendar that never opens, instead of scanning for years."""
        if not self.has_open_time:
            raise ValueError(
                "the working-time calendar has no open time at all (no weekly hours and no holiday or "
                "make-up workday hours in a known year)"
            )


_COMPILED_BY_ID: dict[int, tuple[WorkCalendar, _Compiled]] = {}
_COMPILED_BY_VALUE: dict[WorkCalendar, _Compiled] = {}


def _compiled(calendar: WorkCalendar) -> _Compiled:
    """Return the cache of ``calendar``.

    Looked up by identity first (hashing a calendar walks all its fields); the entry keeps the
    calendar alive, so its id cannot be reused while the entry exists. Equal calendars share a cache.
    """
    entry = _COMPILED_BY_ID.get(id(calendar))
    if entry is not None and entry[0] is calendar:
        return entry[1]
    compiled = _COMPILED_BY_VALUE.get(calendar)
    if compiled is None:
        compiled = _Compiled(calendar)
        if len(_COMPILED_BY_VALUE) >= _MAX_COMPILED:
            _COMPILED_BY_VALUE.clear()
        _COMPILED_BY_VALUE[calendar] = compiled
    if len(_COMPILED_BY_ID) >= _MAX_COMPILED:
        _COMPILED_BY_ID.clear()
    _COMPILED_BY_ID[id(calendar)] = (calendar, compiled)
    return compiled


_TIMEZONES: dict[int, timezone] = {}


def _timezone(utc_offset_minutes: int) -> timezone:
    """Return the fixed-offset zone for ``utc_offset_minutes`` (cached)."""
    tz = _TIMEZONES.get(utc_offset_minutes)
    if tz is None:
        tz = _TIMEZONES[utc_offset_minutes] = timezone(timedelta(minutes=utc_offset_minutes))
    return tz


def _require_aware(at: datetime, name: str) -> None:
    """Refuse naive datetimes: their meaning would depend on the server's zone."""
    if at.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {at!r}")


def _local(compiled: _Compiled, at: datetime, name: str) -> tuple[int, int]:
    """Return ``at`` as (local date ordinal, microseconds since local midnight) in the calendar's zone."""
    _require_aware(at, name)
    local = at.astimezone(compiled.tz)
    return local.toordinal(), ((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000 + local.microsecond


def _no_time_left(start: datetime) -> ValueError:
    return ValueError(
        f"the working-time calendar has no open time within {MAX_IDLE_DAYS} days after {start.isoformat()}"
    )


def _add_microseconds(compiled: _Compiled, start: datetime, amount: int) -> tuple[datetime, bool]:
    """Move ``amount`` working microseconds forward from ``start``; return (instant, uncertain)."""
    ordinal, position = _local(compiled, start, "start")
    compiled.require_open_time()
    days = compiled.days
    uncertain = False
    idle_days = 0
    while True:
        intervals, total, day_uncertain, midnight = days.get(ordinal) or compiled.day(ordinal)
        if day_uncertain:
            uncertain = True
        if total:
            idle_days = 0
            if position == 0 and amount > total:
                amount -= total
            else:
                for open_at, close_at in intervals:
                    if close_at <= position:
                        continue
                    if open_at > position:
                        position = open_at
                    available = close_at - position
                    if amount <= available:
                        return midnight + timedelta(microseconds=position + amount), uncertain
                    amount -= available
                    position = close_at
        else:
            idle_days += 1
            if idle_days > MAX_IDLE_DAYS:
                raise _no_time_left(start)
        ordinal += 1
        position = 0


def _microseconds_between(compiled: _Compiled, start: datetime, end: datetime) -> tuple[int, bool]:
    """Count the working microseconds in ``[start, end)``; return (amount, uncertain)."""
    first_ordinal, first_position = _local(compiled, start, "start")
    last_ordinal, last_position = _local(compiled, end, "end")
    if (last_ordinal, last_position) <= (first_ordinal, first_position):
        return 0, False
    if last_position == 0:
        # `end` is a midnight: nothing of its date lies before it, so that date is not examined.
        last_ordinal -= 1
        last_position = _US_PER_DAY
    days = compiled.days
    amount = 0
    uncertain = False
    for ordinal in range(first_ordinal, last_ordinal + 1):
        intervals, total, day_uncertain, _ = days.get(ordinal) or compiled.day(ordinal)
        if day_uncertain:
            uncertain = True
        low = first_position if ordinal == first_ordinal else 0
        high = last_position if ordinal == last_ordinal else _US_PER_DAY
        if low == 0 and high == _US_PER_DAY:
            amount += total
            continue
        for open_at, close_at in intervals:
            if close_at <= low:
                continue
            if open_at >= high:
                break
            amount += min(close_at, high) - max(open_at, low)
    return amount, uncertain


def _check_count(value: int, name: str) -> int:
    """Accept a non-negative integer (``operator.index`` refuses floats)."""
    count = value if type(value) is int else operator.index(value)
    if count < 0:
        raise ValueError(f"{name} must not be negative, got {count}")
    return count


_MINUTE_STEPS: dict[int, timedelta] = {}
_MAX_MINUTE_STEPS = 20_000


def add_working_minutes(calendar: WorkCalendar, start: datetime, minutes: int) -> Deadline:
    """Return the instant ``minutes`` working minutes after ``start`` on ``calendar``.

    The deadline of an SLA target measured in working time (SPEC §2; 篇1 4.9). With ``minutes == 0``
    the result is ``start`` itself when it lies in working time and the next opening instant
    otherwise. The result is in the calendar's UTC offset; ``uncertain`` when a date of a year
    without holiday data was examined.
    """
    if type(minutes) is not int or minutes < 0:
        minutes = _check_count(minutes, "minutes")
    if calendar.always_open:
        # The 7×24 fast path: plain elapsed time, computed in the fixed offset so DST zones cannot shift it.
        if start.tzinfo is None or start.utcoffset() is None:
            _require_aware(start, "start")
        step = _MINUTE_STEPS.get(minutes)
        if step is None:
            step = timedelta(minutes=minutes)
            if len(_MINUTE_STEPS) < _MAX_MINUTE_STEPS:
                _MINUTE_STEPS[minutes] = step
        return Deadline(start.astimezone(_timezone(calendar.utc_offset_minutes)) + step, False)
    at, uncertain = _add_microseconds(_compiled(calendar), start, minutes * _US_PER_MINUTE)
    return Deadline(at, uncertain)


def working_minutes_between(calendar: WorkCalendar, start: datetime, end: datetime) -> WorkingSpan:
    """Return the working time of ``calendar`` within ``[start, end)``; zero when ``end <= start``.

    Used for time left before a deadline and for the length of a pause (SPEC §2; 篇1 4.9).
    ``uncertain`` when a date of a year without holiday data was examined.
    """
    if calendar.always_open:
        _require_aware(start, "start")
        _require_aware(end, "end")
        return WorkingSpan(max(end - start, timedelta(0)), False)
    amount, uncertain = _microseconds_between(_compiled(calendar), start, end)
    return WorkingSpan(timedelta(microseconds=amount), uncertain)


def _merge_pauses(pauses: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Sort pauses by start, drop empty ones and merge overlaps, so no time is paused twice."""
    merged: list[tuple[datetime, datetime]] = []
    for pause_start, pause_end in sorted(pauses, key=operator.itemgetter(0)):
        _require_aware(pause_start, "pause start")
        _require_aware(pause_end, "pause end")
        if pause_end <= pause_start:
            continue
        if merged and pause_start <= merged[-1][1]:
            if pause_end > merged[-1][1]:
                merged[-1] = (merged[-1][0], pause_end)
        else:
            merged.append((pause_start, pause_end))
    return merged


def shift_for_pauses(
    calendar: WorkCalendar, deadline: datetime, pauses: Sequence[tuple[datetime, datetime]]
) -> Deadline:
    """Push ``deadline`` back by the working time the SLA clock spent paused (等待用户, SPEC §2).

    Pauses are taken in chronological order (overlaps merged); each one that starts before the
    deadline as shifted so far adds its working time to it. A pause never shortens a deadline.
    """
    _require_aware(deadline, "deadline")
    compiled = _compiled(calendar)
    current = deadline.astimezone(compiled.tz)
    uncertain = False
    for pause_start, pause_end in _merge_pauses(pauses):
        if pause_start >= current:
            break
        amount, span_uncertain = _microseconds_between(compiled, pause_start, pause_end)
        uncertain = uncertain or span_uncertain
        if amount:
            current, shift_uncertain = _add_microseconds(compiled, current, amount)
            uncertain = uncertain or shift_uncertain
    return Deadline(current, uncertain)


def add_working_days(calendar: WorkCalendar, start_on: date, days: int) -> DayResult:
    """Return the ``days``-th working day after ``start_on`` (``days == 0``: ``start_on`` or the next working day).

    A working day is a date with any opening hours; on a 7×24 calendar every date. Used for
    day-based deadlines such as "sales entered within 3 working days" (SPEC §6, §8).
    """
    days = _check_count(days, "days")
    if calendar.always_open:
        return DayResult(start_on + timedelta(days=days), False)
    compiled = _compiled(calendar)
    compiled.require_open_time()
    cached = compiled.days
    ordinal = start_on.toordinal() + (1 if days else 0)
    needed = max(days, 1)
    uncertain = False
    idle_days = 0
    while True:
        _, total, day_uncertain, _ = cached.get(ordinal) or compiled.day(ordinal)
        if day_uncertain:
            uncertain = True
        if total:
            idle_days = 0
            needed -= 1
            if not needed:
                return DayResult(date.fromordinal(ordinal), uncertain)
        else:
            idle_days += 1
            if idle_days > MAX_IDLE_DAYS:
                raise ValueError(
                    f"the working-time calendar has no working day within {MAX_IDLE_DAYS} days of {start_on}"
                )
        ordinal += 1


def is_working_day(calendar: WorkCalendar, on: date) -> bool:
    """Say whether ``on`` has any opening hours on ``calendar`` (SPEC §6, §8).

    In a year without holiday data the weekly rule answers.
    """
    if calendar.always_open:
        return True
    compiled = _compiled(calendar)
    ordinal = on.toordinal()
    return bool((compiled.days.get(ordinal) or compiled.day(ordinal))[1])


def interval(start: str, end: str) -> Interval:
    """Build an opening interval from ``"HH:MM"`` clock times, e.g. ``interval("08:30", "17:30")`` (SPEC §2).

    ``"24:00"`` ends a day.
    """

    def minute_of_day(text: str) -> int:
        hours, _, minutes = text.partition(":")
        if not hours.isdigit() or not minutes.isdigit() or int(minutes) >= 60:
            raise ValueError(f"a clock time is written HH:MM, got {text!r}")
        return int(hours) * 60 + int(minutes)

    return _normalise_intervals(((minute_of_day(start), minute_of_day(end)),), "interval")[0]


def _as_intervals(value: Interval | Intervals) -> Intervals:
    """Accept one ``(start, end)`` pair or a tuple of them."""
    if len(value) == 2 and not isinstance(value[0], Sequence):
        return (cast(Interval, value),)
    return cast(Intervals, value)


def weekly_hours(
    mon_fri: Interval | Intervals = (),
    sat: Interval | Intervals = (),
    sun: Interval | Intervals = (),
    *,
    holiday: Interval | Intervals = (),
    workday: Interval | Intervals | None = None,
    holidays: Iterable[date] = (),
    workdays: Iterable[date] = (),
    known_years: Iterable[int] = (),
    uses_holidays: bool = True,
    utc_offset_minutes: int = CHINA_UTC_OFFSET_MINUTES,
) -> WorkCalendar:
    """Build a calendar with the same hours Monday to Friday (SPEC §2); each argument is one interval or a tuple.

    Example: ``weekly_hours((510, 1050))`` is Mon–Fri 8:30–17:30, closed at weekends and on holidays.
    """
    weekdays = _as_intervals(mon_fri)
    return WorkCalendar(
        weekly=(weekdays,) * 5 + (_as_intervals(sat), _as_intervals(sun)),
        holiday_hours=_as_intervals(holiday),
        workday_hours=None if workday is None else _as_intervals(workday),
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        known_years=frozenset(known_years),
        uses_holidays=uses_holidays,
        utc_offset_minutes=utc_offset_minutes,
    )


def office_hours(
    *,
    holidays: Iterable[date] = (),
    workdays: Iterable[date] = (),
    known_years: Iterable[int] = (),
    utc_offset_minutes: int = CHINA_UTC_OFFSET_MINUTES,
) -> WorkCalendar:
    """Office hours: Mon–Fri 8:30–17:30, closed on statutory holidays, open on make-up workdays (SPEC §2).

    Without ``known_years`` every result is flagged uncertain: pass the holiday schedule.
    """
    return weekly_hours(
        interval("08:30", "17:30"),
        holidays=holidays,
        workdays=workdays,
        known_years=known_years,
        utc_offset_minutes=utc_offset_minutes,
    )


def dell_phone_support(
    *,
    holidays: Iterable[date] = (),
    workdays: Iterable[date] = (),
    known_years: Iterable[int] = (),
    utc_offset_minutes: int = CHINA_UTC_OFFSET_MINUTES,
) -> WorkCalendar:
    """Dell phone support: Mon–Fri 8:30–21:00, Sat/Sun/holidays 8:30–17:30 (篇1 3.2).

    A make-up workday gets the weekday hours. Without ``known_years`` every result is flagged uncertain.
    """
    weekend = interval("08:30", "17:30")
    return weekly_hours(
        interval("08:30", "21:00"),
        weekend,
        weekend,
        holiday=weekend,
        holidays=holidays,
        workdays=workdays,
        known_years=known_years,
        utc_offset_minutes=utc_offset_minutes,
    )


def with_holidays(
    calendar: WorkCalendar, *, holidays: Iterable[date], workdays: Iterable[date], known_years: Iterable[int]
) -> WorkCalendar:
    """Return ``calendar`` with the holiday schedule replaced (as loaded by a service, SPEC §8)."""
    return replace(
        calendar, holidays=frozenset(holidays), workdays=frozenset(workdays), known_years=frozenset(known_years)
    )
