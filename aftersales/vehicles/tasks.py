"""Periodic entry points of the 4S follow-up service. They call services and hold no rules (STYLE §3).

`vehicles_reminders_job` creates the maintenance-due reminders (篇8: 通知客户按期保养). Run it daily (e.g. at
06:00 China time; hourly does no harm), in-process (aftersales.core.scheduler) or on Celery beat: both run this
same function. It is idempotent — each due day of each car gets one reminder, keyed by its source key — so a
repeated or overlapping run creates nothing new.
"""

from __future__ import annotations

import datetime as dt
import logging

from aftersales.vehicles import services

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 24 * 60 * 60


def vehicles_reminders_job(at: dt.datetime | None = None) -> dict[str, int]:
    """Create the reminders of maintenance falling due within two weeks (保养提醒); returns the counts."""
    result = services.maintenance_reminders_create(at=at)
    level = logging.INFO if result.created else logging.DEBUG
    logger.log(
        level,
        "保养提醒 / maintenance reminders: %d vehicles due soon, %d reminders created",
        result.examined,
        result.created,
    )
    return {"examined": result.examined, "created": result.created}
