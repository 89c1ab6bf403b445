"""Periodic entry points of bulletins. Plain functions taking `at=None`; they call services and hold no rules.

- `ticket_search_recent_index_job`: daily. PostgreSQL: rebuilds the partial index of the newest similar-request
  keys once it spans twice its size (`search.ticket_search_recent_index`); nothing on SQLite.
- `bulletins_remind_job`: hourly is plenty (reminder rounds are days apart). Reminds customers that have not
  acknowledged a bulletin when their next round is due, and after the last round puts a phone call on the
  callback specialists' list. Idempotent: each delivery gets each round once, however often it runs.
"""

from __future__ import annotations

import datetime as dt
import logging

from aftersales.bulletins import search, services

logger = logging.getLogger(__name__)


def bulletins_remind_job(at: dt.datetime | None = None) -> dict[str, int]:
    """Send the reminder rounds that are due; returns the counts of this run."""
    result = services.bulletins_remind(at=at)
    if result.reminded:
        logger.info(
            "及时通知提醒 / bulletin reminders: %d customers, %d messages, %d phone calls listed",
            result.reminded,
            result.messages,
            result.phone_items,
        )
    return {"reminded": result.reminded, "messages": result.messages, "phone_items": result.phone_items}


def ticket_search_recent_index_job() -> dict[str, int | None]:
    """Move the newest-keys search index forward when it is due; returns the floor it was built at (or None)."""
    floor = search.ticket_search_recent_index()
    if floor is not None:
        logger.info("请求检索近期索引 / recent similar-request index rebuilt above key %d", floor)
    return {"floor": floor}
