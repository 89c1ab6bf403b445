"""Periodic entry points of the tickets app. They call services and hold no rules (STYLE §3).

`sla_sweep_task` runs every minute: in-process inside `aftersales serve` (aftersales.core.scheduler) in the
embedded mode, or on Celery beat in the scaled-out mode (aftersales.config.celery). Both run this same
function. The sweep is idempotent, so a run that overlaps or repeats does no harm.

`escalation_notices_job` runs every few seconds and tells people of the climbs that intake (class 1 goes to
the expert group at once) and manual escalation queued; each queued notice is sent exactly once.
"""

from __future__ import annotations

import logging

from celery import shared_task

from aftersales.tickets import services

logger = logging.getLogger(__name__)


@shared_task(name="aftersales.tickets.tasks.sla_sweep_task", ignore_result=False)
def sla_sweep_task() -> dict[str, int]:
    """Escalate every late request one tier (SLA巡检) and log what was done; returns the counts."""
    result = services.sla_sweep()
    level = logging.INFO if result.escalated else logging.DEBUG
    logger.log(
        level,
        "SLA巡检 / SLA sweep: examined %d, escalated %d, notified %d",
        result.examined,
        result.escalated,
        result.notified,
    )
    return {"examined": result.examined, "escalated": result.escalated, "notified": result.notified}


@shared_task(name="aftersales.tickets.tasks.escalation_notices_job", ignore_result=False)
def escalation_notices_job() -> dict[str, int]:
    """Send the queued escalation notices (digests per person); returns how many messages went out."""
    return {"notified": services.escalation_notices_send()}
