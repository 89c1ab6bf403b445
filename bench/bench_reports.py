"""Benchmark of the management view (issue 12): `GET /reports/sla` and the dashboard's data for a month and
for a year at 1M requests, with the per-day rollup and without it (live count only).

Run from the repository root: ``.venv/bin/python bench/bench_reports.py [--rounds N]``.

It reuses the 1M-request bench database of `bench/run_all.py` (`1m-open`: 1,000,000 requests reported over the
five months before it was built, every one open — the worst case for the dashboard's open counts), on a copy
under var/bench/ so the shared file is not written. It counts the rollup once (the job's cost), then times
in-process, as a supervisor: `reports.selectors.sla_report` (group_by severity and month) and
`reports.dashboard.dashboard_data` for the last month of the data and for a year, the month's dashboard narrowed
by each filter of its bar, and the first page of the drill-down lists the charts open, `rounds` times each
(default 7), printing p50/p95. Targets (issue 12): p95 ≤ 300 ms for a month, ≤ 1 s for a year. Nothing is
asserted; the exit status is 1 when a target is missed.

Before it measures, `bench/bench_extras.py` gives the database what a desk of its size has beside its requests
(dispatches to 200 engineers and 40 partners, callbacks with scores, complaints, parts issued; once per database),
and the dashboard's other charts (satisfaction, complaints, parts consumed) and the engineer and partner
assessments are timed on their own too, the engineers' also narrowed by each filter the dashboard is.

`--database-url URL --now ISO` measures on that database in place instead (the PostgreSQL 10M bench database:
`bench/bench_postgres.py --parts reports`); only the rollup's own tables are written, and emptied first.
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


def missed_flag(figures: dict, period: str) -> str:
    """What follows a figure whose p95 misses the period's target."""
    return "" if figures["p95"] <= TARGETS_MS[period] else "  (target missed)"


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
    parser.add_argument(
        "--database-url",
        help="measure on this database in place (e.g. the PostgreSQL 10M bench database; bench/bench_postgres.py "
        "--parts reports): only the rollup's own tables are written; --now is then required",
    )
    parser.add_argument("--now", help="the bench database's now (ISO), with --database-url")
    parser.add_argument("--tickets", type=int, default=0, help="its number of requests, for the heading")
    args = parser.parse_args()

    import run_all

    work = None
    if args.database_url:
        if not args.now:
            parser.error("--database-url needs --now")
        os.environ["DATABASE_URL"] = args.database_url
        meta = {"now": args.now, "tickets": args.tickets, "open_percent": 100.0}
    else:
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

    # this app's tables (the rollup's) brought up to date in place on an existing database, the rest as it is
    call_command("migrate", *(["reports"] if args.db or args.database_url else []), verbosity=0)
    missed = measure(meta, args.rounds)
    if work is not None:
        run_all.remove_db(work)
    return 1 if missed else 0


