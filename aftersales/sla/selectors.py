"""Read SLA configuration as policy values (WorkCalendar, SlaTargets), cached in each worker process.

Intake needs the calendar and targets on every request, so they are built once and kept while the SLA
configuration's generation (`models.ConfigGeneration`) stays the one they were read under. Every change of a
calendar, its hours, the holiday table or a policy and its targets writes a new generation in its own
transaction (`signals`, `services.holidays_import`), so every worker process sees the change at its next
request, not only the one that made it (issue 9: state kept per worker process is shared by all workers).
Intake reads the generation in its one statement (`tickets.sql.intake_row`) and passes it; other callers
pass none and `policy_values` reads it (one query by primary key).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from aftersales.sla import models
from aftersales.sla.choices import HOLIDAY_ROW, MAKEUP_WORKDAY_ROW, CalendarKind, DayKind
from aftersales.sla.policy.targets import DEFAULT_TARGETS, ClassTargets, SlaTargets
from aftersales.sla.policy.targets import Severity as PolicySeverity
from aftersales.sla.policy.targets import Zone as PolicyZone
from aftersales.sla.policy.worktime import WorkCalendar


@dataclass(frozen=True)
class PolicyValues:
    """An SLA policy ready for the policy layer."""

    policy_id: int
    name: str
    calendar: WorkCalendar
    targets: SlaTargets


# The generation the cached values were read under, and the values by policy id (None: the default policy).
# Replaced as a whole, never changed in place but for adding a policy, so readers need no lock: a thread
# that adds to a state another thread has just replaced adds to a dict nobody reads any more.
_state: tuple[int | None, dict[int | None, PolicyValues]] = (None, {})


# The generation a bulk job (the data generator) read once for all its calls (`generation_read_once`).
_pinned: ContextVar[int | None] = ContextVar("sla_generation_pinned", default=None)


def clear_cache() -> None:
    """Forget the cached policies in this process (the next call reads them again)."""
    global _state
    _state = (None, {})


def current_generation() -> int:
    """The stored generation of the SLA configuration (0 when its row is missing, as after a test's flush)."""
    value = models.ConfigGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def generation_bump() -> int:
    """Write a new generation in the caller's transaction, so that every worker process drops the policies it
    cached (at its next request), and drop this process's now. Called on every change of the configuration."""
    value = secrets.randbits(62) or 1
    if not models.ConfigGeneration.objects.filter(pk=1).update(value=value):
        models.ConfigGeneration.objects.update_or_create(pk=1, defaults={"value": value})
    clear_cache()
    if _pinned.get() is not None:
        _pinned.set(value)
    return value


@contextlib.contextmanager
def generation_read_once() -> Iterator[int]:
    """Within the block, `policy_values` without a generation uses the one read when it began (and the new one
    after a change made within it): for a job that computes deadlines for many requests in one go."""
    token = _pinned.set(current_generation())
    try:
        yield _pinned.get()
    finally:
        _pinned.reset(token)


def policy_values(policy_id: int | None, *, generation: int | None = None) -> PolicyValues:
    """The policy `policy_id` as values, or the default policy when `policy_id` is None.

    `generation` is the configuration's generation as the caller read it (intake reads it in its own
    statement); without it, the one `generation_read_once` holds, or else it is read here (one query). Values
    cached under another generation are dropped first.
    """
    global _state
    if generation is None:
        generation = _pinned.get()
    if generation is None:
        generation = current_generation()
    state = _state
    if state[0] != generation:
        state = _state = (generation, {})
    cached = state[1].get(policy_id)
    if cached is not None:
        return cached
    values = _load(policy_id)
    state[1][policy_id] = values
    return values


def _load(policy_id: int | None) -> PolicyValues:
    qs = models.SlaPolicy.objects.select_related("calendar").prefetch_related("targets", "calendar__hours")
    policy = qs.get(pk=policy_id) if policy_id is not None else qs.get(is_default=True)
    return PolicyValues(
        policy_id=policy.pk,
        name=policy.name,
        calendar=work_calendar(policy.calendar),
        targets=_targets(policy),
    )


def _minutes(value) -> int:
    return value.hour * 60 + value.minute


def _intervals(rows) -> tuple[tuple[int, int], ...]:
    """Opening intervals in minutes from midnight; a closing time of 00:00 means midnight (1440)."""
    return tuple(sorted((_minutes(r.opens_at), _minutes(r.closes_at) or 1440) for r in rows))


def work_calendar(calendar: models.Calendar) -> WorkCalendar:
    """A Calendar row (with its hours and the holiday table) as a policy WorkCalendar."""
    if calendar.kind == CalendarKind.ALWAYS_OPEN:
        return WorkCalendar(always_open=True)
    hours = list(calendar.hours.all())
    weekly = tuple(_intervals(h for h in hours if h.day == weekday) for weekday in range(7))
    makeup = [h for h in hours if h.day == MAKEUP_WORKDAY_ROW]
    holidays, workdays, known_years = holiday_table()
    return WorkCalendar(
        weekly=weekly,
        holiday_hours=_intervals(h for h in hours if h.day == HOLIDAY_ROW),
        workday_hours=_intervals(makeup) if makeup else None,
        holidays=holidays if calendar.uses_holidays else frozenset(),
        workdays=workdays if calendar.uses_holidays else frozenset(),
        known_years=known_years,
        uses_holidays=calendar.uses_holidays,
    )


def holiday_table():
    """(holidays, make-up workdays, known years) from the editable holiday table."""
    holidays, workdays = set(), set()
    for on, kind in models.HolidayDate.objects.values_list("on", "kind"):
        (holidays if kind == DayKind.HOLIDAY else workdays).add(on)
    known = frozenset(models.HolidayYear.objects.values_list("year", flat=True))
    return frozenset(holidays), frozenset(workdays), known


def _targets(policy: models.SlaPolicy) -> SlaTargets:
    per_class = {}
    for t in policy.targets.all():
        per_class[PolicySeverity(t.severity)] = ClassTargets(
            respond_minutes=t.respond_minutes,
            escalate_minutes=t.escalate_minutes,
            restore_minutes=t.restore_minutes,
            resolve_minutes=t.resolve_minutes,
            vendor_minutes=t.vendor_minutes,
            leadership_minutes=t.leadership_minutes,
            arrive_minutes=(
                (PolicyZone.LOCAL, t.arrive_local_minutes),
                (PolicyZone.PROVINCE, t.arrive_province_minutes),
                (PolicyZone.ELSEWHERE, t.arrive_elsewhere_minutes),
            ),
        )
    # A class the admin left out keeps the default table's targets.
    return DEFAULT_TARGETS.replacing(per_class)


def missing_holiday_year(today: dt.date) -> int | None:
    """The year whose holidays an admin must enter now, if any (issue 9, defect 12; SPEC §8).

    From December 1 on, next year when the holiday table has no data for it (the State Council publishes
    the notice in late autumn; `chinesecalendar` only knows the years released with it); at any time, this
    year when it has none. One indexed query.
    """
    wanted = [today.year, today.year + 1] if today.month == 12 else [today.year]
    known = set(models.HolidayYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return next((year for year in wanted if year not in known), None)
