"""Tests of working-time calendar math (``aftersales.sla.policy.worktime``): spec examples, then properties."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.sla.policy.worktime import (
    ALWAYS_OPEN,
    DayResult,
    Deadline,
    Interval,
    Intervals,
    WorkCalendar,
    add_working_days,
    add_working_minutes,
    dell_phone_support,
    interval,
    is_working_day,
    office_hours,
    shift_for_pauses,
    weekly_hours,
    with_holidays,
    working_minutes_between,
)

CN = timezone(timedelta(hours=8))


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=offset) for offset in range((last - first).days + 1)}


HOLIDAYS_2026 = frozenset(
    _days(date(2026, 1, 1), date(2026, 1, 3))
    | _days(date(2026, 2, 15), date(2026, 2, 23))  # 春节
    | _days(date(2026, 4, 4), date(2026, 4, 6))
    | _days(date(2026, 5, 1), date(2026, 5, 5))
    | _days(date(2026, 6, 19), date(2026, 6, 21))
    | _days(date(2026, 9, 25), date(2026, 9, 27))
    | _days(date(2026, 10, 1), date(2026, 10, 7))  # 国庆
)
"""The State Council's 2026 days off, written out by hand (checked against chinesecalendar below)."""
WORKDAYS_2026 = frozenset(
    {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10)}
)
"""The 2026 make-up workdays (调休上班), all on weekends."""

OFFICE = office_hours(holidays=HOLIDAYS_2026, workdays=WORKDAYS_2026, known_years={2026})
DELL = dell_phone_support(holidays=HOLIDAYS_2026, workdays=WORKDAYS_2026, known_years={2026})


def cn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    """An instant in China time."""
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=CN)


def test_hand_written_2026_schedule_matches_chinesecalendar() -> None:
    # given
    expected_holidays = {on for on in chinese_calendar.holidays if on.year == 2026}
    expected_workdays = {on for on in chinese_calendar.workdays if on.year == 2026}

    # then
    assert expected_holidays == HOLIDAYS_2026
    assert expected_workdays == WORKDAYS_2026


