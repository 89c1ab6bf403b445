"""Benchmark of the management view (issue 12): `GET /reports/sla` and the dashboard's data for a month and
for a year at 1M requests, with the per-day rollup and without it (live count only).

Run from the repository root: ``.venv/bin/python bench/bench_reports.py [--rounds N]``.

It reuses the 1M-request bench database of `bench/run_all.py` (`1m-open`: 1,000,000 requests reported over the
five months before it was built, every one open — the worst case for the dashboard's open counts), on a copy
under var/bench/ so the shared file is not written. It counts the rollup once (the job's cost), then times
in-process, as a supervisor: `reports.selectors.sla_report` (group_by severity and month) and
`reports.dashboard.dashboard_data` for the last month of the data and for a year, `rounds` times each (default
7), printing p50/p95. Targets (issue 12): p95 ≤ 300 ms for a month, ≤ 1 s for a year. Nothing is asserted; the
exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
TARGETS_MS = {"month": 300.0, "year": 1000.0}


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def timed(fn, rounds: int) -> dict:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return stats(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--dataset", default="1m-open", help="a dataset of bench/run_all.py (built if missing)")
    parser.add_argument(
        "--db",
        help="an existing bench database instead (its .json beside it); only this app's "
        "tables are migrated on the copy",
    )
    args = parser.parse_args()

    import run_all

    if args.db:
        source = Path(args.db)
        meta = json.loads(source.with_suffix(".json").read_text())
    else:
        source, meta = run_all.dataset(args.dataset)
    work = run_all.VAR / "work-reports.sqlite3"
    run_all.remove_db(work)
    shutil.copyfile(source, work)
    os.environ["DATABASE_URL"] = f"sqlite:///{work}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    os.environ["AFTERSALES_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", *(["reports"] if args.db else []), verbosity=0)
    from aftersales.accounts.models import User
    from aftersales.core import clock
    from aftersales.reports import dashboard, selectors, services
    from aftersales.reports.models import RollupState, SlaDay

    now = dt.datetime.fromisoformat(meta["now"])
    user = User.objects.filter(role="supervisor").first() or User.objects.create_user(
        "bench-supervisor", password="x", role="supervisor"
    )
    today = clock.local(now).date()
    periods = {
        "month": selectors.Filters(date_from=today - dt.timedelta(days=29), date_to=today),
        "year": selectors.Filters(date_from=today - dt.timedelta(days=364), date_to=today),
    }
    results: dict = {"tickets": meta["tickets"]}
    from django.urls import reverse

    reverse("tickets:queue")  # the URL configuration is imported once per process (~3 s), not per dashboard
    print(f"reports at {meta['tickets']:,} requests ({meta['open_percent']:g}% open), in-process, p50/p95 ms")
    with clock.frozen(now):
        RollupState.objects.all().delete()
        SlaDay.objects.all().delete()
        for name, filters in periods.items():
            live = timed(lambda f=filters: selectors.sla_report(user, f, "severity"), 2)
            print(f"  reports/sla {name:5} live count only (no rollup): {live['p50']:.0f} / {live['p95']:.0f}")
            results[f"sla_{name}_live"] = live
        started = time.perf_counter()
        state = services.sla_rollup(full=True)
        full_s = time.perf_counter() - started
        started = time.perf_counter()
        services.sla_rollup()
        window_s = time.perf_counter() - started
        rows = SlaDay.objects.count()
        print(f"  rollup: full {full_s:.1f} s, last {services.RECENT_DAYS} days {window_s:.1f} s, {rows:,} rows")
        results["rollup"] = {"full_s": round(full_s, 2), "window_s": round(window_s, 2), "rows": rows}
        missed = 0
        for name, filters in periods.items():
            for group_by in ("severity", "month"):
                r = timed(lambda f=filters, g=group_by: selectors.sla_report(user, f, g), args.rounds)
                flag = "" if r["p95"] <= TARGETS_MS[name] else "  (target missed)"
                missed += bool(flag)
                print(f"  reports/sla {name:5} group_by={group_by:8}: {r['p50']:.0f} / {r['p95']:.0f}{flag}")
                results[f"sla_{name}_{group_by}"] = r
            d = timed(lambda f=filters: dashboard.dashboard_data(user, f), args.rounds)
            flag = "" if d["p95"] <= TARGETS_MS[name] else "  (target missed)"
            missed += bool(flag)
            print(f"  dashboard   {name:5}                 : {d['p50']:.0f} / {d['p95']:.0f}{flag}")
            results[f"dashboard_{name}"] = d
        del state
    print("  targets: p95 ≤ 300 ms a month, ≤ 1000 ms a year")
    print("  " + json.dumps(results, ensure_ascii=False))
    run_all.remove_db(work)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
