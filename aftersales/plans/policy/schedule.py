"""Service-plan dates (服务计划排期): which periods a plan rule has and on which working day each is due.

The rule (SPEC §4; 篇1 2.11, 2.12; 篇6; 篇7):

- A plan rule repeats on a *cadence*, and every repetition belongs to exactly one *period* with a stable key:
  monthly (每月电话回访, 验收后每月巡检) → one period per calendar month, key ``2026-10``;
  quarterly (每季度巡检, 一年四次; 每季度领导走访) → calendar quarters, key ``2026-Q4``;
  training (每年五月份和十月份培训两次) → May and October only, keys ``2026-05`` and ``2026-10``;
  survey (客户满意度安排在每年的7、8二个月) → one window per year, 1 July – 31 August, key ``2026``.
  The key depends on the period alone, never on when generation runs, so generating twice finds the same
  keys (idempotent work items ``plan:<rule id>:<key>``).
- The preferred date of a period is ``day_of_month`` in the ``month_of_period``-th month of the period
  (quarter: 1–3; survey: 1 = July, 2 = August; monthly and training: the period's only month). A day the
  month does not have is the month's last day (31 → 30 April, 29/30/31 → 28 or 29 February).
- The due date is a working day of the office calendar: a preferred date on a weekend or holiday moves to the
  next working day (2026-10-01 → 2026-10-08 after National Day). It never leaves its period: when no working
  day follows inside the period, it moves back to the last working day before the preferred date. Only a
  period without any working day keeps the preferred date. A date in a year without holiday data is decided
  by the weekly rule and flagged ``uncertain`` (SPEC §8: flagged, not guessed).
- Monthly inspection after acceptance (验收后每月巡检) starts with the month after the acceptance date:
  :func:`first_day_of_next_month`.
- Which occurrences to create: those of periods that have not ended before ``open_from`` (a missed run still
  creates the current period's item, due in the past), whose due date lies within the plan's active dates and
  no later than ``until`` (the generation horizon).

Pure: no Django, no clock, no database. The calendar is handed in as a value.
"""

from __future__ import annotations

import calendar as _gregorian
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from aftersales.sla.policy.worktime import WorkCalendar, add_working_days, is_working_day

__all__ = [
    "SURVEY_MONTHS",
    "TRAINING_MONTHS",
    "Cadence",
    "Occurrence",
    "Period",
    "Preference",
    "clamp_day",
    "due_date",
    "first_day_of_next_month",
    "nominal_date",
    "occurrences",
    "period_containing",
    "periods_between",
]

TRAINING_MONTHS = (5, 10)
"""Training twice a year, in May and October (篇6 每年的五月份和十月份)."""
SURVEY_MONTHS = (7, 8)
"""The annual satisfaction survey window, July and August (篇7)."""


class Cadence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TRAINING = "training"
    SURVEY = "survey"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One repetition window of a cadence, ``starts_on``..``ends_on`` inclusive, named by ``key``."""

    starts_on: date
    ends_on: date
    key: str


@dataclass(frozen=True, slots=True)
class Preference:
    """When in a period the work is preferred: day of month 1–31 in the ``month_of_period``-th month."""

    cadence: Cadence
    day_of_month: int = 15
    month_of_period: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.day_of_month, bool) or not isinstance(self.day_of_month, int):
            raise ValueError(f"day_of_month must be an integer, got {self.day_of_month!r}")
        if not 1 <= self.day_of_month <= 31:
            raise ValueError(f"day_of_month must lie in 1..31, got {self.day_of_month}")
        if isinstance(self.month_of_period, bool) or not isinstance(self.month_of_period, int):
            raise ValueError(f"month_of_period must be an integer, got {self.month_of_period!r}")
        if not 1 <= self.month_of_period <= _months_in_period(Cadence(self.cadence)):
            raise ValueError(
                f"month_of_period must lie in 1..{_months_in_period(Cadence(self.cadence))} for "
                f"{self.cadence}, got {self.month_of_period}"
            )
        object.__setattr__(self, "cadence", Cadence(self.cadence))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated repetition: its period, the preferred date and the working-day due date."""

    period: Period
    nominal_on: date
    due_on: date
    uncertain: bool

    @property
    def is_moved(self) -> bool:
        return self.due_on != self.nominal_on


def _months_in_period(cadence: Cadence) -> int:
    return {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.TRAINING: 1, Cadence.SURVEY: 2}[cadence]


def _month_end(year: int, month: int) -> date:
    return date(year, month, _gregorian.monthrange(year, month)[1])


def clamp_day(year: int, month: int, day: int) -> date:
    """``day`` of the month, or the month's last day when the month is shorter (31 → 30 April; 2028-02-29)."""
    return date(year, month, min(day, _gregorian.monthrange(year, month)[1]))


def first_day_of_next_month(on: date) -> date:
    """The first day of the month after ``on``: monthly inspections start the month after acceptance (篇1 2.12)."""
    return date(on.year + 1, 1, 1) if on.month == 12 else date(on.year, on.month + 1, 1)


