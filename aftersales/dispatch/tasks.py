"""Periodic entry points of field service. They call services and hold no rules (STYLE §3).

`visits_notify_upcoming_task` tells customers of planned visits in the coming 7 days (篇6). Run it every
few minutes to hourly, in-process (aftersales.core.scheduler) or on Celery beat: both run this same function.
It is idempotent (each dispatch is marked notified under a row lock), so an overlapping or repeated run
notifies nobody twice.
"""

from __future__ import annotations

import logging

from celery import shared_task

from aftersales.dispatch import services

logger = logging.getLogger(__name__)


@shared_task(name="aftersales.dispatch.tasks.visits_notify_upcoming_task", ignore_result=False)
def visits_notify_upcoming_task() -> dict[str, int]:
    """Announce the planned visits of the coming week to their customers (上门预约通知); returns the counts."""
    result = services.visits_notify_upcoming()
    level = logging.INFO if result.dispatches else logging.DEBUG
    logger.log(
        level,
        "上门预约通知 / planned-visit notices: %d visits, %d in-app, %d e-mails",
        result.dispatches,
        result.messages,
        result.emails,
    )
    return {"dispatches": result.dispatches, "messages": result.messages, "emails": result.emails}
