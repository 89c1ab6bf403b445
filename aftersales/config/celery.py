"""The Celery app of the scaled-out mode: `celery -A aftersales.config.celery worker -B`.

Settings come from Django's settings with the `CELERY_` prefix (CELERY_BROKER_URL = $REDIS_URL). Beat runs
the periodic jobs of aftersales.config.periodic (the SLA sweep every AFTERSALES_SWEEP_SECONDS, 60 s): the
same functions that `aftersales serve` runs in-process in the embedded mode. Start `aftersales serve` with
AFTERSALES_SCHEDULER=celery so the jobs do not run twice (docs/decisions/003-in-process-scheduler.md).
"""

from __future__ import annotations

import dataclasses
import json
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")

app = Celery("aftersales")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["aftersales.tickets"])


@app.task(name="aftersales.run_job")
def run_job(path: str) -> object:
    """Run the periodic job at `path` (aftersales.config.periodic) on a worker; its result made JSON-safe.

    Once per period however many beats sent it: a turn whose period another worker already ran is skipped
    (`periodic.run_once_per_period`) and answers {"skipped": true}.
    """
    from django.utils.module_loading import import_string

    from aftersales.config.periodic import job_for_path, run_once_per_period

    job = job_for_path(path)
    if job is None:
        result = import_string(path)()
    else:
        ran, result = run_once_per_period(job)
        if not ran:
            return {"skipped": True}
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        result = dataclasses.asdict(result)
    return json.loads(json.dumps(result, default=str))


@signals.worker_init.connect
def _freeze_after_start(**_kwargs) -> None:
    """In the worker's main process, before its pool forks: the periodic jobs' modules imported, then the heap
    frozen (`core.heap`), so each pool process starts with it out of the collector's sight and shared."""
    from aftersales.config.periodic import periodic_jobs
    from aftersales.core.heap import freeze_after_start

    freeze_after_start(job.resolve() for job in periodic_jobs())


def beat_schedule(jobs) -> dict[str, dict]:
    """The beat entries of the periodic jobs, each run on a worker through `run_job` by its dotted path.

    Nothing is imported here: the Celery app is loaded before Django is set up. A run that waited longer
    than its interval is dropped (`expires`): the next one supersedes it.
    """
    return {
        job.name.replace("_", "-"): {
            "task": "aftersales.run_job",
            "args": (job.path,),
            "schedule": job.every_seconds,
            "options": {"expires": job.every_seconds},
        }
        for job in jobs
    }


def _configure() -> None:
    from django.conf import settings

    from aftersales.config.periodic import periodic_jobs

    app.conf.result_backend = getattr(settings, "CELERY_RESULT_BACKEND", None) or app.conf.broker_url
    app.conf.result_expires = 3600
    app.conf.timezone = settings.TIME_ZONE
    app.conf.broker_connection_retry_on_startup = True
    app.conf.beat_schedule_filename = str(settings.VAR_DIR / "celerybeat-schedule")
    app.conf.beat_schedule = beat_schedule(periodic_jobs())


_configure()