def period_containing(cadence: Cadence | str, on: date) -> Period | None:
    """The period of ``cadence`` that contains ``on``; ``None`` outside training and survey months."""
    cadence = Cadence(cadence)
    year, month = on.year, on.month
    if cadence is Cadence.MONTHLY:
        return Period(date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}")
    if cadence is Cadence.QUARTERLY:
        quarter = (month - 1) // 3 + 1
        first = 3 * quarter - 2
        return Period(date(year, first, 1), _month_end(year, first + 2), f"{year:04d}-Q{quarter}")
    if cadence is Cadence.TRAINING:
        if month not in TRAINING_MONTHS:
            return None
        return Period(date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}")
    if month not in SURVEY_MONTHS:
        return None
    return Period(date(year, SURVEY_MONTHS[0], 1), _month_end(year, SURVEY_MONTHS[-1]), f"{year:04d}")


def _first_day_of_next_period(cadence: Cadence, period: Period) -> date:
    after = period.ends_on + timedelta(days=1)
    if cadence is Cadence.TRAINING:
        later = [m for m in TRAINING_MONTHS if m > period.starts_on.month]
        return (
            date(period.starts_on.year, later[0], 1)
            if later
            else date(period.starts_on.year + 1, TRAINING_MONTHS[0], 1)
        )
    if cadence is Cadence.SURVEY:
        return date(period.starts_on.year + 1, SURVEY_MONTHS[0], 1)
    return after


def _first_period_from(cadence: Cadence, on: date) -> Period:
    """The period containing ``on``, or the first one after it."""
    found = period_containing(cadence, on)
    if found is not None:
        return found
    if cadence is Cadence.TRAINING:
        months = [m for m in TRAINING_MONTHS if m > on.month]
        start = date(on.year, months[0], 1) if months else date(on.year + 1, TRAINING_MONTHS[0], 1)
    else:  # survey: before July → this year's window, after August → next year's
        year = on.year if on.month < SURVEY_MONTHS[0] else on.year + 1
        start = date(year, SURVEY_MONTHS[0], 1)
    found = period_containing(cadence, start)
    if found is None:  # pragma: no cover - start is always inside a period by construction
        raise AssertionError(start)
    return found


def periods_between(cadence: Cadence | str, first_on: date, last_on: date) -> tuple[Period, ...]:
    """Every period of ``cadence`` that overlaps ``first_on``..``last_on`` (inclusive), in date order."""
    cadence = Cadence(cadence)
    if last_on < first_on:
        return ()
    result = []
    period = _first_period_from(cadence, first_on)
    while period.starts_on <= last_on:
        result.append(period)
        following = period_containing(cadence, _first_day_of_next_period(cadence, period))
        if following is None:  # pragma: no cover - the next period's first day is inside it
            raise AssertionError(period)
        period = following
    return tuple(result)


def nominal_date(period: Period, preference: Preference) -> date:
    """The preferred date in ``period``: the day of month in the chosen month, clamped to the month's end."""
    month_index = period.starts_on.month - 1 + preference.month_of_period - 1
    year = period.starts_on.year + month_index // 12
    return clamp_day(year, month_index % 12 + 1, preference.day_of_month)


def _unknown_year(calendar: WorkCalendar, on: date) -> bool:
    return not calendar.always_open and calendar.uses_holidays and on.year not in calendar.known_years


def due_date(calendar: WorkCalendar, period: Period, nominal_on: date) -> tuple[date, bool]:
    """The working day the work is due: ``nominal_on`` or the next working day, kept inside ``period``.

    Returns ``(due_on, uncertain)``; ``uncertain`` when a date of a year without holiday data decided it.
    """
    uncertain = _unknown_year(calendar, nominal_on)
    forward = add_working_days(calendar, nominal_on, 0)
    if forward.on <= period.ends_on:
        return forward.on, uncertain or forward.uncertain
    on = nominal_on - timedelta(days=1)
    while on >= period.starts_on:
        if is_working_day(calendar, on):
            return on, uncertain or _unknown_year(calendar, on)
        on -= timedelta(days=1)
    return nominal_on, True


def occurrences(
    preference: Preference,
    calendar: WorkCalendar,
    *,
    active_from: date,
    active_until: date | None,
    open_from: date,
    until: date,
) -> tuple[Occurrence, ...]:
    """The occurrences to have as work items now.

    Periods that ended before ``open_from`` (today) are history; of the others, those whose due date lies in
    ``active_from``..``active_until`` (the plan's dates; ``None`` = open-ended) and on or before ``until``
    (the horizon). The result for a period never depends on the window, only on the period, the preference
    and the calendar, which is what makes generation idempotent.
    """
    last = until if active_until is None else min(until, active_until)
    first = max(open_from, active_from)
    result = []
    for period in periods_between(preference.cadence, first, last):
        nominal = nominal_date(period, preference)
        due_on, uncertain = due_date(calendar, period, nominal)
        if period.ends_on < open_from or due_on < active_from or due_on > last:
            continue
        result.append(Occurrence(period=period, nominal_on=nominal, due_on=due_on, uncertain=uncertain))
    return tuple(result)
