"""`aftersales serve`: the production server (gunicorn) plus the periodic jobs (the SLA sweep), in-process.

On SQLite it also runs the WAL checkpointer thread and raises the workers' own checkpoint threshold, so
commits only append to the log (docs/decisions/004-sqlite-writers-and-intake.md). `--jobs` limits the
in-process jobs to the ones named (the benchmark runs only the escalation notices).

gunicorn runs as a child process with its workers; this process runs the scheduler thread with the jobs
of aftersales.config.periodic, so the sweep runs once a minute whatever the number of workers. With
AFTERSALES_SCHEDULER=celery (or --scheduler celery) the jobs are left to Celery beat and this process only
supervises gunicorn. SIGINT/SIGTERM stop both; if this process dies, the kernel stops gunicorn too
(PR_SET_PDEATHSIG). Unless AFTERSALES_BASE_URL is set, links in e-mails point at the address served
(AFTERSALES_SERVED_URL, exported before gunicorn starts).
"""

from __future__ import annotations

import ctypes
import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from aftersales.config.periodic import PeriodicJob, periodic_jobs, run_once_per_period
from aftersales.core import clock
from aftersales.core.backends.sqlite.checkpointer import checkpoint_in_background
from aftersales.core.heap import freeze_after_start
from aftersales.core.scheduler import Scheduler

GUNICORN_CONFIG = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"
SCHEDULER_MODES = ("inprocess", "celery", "off")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def gunicorn_argv(*, host: str, port: int, workers: int, threads: int | None = None) -> list[str]:
    """The command line that starts gunicorn on `host:port` with `workers` workers."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(GUNICORN_CONFIG),
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
    ]
    if threads:
        argv += ["--threads", str(threads)]
    return argv


class Command(BaseCommand):
    help = (
        "启动生产服务器（gunicorn）并在本进程内每分钟执行SLA巡检 / "
        "Start the production server (gunicorn) with the SLA sweep running in this process every minute."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--host", default=os.environ.get("AFTERSALES_HOST", "127.0.0.1"), help="address to bind (default 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="port (default $PORT or 8000)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("AFTERSALES_WORKERS", "2")),
            help="gunicorn worker processes (default $AFTERSALES_WORKERS or 2)",
        )
        parser.add_argument(
            "--threads", type=int, default=None, help="threads per worker (default $AFTERSALES_THREADS or 1)"
        )
        parser.add_argument(
            "--scheduler",
            choices=SCHEDULER_MODES,
            default=None,
            help="inprocess (default), celery (beat runs the sweep) or off; default $AFTERSALES_SCHEDULER",
        )
        parser.add_argument(
            "--jobs",
            default=None,
            help="comma-separated names of the periodic jobs to run in this process (default: all of them)",
        )
        parser.add_argument(
            "--sweep-seconds",
            type=float,
            default=None,
            help="seconds between SLA sweeps (default $AFTERSALES_SWEEP_SECONDS or 60)",
        )

    def handle(self, *args, **options) -> None:
        mode = options["scheduler"] or settings.AFTERSALES_SCHEDULER
        if mode not in SCHEDULER_MODES:
            raise CommandError(f"AFTERSALES_SCHEDULER must be one of {', '.join(SCHEDULER_MODES)}, not {mode!r}")
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        jobs = [
            PeriodicJob(job.name, job.path, options["sweep_seconds"])
            if job.name == "sla_sweep" and options["sweep_seconds"]
            else job
            for job in periodic_jobs()
        ]
        if options["jobs"]:
            wanted = {name.strip() for name in options["jobs"].split(",") if name.strip()}
            unknown = wanted - {job.name for job in jobs}
            if unknown:
                raise CommandError(f"unknown periodic jobs: {', '.join(sorted(unknown))}")
            jobs = [job for job in jobs if job.name in wanted]
        host, port = options["host"], options["port"]
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}/"  # noqa: S104
        argv = gunicorn_argv(host=host, port=port, workers=options["workers"], threads=options["threads"])
        listed = ", ".join(f"{job.name} {job.every_seconds:g}s" for job in jobs)
        where = {
            "inprocess": f"本进程内运行 / in this process: {listed}",
            "celery": "由 Celery beat 运行 / run by Celery beat",
            "off": "已关闭 / off",
        }[mode]
        self.stdout.write(
            f"售后服务管理系统 / Aftersales: {url}\n"
            f"  gunicorn {options['workers']} workers; 定时任务 / periodic jobs: {where}\n"
            f"  数据库 / database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
            f" {settings.DATABASES['default']['NAME']}\n"
            "  按 Ctrl-C 停止 / press Ctrl-C to stop"
        )
        self.stdout.flush()
        # Links in e-mails point here unless AFTERSALES_BASE_URL says otherwise (notifications.base_url): for
        # the jobs of this process and, through the environment, for gunicorn's workers.
        os.environ["AFTERSALES_SERVED_URL"] = url.rstrip("/")
        # Before gunicorn starts: its workers inherit the raised checkpoint threshold from the environment.
        checkpointer = checkpoint_in_background(settings.DATABASES["default"])
        server = subprocess.Popen(argv, preexec_fn=_die_with_parent)  # noqa: S603
        scheduler = Scheduler()
        if mode == "inprocess":
            # This process runs the jobs for as long as it serves: their modules loaded, then the heap frozen.
            freeze_after_start(job.resolve() for job in jobs)
            for job in jobs:
                scheduler.every(job.every_seconds, self._runner(job), name=job.name)
            scheduler.start()

        def forward(signum, _frame) -> None:
            if server.poll() is None:
                server.send_signal(signum)

        previous = {signum: signal.signal(signum, forward) for signum in (signal.SIGTERM, signal.SIGHUP)}
        try:
            while True:
                try:
                    code = server.wait()
                    break
                except KeyboardInterrupt:
                    # Ctrl-C reached the whole process group; gunicorn shuts down on its own SIGINT.
                    forward(signal.SIGINT, None)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            scheduler.stop()
            if checkpointer is not None:
                checkpointer.stop()
            if server.poll() is None:
                server.terminate()
                server.wait(30)
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"gunicorn exited with status {code}", returncode=code if code > 0 else 1)

    def _runner(self, job: PeriodicJob):
        """Run `job` and print what it did when it did something (a result with a non-zero count)."""

        # Beside other app servers (PostgreSQL), each period's run is claimed in the shared cache first, so the
        # job runs once per period however many servers run it (aftersales.config.periodic).
        shared = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

        def run() -> None:
            if shared:
                ran, result = run_once_per_period(job)
                if not ran:
                    return
            else:
                result = job.resolve()()
            if dataclasses.is_dataclass(result) and not isinstance(result, type):
                result = dataclasses.asdict(result)
            if isinstance(result, dict) and any(isinstance(v, int) and v for v in result.values()):
                counts = ", ".join(f"{key} {value}" for key, value in result.items())
                at = clock.local(clock.now()).strftime("%Y-%m-%d %H:%M:%S")
                self.stdout.write(f"[{at}] {job.name}: {counts}")
                self.stdout.flush()

        return run
