"""Periodic entry points of callbacks and surveys. They call services and hold no rules (STYLE §3); each is
idempotent, so a repeated or overlapping run does no harm.

- `callbacks_schedule_missing_job` (hourly): schedules the callback of any resolution of the last 7 days that
  has none (a safety net for the resolve hook).
- `survey_reminders_job` (daily, e.g. 09:00): one reminder e-mail to invitees who have not answered 7 days
  after the link was sent, while the link and the survey still run.
- `surveys_close_job` (daily, after midnight): closes running surveys whose last day has passed.
"""

from __future__ import annotations

import datetime as dt
import logging

from aftersales.followups import services

logger = logging.getLogger(__name__)


def callbacks_schedule_missing_job(at: dt.datetime | None = None) -> int:
    count = services.callbacks_schedule_missing(at=at)
    logger.log(logging.INFO if count else logging.DEBUG, "补排回访 / callbacks scheduled by the safety net: %d", count)
    return count


def survey_reminders_job(at: dt.datetime | None = None) -> int:
    count = services.survey_reminders_send(at=at)
    logger.log(logging.INFO if count else logging.DEBUG, "调查提醒 / survey reminders sent: %d", count)
    return count


def surveys_close_job(at: dt.datetime | None = None) -> int:
    count = services.surveys_close_finished(at=at)
    logger.log(logging.INFO if count else logging.DEBUG, "结束调查 / surveys closed: %d", count)
    return count
