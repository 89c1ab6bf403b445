"""Deadlines on China's working calendar, built as the SLA area builds it (chinesecalendar's table), across
2026's National Day: 10-01..10-07 off, Saturday 10-10 a make-up workday."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.sla.policy.worktime import office_hours
from aftersales.sla.reference import chinese_holidays
from aftersales.subsidy.policy import deadlines


@pytest.fixture(scope="module")
def calendar():
    rows, years = chinese_holidays(2025)
    return office_hours(
        holidays=[d for d, kind, _ in rows if kind == "holiday"],
        workdays=[d for d, kind, _ in rows if kind == "workday"],
        known_years=years,
    )


def reference_add(start: date, n: int) -> date:
    """The n-th working day after `start`, straight from chinesecalendar."""
    day = start
    while n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


def test_entry_deadline_across_national_day(calendar):
    # sold Wednesday 09-30: working days 10-08 (Thu), 10-09 (Fri), 10-10 (Saturday, make-up) → 10-10
    assert deadlines.entry_deadline(calendar, date(2026, 9, 30)) == date(2026, 10, 10)
    assert not deadlines.entered_late(calendar, date(2026, 9, 30), date(2026, 10, 10))
    assert deadlines.entered_late(calendar, date(2026, 9, 30), date(2026, 10, 12))
    # sold on the holiday itself (10-03): 10-08, 10-09, 10-10
    assert deadlines.entry_deadline(calendar, date(2026, 10, 3)) == date(2026, 10, 10)
    # sold Friday 10-09: 10-10 (Sat, workday), 10-12 (Mon), 10-13 → 10-13 (Sunday 10-11 is off)
    assert deadlines.entry_deadline(calendar, date(2026, 10, 9)) == date(2026, 10, 13)


def test_review_and_payment_across_national_day(calendar):
    # an outlet filed on 09-30 is reviewed by 10-09 (two working days: 10-08, 10-09)
    assert deadlines.review_by(calendar, date(2026, 9, 30)) == date(2026, 10, 9)
    # filed on 10-09 (Fri): 10-10 (make-up Saturday) and 10-12
    assert deadlines.review_by(calendar, date(2026, 10, 9)) == date(2026, 10, 12)
    # entered 09-28, claimed 10-01 (later of the two): 30 working days after 10-01 → 11-17
    assert deadlines.pay_by(calendar, date(2026, 9, 28), date(2026, 10, 1)) == date(2026, 11, 17)
    assert deadlines.pay_by(calendar, date(2026, 10, 1), date(2026, 9, 28)) == date(2026, 11, 17)


def test_claims_wait_three_calendar_days():
    assert deadlines.earliest_claim(date(2026, 9, 30)) == date(2026, 10, 3)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 10, 31)), st.sampled_from([2, 3, 30]))
def test_deadlines_agree_with_chinesecalendar(calendar, start, n):
    assert deadlines.working_days_after(calendar, start, n) == reference_add(start, n)
