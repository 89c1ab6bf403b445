"""The periodic jobs, in one list read by both schedulers (docs/decisions/003-in-process-scheduler.md).

`aftersales serve` runs each job in-process every `every_seconds` (AFTERSALES_SCHEDULER=inprocess, the
embedded mode); `aftersales.config.celery` turns the same list into the Celery beat schedule (scaled-out
mode). A job is a callable without arguments, named by its dotted path: a Celery task (run by its own
name on beat) or a plain function (run through the generic `aftersales.run_job` task). Jobs must be
idempotent: they may overlap or run twice when the mode changes. To add one, add a line below.

Several schedulers (two Celery beats, beats on two machines, `aftersales serve` on two app servers of one
PostgreSQL) run a job once per period all the same: `run_once_per_period` claims the period's slot in the
shared cache first (`cache.add`: Redis SET NX, or an INSERT on the cache table's primary key), and a
scheduler that finds the slot taken skips its turn (docs/decisions/021-postgresql-at-scale.md).
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    path: str  # dotted path of a callable taking no argument
    every_seconds: float

    def resolve(self) -> Callable[[], object]:
        return import_string(self.path)


def periodic_jobs() -> tuple[PeriodicJob, ...]:
    """Every periodic job with its interval (the intervals may come from settings)."""
    return (
        # SLA巡检: escalate late requests one tier a minute (SPEC §2; issue 2).
        PeriodicJob("sla_sweep", "aftersales.tickets.tasks.sla_sweep_task", float(settings.AFTERSALES_SWEEP_SECONDS)),
        # Escalation notices queued by intake and manual escalation (the sweep tells at once).
        PeriodicJob(
            "escalation_notices",
            "aftersales.tickets.tasks.escalation_notices_job",
            float(settings.AFTERSALES_NOTICE_SECONDS),
        ),
        # 投诉: escalate complaints past their reply / senior / manager deadlines (issue 4).
        PeriodicJob("complaints_sweep", "aftersales.complaints.tasks.complaints_sweep", MINUTE),
        # Outbound webhooks and SMS due for (re)delivery, with backoff (issue 4).
        PeriodicJob("webhooks_deliver", "aftersales.notifications.tasks.webhooks_deliver_job", MINUTE),
        PeriodicJob("sms_send", "aftersales.notifications.tasks.sms_send_job", MINUTE),
        # Planned visits: notify customers 7 days ahead (篇6; issue 3).
        PeriodicJob("visits_notify_upcoming", "aftersales.dispatch.tasks.visits_notify_upcoming_task", HOUR),
        # Callbacks for resolutions written without the service (imports, bulk data) (issue 4).
        PeriodicJob("callbacks_schedule_missing", "aftersales.followups.tasks.callbacks_schedule_missing_job", HOUR),
        # Daily: plan-generated work 60 days ahead, maintenance reminders, survey reminders and closing,
        # bulletin acknowledgement reminders (issue 4). All idempotent, so a restart may run them again.
        PeriodicJob("plans_generate", "aftersales.plans.tasks.plans_generate_job", DAY),
        PeriodicJob("vehicles_reminders", "aftersales.vehicles.tasks.vehicles_reminders_job", DAY),
        PeriodicJob("survey_reminders", "aftersales.followups.tasks.survey_reminders_job", DAY),
        PeriodicJob("surveys_close", "aftersales.followups.tasks.surveys_close_job", DAY),
        PeriodicJob("bulletins_remind", "aftersales.bulletins.tasks.bulletins_remind_job", DAY),
        # PostgreSQL: the similar-request search's index of the newest keys moves forward (decision 021 §8).
        PeriodicJob("ticket_search_recent", "aftersales.bulletins.tasks.ticket_search_recent_index_job", DAY),
        # Management view (issue 12): the per-day SLA rollup, key customers' periodic reports on the first working
        # day of a period (sent once), exports left queued by a restarted worker.
        PeriodicJob("reports_sla_rollup", "aftersales.reports.tasks.sla_rollup_job", 10 * MINUTE),
        PeriodicJob("reports_periodic", "aftersales.reports.tasks.periodic_reports_job", HOUR),
        PeriodicJob("reports_exports", "aftersales.reports.tasks.exports_pending_job", MINUTE),
        # Idempotency keys older than 24 hours (core/idempotency.py; issue 9).
        PeriodicJob("idempotency_purge", "aftersales.core.idempotency.idempotency_purge", HOUR),
    )


# Where each run (and each skipped turn) is noted, newest first, for `aftersales` operators and the tests.
RUNS_KEY = "aftersales:periodic:runs"
RUNS_KEPT = 500


def job_for_path(path: str) -> PeriodicJob | None:
    return next((job for job in periodic_jobs() if job.path == path), None)


def run_once_per_period(job: PeriodicJob, *, now: float | None = None) -> tuple[bool, object]:
    """Run `job` unless another scheduler already ran it in this period; (ran, result).

    Periods are the grid of `every_seconds` from the epoch (the sweep: each minute), so runs of several beats
    that fire within one period, however they drift, claim the same slot, and exactly one of them runs. A slot's
    key is never reused (it names the slot), so the claim is an insert that only one caller can win, on Redis
    and on the database cache alike; it expires after two periods.
    """
    now = time.time() if now is None else now
    slot = int(now // job.every_seconds)
    owner = f"{socket.gethostname()}:{os.getpid()}"
    claimed = cache.add(f"aftersales:periodic:{job.name}:{slot}", owner, timeout=max(int(job.every_seconds * 2), 2))
    _note(job.name, slot, owner, ran=claimed)
    if not claimed:
        return False, None
    return True, job.resolve()()


def _note(name: str, slot: int, owner: str, *, ran: bool) -> None:
    """Keep the last runs in Redis (a list) when the cache is Redis; nothing otherwise."""
    client = _redis()
    if client is None:
        return
    entry = json.dumps({"job": name, "slot": slot, "by": owner, "ran": ran, "at": round(time.time(), 3)})
    key = cache.make_key(RUNS_KEY)
    pipe = client.pipeline()
    pipe.lpush(key, entry)
    pipe.ltrim(key, 0, RUNS_KEPT - 1)
    pipe.execute()


def recent_runs() -> list[dict]:
    """The last noted runs and skipped turns, newest first (Redis only; [] otherwise)."""
    client = _redis()
    return [json.loads(item) for item in client.lrange(cache.make_key(RUNS_KEY), 0, -1)] if client is not None else []


def _redis():
    backend = settings.CACHES["default"]["BACKEND"]
    if backend != "django.core.cache.backends.redis.RedisCache":
        return None
    return cache._cache.get_client(write=True)  # Django's Redis cache has no public client