def measure(meta: dict, rounds: int) -> int:
    """Time the rollup job, the SLA report and the dashboard on the configured database; the targets missed."""
    from django.db import connection
    from django.urls import reverse

    from aftersales.accounts.models import User
    from aftersales.core import clock
    from aftersales.reports import dashboard, selectors, services
    from aftersales.reports.models import (
        CustomerDay,
        CustomerFaultDay,
        CustomerOpen,
        FaultDay,
        OpenSnapshot,
        RollupState,
        SlaDay,
    )

    now = dt.datetime.fromisoformat(meta["now"])
    user = User.objects.filter(role="supervisor").first() or User.objects.create_user(
        "bench-supervisor", password="x", role="supervisor"
    )
    today = clock.local(now).date()
    periods = {
        "month": selectors.Filters(date_from=today - dt.timedelta(days=29), date_to=today),
        "year": selectors.Filters(date_from=today - dt.timedelta(days=364), date_to=today),
    }
    results: dict = {"tickets": meta["tickets"], "database": connection.vendor}
    reverse("tickets:queue")  # the URL configuration is imported once per process (~3 s), not per dashboard
    print(
        f"reports at {meta['tickets']:,} requests ({meta['open_percent']:g}% open) on {connection.vendor}, "
        "in-process, p50/p95 ms"
    )
    import bench_extras

    added = bench_extras.add(now)
    if added:
        print(f"  added the management view's other inputs (bench/bench_extras.py): {json.dumps(added)}")
    results["extras_added"] = added
    with clock.frozen(now):
        for model in (RollupState, SlaDay, FaultDay, OpenSnapshot, CustomerDay, CustomerFaultDay, CustomerOpen):
            model.objects.all().delete()
        for name, filters in periods.items():
            live = timed(lambda f=filters: selectors.sla_report(user, f, "severity"), 2)
            print(f"  reports/sla {name:5} live count only (no rollup): {live['p50']:.0f} / {live['p95']:.0f}")
            results[f"sla_{name}_live"] = live
        started = time.perf_counter()
        services.sla_rollup(full=True)
        full_s = time.perf_counter() - started
        started = time.perf_counter()
        services.sla_rollup()
        window_s = time.perf_counter() - started
        rows = SlaDay.objects.count()
        customers = len(RollupState.objects.get().customer_ids)
        customer_rows = CustomerDay.objects.count()
        print(
            f"  rollup: full {full_s:.1f} s, last {services.RECENT_DAYS} days {window_s:.1f} s, {rows:,} rows; "
            f"{customers:,} large customers (≥ {services.CUSTOMER_ROLLUP_MIN:,} requests), {customer_rows:,} rows"
        )
        results["rollup"] = {
            "full_s": round(full_s, 2),
            "window_s": round(window_s, 2),
            "rows": rows,
            "large_customers": customers,
            "customer_rows": customer_rows,
        }
        missed = 0
        for name, filters in periods.items():
            for group_by in ("severity", "month"):
                r = timed(lambda f=filters, g=group_by: selectors.sla_report(user, f, g), rounds)
                flag = missed_flag(r, name)
                missed += bool(flag)
                print(f"  reports/sla {name:5} group_by={group_by:8}: {r['p50']:.0f} / {r['p95']:.0f}{flag}")
                results[f"sla_{name}_{group_by}"] = r
            d = timed(lambda f=filters: dashboard.dashboard_data(user, f), rounds)
            flag = missed_flag(d, name)
            missed += bool(flag)
            print(f"  dashboard   {name:5}                 : {d['p50']:.0f} / {d['p95']:.0f}{flag}")
            results[f"dashboard_{name}"] = d
        results["other"] = other_figures(user, periods, rounds)
        missed += sum("missed" in r for r in results["other"].values())
        results["dashboard_month_narrowed"] = narrowed(user, periods["month"], rounds)
        results["drill_down"] = drill_downs(user, today, rounds)
    print("  targets: p95 ≤ 300 ms a month, ≤ 1000 ms a year")
    print("RESULT " + json.dumps(results, ensure_ascii=False))
    return missed


def other_figures(user, periods: dict, rounds: int) -> dict:
    """The dashboard's charts beside the SLA counts (satisfaction, complaints, parts consumed) and the engineer and
    partner assessments (`reports/assessment`), each on its own, for the month and the year."""
    from aftersales.core import clock
    from aftersales.reports import selectors

    now = clock.now()
    parts = {
        "satisfaction trend": lambda f: selectors.satisfaction_trend(f),
        "complaints": lambda f: selectors.complaint_figures(f, at=now),
        "parts consumed": lambda f: selectors.parts_figures(f),
        "assessment engineers": lambda f: selectors.assessment(user, f, "engineer"),
        "assessment partners": lambda f: selectors.assessment(user, f, "partner"),
    }
    out = {}
    for name, filters in periods.items():
        for label, fn in parts.items():
            r = timed(lambda f=filters, fn=fn: fn(f), 2 if label.startswith("assessment") else rounds)
            flag = missed_flag(r, name)
            if flag:
                r["missed"] = True
            print(f"  {label:20} {name:5}: {r['p50']:.0f} / {r['p95']:.0f}{flag}")
            out[f"{label} {name}"] = r
    return out