# --- add_working_minutes: examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "start", "minutes", "expected"),
    [
        pytest.param(OFFICE, cn(2026, 9, 30, 16, 30), 240, cn(2026, 10, 8, 11, 30), id="office-over-national-day"),
        pytest.param(OFFICE, cn(2026, 9, 28, 9), 240, cn(2026, 9, 28, 13), id="office-same-day"),
        pytest.param(OFFICE, cn(2026, 9, 28, 8, 30), 540, cn(2026, 9, 28, 17, 30), id="office-fills-day-ends-at-close"),
        pytest.param(OFFICE, cn(2026, 9, 28, 7), 30, cn(2026, 9, 28, 9), id="office-before-opening"),
        pytest.param(OFFICE, cn(2026, 9, 28, 10, 15, 30), 0, cn(2026, 9, 28, 10, 15, 30), id="office-zero-when-open"),
        pytest.param(OFFICE, cn(2026, 9, 28, 17, 30), 0, cn(2026, 9, 29, 8, 30), id="office-zero-at-closing"),
        pytest.param(OFFICE, cn(2026, 10, 17, 12), 0, cn(2026, 10, 19, 8, 30), id="office-zero-at-weekend"),
        pytest.param(OFFICE, cn(2026, 9, 18, 17), 60, cn(2026, 9, 20, 9), id="office-make-up-sunday"),
        pytest.param(OFFICE, cn(2026, 2, 14, 17), 60, cn(2026, 2, 24, 9), id="office-over-spring-festival"),
        pytest.param(OFFICE, cn(2026, 10, 16, 17), 60, cn(2026, 10, 19, 9), id="office-over-weekend"),
        pytest.param(
            OFFICE,
            cn(2026, 9, 28, 9, 0, 17, 250_000),
            60,
            cn(2026, 9, 28, 10, 0, 17, 250_000),
            id="office-keeps-seconds",
        ),
        pytest.param(
            OFFICE, cn(2026, 9, 28, 17, 29, 30), 1, cn(2026, 9, 29, 8, 30, 30), id="office-minute-split-over-night"
        ),
        pytest.param(
            OFFICE, datetime(2026, 9, 28, 1, tzinfo=UTC), 30, cn(2026, 9, 28, 9, 30), id="office-input-in-utc"
        ),
        pytest.param(DELL, cn(2026, 10, 10, 17), 120, cn(2026, 10, 10, 19), id="dell-make-up-saturday-weekday-hours"),
        pytest.param(DELL, cn(2026, 10, 1, 17), 60, cn(2026, 10, 2, 9), id="dell-holiday-hours"),
        pytest.param(DELL, cn(2026, 10, 17, 17), 60, cn(2026, 10, 18, 9), id="dell-plain-saturday"),
        pytest.param(DELL, cn(2026, 10, 12, 20, 30), 60, cn(2026, 10, 13, 9), id="dell-weekday-evening"),
        pytest.param(DELL, cn(2026, 10, 16, 20), 600, cn(2026, 10, 17, 17, 30), id="dell-friday-into-saturday"),
        pytest.param(ALWAYS_OPEN, cn(2026, 9, 30, 16, 30), 240, cn(2026, 9, 30, 20, 30), id="always-open"),
        pytest.param(
            ALWAYS_OPEN, datetime(2026, 9, 30, 23, tzinfo=UTC), 90, cn(2026, 10, 1, 8, 30), id="always-open-from-utc"
        ),
    ],
)
def test_add_working_minutes_examples(
    calendar: WorkCalendar, start: datetime, minutes: int, expected: datetime
) -> None:
    # when
    result = add_working_minutes(calendar, start, minutes)

    # then
    assert result == Deadline(expected, False)
    assert result.at.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("start", "end", "expected_minutes"),
    [
        pytest.param(cn(2026, 9, 30, 16, 30), cn(2026, 10, 8, 11, 30), 240, id="over-national-day"),
        pytest.param(cn(2026, 10, 16, 17), cn(2026, 10, 19, 9), 60, id="over-weekend"),
        pytest.param(cn(2026, 10, 19, 9), cn(2026, 10, 16, 17), 0, id="end-before-start"),
        pytest.param(cn(2026, 10, 19, 9, 0, 30), cn(2026, 10, 19, 9, 1), 0.5, id="seconds-count"),
        pytest.param(cn(2026, 10, 19, 0), cn(2026, 10, 20, 0), 540, id="one-whole-day"),
        pytest.param(cn(2026, 10, 1), cn(2026, 10, 8), 0, id="holidays-count-nothing"),
    ],
)
def test_working_minutes_between_examples(start: datetime, end: datetime, expected_minutes: float) -> None:
    # when
    span = working_minutes_between(OFFICE, start, end)

    # then
    assert span.minutes == expected_minutes
    assert span.uncertain is False


def test_working_minutes_between_on_always_open_is_elapsed_time() -> None:
    # when
    span = working_minutes_between(ALWAYS_OPEN, cn(2026, 10, 1, 12), datetime(2026, 10, 2, 4, tzinfo=UTC))

    # then
    assert span.duration == timedelta(hours=24)
    assert span.minutes == 1440
    assert span.uncertain is False


# --- add_working_days and is_working_day: examples ---------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "start_on", "days", "expected"),
    [
        pytest.param(OFFICE, date(2026, 9, 30), 1, date(2026, 10, 8), id="over-national-day"),
        pytest.param(OFFICE, date(2026, 10, 3), 0, date(2026, 10, 8), id="zero-on-holiday-is-next-working-day"),
        pytest.param(OFFICE, date(2026, 9, 30), 0, date(2026, 9, 30), id="zero-on-working-day-is-itself"),
        pytest.param(OFFICE, date(2026, 10, 9), 3, date(2026, 10, 13), id="counts-make-up-saturday"),
        pytest.param(OFFICE, date(2026, 2, 13), 2, date(2026, 2, 24), id="over-spring-festival"),
        pytest.param(DELL, date(2026, 10, 1), 1, date(2026, 10, 2), id="dell-holidays-are-working-days"),
        pytest.param(ALWAYS_OPEN, date(2026, 10, 1), 5, date(2026, 10, 6), id="always-open"),
    ],
)
def test_add_working_days_examples(calendar: WorkCalendar, start_on: date, days: int, expected: date) -> None:
    # when
    result = add_working_days(calendar, start_on, days)

    # then
    assert result == DayResult(expected, False)


