"""Batches of a bulk job run side by side on several database connections (PostgreSQL).

A job that works through thousands of rows in batches (the SLA sweep after an outage: 100,000 climbs at 10M
requests) spends most of its time waiting for the database, which on PostgreSQL serves each connection in a
process of its own. `in_lanes` runs the batches on `lanes` threads, each with its own connection (Django's
connections are per thread), taking the next batch from one shared queue, so one lane's Python runs while
another's statements run in the database. Each batch must be a transaction of its own (it is: the caller's
`run` opens one), exactly as when the batches run one after another.

Not for SQLite (one writer at a time: a second connection only waits for the file's lock) and not inside the
caller's transaction (the lanes' connections cannot see or join it): `lanes_for` says when to run in lanes,
and gives 1 otherwise, where the batches run in the calling thread, in order, as before.

Every lane closes its connections when it is done, so a job holds at most `lanes` more connections while it
runs and none afterwards. The first error stops the lanes from taking further batches and is raised by
`in_lanes` once every lane has stopped; the batches already done stay done, as they would one after another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connection, connections

Batch = TypeVar("Batch")
Result = TypeVar("Result")


def lanes_for(wanted: int, batches: int) -> int:
    """How many lanes to run `batches` batches in: `wanted` (a setting) on PostgreSQL outside a transaction, at
    most one per batch; 1 on any other database or inside the caller's transaction."""
    if wanted <= 1 or batches <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return min(wanted, batches)


def in_lanes(run: Callable[[Batch], Result], batches: Sequence[Batch], lanes: int) -> list[Result]:
    """`run(batch)` for every batch, on `lanes` threads with a connection each (1: in this thread, in order);
    the results in the batches' order."""
    if lanes <= 1:
        return [run(batch) for batch in batches]
    results: list[Result | None] = [None] * len(batches)
    pending = iter(range(len(batches)))
    take = threading.Lock()
    failed = threading.Event()

    def lane() -> None:
        try:
            while not failed.is_set():
                with take:
                    index = next(pending, None)
                if index is None:
                    return
                results[index] = run(batches[index])
        except BaseException:
            failed.set()
            raise
        finally:
            connections.close_all()  # this thread's connections only

    with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="lane") as pool:
        futures = [pool.submit(lane) for _ in range(lanes)]
    for future in futures:
        future.result()  # the first lane's error, if any
    return results  # type: ignore[return-value]
