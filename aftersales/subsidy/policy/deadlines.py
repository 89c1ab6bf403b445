"""Deadlines of the programme on China's working calendar (holidays and make-up workdays).

The calendar is the SLA area's `WorkCalendar` (built by `aftersales.sla` from `chinesecalendar` and the editable
holiday table); a working day is a day with office hours. Handed in as a value, so these stay pure.

- sales are entered within 3 working days of the sale (篇4 二(一)5, 篇9 六(一));
- the commerce bureau reviews an outlet's filing within 2 working days (issue 11);
- the county pays within 30 working days of the later of sales entry and claim (篇4 二(三)2);
- a claim is taken no earlier than 3 (calendar) days after the purchase (篇9 六(二)).
"""

from __future__ import annotations

from datetime import date, timedelta

from aftersales.sla.policy.worktime import WorkCalendar, add_working_days

ENTRY_WORKING_DAYS = 3
REVIEW_WORKING_DAYS = 2
PAYMENT_WORKING_DAYS = 30
CLAIM_AFTER_DAYS = 3


def working_days_after(calendar: WorkCalendar, start: date, days: int) -> date:
    """The `days`-th working day after `start`."""
    return add_working_days(calendar, start, days).on


def entry_deadline(calendar: WorkCalendar, sold_on: date) -> date:
    """The last day a sale of `sold_on` may be entered on time."""
    return add_working_days(calendar, sold_on, ENTRY_WORKING_DAYS).on


def entered_late(calendar: WorkCalendar, sold_on: date, entered_on: date) -> bool:
    return entered_on > entry_deadline(calendar, sold_on)


def review_by(calendar: WorkCalendar, filed_on: date) -> date:
    """The day by which the commerce bureau decides on an outlet filed on `filed_on`."""
    return add_working_days(calendar, filed_on, REVIEW_WORKING_DAYS).on


def pay_by(calendar: WorkCalendar, entered_on: date, claimed_on: date) -> date:
    """The day by which the county pays a claim: 30 working days after the later of entry and claim."""
    return add_working_days(calendar, max(entered_on, claimed_on), PAYMENT_WORKING_DAYS).on


def earliest_claim(sold_on: date) -> date:
    """The first day a purchase of `sold_on` may be claimed ("购买…3日后")."""
    return sold_on + timedelta(days=CLAIM_AFTER_DAYS)