@pytest.mark.parametrize(
    ("calendar", "on", "expected"),
    [
        pytest.param(OFFICE, date(2026, 10, 10), True, id="office-make-up-saturday"),
        pytest.param(OFFICE, date(2026, 10, 1), False, id="office-holiday"),
        pytest.param(OFFICE, date(2026, 10, 17), False, id="office-saturday"),
        pytest.param(OFFICE, date(2026, 10, 8), True, id="office-thursday-after-national-day"),
        pytest.param(DELL, date(2026, 10, 1), True, id="dell-holiday"),
        pytest.param(ALWAYS_OPEN, date(2026, 10, 1), True, id="always-open"),
        pytest.param(WorkCalendar(), date(2026, 10, 8), False, id="never-open"),
    ],
)
def test_is_working_day_examples(calendar: WorkCalendar, on: date, expected: bool) -> None:
    # then
    assert is_working_day(calendar, on) is expected


# --- shift_for_pauses: examples ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "pauses", "expected"),
    [
        pytest.param(cn(2026, 9, 28, 13), [], cn(2026, 9, 28, 13), id="no-pause"),
        pytest.param(cn(2026, 9, 28, 13), [(cn(2026, 9, 28, 10), cn(2026, 9, 28, 11))], cn(2026, 9, 28, 14), id="hour"),
        pytest.param(
            cn(2026, 9, 28, 13), [(cn(2026, 9, 28, 14), cn(2026, 9, 28, 15))], cn(2026, 9, 28, 13), id="after-deadline"
        ),
        pytest.param(
            cn(2026, 9, 28, 13), [(cn(2026, 9, 28, 12), cn(2026, 9, 29, 9))], cn(2026, 9, 29, 10), id="over-night"
        ),
        pytest.param(
            cn(2026, 9, 28, 13),
            [(cn(2026, 9, 28, 10), cn(2026, 9, 28, 11)), (cn(2026, 9, 28, 10, 30), cn(2026, 9, 28, 11, 30))],
            cn(2026, 9, 28, 14, 30),
            id="overlaps-merged",
        ),
        pytest.param(
            cn(2026, 9, 28, 13),
            [(cn(2026, 9, 28, 14), cn(2026, 9, 28, 14, 30)), (cn(2026, 9, 28, 10), cn(2026, 9, 28, 12))],
            cn(2026, 9, 28, 15, 30),
            id="shift-brings-later-pause-in",
        ),
        pytest.param(
            cn(2026, 9, 28, 17, 30), [(cn(2026, 9, 28, 17), cn(2026, 9, 28, 17))], cn(2026, 9, 28, 17, 30), id="empty"
        ),
        pytest.param(
            cn(2026, 9, 30, 17), [(cn(2026, 9, 30, 16), cn(2026, 10, 8, 9))], cn(2026, 10, 8, 10), id="over-holidays"
        ),
    ],
)
def test_shift_for_pauses_examples(
    deadline: datetime, pauses: list[tuple[datetime, datetime]], expected: datetime
) -> None:
    # when
    result = shift_for_pauses(OFFICE, deadline, pauses)

    # then
    assert result == Deadline(expected, False)


# --- unknown years -----------------------------------------------------------------------------------


def test_reaching_an_unknown_year_uses_weekly_hours_and_is_uncertain() -> None:
    # when: 2027-01-01 is a Friday; without 2027 data it counts as a plain weekday
    result = add_working_minutes(OFFICE, cn(2026, 12, 31, 16), 240)

    # then
    assert result == Deadline(cn(2027, 1, 1, 11), True)


def test_staying_in_known_year_is_certain() -> None:
    # when
    result = add_working_minutes(OFFICE, cn(2026, 12, 31, 9), 240)

    # then
    assert result == Deadline(cn(2026, 12, 31, 13), False)