def narrowed(user, month, rounds: int) -> dict:
    """The dashboard of the month narrowed by each filter of its bar, to the region, class, SLA policy and vendor of
    the newest request and to the customer with the most of the newest 20,000 requests (a customer's dashboard is
    what a customer's own users see; a large customer's reads its own rollup) and to a customer with fewer requests
    than `services.CUSTOMER_ROLLUP_MIN`, counted live."""
    from collections import Counter
    from dataclasses import replace

    from django.db.models import Count

    from aftersales.reports import dashboard, selectors, services
    from aftersales.tickets.models import Ticket

    newest = Ticket.objects.select_related("asset").order_by("-id").first()
    if newest is None:
        return {}
    customers = Counter(Ticket.objects.order_by("-id").values_list("customer_id", flat=True)[:20000])
    customer_id = customers.most_common(1)[0][0]
    cases = {
        "region": replace(month, region_id=newest.region_id),
        "class": replace(month, severity=newest.severity),
        "SLA policy": replace(month, sla_policy_id=newest.sla_policy_id),
        "customer, the largest": replace(month, customer_id=customer_id),
    }
    small = (
        Ticket.objects.values("customer_id")
        .annotate(n=Count("pk"))
        .filter(n__lt=services.CUSTOMER_ROLLUP_MIN)
        .order_by("-n")
        .values_list("customer_id", flat=True)
        .first()
    )
    if small is not None:
        cases["customer, the largest below the threshold"] = replace(month, customer_id=small)
    if newest.asset is not None:
        cases["vendor"] = replace(month, vendor_id=newest.asset.vendor_id)
    out = {}
    print("  dashboard of the month narrowed by one filter; the engineers' assessment narrowed alike:")
    for label, filters in cases.items():
        r = timed(lambda f=filters: dashboard.dashboard_data(user, f), rounds)
        a = timed(lambda f=filters: selectors.assessment(user, f, "engineer"), 2)
        r["assessment"] = a
        if filters.customer_id is not None:
            held = selectors.held_for(filters)
            r["requests"] = Ticket.objects.filter(customer_id=filters.customer_id).count()
            label = f"{label} ({r['requests']:,} requests, {'its rollup' if held else 'live'})"
        print(
            f"    {label:50}: {r['p50']:.0f} / {r['p95']:.0f}{missed_flag(r, 'month')}; "
            f"assessment {a['p50']:.0f} / {a['p95']:.0f}{missed_flag(a, 'month')}"
        )
        out[label] = r
    return out


def drill_downs(user, today: dt.date, rounds: int) -> dict:
    """The first page of the queue a chart's bar opens (issue 12's drill-down), newest first: p50/p95 ms."""
    from aftersales.assets.models import Asset, Vendor
    from aftersales.core import clock
    from aftersales.sla.models import SlaPolicy
    from aftersales.tickets import selectors as queue
    from aftersales.tickets.models import Ticket

    month = {"reported_from": today - dt.timedelta(days=29), "reported_to": today, "status": "not_cancelled"}
    oldest = Ticket.objects.order_by("id").values_list("reported_at", flat=True).first()
    first_day = clock.local(oldest).date() if oldest else today
    asset = Asset.objects.exclude(model="").select_related("vendor").order_by("id").first()
    unused = SlaPolicy.objects.exclude(pk__in=Ticket.objects.order_by("-id").values("sla_policy_id")[:1000]).first()
    cases = {
        "the month": month,
        "the oldest week (by id)": {
            "reported_from": first_day,
            "reported_to": first_day + dt.timedelta(days=6),
            "status": "not_cancelled",
        },
        "the month, respond missed": {**month, "missed": "respond"},
        "the month, responded 15–30 min": {**month, "respond_minutes": "15-30"},
        "the month, restored over a day": {**month, "restore_minutes": "1440-"},
    }
    if asset is not None:
        vendor = asset.vendor.name if asset.vendor_id else ""
        cases["the month, a top fault (vendor, model, category)"] = {
            **month,
            "vendor_name": vendor,
            "model_name": asset.model,
            "category_name": asset.category,
        }
        cases["a vendor by id"] = {"vendor_id": asset.vendor_id or Vendor.objects.first().pk}
    if unused is not None:
        cases["a policy the newest 1,000 do not use"] = {"sla_policy_id": unused.pk}
    out = {}
    print("  drill-down lists (first page of 50, newest first):")
    for label, fields in cases.items():
        filters = queue.QueueFilter(**fields)
        r = timed(lambda f=filters: queue.ticket_list(user, f), rounds)
        print(f"    {label:50}: {r['p50']:.0f} / {r['p95']:.0f}")
        out[label] = r
    return out


if __name__ == "__main__":
    sys.exit(main())
