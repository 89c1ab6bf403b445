"""The dates of 篇8: archive within two days, call 1 three days to a week after pick-up, call 2 in the 7 days
after the week following call 1, events by phone 2 weeks ahead and by letter 2 days later, maintenance due."""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.vehicles.policy import followup
from aftersales.vehicles.policy.followup import MaintenanceFacts, Window

D = dt.date
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))


# ----------------------------------------------------------------------------------------------- archive


@pytest.mark.parametrize(
    ("visited", "archived", "late"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 3, 2), False, id="same-day"),
        pytest.param(D(2026, 3, 2), D(2026, 3, 4), False, id="second-day-is-in-time"),
        pytest.param(D(2026, 3, 2), D(2026, 3, 5), True, id="third-day-is-late"),
        pytest.param(D(2026, 2, 27), D(2026, 3, 1), False, id="across-february-end"),
        pytest.param(D(2028, 2, 28), D(2028, 3, 1), False, id="leap-day-counts"),
        pytest.param(D(2028, 2, 28), D(2028, 3, 2), True, id="leap-year-late"),
    ],
)
def test_archive_within_two_days_of_the_visit(visited, archived, late):
    assert followup.is_archive_late(visited, archived) is late


# ------------------------------------------------------------------------------------------------- calls


@pytest.mark.parametrize(
    ("picked_up", "window"),
    [
        pytest.param(D(2026, 3, 2), Window(D(2026, 3, 5), D(2026, 3, 9)), id="monday-pickup"),
        pytest.param(D(2026, 1, 28), Window(D(2026, 1, 31), D(2026, 2, 4)), id="across-month-end"),
        pytest.param(D(2026, 12, 29), Window(D(2027, 1, 1), D(2027, 1, 5)), id="across-year-end"),
        pytest.param(D(2028, 2, 25), Window(D(2028, 2, 28), D(2028, 3, 3)), id="leap-february"),
        pytest.param(D(2026, 2, 25), Window(D(2026, 2, 28), D(2026, 3, 4)), id="common-february"),
    ],
)
def test_first_call_three_days_to_a_week_after_pick_up(picked_up, window):
    assert followup.first_call_window(picked_up) == window


@pytest.mark.parametrize(
    ("first_call", "window"),
    [
        pytest.param(D(2026, 3, 6), Window(D(2026, 3, 14), D(2026, 3, 20)), id="days-8-to-14"),
        pytest.param(D(2026, 2, 20), Window(D(2026, 2, 28), D(2026, 3, 6)), id="across-february-end"),
        pytest.param(D(2028, 2, 20), Window(D(2028, 2, 28), D(2028, 3, 5)), id="leap-february"),
        pytest.param(D(2026, 12, 26), Window(D(2027, 1, 3), D(2027, 1, 9)), id="across-year-end"),
    ],
)
def test_second_call_in_the_seven_days_after_the_week_following_the_first(first_call, window):
    assert followup.second_call_window(first_call) == window


def test_second_call_is_planned_from_the_latest_first_call_until_the_first_is_made():
    # given a pick-up on Monday 2026-03-02: call 1 due by 03-09
    # then call 2 is planned from 03-09: 03-17 to 03-23, and from the real call 1 once it is made
    assert followup.call_window(2, picked_up_on=D(2026, 3, 2)) == Window(D(2026, 3, 17), D(2026, 3, 23))
    assert followup.call_window(2, picked_up_on=D(2026, 3, 2), first_call_on=D(2026, 3, 5)) == Window(
        D(2026, 3, 13), D(2026, 3, 19)
    )
    assert followup.call_window(1, picked_up_on=D(2026, 3, 2), first_call_on=D(2026, 3, 5)) == Window(
        D(2026, 3, 5), D(2026, 3, 9)
    )


def test_only_two_follow_up_calls():
    with pytest.raises(ValueError, match="call_no must be 1 or 2"):
        followup.call_window(3, picked_up_on=D(2026, 3, 2))


def test_unanswered_request_is_reported_within_two_days():
    assert followup.report_deadline(D(2026, 2, 27)) == D(2026, 3, 1)