@pytest.mark.parametrize(
    "calendar",
    [
        pytest.param(ALWAYS_OPEN, id="always-open"),
        pytest.param(weekly_hours((510, 1050), uses_holidays=False), id="holidays-not-used"),
    ],
)
def test_calendars_without_holidays_are_never_uncertain(calendar: WorkCalendar) -> None:
    # when
    result = add_working_minutes(calendar, cn(2026, 12, 31, 16), 600)
    span = working_minutes_between(calendar, cn(2026, 12, 31), cn(2027, 3, 1))
    day = add_working_days(calendar, date(2026, 12, 31), 3)

    # then
    assert (result.uncertain, span.uncertain, day.uncertain) == (False, False, False)


def test_other_functions_flag_unknown_years() -> None:
    # when
    span = working_minutes_between(OFFICE, cn(2026, 12, 31, 9), cn(2027, 1, 1, 9))
    day = add_working_days(OFFICE, date(2026, 12, 31), 1)
    shifted = shift_for_pauses(OFFICE, cn(2027, 1, 4, 9), [(cn(2027, 1, 1, 9), cn(2027, 1, 1, 10))])
    pause_in_2027_after_deadline = shift_for_pauses(
        OFFICE, cn(2026, 12, 31, 9), [(cn(2027, 1, 1, 9), cn(2027, 1, 1, 10))]
    )

    # then
    assert span.minutes == 510 + 30
    assert span.uncertain is True
    assert day == DayResult(date(2027, 1, 1), True)
    assert shifted == Deadline(cn(2027, 1, 4, 10), True)
    assert pause_in_2027_after_deadline == Deadline(cn(2026, 12, 31, 9), False)


def test_a_pause_in_an_unknown_year_makes_the_shift_uncertain() -> None:
    # given: 2027 is known, 2026 is not
    calendar = office_hours(known_years={2027})

    # when
    shifted = shift_for_pauses(calendar, cn(2027, 1, 5, 9), [(cn(2026, 12, 31, 9), cn(2026, 12, 31, 10))])

    # then
    assert shifted == Deadline(cn(2027, 1, 5, 10), True)


def test_with_holidays_replaces_the_schedule() -> None:
    # given
    plain = office_hours()

    # when
    loaded = with_holidays(plain, holidays=HOLIDAYS_2026, workdays=WORKDAYS_2026, known_years={2026})

    # then
    assert add_working_minutes(plain, cn(2026, 9, 30, 16, 30), 240) == Deadline(cn(2026, 10, 1, 11, 30), True)
    assert loaded == OFFICE
    assert hash(loaded) == hash(OFFICE)


# --- construction and refusals -----------------------------------------------------------------------


def test_builders_describe_the_spec_hours() -> None:
    # then
    assert interval("08:30", "17:30") == (510, 1050)
    assert interval("00:00", "24:00") == (0, 1440)
    assert office_hours().weekly == ((((510, 1050),),) * 5) + ((), ())
    assert dell_phone_support().weekly == (((510, 1260),),) * 5 + (((510, 1050),),) * 2
    assert dell_phone_support().holiday_hours == ((510, 1050),)
    assert weekly_hours((510, 1050)) == weekly_hours(((510, 1050),))
    assert WorkCalendar(weekly=[[[0, 60]]] * 7).weekly == (((0, 60),),) * 7  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: WorkCalendar(weekly=((),) * 6), id="six-days"),
        pytest.param(lambda: weekly_hours((600, 500)), id="start-after-end"),
        pytest.param(lambda: weekly_hours((0, 1441)), id="past-midnight"),
        pytest.param(lambda: weekly_hours(((600, 700), (650, 800))), id="overlapping"),
        pytest.param(lambda: weekly_hours(((600, 700), (100, 200))), id="unsorted"),
        pytest.param(lambda: weekly_hours((0.5, 60)), id="not-integer"),
        pytest.param(lambda: WorkCalendar(utc_offset_minutes=1440), id="offset-too-large"),
        pytest.param(lambda: interval("8h30", "17:30"), id="bad-clock-time"),
    ],
)
def test_invalid_calendars_are_refused(build: Callable[[], object]) -> None:
    # then
    with pytest.raises(ValueError):
        build()


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: add_working_minutes(WorkCalendar(), cn(2026, 1, 1), 10), id="add-minutes"),
        pytest.param(lambda: add_working_days(WorkCalendar(), date(2026, 1, 1), 1), id="add-days"),
    ],
)
def test_calendar_without_open_time_is_refused(call: Callable[[], object]) -> None:
    # then
    with pytest.raises(ValueError, match="no open time at all"):
        call()


