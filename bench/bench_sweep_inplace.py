"""One SLA sweep on the bench database itself, then the database put back as it was: the 10M PostgreSQL
database need not be copied first (`bench_postgres.py --parts sweep` copies it: 10 GiB, a few minutes).

Run from the repository root with the database in DATABASE_URL and the bench database's `now`:
`DATABASE_URL=postgres://…/bench_g1_l1_10m .venv/bin/python bench/bench_sweep_inplace.py 2026-12-06T21:04:01+00:00`
Add `--idle N` to time N sweeps right after, which find nothing due. Add `--connections N` to set
`AFTERSALES_SWEEP_CONNECTIONS` (the lanes the batches are shared out among on PostgreSQL; 1: one after another).

The sweep runs as `aftersales serve` and the Celery worker run it: each batch its own committed transaction, on
as many connections as the setting says. Before, the due requests' moving columns and the highest ids of the
tables the sweep adds rows to are kept; after, those columns are written back, the added rows deleted and the
requests' table vacuumed, so the next run finds the same 100,000 due. Prints what the sweep did, its wall-clock
time, this process's CPU (the lanes are its threads), the WAL written (PostgreSQL) and the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
os.environ.setdefault("AFTERSALES_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()

import run_all as ra  # noqa: E402 (the CPU of the PostgreSQL server's process tree)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from aftersales.notifications.models import Notification  # noqa: E402
from aftersales.tickets import services  # noqa: E402
from aftersales.tickets.models import EscalationBatch, EscalationNotice, Ticket, TicketEvent  # noqa: E402

# What a climb changes on a request (tickets.sql's sweep UPDATE) and the tables it adds rows to.
MOVING = ("tier", "escalated_at", "breach_at", "due_at", "next_escalation_at", "updated_at", "version")
ADDED = (TicketEvent, Notification, EscalationNotice, EscalationBatch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("at", type=dt.datetime.fromisoformat)
    parser.add_argument("--connections", type=int, default=settings.AFTERSALES_SWEEP_CONNECTIONS)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--idle", type=int, default=0, help="then time this many sweeps that find nothing due")
    args = parser.parse_args()
    settings.AFTERSALES_SWEEP_CONNECTIONS = args.connections
    postgres = connection.vendor == "postgresql"
    table = Ticket._meta.db_table
    columns = ", ".join(MOVING)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_sweep_kept")
        cursor.execute(
            f"CREATE TABLE bench_sweep_kept AS SELECT id, {columns} FROM {table} WHERE next_escalation_at <= %s",
            [args.at],
        )
        tops = {}
        for model in ADDED:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            tops[model] = cursor.fetchone()[0]
        postmaster = None
        if postgres:
            cursor.execute("SELECT pg_current_wal_lsn(), pg_backend_pid()")
            start_lsn, backend = cursor.fetchone()
            if (stat := Path(f"/proc/{backend}/stat")).exists():
                postmaster = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    try:
        server_started = None if postmaster is None else ra.tree_cpu_seconds(postmaster, reaped=True)
        started, cpu_started = time.perf_counter(), time.process_time()
        result = services.sla_sweep(at=args.at, batch_size=args.batch_size)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        server = None if postmaster is None else ra.tree_cpu_seconds(postmaster, reaped=True)
        wal = ""
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [start_lsn])
                wal = f", WAL {cursor.fetchone()[0] / 2**20:,.0f} MiB"
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        how = f"on {args.connections} connection(s), batches of {args.batch_size:,}"
        on_server = "" if server is None else f", {server - server_started:.2f} s in PostgreSQL's processes"
        figures = f"{wall:.2f} s wall, {cpu:.2f} s CPU in this process{on_server}{wal}"
        print(f"{result} {how}: {figures}; load average {load}")
        if args.idle:
            idle = []
            for _ in range(args.idle):
                started = time.perf_counter()
                services.sla_sweep(at=args.at, batch_size=args.batch_size)
                idle.append(f"{(time.perf_counter() - started) * 1000:.1f}")
            print(f"sweeps right after, nothing due: {', '.join(idle)} ms")
    finally:
        sets = ", ".join(f"{c} = k.{c}" for c in MOVING)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {sets} FROM bench_sweep_kept k WHERE {table}.id = k.id")
            for model, top in tops.items():
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id > %s", [top])
            cursor.execute("DROP TABLE bench_sweep_kept")
            # Vacuumed now, so that no autovacuum of the rows just put back or deleted runs beside the next run.
            for name in (table, *(model._meta.db_table for model in ADDED)):
                cursor.execute(f"VACUUM {name}")


if __name__ == "__main__":
    main()
