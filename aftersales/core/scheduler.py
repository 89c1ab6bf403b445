"""A small in-process periodic runner for the embedded mode (`aftersales serve`).

One daemon thread runs each registered job every N seconds until `stop()`. A job that raises is logged
and tried again at its next turn; the thread's database connections are closed after every run, so a
long-lived thread never holds a stale connection or an SQLite read snapshot between runs. It runs in the
`serve` process only (not in the gunicorn workers), so each job runs once per interval, not once per
worker. In the scaled-out mode Celery beat takes this role (docs/decisions/003-in-process-scheduler.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections

logger = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    func: Callable[[], object]
    every_seconds: float
    next_run: float = 0.0
    runs: int = 0
    failures: int = 0


class Scheduler:
    """Run jobs every N seconds in one background thread. `start()`, then `stop()` when done."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._jobs: list[Job] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._clock = clock

    @property
    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def every(
        self, seconds: float, func: Callable[[], object], *, name: str | None = None, run_now: bool = True
    ) -> Job:
        """Register `func` to run every `seconds` (first right away unless `run_now` is false)."""
        if seconds <= 0:
            raise ValueError("the interval must be positive")
        job = Job(name=name or getattr(func, "__name__", repr(func)), func=func, every_seconds=seconds)
        job.next_run = self._clock() + (0 if run_now else seconds)
        self._jobs.append(job)
        return job

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the scheduler is already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="aftersales-scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the thread to stop and wait for the job that is running, if any, to finish."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run_pending(self) -> int:
        """Run every job that is due now; returns how many ran. The thread's loop calls this."""
        ran = 0
        for job in self._jobs:
            if self._stop.is_set():
                break
            if self._clock() >= job.next_run:
                self._run(job)
                ran += 1
        return ran

    def _run(self, job: Job) -> None:
        started = self._clock()
        try:
            job.func()
        except Exception:
            job.failures += 1
            logger.exception("定时任务 %s 失败 / scheduled job %s failed", job.name, job.name)
        finally:
            job.runs += 1
            connections.close_all()
        # Keep to the grid (no drift); when turns were missed (a slow run, a suspended machine), skip them
        # and start a whole interval from now rather than running several times in a row.
        now = self._clock()
        job.next_run += job.every_seconds
        if job.next_run <= now:
            job.next_run = now + job.every_seconds
        logger.debug("job %s took %.3f s", job.name, now - started)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_pending()
            if not self._jobs:
                self._stop.wait(1.0)
                continue
            wait = min(job.next_run for job in self._jobs) - self._clock()
            if wait > 0:
                self._stop.wait(wait)