def test_running_out_of_open_time_is_refused() -> None:
    # given: open only on one make-up Saturday
    calendar = with_holidays(
        weekly_hours(workday=(510, 1050)), holidays=(), workdays={date(2026, 10, 10)}, known_years={2026}
    )

    # when
    within = add_working_minutes(calendar, cn(2026, 10, 1), 60)

    # then
    assert within == Deadline(cn(2026, 10, 10, 9, 30), False)
    with pytest.raises(ValueError, match="no open time within 3660 days"):
        add_working_minutes(calendar, cn(2026, 10, 1), 600)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: add_working_minutes(OFFICE, datetime(2026, 1, 5, 9), 10), id="office"),  # noqa: DTZ001
        pytest.param(lambda: add_working_minutes(ALWAYS_OPEN, datetime(2026, 1, 5, 9), 10), id="always-open"),  # noqa: DTZ001
        pytest.param(lambda: working_minutes_between(OFFICE, cn(2026, 1, 5), datetime(2026, 1, 6)), id="between"),  # noqa: DTZ001
    ],
)
def test_naive_datetimes_are_refused(call: Callable[[], object]) -> None:
    # then
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


def test_negative_amounts_are_refused() -> None:
    # then
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_minutes(OFFICE, cn(2026, 1, 5), -1)
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(OFFICE, date(2026, 1, 5), -1)


# --- properties against a slow reference -------------------------------------------------------------

# Instants and holiday dates crowd around a new year, so computations often meet holidays, make-up
# workdays and a year without holiday data.
FIRST_DAY, LAST_DAY = date(2026, 11, 20), date(2027, 2, 10)
DATES = st.dates(FIRST_DAY, LAST_DAY)
ZONES = st.sampled_from([UTC, CN, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=45))])


WINDOW = [FIRST_DAY + timedelta(days=offset) for offset in range((LAST_DAY - FIRST_DAY).days + 1)]
KNOWN_YEARS = st.sampled_from([frozenset({2026}), frozenset({2026, 2027}), frozenset({2027}), frozenset()])


@st.composite
def date_sets(draw: st.DrawFn) -> frozenset[date]:
    """A set of dates in the window, sparse or dense (two draws, however many dates)."""
    share = draw(st.sampled_from([0.0, 0.1, 0.3, 0.6]))
    chooser = random.Random(draw(st.integers(0, 2**32 - 1)))
    return frozenset(on for on in WINDOW if chooser.random() < share)


@st.composite
def intervals(draw: st.DrawFn) -> Intervals:
    """Zero to two sorted, non-overlapping opening intervals of a day."""
    cuts = sorted(draw(st.sets(st.integers(0, 1440), max_size=4)))
    return tuple((cuts[index], cuts[index + 1]) for index in range(0, len(cuts) - 1, 2))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """A random calendar with at least one opening interval in every week.

    Weekdays share a small pool of day patterns, which keeps generation cheap.
    """
    pool = [*draw(st.lists(intervals(), min_size=2, max_size=3)), ()]
    weekly = draw(st.lists(st.sampled_from(pool), min_size=7, max_size=7))
    if not any(weekly):
        start = draw(st.integers(0, 1439))
        weekly[draw(st.integers(0, 6))] = ((start, draw(st.integers(start + 1, 1440))),)
    return WorkCalendar(
        always_open=draw(st.integers(0, 9)) == 0,
        weekly=tuple(weekly),
        holiday_hours=draw(st.sampled_from(pool)),
        workday_hours=draw(st.none() | st.sampled_from(pool)),
        holidays=draw(date_sets()),
        workdays=draw(date_sets()),
        known_years=draw(KNOWN_YEARS),
        uses_holidays=draw(st.integers(0, 3)) != 0,
        utc_offset_minutes=draw(st.sampled_from([480, 0, -300, 345])),
    )


INSTANTS = st.datetimes(datetime(2026, 12, 1), datetime(2027, 1, 31), timezones=ZONES)  # noqa: DTZ001
MINUTE_INSTANTS = INSTANTS.map(lambda at: at.replace(second=0, microsecond=0))


