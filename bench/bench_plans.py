"""Benchmark of service-plan generation (issue 4): 10k contracts, each with a plan of four rules (monthly phone
callback, quarterly inspection, quarterly leadership visit, training in May and October), generated for a year.

Run from the repository root: ``.venv/bin/python bench/bench_plans.py [--contracts N] [--naive-sample N]``.

It builds its data in a temporary SQLite file (DATABASE_URL is set before Django starts; migrations seed the
holiday table and calendars; customers, contracts, plans and rules are bulk-created), then times:

1. ``plans.services.plans_generate(until=2026-12-31, at=2026-01-01)``: the year's work items (22 per contract);
2. the same call again, which must create nothing (idempotency) — its time is the cost of a no-op daily run;
3. the daily job ``plans.tasks.plans_generate_job`` on 2026-06-01 (60-day horizon) over the generated year;
4. for comparison, the one-by-one path (``work_item_create`` per occurrence, two queries each) on a sample of
   occurrences, extrapolated to the year.

Figures are printed; nothing is asserted. The exit status is 1 if the second run created anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = 10_000
NAIVE_SAMPLE = 2_000
ENGINEERS = 20


def say(text: str = "") -> None:
    print(text, flush=True)


def build(contracts: int) -> None:
    """Customers, contracts, plans and rules, bulk-created (the services would take minutes for 10k)."""
    from aftersales.accounts.models import User
    from aftersales.customers.models import Contract, Customer, Region
    from aftersales.plans.models import PlanRule, ServicePlan

    region = Region.objects.order_by("id").first()
    engineers = User.objects.bulk_create(
        [User(username=f"bench-engineer-{i}", role="engineer", password="!") for i in range(ENGINEERS)]
    )
    customers = Customer.objects.bulk_create(
        [
            Customer(name=f"基准客户{i:05d}", address=f"合肥市蜀山区基准路{i}号", region=region)
            for i in range(contracts)
        ],
        batch_size=2000,
    )
    first_start = dt.date(2025, 7, 1)
    rows = Contract.objects.bulk_create(
        [
            Contract(
                customer=c,
                number=f"HT-BENCH-{i:05d}",
                name="运维服务合同",
                starts_on=first_start + dt.timedelta(days=i % 365),
                ends_on=dt.date(2028, 12, 31),
            )
            for i, c in enumerate(customers)
        ],
        batch_size=2000,
    )
    plans = ServicePlan.objects.bulk_create(
        [
            ServicePlan(
                name="运维服务计划", customer_id=c.customer_id, contract=c, starts_on=c.starts_on, ends_on=c.ends_on
            )
            for c in rows
        ],
        batch_size=2000,
    )
    rules = []
    for i, plan in enumerate(plans):
        rules += [
            PlanRule(plan=plan, kind="monthly_call", day_of_month=1 + i % 28),
            PlanRule(
                plan=plan,
                kind="quarterly_inspection",
                day_of_month=1 + i % 31,
                month_of_period=1 + i % 3,
                assignee=engineers[i % ENGINEERS],
            ),
            PlanRule(plan=plan, kind="leadership_visit", day_of_month=15, month_of_period=3),
            PlanRule(plan=plan, kind="training", day_of_month=20),
        ]
    PlanRule.objects.bulk_create(rules, batch_size=4000)


def naive_rate(sample: int) -> float:
    """Occurrences per second through `work_item_create`, one by one (the path before batching)."""
    from django.db import transaction

    from aftersales.plans import services
    from aftersales.plans.models import PlanRule

    schedules = services._Schedules(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    rows = PlanRule.objects.order_by("id").values_list(*services._RULE_COLUMNS)
    items = []
    for row in rows.iterator(chunk_size=500):
        items += services._planned_items(services._Rule(*row), schedules)
        if len(items) >= sample:
            break
    items = items[:sample]
    started = time.perf_counter()
    with transaction.atomic():
        for item in items:
            services.work_item_create(
                source_key=item.source_key,
                kind=item.kind,
                title=item.title,
                due_on=item.due_on,
                assignee_id=item.assignee_id,
                role=item.role,
                customer_id=item.customer_id,
                link=item.link,
                due_uncertain=item.due_uncertain,
            )
    return len(items) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=CONTRACTS)
    parser.add_argument("--naive-sample", type=int, default=NAIVE_SAMPLE)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-plans-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    os.environ.setdefault("AFTERSALES_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from aftersales.plans import services, tasks
    from aftersales.plans.models import WorkItem

    say(f"service plans: {args.contracts} contracts, 4 rules each, SQLite file {workdir}/bench.sqlite3")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"  migrate (schema + reference data)        {time.perf_counter() - started:8.1f} s")
    started = time.perf_counter()
    build(args.contracts)
    say(f"  build customers/contracts/plans/rules    {time.perf_counter() - started:8.1f} s")

    year_at = dt.datetime(2025, 12, 31, 16, 0, tzinfo=dt.UTC)  # 2026-01-01 00:00 in China
    started = time.perf_counter()
    first = services.plans_generate(until=dt.date(2026, 12, 31), at=year_at)
    year_s = time.perf_counter() - started
    say(
        f"  generate one year (2026)                 {year_s:8.1f} s   {first.rules} rules, "
        f"{first.created} work items, {first.created / year_s:,.0f} items/s"
    )
    started = time.perf_counter()
    second = services.plans_generate(until=dt.date(2026, 12, 31), at=year_at)
    again_s = time.perf_counter() - started
    say(
        f"  same run again (idempotent)              {again_s:8.1f} s   {second.occurrences} occurrences, "
        f"{second.created} new"
    )
    started = time.perf_counter()
    daily = tasks.plans_generate_job(at=dt.datetime(2026, 5, 31, 17, 0, tzinfo=dt.UTC))
    say(
        f"  daily job 2026-06-01 (60-day horizon)    {time.perf_counter() - started:8.1f} s   "
        f"{daily['occurrences']} occurrences, {daily['created']} new"
    )
    if args.naive_sample:
        rate = naive_rate(args.naive_sample)
        say(
            f"  one by one (work_item_create), sample {args.naive_sample}: {rate:,.0f} items/s → the year would take "
            f"{first.created / rate:,.1f} s"
        )
    say(f"  work items in the table: {WorkItem.objects.count()}")
    connections.close_all()
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if second.created else 0


if __name__ == "__main__":
    raise SystemExit(main())
