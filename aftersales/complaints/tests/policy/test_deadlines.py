"""Complaint deadlines on working-time calendars and the escalation ladder (篇1 2.16, 4.8). No database."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.complaints.policy.deadlines import (
    Deadlines,
    Targets,
    breach_at,
    complaint_deadlines,
    next_escalation,
    overdue_names,
)
from aftersales.complaints.policy.lifecycle import Tier
from aftersales.sla.policy.worktime import ALWAYS_OPEN, office_hours

CHINA = dt.timezone(dt.timedelta(hours=8))
TEN_MINUTES = Targets(reply_minutes=10, senior_minutes=60, manager_minutes=240)
TWO_HOURS = Targets(reply_minutes=120, senior_minutes=540, manager_minutes=1080)
# National Day 2026: 10-01..10-07 off; 09-20 (Sun) and 10-10 (Sat) are make-up workdays.
NATIONAL_DAY = frozenset(dt.date(2026, 10, d) for d in range(1, 8))
OFFICE_2026 = office_hours(
    holidays=NATIONAL_DAY, workdays={dt.date(2026, 9, 20), dt.date(2026, 10, 10)}, known_years={2026}
)


def china(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA)


@pytest.mark.parametrize(
    ("calendar", "targets", "received", "reply_by"),
    [
        pytest.param(ALWAYS_OPEN, TEN_MINUTES, china(2026, 11, 27, 17, 0), china(2026, 11, 27, 17, 10), id="7x24"),
        pytest.param(
            ALWAYS_OPEN,
            TEN_MINUTES,
            china(2026, 9, 30, 23, 55),
            china(2026, 10, 1, 0, 5),
            id="7x24-over-midnight-into-holiday",
        ),
        pytest.param(OFFICE_2026, TWO_HOURS, china(2026, 11, 26, 10, 0), china(2026, 11, 26, 12, 0), id="office"),
        pytest.param(
            OFFICE_2026, TWO_HOURS, china(2026, 11, 27, 17, 0), china(2026, 11, 30, 10, 0), id="office-friday-17:00"
        ),
        pytest.param(
            OFFICE_2026,
            TWO_HOURS,
            china(2026, 11, 27, 18, 0),
            china(2026, 11, 30, 10, 30),
            id="office-friday-after-hours",
        ),
        pytest.param(
            OFFICE_2026, TWO_HOURS, china(2026, 9, 30, 17, 0), china(2026, 10, 8, 10, 0), id="office-national-day"
        ),
        pytest.param(
            OFFICE_2026,
            TWO_HOURS,
            china(2026, 9, 30, 18, 0),
            china(2026, 10, 8, 10, 30),
            id="office-national-day-after-hours",
        ),
        pytest.param(
            OFFICE_2026, TWO_HOURS, china(2026, 9, 18, 17, 0), china(2026, 9, 20, 10, 0), id="office-makeup-sunday"
        ),
    ],
)
def test_reply_deadline_counts_working_minutes(calendar, targets, received, reply_by):
    # given / when
    deadlines = complaint_deadlines(calendar, received, targets)
    # then
    assert deadlines.reply_by == reply_by
    assert deadlines.uncertain is False


def test_a_deadline_in_a_year_without_holiday_data_is_flagged():
    # given: office hours with 2026 known; a complaint on New Year's Eve 2026 at 17:00
    received = china(2026, 12, 31, 17, 0)
    # when
    deadlines = complaint_deadlines(OFFICE_2026, received, TWO_HOURS)
    # then: 2027-01-01 counted as a plain Friday, and flagged
    assert deadlines.reply_by == china(2027, 1, 1, 10, 0)
    assert deadlines.uncertain is True


def test_targets_must_grow_from_reply_to_manager():
    with pytest.raises(ValueError, match="reply ≤ senior ≤ manager"):
        Targets(reply_minutes=60, senior_minutes=10, manager_minutes=240)


DEADLINES = Deadlines(
    reply_by=china(2026, 11, 26, 10, 10),
    senior_by=china(2026, 11, 26, 11, 0),
    manager_by=china(2026, 11, 26, 14, 0),
    uncertain=False,
)


@pytest.mark.parametrize(
    ("tier", "replied", "step"),
    [
        pytest.param(Tier.DESK, False, (Tier.SENIOR, DEADLINES.reply_by), id="desk-unreplied"),
        pytest.param(Tier.DESK, True, (Tier.SENIOR, DEADLINES.senior_by), id="desk-replied"),
        pytest.param(Tier.SENIOR, False, (Tier.MANAGER, DEADLINES.manager_by), id="senior"),
        pytest.param(Tier.MANAGER, True, None, id="top"),
    ],
)
def test_next_escalation_is_one_tier_up(tier, replied, step):
    # given / when
    result = next_escalation(DEADLINES, tier=tier, replied=replied)
    # then
    assert (None if result is None else (result.tier, result.due_at)) == step


@pytest.mark.parametrize(
    ("tier", "replied", "at", "names", "since"),
    [
        pytest.param(Tier.DESK, False, china(2026, 11, 26, 10, 5), (), DEADLINES.reply_by, id="in-time"),
        pytest.param(Tier.DESK, False, china(2026, 11, 26, 10, 15), ("reply",), DEADLINES.reply_by, id="reply-late"),
        pytest.param(Tier.DESK, True, china(2026, 11, 26, 10, 15), (), DEADLINES.senior_by, id="replied"),
        pytest.param(
            Tier.SENIOR, True, china(2026, 11, 26, 15, 0), ("manager",), DEADLINES.manager_by, id="manager-late"
        ),
        pytest.param(Tier.MANAGER, True, china(2026, 11, 27, 15, 0), (), None, id="top-replied"),
        pytest.param(
            Tier.MANAGER, False, china(2026, 11, 27, 15, 0), ("reply",), DEADLINES.reply_by, id="top-unreplied"
        ),
    ],
)
def test_overdue_deadlines_are_those_without_their_event(tier, replied, at, names, since):
    # given / when / then
    assert overdue_names(DEADLINES, tier=tier, replied=replied, at=at) == names
    assert breach_at(DEADLINES, tier=tier, replied=replied) == since