def reference_day(calendar: WorkCalendar, on: date) -> tuple[list[int], bool]:
    """The open minutes of ``on`` straight from the day rule, and whether its year lacks holiday data."""
    if calendar.always_open:
        return list(range(1440)), False
    hours: tuple[Interval, ...] = calendar.weekly[on.weekday()]
    uncertain = calendar.uses_holidays and on.year not in calendar.known_years
    if calendar.uses_holidays and not uncertain:
        if on in calendar.holidays:
            hours = calendar.holiday_hours
        elif on in calendar.workdays:
            hours = calendar.workday_hours if calendar.workday_hours is not None else calendar.weekly[0]
    return sorted({minute for start, end in hours for minute in range(start, end)}), uncertain


def reference_add(calendar: WorkCalendar, start: datetime, minutes: int) -> Deadline:
    """Walk the open minutes one by one from a whole-minute ``start``."""
    tz = timezone(timedelta(minutes=calendar.utc_offset_minutes))
    local = start.astimezone(tz)
    on, from_minute = local.date(), local.hour * 60 + local.minute
    counted, uncertain = 0, False
    for _ in range(40_000):
        open_minutes, day_uncertain = reference_day(calendar, on)
        uncertain = uncertain or day_uncertain
        midnight = datetime.combine(on, time(), tz)
        for minute in open_minutes:
            if minute < from_minute:
                continue
            if minutes == 0:
                return Deadline(midnight + timedelta(minutes=minute), uncertain)
            counted += 1
            if counted == minutes:
                return Deadline(midnight + timedelta(minutes=minute + 1), uncertain)
        on, from_minute = on + timedelta(days=1), 0
    raise AssertionError("reference_add ran away")


def reference_between(calendar: WorkCalendar, start: datetime, end: datetime) -> tuple[int, bool]:
    """Count open minutes one by one between whole-minute instants."""
    tz = timezone(timedelta(minutes=calendar.utc_offset_minutes))
    at, count, uncertain = start.astimezone(tz), 0, False
    open_days: dict[date, tuple[list[int], bool]] = {}
    while at < end:
        if at.date() not in open_days:
            open_days[at.date()] = reference_day(calendar, at.date())
        open_minutes, day_uncertain = open_days[at.date()]
        uncertain = uncertain or day_uncertain
        count += (at.hour * 60 + at.minute) in open_minutes
        at += timedelta(minutes=1)
    return count, uncertain


def reference_add_days(calendar: WorkCalendar, start_on: date, days: int) -> DayResult:
    """Step through the dates one by one."""
    on, uncertain = start_on, False
    found = 0
    if days:
        on += timedelta(days=1)
    while True:
        open_minutes, day_uncertain = reference_day(calendar, on)
        uncertain = uncertain or day_uncertain
        if open_minutes:
            found += 1
            if found == max(days, 1):
                return DayResult(on, uncertain)
        on += timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(calendar=calendars(), start=MINUTE_INSTANTS, minutes=st.integers(0, 2 * 1440))
def test_add_working_minutes_agrees_with_reference(calendar: WorkCalendar, start: datetime, minutes: int) -> None:
    # then
    assert add_working_minutes(calendar, start, minutes) == reference_add(calendar, start, minutes)


@settings(max_examples=60, deadline=None)
@given(calendar=calendars(), start=MINUTE_INSTANTS, span_minutes=st.integers(-60, 3 * 1440))
def test_working_minutes_between_agrees_with_reference(
    calendar: WorkCalendar, start: datetime, span_minutes: int
) -> None:
    # given
    end = start + timedelta(minutes=span_minutes)

    # when
    span = working_minutes_between(calendar, start, end)

    # then
    assert (span.minutes, span.uncertain) == reference_between(calendar, start, end)


@settings(max_examples=60, deadline=None)
@given(calendar=calendars(), start_on=DATES, days=st.integers(0, 40))
def test_add_working_days_agrees_with_reference(calendar: WorkCalendar, start_on: date, days: int) -> None:
    # then
    assert add_working_days(calendar, start_on, days) == reference_add_days(calendar, start_on, days)
    assert is_working_day(calendar, start_on) is bool(reference_day(calendar, start_on)[0])