@given(days)
def test_first_window_is_days_three_to_seven(picked_up):
    window = followup.first_call_window(picked_up)
    assert (window.start_on - picked_up).days == 3
    assert (window.end_on - picked_up).days == 7
    assert [window.contains(picked_up + dt.timedelta(days=n)) for n in range(10)] == [
        False,
        False,
        False,
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


@given(days)
def test_second_window_is_the_second_week_after_the_first_call(first_call):
    window = followup.second_call_window(first_call)
    offsets = [n for n in range(0, 30) if window.contains(first_call + dt.timedelta(days=n))]
    assert offsets == [8, 9, 10, 11, 12, 13, 14]


@given(days, st.integers(min_value=3, max_value=7))
def test_a_first_call_in_time_puts_the_second_between_days_11_and_21_after_pick_up(picked_up, offset):
    first = picked_up + dt.timedelta(days=offset)
    window = followup.call_window(2, picked_up_on=picked_up, first_call_on=first)
    assert (window.start_on - picked_up).days == offset + 8
    assert (window.start_on - picked_up).days >= 11
    assert (window.end_on - picked_up).days <= 21
    assert window.end_on <= followup.call_window(2, picked_up_on=picked_up).end_on


# ------------------------------------------------------------------------------------------------ events


@pytest.mark.parametrize(
    ("event", "decided", "notice"),
    [
        pytest.param(
            D(2026, 6, 20),
            D(2026, 5, 1),
            followup.EventNotice(D(2026, 6, 6), D(2026, 6, 8), False),
            id="phone-two-weeks-ahead-letter-two-days-later",
        ),
        pytest.param(
            D(2026, 6, 20),
            D(2026, 6, 6),
            followup.EventNotice(D(2026, 6, 6), D(2026, 6, 8), False),
            id="decided-exactly-two-weeks-ahead",
        ),
        pytest.param(
            D(2026, 3, 10), D(2026, 2, 1), followup.EventNotice(D(2026, 2, 24), D(2026, 2, 26), False), id="february"
        ),
        pytest.param(
            D(2028, 3, 12),
            D(2028, 2, 1),
            followup.EventNotice(D(2028, 2, 27), D(2028, 2, 29), False),
            id="leap-day-letter",
        ),
        pytest.param(
            D(2026, 6, 20),
            D(2026, 6, 15),
            followup.EventNotice(D(2026, 6, 15), D(2026, 6, 17), True),
            id="short-notice-phone-at-once",
        ),
        pytest.param(
            D(2026, 6, 20),
            D(2026, 6, 19),
            followup.EventNotice(D(2026, 6, 19), D(2026, 6, 19), True),
            id="eve-of-event-letter-same-day",
        ),
    ],
)
def test_event_phone_two_weeks_ahead_then_letter_within_two_days(event, decided, notice):
    assert followup.event_notice_dates(event, decided) == notice


def test_an_event_today_or_past_cannot_be_announced():
    with pytest.raises(followup.EventDatesError):
        followup.event_notice_dates(D(2026, 6, 20), D(2026, 6, 20))


@given(days, st.integers(min_value=1, max_value=400))
def test_event_notice_properties(decided, ahead):
    event = decided + dt.timedelta(days=ahead)
    notice = followup.event_notice_dates(event, decided)
    assert decided <= notice.phone_on <= notice.letter_on < event
    assert (notice.letter_on - notice.phone_on).days <= 2
    assert notice.is_short_notice is (ahead < 14)
    if ahead >= 14:
        assert (event - notice.phone_on).days == 14
        assert (event - notice.letter_on).days == 12


# ------------------------------------------------------------------------------------------- maintenance


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(D(2026, 3, 15), 6, D(2026, 9, 15), id="plain"),
        pytest.param(D(2026, 1, 31), 1, D(2026, 2, 28), id="jan-31-to-feb-28"),
        pytest.param(D(2028, 1, 31), 1, D(2028, 2, 29), id="leap-jan-31-to-feb-29"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="leap-day-plus-a-year"),
        pytest.param(D(2026, 8, 31), 6, D(2027, 2, 28), id="aug-31-plus-6"),
        pytest.param(D(2027, 8, 31), 6, D(2028, 2, 29), id="aug-31-plus-6-into-leap"),
        pytest.param(D(2026, 12, 31), 2, D(2027, 2, 28), id="across-year"),
        pytest.param(D(2026, 5, 31), 1, D(2026, 6, 30), id="31-to-30"),
    ],
)
def test_add_months(day, months, expected):
    assert followup.add_months(day, months) == expected


def _add_months_reference(day: dt.date, months: int) -> dt.date:
    year, month = day.year, day.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@given(days, st.integers(min_value=0, max_value=60))
def test_add_months_matches_a_month_by_month_count(day, months):
    result = followup.add_months(day, months)
    assert result == _add_months_reference(day, months)
    assert result.day == min(day.day, calendar.monthrange(result.year, result.month)[1])


