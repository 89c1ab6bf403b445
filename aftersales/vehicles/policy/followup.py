"""The dates of the 4S follow-up service (售后跟踪服务, SPEC §4; 篇8 售后服务工作规定 2, 4, 5, 6).

Every rule is counted in calendar days: a dealer's service department works every day of the week, and
篇8 counts "两日", "三天至一周", "两周" without mentioning working days. A day N days after day D is D + N;
windows are inclusive at both ends.

- **Archive (规定 2):** the customer archive is made "两日内" after the visit (送修进场 or 来访咨询): by the
  visit day + 2. Made later → flagged late.
- **First follow-up call (规定 4):** "在客户接车出厂或业务访谈、咨询后三天至一周内": from pick-up day + 3 to
  pick-up day + 7. Due (the item's due date) on the window's last day; earlier than day 3 is allowed but not
  on time.
- **Second follow-up call (规定 5):** "在第一次跟踪服务的一周后的7天以内": the first week after the first call
  is days 1–7, so the second call falls in the next 7 days, first call day + 8 to + 14. Until the first
  call is made, it is planned from the latest allowed first call (pick-up + 7), i.e. pick-up + 15 to + 21.
- **Report to the supervisor (规定 4):** a customer's request that cannot be answered is reported to the
  supervisor "两日内": by the call day + 2.
- **Events (规定 6):** announced by phone "提前两周" — on the event day − 14 — then by letter "于两日内": by the
  phone day + 2 (the event day − 12). An event decided less than two weeks ahead is phoned on the day it is
  decided (short notice), and its letter is due by the day before the event at the latest.
- **Maintenance due (规定 1, 保养周期 / 下一次保养期):** the next maintenance is the last one (or the purchase,
  for a car never serviced) plus the interval in months (a day missing in the target month falls on that
  month's last day: 1-31 + 1 month = 2-28, or 2-29 in a leap year), or the day the car is projected to
  reach the last one's mileage plus the interval in km at the rate it has been driven since purchase,
  whichever is earlier. Its reminder is due 7 days before (never before the day it is created).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

ARCHIVE_WITHIN_DAYS = 2
FIRST_CALL_FROM_DAYS = 3
FIRST_CALL_TO_DAYS = 7
SECOND_CALL_AFTER_DAYS = 7  # "一周后": the first week after the first call is over
SECOND_CALL_WITHIN_DAYS = 7  # "的7天以内"
REPORT_WITHIN_DAYS = 2
EVENT_PHONE_DAYS_AHEAD = 14  # "提前两周"
EVENT_LETTER_WITHIN_DAYS = 2  # "于两日内"
REMINDER_LEAD_DAYS = 7


@dataclass(frozen=True)
class Window:
    """Days from `start_on` to `end_on`, both included. `end_on` is the deadline."""

    start_on: dt.date
    end_on: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start_on <= day <= self.end_on


# -------------------------------------------------------------------------------------------- archive


def archive_deadline(visited_on: dt.date) -> dt.date:
    """The last day on which the archive of a visit on `visited_on` is on time (篇8 规定 2: 两日内)."""
    return visited_on + dt.timedelta(days=ARCHIVE_WITHIN_DAYS)


def is_archive_late(visited_on: dt.date, archived_on: dt.date) -> bool:
    """Whether an archive made on `archived_on` for a visit on `visited_on` missed the two days."""
    return archived_on > archive_deadline(visited_on)


# ------------------------------------------------------------------------------------ follow-up calls


def first_call_window(picked_up_on: dt.date) -> Window:
    """The first follow-up call: 3 days to one week after the car is picked up (篇8 规定 4)."""
    return Window(
        picked_up_on + dt.timedelta(days=FIRST_CALL_FROM_DAYS), picked_up_on + dt.timedelta(days=FIRST_CALL_TO_DAYS)
    )


def second_call_window(first_call_on: dt.date) -> Window:
    """The second follow-up call: within the 7 days after the week that follows the first call (篇8 规定 5)."""
    start = first_call_on + dt.timedelta(days=SECOND_CALL_AFTER_DAYS + 1)
    return Window(start, start + dt.timedelta(days=SECOND_CALL_WITHIN_DAYS - 1))


def planned_second_call_window(picked_up_on: dt.date) -> Window:
    """The second call's window while the first call is not yet made: from the latest allowed first call."""
    return second_call_window(first_call_window(picked_up_on).end_on)


def call_window(call_no: int, *, picked_up_on: dt.date, first_call_on: dt.date | None = None) -> Window:
    """The window of call 1 or 2 of a pick-up; call 2 counts from the first call once it is made."""
    if call_no == 1:
        return first_call_window(picked_up_on)
    if call_no == 2:
        if first_call_on is None:
            return planned_second_call_window(picked_up_on)
        return second_call_window(first_call_on)
    raise ValueError(f"call_no must be 1 or 2, not {call_no}")


