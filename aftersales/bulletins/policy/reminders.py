"""When a customer that has not acknowledged a bulletin is reminded (SPEC §4: “a reminder to those who did
not acknowledge”).

Reminder round r (1, 2, …, at most `max_rounds`) falls due `r × every_days` days after delivery. A run of
the reminder job sends one reminder for the latest round due that was not sent yet: rounds missed while the
job was not running are not sent one after another. The last round also puts a phone call on the callback
specialists' list.
"""

from __future__ import annotations

import datetime as dt


def reminder_round(*, delivered_at: dt.datetime, at: dt.datetime, every_days: int, max_rounds: int) -> int:
    """The reminder round due at `at` for a delivery made at `delivered_at` (0: none yet)."""
    if every_days <= 0 or max_rounds <= 0 or at <= delivered_at:
        return 0
    return min((at - delivered_at) // dt.timedelta(days=every_days), max_rounds)


def reminder_due(
    *, delivered_at: dt.datetime, at: dt.datetime, every_days: int, max_rounds: int, reminders_sent: int
) -> int | None:
    """The round to send now, or None when the latest due round was already sent."""
    current = reminder_round(delivered_at=delivered_at, at=at, every_days=every_days, max_rounds=max_rounds)
    return current if current > reminders_sent else None
