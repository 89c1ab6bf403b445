"""The in-process scheduler of `aftersales serve`, the sweep task it runs, and the same task on Celery."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from aftersales.config import celery as celery_config
from aftersales.config.periodic import periodic_jobs
from aftersales.core import clock
from aftersales.core import scheduler as scheduler_module
from aftersales.core.scheduler import Scheduler
from aftersales.tickets import services, tasks
from aftersales.tickets.models import Ticket

CST = dt.timezone(dt.timedelta(hours=8))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_run_pending_runs_each_job_when_due_and_keeps_to_its_grid():
    # given a job every 60 s, run at once, and one every 10 s that waits its first interval
    fake = FakeClock()
    scheduler = Scheduler(clock=fake)
    calls: list[str] = []
    scheduler.every(60, lambda: calls.append("sweep"), name="sweep")
    scheduler.every(10, lambda: calls.append("tick"), name="tick", run_now=False)
    # when the clock moves 0, 10, 59, 61 seconds on
    ran = []
    for offset in (0, 10, 59, 61):
        fake.now = 1000.0 + offset
        ran.append(scheduler.run_pending())
    # then
    assert ran == [1, 1, 1, 1]
    assert calls == ["sweep", "tick", "tick", "sweep"]
    assert [(job.name, job.runs, job.next_run) for job in scheduler.jobs] == [
        ("sweep", 2, 1120.0),
        ("tick", 2, 1069.0),
    ]


def test_a_failing_job_is_logged_and_runs_again_at_its_next_turn(caplog):
    # given a job that fails the first time
    fake = FakeClock()
    scheduler = Scheduler(clock=fake)
    outcomes = iter([RuntimeError("database is locked"), None])

    def job():
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    scheduler.every(60, job, name="sla_sweep")
    # when it runs twice, a minute apart
    with caplog.at_level(logging.ERROR, logger="aftersales.core.scheduler"):
        scheduler.run_pending()
        fake.now += 60
        scheduler.run_pending()
    # then
    [record] = caplog.records
    assert record.getMessage() == "定时任务 sla_sweep 失败 / scheduled job sla_sweep failed"
    assert str(record.exc_info[1]) == "database is locked"
    assert [(job.runs, job.failures) for job in scheduler.jobs] == [(2, 1)]


def test_database_connections_are_closed_after_every_run_even_a_failing_one(monkeypatch):
    # given a job that fails once, then succeeds, and a spy on the connection handler
    closed: list[int] = []
    monkeypatch.setattr(scheduler_module.connections, "close_all", lambda: closed.append(len(closed)))
    fake = FakeClock()
    scheduler = Scheduler(clock=fake)
    outcomes = iter([RuntimeError("boom"), None])

    def job():
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    scheduler.every(60, job, name="sweep")
    # when it runs twice
    scheduler.run_pending()
    fake.now += 60
    scheduler.run_pending()
    # then
    assert closed == [0, 1]


def test_the_thread_runs_jobs_repeatedly_until_stopped():
    # given a job every 10 ms
    done = threading.Event()
    calls: list[str] = []

    def job():
        calls.append(threading.current_thread().name)
        if len(calls) == 3:
            done.set()

    scheduler = Scheduler()
    scheduler.every(0.01, job, name="tick")
    # when
    scheduler.start()
    finished = done.wait(10)
    scheduler.stop()
    # then
    assert finished
    assert calls[:3] == ["aftersales-scheduler"] * 3
    assert not scheduler.is_running


def test_stop_returns_while_waiting_for_a_long_interval():
    # given a job every hour that has just run
    ran = threading.Event()
    scheduler = Scheduler()
    scheduler.every(3600, ran.set, name="hourly")
    scheduler.start()
    assert ran.wait(10)
    # when
    stopped = threading.Thread(target=scheduler.stop)
    stopped.start()
    stopped.join(5)
    # then
    assert not stopped.is_alive()
    assert not scheduler.is_running


@pytest.mark.django_db
def test_the_sweep_task_escalates_late_requests_and_logs_it(agent, customer, caplog):
    # given a class-2 request reported 09:00 and never answered (escalate by 09:30)
    with clock.frozen(dt.datetime(2026, 11, 20, 9, 0, tzinfo=CST)):
        ticket = services.ticket_create(
            actor=agent, customer_id=customer.pk, channel="phone", severity=2, title="核心交换机端口大量丢包"
        ).ticket
    # when the sweep runs at 09:31
    with (
        clock.frozen(dt.datetime(2026, 11, 20, 9, 31, tzinfo=CST)),
        caplog.at_level(logging.INFO, logger="aftersales.tickets.tasks"),
    ):
        result = tasks.sla_sweep_task()
    # then
    assert result == {"examined": 1, "escalated": 1, "notified": 0}
    assert Ticket.objects.get(pk=ticket.pk).tier == 2
    assert caplog.messages == ["SLA巡检 / SLA sweep: examined 1, escalated 1, notified 0"]


@pytest.mark.django_db
def test_sla_sweep_command_prints_what_it_did_in_both_languages(agent, customer, make_user, capsys):
    # given a late class-2 request and one expert to tell
    make_user("expert1", "expert")
    with clock.frozen(dt.datetime(2026, 11, 20, 9, 0, tzinfo=CST)):
        services.ticket_create(
            actor=agent, customer_id=customer.pk, channel="phone", severity=2, title="服务器RAID阵列降级"
        )
    # when
    with clock.frozen(dt.datetime(2026, 11, 20, 9, 45, tzinfo=CST)):
        call_command("sla_sweep")
    # then
    assert capsys.readouterr().out == (
        "SLA巡检完成：检查 1 个服务请求，升级 1 个，发送通知 1 条\n"
        "SLA sweep done: examined 1, escalated 1, notifications sent 1\n"
    )


def test_celery_beat_runs_the_periodic_jobs_the_in_process_scheduler_runs():
    # given the Celery app of the scaled-out mode and the list of periodic jobs
    app = celery_config.app
    # when
    schedule = app.conf.beat_schedule
    targets = [job.resolve() for job in periodic_jobs()]
    # then
    assert schedule == {
        job.name.replace("_", "-"): {
            "task": "aftersales.run_job",
            "args": (job.path,),
            "schedule": job.every_seconds,
            "options": {"expires": job.every_seconds},
        }
        for job in periodic_jobs()
    }
    assert schedule["sla-sweep"]["args"] == ("aftersales.tickets.tasks.sla_sweep_task",)
    assert schedule["sla-sweep"]["schedule"] == 60.0
    assert targets[0] is tasks.sla_sweep_task
    assert all(callable(target) for target in targets)
    assert len({job.name for job in periodic_jobs()}) == len(targets) == 17  # names unique; reports added 3, search 1
    assert "aftersales.run_job" in app.tasks


@pytest.mark.django_db
def test_run_job_runs_a_periodic_job_by_its_path_and_returns_plain_data(agent, customer):
    # given a class-2 request two hours late
    services.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        channel="phone",
        severity=2,
        title="防火墙宕机",
        reported_at=clock.now() - dt.timedelta(hours=2),
    )
    # when beat's task runs in this process (eagerly)
    result = celery_config.run_job.apply(args=("aftersales.tickets.tasks.sla_sweep_task",)).get()
    # then
    assert result == {"examined": 1, "escalated": 1, "notified": 0}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a Redis server (.ci/run starts one)")
@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="needs the SQLite test database, copied to a file for the worker (this run uses PostgreSQL)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_celery_worker_on_redis_runs_the_sweep(agent, customer, tmp_path):
    """The scaled-out mode end to end: a real worker takes the task from Redis and sweeps the database.

    Committed data (transaction=True) so the worker's copy sees them; serialized_rollback brings back the
    migrated reference rows after the flush, as the other transactional tests expect.
    """
    # given a class-2 request two hours late, in a database file the worker can open
    services.ticket_create(
        actor=agent,
        customer_id=customer.pk,
        channel="phone",
        severity=2,
        title="防火墙宕机",
        reported_at=clock.now() - dt.timedelta(hours=2),
    )
    database = tmp_path / "worker.sqlite3"
    target = sqlite3.connect(database)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "AFTERSALES_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "aftersales.config.settings.test",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "aftersales.config.celery",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # when
        result = celery_config.run_job.apply_async(args=("aftersales.tickets.tasks.sla_sweep_task",), queue=queue).get(
            timeout=60
        )
    finally:
        worker.terminate()
        worker.wait(30)
        log.close()
    # then
    assert result == {"examined": 1, "escalated": 1, "notified": 0}
