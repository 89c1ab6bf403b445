"""The office calendar that callbacks are due on follows a holiday change made by any worker at once."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.followups import selectors
from aftersales.sla.choices import DayKind
from aftersales.sla.models import HolidayDate

MONDAY = dt.date(2026, 12, 7)


@pytest.mark.django_db
def test_a_holiday_added_elsewhere_moves_the_next_working_day_at_once():
    # given this process has the calendar cached
    assert selectors.working_day_from(MONDAY) == MONDAY
    cached = selectors._calendar
    # when a holiday is added (as another worker would: nothing clears this process's cache by hand)
    HolidayDate.objects.create(on=MONDAY, kind=DayKind.HOLIDAY, name="测试")
    selectors._calendar = cached  # in case a signal of this process cleared it, keep the stale snapshot
    # then the next read sees the new holiday
    assert selectors.working_day_from(MONDAY) == MONDAY + dt.timedelta(days=1)
