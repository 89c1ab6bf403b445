"""Tests of service-plan dates (``aftersales.plans.policy.schedule``): spec examples, then properties checked
against a slow day-by-day reference. No database: the holiday table comes straight from ``chinesecalendar``."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.plans.policy.schedule import (
    Cadence,
    Occurrence,
    Period,
    Preference,
    clamp_day,
    due_date,
    first_day_of_next_month,
    nominal_date,
    occurrences,
    period_containing,
    periods_between,
)
from aftersales.sla.policy.worktime import ALWAYS_OPEN, WorkCalendar, interval, is_working_day, office_hours

KNOWN_YEARS = frozenset(range(2020, 2027))
OFFICE = office_hours(
    holidays={on for on in chinese_calendar.holidays if on.year in KNOWN_YEARS},
    workdays={on for on in chinese_calendar.workdays if on.year in KNOWN_YEARS},
    known_years=KNOWN_YEARS,
)
"""The office calendar (Mon–Fri 8:30–17:30) with China's holidays and make-up workdays 2020–2026."""
MONDAYS_ONLY = WorkCalendar(weekly=((interval("09:00", "12:00"),),) + ((),) * 6, uses_holidays=False)
"""A calendar open on Mondays only: it forces due dates back inside their period at period ends."""


def year_occurrences(preference: Preference, calendar: WorkCalendar, year: int) -> tuple[Occurrence, ...]:
    return occurrences(
        preference,
        calendar,
        active_from=date(year, 1, 1),
        active_until=None,
        open_from=date(year, 1, 1),
        until=date(year, 12, 31),
    )


# --- examples ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        pytest.param(2026, 1, 31, date(2026, 1, 31), id="january-has-31"),
        pytest.param(2026, 4, 31, date(2026, 4, 30), id="april-31-is-the-30th"),
        pytest.param(2028, 2, 31, date(2028, 2, 29), id="leap-february"),
        pytest.param(2027, 2, 29, date(2027, 2, 28), id="common-february"),
        pytest.param(2100, 2, 29, date(2100, 2, 28), id="century-not-leap"),
        pytest.param(2000, 2, 30, date(2000, 2, 29), id="400-year-leap"),
    ],
)
def test_clamp_day_examples(year: int, month: int, day: int, expected: date) -> None:
    assert clamp_day(year, month, day) == expected


