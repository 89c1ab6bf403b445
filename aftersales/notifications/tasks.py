"""Periodic entry points of delivery. Plain functions taking `at=None`; they call services and hold no rules.

- `webhooks_deliver_job`: every minute. POSTs the webhook deliveries that are due (new ones and retries by
  the backoff schedule 1, 2, 4, 8 minutes, at most 5 attempts).
- `sms_send_job`: every minute. Sends SMS rows still pending (e.g. the process stopped between the commit and
  the send); each row is claimed before sending, so nothing is sent twice.

Both are idempotent and safe to run in overlapping processes (each row is claimed by a conditional update).
"""

from __future__ import annotations

import datetime as dt
import logging

from aftersales.notifications import services

logger = logging.getLogger(__name__)


def webhooks_deliver_job(at: dt.datetime | None = None) -> dict[str, int]:
    """Send every due webhook delivery once; returns the counts of this run."""
    run = services.webhook_deliveries_send(at=at)
    if run.attempted:
        logger.info(
            "Webhook 投递 / webhook deliveries: %d attempted, %d delivered, %d to retry, %d given up",
            run.attempted,
            run.succeeded,
            run.retrying,
            run.given_up,
        )
    return {"attempted": run.attempted, "succeeded": run.succeeded, "retrying": run.retrying, "given_up": run.given_up}


def sms_send_job(at: dt.datetime | None = None) -> dict[str, int]:
    """Hand SMS messages still pending to the provider; returns how many were sent."""
    return {"sent": services.sms_send_pending()}
