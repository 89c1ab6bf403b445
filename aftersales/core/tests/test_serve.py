"""`aftersales serve` (gunicorn + the in-process sweep); `aftersales setup` is tested in aftersales/demo/tests."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aftersales.core.management.commands import serve
from aftersales.notifications import services as notifications
from aftersales.tickets import tasks


class FakeServer:
    """Stands in for the gunicorn process: 'runs' until the sweep has run `sweeps` times."""

    def __init__(self, argv, sweeps: threading.Event, **kwargs):
        self.argv = argv
        self.sweeps = sweeps
        self.returncode = None

    def poll(self):
        return self.returncode

    def wait(self, timeout=None):
        self.sweeps.wait(10)
        self.returncode = 0
        return 0

    def send_signal(self, signum):
        self.returncode = -signum

    def terminate(self):
        self.returncode = -signal.SIGTERM


def job_that_did_nothing() -> dict:
    return {}


@pytest.fixture(autouse=True)
def _jobs_without_the_database(monkeypatch):
    """Every periodic job but the sweep (which each test stubs as it needs) does nothing here: these tests have no
    database, and the real jobs would fail in the scheduler's thread. Their names and intervals stay the real ones."""
    stand_in = f"{__name__}.job_that_did_nothing"
    real = serve.periodic_jobs
    monkeypatch.setattr(
        serve,
        "periodic_jobs",
        lambda: tuple(job if job.name == "sla_sweep" else dataclasses.replace(job, path=stand_in) for job in real()),
    )


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """What `serve` froze the heap after (the jobs it loaded); the test process's own heap is left alone."""
    calls: list[list] = []
    monkeypatch.setattr(serve, "freeze_after_start", lambda loaded: calls.append(list(loaded)))
    return calls


@pytest.fixture(autouse=True)
def _forget_the_served_address():
    """`serve` exports the address it listens on (for e-mail links); later tests expect the default again."""
    yield
    os.environ.pop("AFTERSALES_SERVED_URL", None)


def test_serve_starts_gunicorn_and_runs_the_sweep_in_its_own_process(monkeypatch, capsys, settings, frozen):
    # given a stand-in for gunicorn and for the sweep, and no AFTERSALES_BASE_URL
    settings.AFTERSALES_BASE_URL = ""
    started: list[FakeServer] = []
    swept = threading.Event()
    sweeps: list[str] = []

    def fake_sweep():
        sweeps.append(threading.current_thread().name)
        if len(sweeps) == 3:
            swept.set()
        return {"examined": 0, "escalated": 0, "notified": 0}

    def popen(argv, **kwargs):
        started.append(FakeServer(argv, swept, **kwargs))
        started[-1].served_url = os.environ.get("AFTERSALES_SERVED_URL")  # what the workers inherit
        return started[-1]

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    monkeypatch.setattr(tasks, "sla_sweep_task", fake_sweep)
    # on PostgreSQL each period is claimed in the shared cache first (tested in config/tests/test_scaled.py); the
    # claims of a 0.01 s period are not what this test is about, so every period is granted here
    monkeypatch.setattr(serve, "run_once_per_period", lambda job: (True, job.resolve()()))
    # when
    call_command("serve", "--port", "8799", "--workers", "3", "--scheduler", "inprocess", "--sweep-seconds", "0.01")
    # then
    [server] = started
    assert server.argv == [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(serve.GUNICORN_CONFIG),
        "--bind",
        "127.0.0.1:8799",
        "--workers",
        "3",
    ]
    assert sweeps[:3] == ["aftersales-scheduler"] * 3
    # the jobs were loaded, then the heap frozen, once, before the scheduler ran them
    [loaded] = frozen
    assert loaded[0] is fake_sweep
    assert len(loaded) == len(serve.periodic_jobs())
    # e-mail links point at the port served, in the workers and in this process's jobs
    assert server.served_url == "http://127.0.0.1:8799"
    assert notifications.base_url() == "http://127.0.0.1:8799"
    first, second = capsys.readouterr().out.splitlines()[:2]
    assert first == "售后服务管理系统 / Aftersales: http://127.0.0.1:8799/"
    assert second.startswith(
        "  gunicorn 3 workers; 定时任务 / periodic jobs: 本进程内运行 / in this process: "
        "sla_sweep 0.01s, escalation_notices 5s, complaints_sweep 60s"
    )


def test_serve_runs_only_the_jobs_it_is_given(monkeypatch, capsys):
    release = threading.Event()
    release.set()
    monkeypatch.setattr(serve.subprocess, "Popen", lambda argv, **kw: FakeServer(argv, release))
    call_command("serve", "--scheduler", "inprocess", "--jobs", "escalation_notices")
    assert "in this process: escalation_notices 5s\n" in capsys.readouterr().out


def test_serve_refuses_an_unknown_job():
    with pytest.raises(CommandError, match="no_such_job"):
        call_command("serve", "--scheduler", "inprocess", "--jobs", "no_such_job")


def test_serve_leaves_the_sweep_to_celery_beat_when_told(monkeypatch):
    # given
    ran: list[int] = []
    release = threading.Event()
    release.set()
    monkeypatch.setattr(serve.subprocess, "Popen", lambda argv, **kw: FakeServer(argv, release))
    monkeypatch.setattr(tasks, "sla_sweep_task", lambda: ran.append(1))
    monkeypatch.setenv("AFTERSALES_SCHEDULER", "celery")
    # when
    call_command("serve", "--scheduler", "celery", "--sweep-seconds", "0.01")
    # then
    assert ran == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_http_with_gunicorn_and_stops_on_sigterm(tmp_path):
    """The real thing: `aftersales serve` runs gunicorn on 127.0.0.1:PORT and shuts down cleanly."""
    # given
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aftersales.config.settings.dev",
        "AFTERSALES_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(  # the OpenAPI document needs no database, so none is migrated
        [sys.executable, "-m", "aftersales.cli", "serve", "--port", str(port), "--workers", "1", "--scheduler", "off"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # when
        status, body = None, b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5) as response:
                    status, body = response.status, response.read()
                break
            except OSError:
                time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        code = process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
        log.seek(0)
        output = log.read()
        log.close()
    # then
    assert status == 200, output
    assert b'"openapi"' in body
    assert code == 0, output
    assert "Listening at: http://127.0.0.1:" in output
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