@pytest.mark.parametrize(
    ("cadence", "on", "expected"),
    [
        pytest.param(
            Cadence.MONTHLY, date(2026, 10, 17), Period(date(2026, 10, 1), date(2026, 10, 31), "2026-10"), id="monthly"
        ),
        pytest.param(
            Cadence.MONTHLY,
            date(2028, 2, 29),
            Period(date(2028, 2, 1), date(2028, 2, 29), "2028-02"),
            id="monthly-leap",
        ),
        pytest.param(
            Cadence.QUARTERLY,
            date(2026, 11, 26),
            Period(date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
            id="quarterly-q4",
        ),
        pytest.param(
            Cadence.QUARTERLY,
            date(2026, 3, 31),
            Period(date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
            id="quarterly-q1-last-day",
        ),
        pytest.param(
            Cadence.TRAINING,
            date(2026, 5, 20),
            Period(date(2026, 5, 1), date(2026, 5, 31), "2026-05"),
            id="training-may",
        ),
        pytest.param(Cadence.TRAINING, date(2026, 6, 1), None, id="training-not-in-june"),
        pytest.param(
            Cadence.SURVEY, date(2026, 8, 31), Period(date(2026, 7, 1), date(2026, 8, 31), "2026"), id="survey-window"
        ),
        pytest.param(Cadence.SURVEY, date(2026, 9, 1), None, id="survey-not-in-september"),
    ],
)
def test_period_containing_examples(cadence: Cadence, on: date, expected: Period | None) -> None:
    assert period_containing(cadence, on) == expected


@pytest.mark.parametrize(
    ("preference", "period_on", "expected_due", "expected_uncertain"),
    [
        pytest.param(
            Preference(Cadence.MONTHLY, 1),
            date(2026, 10, 1),
            date(2026, 10, 8),
            False,
            id="national-day-moves-to-10-08",
        ),
        pytest.param(
            Preference(Cadence.MONTHLY, 15),
            date(2026, 2, 1),
            date(2026, 2, 24),
            False,
            id="spring-festival-moves-to-02-24",
        ),
        pytest.param(
            Preference(Cadence.MONTHLY, 9), date(2026, 10, 1), date(2026, 10, 9), False, id="ordinary-friday-stays"
        ),
        pytest.param(
            Preference(Cadence.MONTHLY, 31),
            date(2026, 10, 1),
            date(2026, 10, 30),
            False,
            id="saturday-month-end-moves-back-inside-the-month",
        ),
        pytest.param(
            Preference(Cadence.MONTHLY, 31), date(2026, 4, 1), date(2026, 4, 30), False, id="31-in-april-is-the-30th"
        ),
        pytest.param(
            Preference(Cadence.MONTHLY, 31),
            date(2026, 1, 1),
            date(2026, 1, 30),
            False,
            id="saturday-31-january-moves-back",
        ),
        pytest.param(
            Preference(Cadence.MONTHLY, 29),
            date(2028, 2, 1),
            date(2028, 2, 29),
            True,
            id="leap-day-2028-flagged-unknown-year",
        ),
        pytest.param(
            Preference(Cadence.MONTHLY, 30),
            date(2027, 2, 1),
            date(2027, 2, 26),
            True,
            id="sunday-28-february-2027-moves-back",
        ),
        pytest.param(
            Preference(Cadence.QUARTERLY, 15, 2),
            date(2026, 10, 1),
            date(2026, 11, 16),
            False,
            id="quarterly-second-month-sunday-moves-to-monday",
        ),
        pytest.param(
            Preference(Cadence.QUARTERLY, 1, 1),
            date(2026, 1, 1),
            date(2026, 1, 4),
            False,
            id="new-year-holiday-then-make-up-sunday",
        ),
        pytest.param(
            Preference(Cadence.TRAINING, 1), date(2026, 5, 1), date(2026, 5, 6), False, id="training-after-labour-day"
        ),
        pytest.param(
            Preference(Cadence.SURVEY, 1, 1), date(2026, 7, 1), date(2026, 7, 1), False, id="survey-starts-1-july"
        ),
        pytest.param(
            Preference(Cadence.SURVEY, 31, 2), date(2026, 7, 1), date(2026, 8, 31), False, id="survey-ends-31-august"
        ),
    ],
)
def test_due_dates_on_the_office_calendar(
    preference: Preference, period_on: date, expected_due: date, expected_uncertain: bool
) -> None:
    # given
    period = period_containing(preference.cadence, period_on)
    assert period is not None
    # when
    due_on, uncertain = due_date(OFFICE, period, nominal_date(period, preference))
    # then
    assert (due_on, uncertain) == (expected_due, expected_uncertain)


def test_a_make_up_workday_counts_as_a_working_day() -> None:
    """2026-10-10 is a Saturday on which offices work (调休上班): a preference for the 10th stays there."""
    period = Period(date(2026, 10, 1), date(2026, 10, 31), "2026-10")
    assert due_date(OFFICE, period, date(2026, 10, 10)) == (date(2026, 10, 10), False)


def test_first_day_of_next_month() -> None:
    assert first_day_of_next_month(date(2026, 3, 31)) == date(2026, 4, 1)
    assert first_day_of_next_month(date(2026, 12, 15)) == date(2027, 1, 1)
    assert first_day_of_next_month(date(2028, 1, 31)) == date(2028, 2, 1)


def test_a_whole_year_of_monthly_calls_on_the_office_calendar() -> None:
    # when
    result = year_occurrences(Preference(Cadence.MONTHLY, 1), OFFICE, 2026)
    # then
    assert [(o.period.key, o.due_on.isoformat()) for o in result] == [
        ("2026-01", "2026-01-04"),
        ("2026-02", "2026-02-02"),
        ("2026-03", "2026-03-02"),
        ("2026-04", "2026-04-01"),
        ("2026-05", "2026-05-06"),
        ("2026-06", "2026-06-01"),
        ("2026-07", "2026-07-01"),
        ("2026-08", "2026-08-03"),
        ("2026-09", "2026-09-01"),
        ("2026-10", "2026-10-08"),
        ("2026-11", "2026-11-02"),
        ("2026-12", "2026-12-01"),
    ]


def test_the_window_keeps_the_unfinished_period_and_the_plan_dates() -> None:
    preference = Preference(Cadence.MONTHLY, 11)
    # when: generation runs on 16 October; the plan started 1 October; horizon mid-December
    running = occurrences(
        preference,
        OFFICE,
        active_from=date(2026, 10, 1),
        active_until=None,
        open_from=date(2026, 10, 16),
        until=date(2026, 12, 15),
    )
    # and: a plan that starts after October's preferred date, and one that ends in November
    late_start = occurrences(
        preference,
        OFFICE,
        active_from=date(2026, 10, 15),
        active_until=None,
        open_from=date(2026, 10, 16),
        until=date(2026, 12, 15),
    )
    ended = occurrences(
        preference,
        OFFICE,
        active_from=date(2026, 10, 1),
        active_until=date(2026, 11, 30),
        open_from=date(2026, 10, 16),
        until=date(2026, 12, 31),
    )
    # then: October's call (Sunday 11 → Monday 12 Oct) is still owed; December's is due 11 Dec
    assert [o.due_on for o in running] == [date(2026, 10, 12), date(2026, 11, 11), date(2026, 12, 11)]
    assert [o.due_on for o in late_start] == [date(2026, 11, 11), date(2026, 12, 11)]
    assert [o.due_on for o in ended] == [date(2026, 10, 12), date(2026, 11, 11)]


def test_preferences_are_checked() -> None:
    with pytest.raises(ValueError, match=r"day_of_month must lie in 1\.\.31"):
        Preference(Cadence.MONTHLY, 32)
    with pytest.raises(ValueError, match=r"month_of_period must lie in 1\.\.3"):
        Preference(Cadence.QUARTERLY, 1, 4)
    with pytest.raises(ValueError, match=r"month_of_period must lie in 1\.\.2"):
        Preference(Cadence.SURVEY, 1, 3)
    with pytest.raises(ValueError, match=r"month_of_period must lie in 1\.\.1"):
        Preference(Cadence.MONTHLY, 1, 2)


# --- properties ----------------------------------------------------------------------------------------

CALENDARS = st.sampled_from([OFFICE, ALWAYS_OPEN, MONDAYS_ONLY])
YEARS = st.integers(min_value=2019, max_value=2040)


def _preferences() -> st.SearchStrategy[Preference]:
    def build(cadence: Cadence) -> st.SearchStrategy[Preference]:
        months = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.TRAINING: 1, Cadence.SURVEY: 2}[cadence]
        return st.builds(Preference, st.just(cadence), st.integers(1, 31), st.integers(1, months))

    return st.sampled_from(list(Cadence)).flatmap(build)


def _last_day(on: date) -> int:
    following = date(on.year + on.month // 12, on.month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def reference_key(cadence: Cadence, on: date) -> str | None:
    """The period key of a day, written independently of the implementation."""
    if cadence is Cadence.MONTHLY:
        return on.strftime("%Y-%m")
    if cadence is Cadence.QUARTERLY:
        return f"{on.year}-Q{(on.month + 2) // 3}"
    if cadence is Cadence.TRAINING:
        return on.strftime("%Y-%m") if on.month in (5, 10) else None
    return str(on.year) if on.month in (7, 8) else None


def reference_periods(cadence: Cadence, year: int) -> dict[str, list[date]]:
    """Every day of the year grouped by its reference key."""
    days: dict[str, list[date]] = {}
    on = date(year, 1, 1)
    while on.year == year:
        key = reference_key(cadence, on)
        if key is not None:
            days.setdefault(key, []).append(on)
        on += timedelta(days=1)
    return days


@settings(max_examples=150, deadline=None)
@given(preference=_preferences(), calendar=CALENDARS, year=YEARS)
def test_a_year_has_12_monthly_4_quarterly_2_training_and_1_survey_occurrence(preference, calendar, year) -> None:
    # when
    result = year_occurrences(preference, calendar, year)
    # then
    expected = {Cadence.MONTHLY: 12, Cadence.QUARTERLY: 4, Cadence.TRAINING: 2, Cadence.SURVEY: 1}
    assert len(result) == expected[preference.cadence]
    assert [o.period.key for o in result] == sorted(reference_periods(preference.cadence, year))
    if preference.cadence is Cadence.TRAINING:
        assert [o.due_on.month for o in result] == [5, 10]
    if preference.cadence is Cadence.SURVEY:
        assert result[0].due_on.month in (7, 8)


@settings(max_examples=200, deadline=None)
@given(preference=_preferences(), calendar=CALENDARS, year=YEARS)
def test_due_dates_are_inside_their_period_and_on_the_nearest_working_day(preference, calendar, year) -> None:
    for occurrence in year_occurrences(preference, calendar, year):
        period = occurrence.period
        days = reference_periods(preference.cadence, year)[period.key]
        working = [on for on in days if is_working_day(calendar, on)]
        later = [on for on in working if on >= occurrence.nominal_on]
        earlier = [on for on in working if on < occurrence.nominal_on]
        # then: inside the period, the first working day from the preferred date, else the last one before it
        assert (period.starts_on, period.ends_on) == (days[0], days[-1])
        assert period.starts_on <= occurrence.nominal_on <= occurrence.due_on or occurrence.due_on in earlier
        assert period.starts_on <= occurrence.due_on <= period.ends_on
        assert occurrence.due_on == (later[0] if later else earlier[-1])
        assert occurrence.nominal_on.day == min(preference.day_of_month, _last_day(occurrence.nominal_on))
        assert period_containing(preference.cadence, occurrence.due_on) == period


@settings(max_examples=150, deadline=None)
@given(
    preference=_preferences(), calendar=CALENDARS, year=YEARS, offset=st.integers(0, 364), horizon=st.integers(0, 400)
)
def test_occurrences_depend_on_the_period_only_not_on_when_generation_runs(
    preference, calendar, year, offset, horizon
) -> None:
    """Idempotent keys: a later or shorter run finds a subset of the same (key, due date) pairs."""
    # given
    start = date(year, 1, 1)
    everything = {
        o.period.key: o
        for o in occurrences(
            preference, calendar, active_from=start, active_until=None, open_from=start, until=date(year + 2, 12, 31)
        )
    }
    today = start + timedelta(days=offset)
    # when
    window = occurrences(
        preference,
        calendar,
        active_from=start,
        active_until=None,
        open_from=today,
        until=today + timedelta(days=horizon),
    )
    again = occurrences(
        preference,
        calendar,
        active_from=start,
        active_until=None,
        open_from=today,
        until=today + timedelta(days=horizon),
    )
    # then
    assert window == again
    assert len({o.period.key for o in window}) == len(window)
    for occurrence in window:
        assert everything[occurrence.period.key] == occurrence
        assert occurrence.period.ends_on >= today
        assert occurrence.due_on <= today + timedelta(days=horizon)


@settings(max_examples=100, deadline=None)
@given(preference=_preferences(), year=YEARS)
def test_uncertain_exactly_when_the_year_has_no_holiday_data(preference, year) -> None:
    for occurrence in year_occurrences(preference, OFFICE, year):
        assert occurrence.uncertain == (year not in KNOWN_YEARS)
    for occurrence in year_occurrences(preference, ALWAYS_OPEN, year):
        assert occurrence.uncertain is False


@settings(max_examples=100, deadline=None)
@given(
    cadence=st.sampled_from(list(Cadence)),
    first=st.dates(date(2000, 1, 1), date(2099, 1, 1)),
    length=st.integers(0, 800),
)
def test_periods_between_covers_the_range_without_gaps_or_overlaps(cadence, first, length) -> None:
    last = first + timedelta(days=length)
    periods = periods_between(cadence, first, last)
    expected = []
    on = first
    while on <= last:
        key = reference_key(cadence, on)
        if key is not None and key not in expected:
            expected.append(key)
        on += timedelta(days=1)
    assert [p.key for p in periods] == expected
    assert all(a.ends_on < b.starts_on for a, b in itertools.pairwise(periods))
