"""Reminder rounds of unacknowledged bulletins."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.bulletins.policy import reminders

DELIVERED = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)


def later(days: float) -> dt.datetime:
    return DELIVERED + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        pytest.param(0, 0, id="at-delivery"),
        pytest.param(2.99, 0, id="just-before-round-1"),
        pytest.param(3, 1, id="round-1"),
        pytest.param(5.9, 1, id="still-round-1"),
        pytest.param(6, 2, id="round-2"),
        pytest.param(40, 2, id="capped-at-max"),
        pytest.param(-1, 0, id="before-delivery"),
    ],
)
def test_reminder_round_every_3_days_at_most_2(days, expected):
    assert reminders.reminder_round(delivered_at=DELIVERED, at=later(days), every_days=3, max_rounds=2) == expected


def test_no_reminders_when_the_interval_is_zero():
    assert reminders.reminder_round(delivered_at=DELIVERED, at=later(30), every_days=0, max_rounds=2) == 0


@pytest.mark.parametrize(
    ("days", "sent", "expected"),
    [
        pytest.param(3, 0, 1, id="first-round-due"),
        pytest.param(4, 1, None, id="first-round-already-sent"),
        pytest.param(6, 1, 2, id="second-round-due"),
        pytest.param(9, 0, 2, id="missed-rounds-are-not-sent-one-by-one"),
        pytest.param(12, 2, None, id="all-rounds-sent"),
    ],
)
def test_reminder_due(days, sent, expected):
    assert (
        reminders.reminder_due(delivered_at=DELIVERED, at=later(days), every_days=3, max_rounds=2, reminders_sent=sent)
        == expected
    )
