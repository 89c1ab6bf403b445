"""The periodic jobs, in one list read by both schedulers (docs/decisions/003-in-process-scheduler.md).

`aftersales serve` runs each job in-process every `every_seconds` (AFTERSALES_SCHEDULER=inprocess, the
embedded mode); `aftersales.config.celery` turns the same list into the Celery beat schedule (scaled-out
mode). A job is a callable without arguments, named by its dotted path: a Celery task (run by its own
name on beat) or a plain function (run through the generic `aftersales.run_job` task). Jobs must be
idempotent: they may overlap or run twice when the mode changes. To add one, add a line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


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
    )
