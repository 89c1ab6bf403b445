"""`core.lanes`: batches on several threads, results in order, the first error raised."""

from __future__ import annotations

import threading
import time

import pytest

from aftersales.core.lanes import in_lanes, lanes_for


def test_results_come_back_in_the_batches_order_from_several_threads():
    seen: set[str] = set()

    def run(batch: list[int]) -> int:
        seen.add(threading.current_thread().name)
        time.sleep(0.01 * (len(batch) % 3))  # lanes finish out of order
        return sum(batch)

    batches = [list(range(n)) for n in range(12)]
    assert in_lanes(run, batches, 3) == [sum(b) for b in batches]
    assert len(seen) > 1
    assert all(name.startswith("lane") for name in seen)


def test_one_lane_runs_in_this_thread_in_order():
    order: list[tuple[int, str]] = []
    in_lanes(lambda b: order.append((b, threading.current_thread().name)), [1, 2, 3], 1)
    here = threading.current_thread().name
    assert order == [(1, here), (2, here), (3, here)]


def test_the_first_error_stops_the_lanes_and_is_raised():
    ran: list[int] = []

    def run(batch: int) -> int:
        ran.append(batch)
        if batch == 2:
            raise ValueError("batch 2 failed")
        time.sleep(0.02)
        return batch

    with pytest.raises(ValueError, match="batch 2"):
        in_lanes(run, list(range(50)), 2)
    assert len(ran) < 10  # no lane went on through the other batches


@pytest.mark.django_db
def test_one_lane_on_sqlite_or_inside_a_transaction():
    # the test runs inside a transaction on every database: one lane, whatever is wanted
    assert lanes_for(4, 10) == 1
    assert lanes_for(1, 10) == 1