@pytest.mark.parametrize(
    ("facts", "due"),
    [
        pytest.param(
            MaintenanceFacts(6, None, purchased_on=D(2026, 1, 31)),
            followup.MaintenanceDue(D(2026, 7, 31), None, followup.DueReason.MONTHS),
            id="months-from-purchase",
        ),
        pytest.param(
            MaintenanceFacts(6, 5000, purchased_on=D(2025, 9, 1), last_service_on=D(2026, 8, 31), last_service_km=7000),
            followup.MaintenanceDue(D(2027, 2, 28), 12000, followup.DueReason.MONTHS),
            id="months-to-feb-end",
        ),
        pytest.param(
            MaintenanceFacts(
                6,
                5000,
                purchased_on=D(2026, 1, 1),
                last_service_on=D(2026, 3, 2),
                last_service_km=4000,
                odometer_km=4000,
                odometer_on=D(2026, 3, 2),
            ),
            followup.MaintenanceDue(D(2026, 5, 16), 9000, followup.DueReason.KM),
            id="km-come-first",
        ),
        pytest.param(
            MaintenanceFacts(6, 5000, purchased_on=D(2026, 1, 1), odometer_km=5200, odometer_on=D(2026, 4, 1)),
            followup.MaintenanceDue(D(2026, 4, 1), 5000, followup.DueReason.KM),
            id="km-already-passed",
        ),
        pytest.param(
            MaintenanceFacts(None, 5000, purchased_on=D(2026, 1, 1)),
            followup.MaintenanceDue(None, 5000, None),
            id="km-only-without-readings",
        ),
        pytest.param(MaintenanceFacts(6, 5000), followup.MaintenanceDue(None, 5000, None), id="nothing-known"),
        pytest.param(
            MaintenanceFacts(6, 5000, purchased_on=D(2026, 1, 1), last_service_on=D(2026, 3, 2)),
            followup.MaintenanceDue(D(2026, 9, 2), None, followup.DueReason.MONTHS),
            id="service-without-km",
        ),
        pytest.param(
            MaintenanceFacts(None, None, purchased_on=D(2026, 1, 1)),
            followup.MaintenanceDue(None, None, None),
            id="no-interval",
        ),
    ],
)
def test_next_maintenance(facts, due):
    assert followup.next_maintenance(facts) == due


def _km_day_reference(purchased: dt.date, odometer: int, read_on: dt.date, due_km: int) -> dt.date:
    """The last day whose projected mileage (straight line since purchase at 0 km) stays within `due_km`."""
    rate = Fraction(odometer, (read_on - purchased).days)  # km a day
    n = 0
    while odometer + (n + 1) * rate <= due_km:  # one more day still within the due mileage
        n += 1
    return read_on + dt.timedelta(days=n)


@settings(deadline=None)  # the day-by-day reference is slow on a busy machine
@given(
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1000, max_value=20000),
    st.integers(min_value=500, max_value=10000),
)
def test_km_projection_matches_a_day_by_day_count(elapsed, odometer, interval):
    # given a car bought `elapsed` days before its only reading, never serviced
    purchased, read_on = D(2026, 1, 1), D(2026, 1, 1) + dt.timedelta(days=elapsed)
    facts = MaintenanceFacts(None, interval, purchased_on=purchased, odometer_km=odometer, odometer_on=read_on)
    # when
    due = followup.next_maintenance(facts)
    # then
    expected = read_on if odometer >= interval else _km_day_reference(purchased, odometer, read_on, interval)
    assert (due.on, due.km, due.reason) == (expected, interval, followup.DueReason.KM)


@given(days, st.integers(min_value=1, max_value=24), st.integers(min_value=1000, max_value=30000))
def test_next_maintenance_never_later_than_the_months(serviced, months, km):
    facts = MaintenanceFacts(
        months,
        km,
        purchased_on=serviced - dt.timedelta(days=30),
        last_service_on=serviced,
        last_service_km=1000,
        odometer_km=1000,
        odometer_on=serviced,
    )
    due = followup.next_maintenance(facts)
    assert due.on is not None
    assert due.on <= followup.add_months(serviced, months)
    assert due.on >= serviced


@pytest.mark.parametrize(
    ("due", "today", "reminder", "is_time"),
    [
        pytest.param(D(2026, 5, 16), D(2026, 5, 1), D(2026, 5, 9), False, id="15-days-ahead-not-yet"),
        pytest.param(D(2026, 5, 16), D(2026, 5, 2), D(2026, 5, 9), True, id="14-days-ahead-created-due-a-week-before"),
        pytest.param(D(2026, 5, 16), D(2026, 5, 12), D(2026, 5, 12), True, id="late-archive-due-today"),
        pytest.param(D(2026, 3, 3), D(2026, 2, 20), D(2026, 2, 24), True, id="across-february"),
    ],
)
def test_maintenance_reminder_a_week_ahead(due, today, reminder, is_time):
    assert followup.maintenance_reminder_on(due, today) == reminder
    assert followup.is_reminder_time(due, today) is is_time
