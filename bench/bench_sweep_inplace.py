"""One SLA sweep timed inside a transaction that is rolled back: the bench database is left as it was, so the
10M PostgreSQL database need not be copied first (`bench_postgres.py --parts sweep` copies it: 10 GiB).

Run from the repository root with the database in DATABASE_URL and the bench database's `now`:
`DATABASE_URL=postgres://…/bench_g1_l1_10m .venv/bin/python bench/bench_sweep_inplace.py 2026-12-06T21:04:01+00:00`

Prints what the sweep did, its wall-clock time, the process's CPU and (PostgreSQL) the WAL it wrote, with the load
average. The batches are savepoints of the one transaction here, where `aftersales serve` commits each batch: the
difference is a WAL flush per batch. Run `VACUUM tickets_ticket` after it (the rolled-back row versions).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
os.environ.setdefault("AFTERSALES_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from aftersales.tickets import services  # noqa: E402


class _RollBackError(Exception):
    pass


def main() -> None:
    at = dt.datetime.fromisoformat(sys.argv[1])
    postgres = connection.vendor == "postgresql"
    try:
        with transaction.atomic():
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_current_wal_lsn()")
                    start_lsn = cursor.fetchone()[0]
            started, cpu_started = time.perf_counter(), time.process_time()
            result = services.sla_sweep(at=at)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            wal = ""
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [start_lsn])
                    wal = f", WAL {cursor.fetchone()[0] / 2**20:,.0f} MiB"
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"{result}: {wall:.2f} s wall, {cpu:.2f} s CPU in this process{wal}; load average {load}")
            raise _RollBackError
    except _RollBackError:
        pass


if __name__ == "__main__":
    main()