@settings(max_examples=50, deadline=None)
@given(calendar=calendars(), start=INSTANTS, first=st.integers(0, 5000), second=st.integers(0, 5000))
def test_add_working_minutes_is_monotone_in_minutes(
    calendar: WorkCalendar, start: datetime, first: int, second: int
) -> None:
    # given
    fewer, more = sorted((first, second))

    # then
    assert add_working_minutes(calendar, start, fewer).at <= add_working_minutes(calendar, start, more).at


@settings(max_examples=50, deadline=None)
@given(calendar=calendars(), first=INSTANTS, second=INSTANTS, minutes=st.integers(0, 5000))
def test_add_working_minutes_is_monotone_in_start(
    calendar: WorkCalendar, first: datetime, second: datetime, minutes: int
) -> None:
    # given
    earlier, later = sorted((first, second))

    # then
    assert add_working_minutes(calendar, earlier, minutes).at <= add_working_minutes(calendar, later, minutes).at


@settings(max_examples=50, deadline=None)
@given(calendar=calendars(), start=INSTANTS, first=st.integers(0, 5000), second=st.integers(1, 5000))
def test_add_working_minutes_is_additive(calendar: WorkCalendar, start: datetime, first: int, second: int) -> None:
    """Adding in two steps equals adding at once (the second step > 0: adding 0 at a closing time moves on)."""
    # when
    in_steps = add_working_minutes(calendar, add_working_minutes(calendar, start, first).at, second)

    # then
    assert in_steps.at == add_working_minutes(calendar, start, first + second).at


@settings(max_examples=50, deadline=None)
@given(calendar=calendars(), start=INSTANTS, minutes=st.integers(0, 5000))
def test_working_minutes_between_inverts_add(calendar: WorkCalendar, start: datetime, minutes: int) -> None:
    # given
    deadline = add_working_minutes(calendar, start, minutes)

    # when
    span = working_minutes_between(calendar, start, deadline.at)

    # then
    assert span.minutes == minutes
    assert deadline.at.utcoffset() == timedelta(minutes=calendar.utc_offset_minutes)


PAUSES = st.lists(
    st.tuples(MINUTE_INSTANTS, st.integers(-60, 1440)).map(
        lambda pair: (pair[0], pair[0] + timedelta(minutes=pair[1]))
    ),
    max_size=3,
)


def reference_shift(calendar: WorkCalendar, deadline: datetime, pauses: list[tuple[datetime, datetime]]) -> Deadline:
    """Apply the pauses one at a time, in chronological order, with overlaps merged."""
    merged: list[tuple[datetime, datetime]] = []
    for pause_start, pause_end in sorted(pauses, key=lambda pause: pause[0]):
        if pause_end <= pause_start:
            continue
        if merged and pause_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], pause_end))
        else:
            merged.append((pause_start, pause_end))
    uncertain = False
    for pause_start, pause_end in merged:
        if pause_start < deadline:
            paused_minutes, span_uncertain = reference_between(calendar, pause_start, pause_end)
            uncertain = uncertain or span_uncertain
            if paused_minutes:
                shifted = reference_add(calendar, deadline, paused_minutes)
                deadline, uncertain = shifted.at, uncertain or shifted.uncertain
    return Deadline(deadline, uncertain)


@settings(max_examples=60, deadline=None)
@given(calendar=calendars(), deadline=MINUTE_INSTANTS, pauses=PAUSES)
def test_shift_for_pauses_agrees_with_reference_and_never_shortens(
    calendar: WorkCalendar, deadline: datetime, pauses: list[tuple[datetime, datetime]]
) -> None:
    # when
    shifted = shift_for_pauses(calendar, deadline, pauses)

    # then
    assert shifted == reference_shift(calendar, deadline, pauses)
    assert shifted.at >= deadline
    if all(pause_start >= deadline for pause_start, _ in pauses):
        assert shifted.at == deadline


@settings(max_examples=30, deadline=None)
@given(start=INSTANTS, minutes=st.integers(0, 100_000))
def test_always_open_is_elapsed_time(start: datetime, minutes: int) -> None:
    # then
    assert add_working_minutes(ALWAYS_OPEN, start, minutes) == Deadline(start + timedelta(minutes=minutes), False)
