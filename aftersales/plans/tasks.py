"""Periodic entry points of service plans. They call services and hold no rules (STYLE §3).

`plans_generate_job` creates the dated work of every active plan for the next `HORIZON_DAYS` (60) days. Run it
daily (e.g. at 01:00, or every 24 h from start-up), in-process (aftersales.core.scheduler) or on Celery beat:
both call this same function. It is idempotent (one source key per rule and period), so an overlapping or
repeated run creates nothing twice; a missed day is caught up by the next run.
"""

from __future__ import annotations

import datetime as dt
import logging

from aftersales.core import clock
from aftersales.plans import services

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 24 * 60 * 60


def plans_generate_job(at: dt.datetime | None = None) -> dict[str, int | str]:
    """Generate plan work up to 60 days ahead of `at` (default now); returns the counts."""
    at = at or clock.now()
    until = clock.local(at).date() + dt.timedelta(days=services.HORIZON_DAYS)
    result = services.plans_generate(until=until, at=at)
    level = logging.INFO if result.created else logging.DEBUG
    logger.log(
        level,
        "服务计划 / service plans: %d rules, %d occurrences up to %s, %d new work items",
        result.rules,
        result.occurrences,
        until,
        result.created,
    )
    return {
        "until": until.isoformat(),
        "rules": result.rules,
        "occurrences": result.occurrences,
        "created": result.created,
    }