def report_deadline(called_on: dt.date) -> dt.date:
    """An unanswered request from a call is reported to the supervisor by this day (篇8 规定 4: 两日内)."""
    return called_on + dt.timedelta(days=REPORT_WITHIN_DAYS)


# --------------------------------------------------------------------------------------------- events


class EventDatesError(ValueError):
    """The event is not after the day it is decided, so it cannot be announced."""


@dataclass(frozen=True)
class EventNotice:
    """When to phone and when to post the letter for an event; `is_short_notice` when decided < 2 weeks ahead."""

    phone_on: dt.date
    letter_on: dt.date
    is_short_notice: bool


def event_notice_dates(event_on: dt.date, decided_on: dt.date) -> EventNotice:
    """Phone two weeks ahead, then the letter within two days (篇8 规定 6); see the module docstring."""
    if event_on <= decided_on:
        raise EventDatesError(f"the event ({event_on}) must be after the day it is decided ({decided_on})")
    planned = event_on - dt.timedelta(days=EVENT_PHONE_DAYS_AHEAD)
    phone_on = max(planned, decided_on)
    letter_on = min(phone_on + dt.timedelta(days=EVENT_LETTER_WITHIN_DAYS), event_on - dt.timedelta(days=1))
    return EventNotice(phone_on=phone_on, letter_on=letter_on, is_short_notice=planned < decided_on)


# ------------------------------------------------------------------------------------------ maintenance


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; a day the target month lacks becomes its last day (1-31 + 1 → 2-28/29)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class DueReason(StrEnum):
    MONTHS = "months"
    KM = "km"


@dataclass(frozen=True)
class MaintenanceFacts:
    """What the archive knows about a car's maintenance, as plain values."""

    interval_months: int | None
    interval_km: int | None
    purchased_on: dt.date | None = None
    last_service_on: dt.date | None = None
    last_service_km: int | None = None
    odometer_km: int | None = None  # the latest reading …
    odometer_on: dt.date | None = None  # … and the day it was read


@dataclass(frozen=True)
class MaintenanceDue:
    """The next maintenance (下一次保养期): a day (None when it cannot be told), the mileage, and which came first."""

    on: dt.date | None
    km: int | None
    reason: DueReason | None


def _km_projected_on(facts: MaintenanceFacts, due_km: int) -> dt.date | None:
    """The day the car reaches `due_km`, driving on at its average rate since purchase (a new car: 0 km)."""
    if facts.odometer_km is None or facts.odometer_on is None:
        return None
    if facts.odometer_km >= due_km:
        return facts.odometer_on
    if facts.purchased_on is None or facts.odometer_km <= 0:
        return None
    elapsed_days = (facts.odometer_on - facts.purchased_on).days
    if elapsed_days <= 0:
        return None
    # km per day = odometer / elapsed; days to go = remaining / rate, rounded down (due before it is passed)
    days = (due_km - facts.odometer_km) * elapsed_days // facts.odometer_km
    return facts.odometer_on + dt.timedelta(days=days)


def next_maintenance(facts: MaintenanceFacts) -> MaintenanceDue:
    """The next maintenance from the interval and the last service (or the purchase); see the module docstring."""
    base_on = facts.last_service_on or facts.purchased_on
    # a car never serviced starts from 0 km; a service with no mileage recorded gives no mileage target
    base_km = facts.last_service_km if facts.last_service_on is not None else 0
    by_months = add_months(base_on, facts.interval_months) if base_on is not None and facts.interval_months else None
    due_km = base_km + facts.interval_km if facts.interval_km and base_km is not None else None
    by_km = _km_projected_on(facts, due_km) if due_km is not None else None
    if by_km is not None and (by_months is None or by_km < by_months):
        return MaintenanceDue(on=by_km, km=due_km, reason=DueReason.KM)
    if by_months is not None:
        return MaintenanceDue(on=by_months, km=due_km, reason=DueReason.MONTHS)
    return MaintenanceDue(on=None, km=due_km, reason=None)


def maintenance_reminder_on(due_on: dt.date, today: dt.date, lead_days: int = REMINDER_LEAD_DAYS) -> dt.date:
    """The reminder call's due day: `lead_days` before the maintenance, but not before `today` (its creation)."""
    return max(due_on - dt.timedelta(days=lead_days), today)


def is_reminder_time(
    due_on: dt.date, today: dt.date, *, lead_days: int = REMINDER_LEAD_DAYS, ahead_days: int = REMINDER_LEAD_DAYS
) -> bool:
    """Whether today's run creates the reminder: its due day is at most `ahead_days` away (so it shows in the
    week-ahead list of the follow-up person), i.e. the maintenance is at most lead + ahead days away."""
    return due_on - dt.timedelta(days=lead_days + ahead_days) <= today
