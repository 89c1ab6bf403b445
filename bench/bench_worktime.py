"""Benchmark of working-time math: deadline computations per second.

Run from the repository root: ``python bench/bench_worktime.py [--seconds 1.5]``.

Prints the rate of single ``add_working_minutes`` calls and of full ``deadlines_for`` calls, on the
7×24 calendar and on office hours with the 2025–2026 holiday schedule from ``chinesecalendar``
(start instants spread over those two years, targets of 240–2880 working minutes). Targets on a
2-core machine: ≥100k/s (7×24) and ≥20k/s (office hours) single additions.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CN = timezone(timedelta(hours=8))
SAMPLES = 4096


def rate(label: str, call: Callable[[int], object], seconds: float) -> float:
    """Call ``call(i)`` for i = 0, 1, … for about ``seconds``; print and return the calls per CPU second.

    Both wall-clock and process CPU rates are printed: on a shared machine the wall rate drops with
    the load of other processes, the CPU rate much less.
    """
    for index in range(SAMPLES):  # warm the per-date caches
        call(index)
    done = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    deadline = started + seconds
    while True:
        for index in range(1000):
            call(index)
        done += 1000
        now = time.perf_counter()
        if now >= deadline:
            break
    wall, cpu = now - started, time.process_time() - cpu_started
    print(f"{label:<62} {done / wall:>10,.0f} /s wall {done / cpu:>10,.0f} /s CPU  ({done:,} calls, {wall:.2f} s)")
    return done / cpu


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and return 1 when a single-addition target is missed (judged on the CPU rate)."""
    # Imported here: the repository root is on sys.path only once the module has run.
    import chinese_calendar

    from aftersales.sla.policy import targets, worktime

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="time per measurement")
    args = parser.parse_args(argv)

    years = {2025, 2026}
    office = worktime.office_hours(
        holidays={on for on in chinese_calendar.holidays if on.year in years},
        workdays={on for on in chinese_calendar.workdays if on.year in years},
        known_years=years,
    )
    chooser = random.Random(20260101)
    first = datetime(2025, 1, 1, tzinfo=CN)
    span_seconds = int((datetime(2026, 12, 20, tzinfo=CN) - first).total_seconds())
    starts = [first + timedelta(seconds=chooser.randrange(span_seconds)) for _ in range(SAMPLES)]
    minutes = [chooser.randint(240, 2880) for _ in range(SAMPLES)]
    severities = [chooser.choice(list(targets.Severity)) for _ in range(SAMPLES)]
    zones = [chooser.choice(list(targets.Zone)) for _ in range(SAMPLES)]
    mask = SAMPLES - 1

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, load average {load}, "
        f"{date.today().isoformat()}"  # noqa: DTZ011
    )
    results = {
        "always open": rate(
            "add_working_minutes, 7x24",
            lambda i: worktime.add_working_minutes(worktime.ALWAYS_OPEN, starts[i & mask], minutes[i & mask]),
            args.seconds,
        ),
        "office": rate(
            "add_working_minutes, office hours + 2025-26 holidays",
            lambda i: worktime.add_working_minutes(office, starts[i & mask], minutes[i & mask]),
            args.seconds,
        ),
    }
    rate(
        "deadlines_for (7 deadlines), 7x24",
        lambda i: targets.deadlines_for(
            targets.DEFAULT_TARGETS, worktime.ALWAYS_OPEN, severities[i & mask], zones[i & mask], starts[i & mask]
        ),
        args.seconds,
    )
    rate(
        "deadlines_for (7 deadlines), office hours + 2025-26 holidays",
        lambda i: targets.deadlines_for(
            targets.DEFAULT_TARGETS, office, severities[i & mask], zones[i & mask], starts[i & mask]
        ),
        args.seconds,
    )
    pauses = [((start + timedelta(minutes=20), start + timedelta(minutes=200)),) for start in starts]
    rate(
        "deadlines_for with one pause, office hours + 2025-26 holidays",
        lambda i: targets.deadlines_for(
            targets.DEFAULT_TARGETS, office, severities[i & mask], zones[i & mask], starts[i & mask], pauses[i & mask]
        ),
        args.seconds,
    )
    missed = [name for name, target in (("always open", 100_000), ("office", 20_000)) if results[name] < target]
    if missed:
        print(f"MISSED target (CPU rate): {', '.join(missed)}")
        return 1
    print("targets met (CPU rate): >=100k/s (7x24) and >=20k/s (office hours) single additions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
