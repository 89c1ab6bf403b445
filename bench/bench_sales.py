"""Benchmark of the sale-to-service area (issue 13): the board, the forecast and the opportunity list over many
opportunities, and the acceptance signature (assets, plan, generation, trainings) beside many other plans.

Run from the repository root: ``.venv/bin/python bench/bench_sales.py [--opportunities N] [--plans N]``.

Builds its data in a temporary SQLite file (DATABASE_URL is set before Django starts): N opportunities spread
over the five stages and three statuses (bulk-created), one manager and one salesperson; M other contracts each
with a monthly-inspection-after-acceptance plan rule. Then times, median of 5 runs each:

1. ``selectors.opportunity_board`` as the manager (every open opportunity, by stage);
2. ``selectors.forecast`` as the manager (by month, stage-weighted);
3. the API list's first page of 50 (selector + presenter, with its prefetches);
4. ``services.acceptance_sign`` of an installation with 20 devices (counted and tested), once: it creates 20 assets,
   a plan of 20 rules, runs ``plans_generate`` over all M+20 rules and schedules 3 trainings.

Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def say(text: str = "") -> None:
    print(text, flush=True)


def median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build(opportunities: int, plans: int):
    from aftersales.accounts.models import User
    from aftersales.customers.models import Contract, Customer, Region
    from aftersales.plans.models import PlanRule, ServicePlan
    from aftersales.sales.models import Opportunity

    region = Region.objects.order_by("id").first()
    manager = User.objects.create_user(username="bench-manager", role="sales_manager", password="x")
    seller = User.objects.create_user(username="bench-seller", role="salesperson", password="x")
    User.objects.create_user(username="bench-engineer", role="engineer", password="x", first_name="工程师")
    customers = Customer.objects.bulk_create(
        [Customer(name=f"客户{i}", address=f"合肥市蜀山区{i}号", region=region) for i in range(max(plans, 200))]
    )
    stages = ["qualify", "lead", "validate", "negotiate", "close"]
    statuses = ["open"] * 8 + ["won", "lost"]
    start = dt.date(2026, 1, 1)
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                number=f"SJ{i:08d}",
                customer=customers[i % len(customers)],
                name=f"项目{i}",
                owner=seller if i % 2 else manager,
                stage=stages[i % 5],
                status=statuses[i % 10],
                amount=Decimal(10_000 + i),
                expected_close_on=start + dt.timedelta(days=i % 540),
                closed_on=start + dt.timedelta(days=i % 300) if statuses[i % 10] != "open" else None,
            )
            for i in range(opportunities)
        ],
        batch_size=2000,
    )
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                customer=customers[i],
                number=f"BENCH-{i}",
                name="合同",
                starts_on=dt.date(2026, 1, 1),
                ends_on=dt.date(2028, 12, 31),
            )
            for i in range(plans)
        ]
    )
    plan_rows = ServicePlan.objects.bulk_create(
        [
            ServicePlan(
                name=f"计划{c.pk}", customer_id=c.customer_id, contract=c, starts_on=c.starts_on, ends_on=c.ends_on
            )
            for c in contracts
        ]
    )
    PlanRule.objects.bulk_create(
        [PlanRule(plan=p, kind="monthly_inspection", anchor_on=dt.date(2026, 3, 10)) for p in plan_rows]
    )
    return manager, customers[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=20_000)
    parser.add_argument("--plans", type=int, default=2_000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-sales-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    os.environ.setdefault("AFTERSALES_LOG_LEVEL", "WARNING")
    os.environ["AFTERSALES_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from aftersales.accounts.models import User
    from aftersales.core import clock
    from aftersales.customers import services as customers
    from aftersales.sales import presenters, selectors, services

    try:
        say(f"sales: {args.opportunities} opportunities, {args.plans} other plans, SQLite file {workdir}/bench.sqlite3")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        say(f"  migrate                                   {time.perf_counter() - started:8.1f} s")
        started = time.perf_counter()
        manager, customer = build(args.opportunities, args.plans)
        say(f"  build                                     {time.perf_counter() - started:8.1f} s")

        board = median_ms(lambda: selectors.opportunity_board(manager))
        say(f"  board (open, by stage), manager           {board:8.1f} ms")
        forecast = median_ms(lambda: selectors.forecast(manager))
        months = len(selectors.forecast(manager))
        say(f"  forecast by month, manager                {forecast:8.1f} ms   {months} months")

        def first_page():
            rows = selectors.opportunity_list(manager).prefetch_related("buying_centre__contact", "proposals__versions")
            return [presenters.opportunity_data(o) for o in rows.order_by("-id")[:50]]

        page = median_ms(first_page)
        say(f"  API list first page (50, with gates)      {page:8.1f} ms")

        with clock.frozen(dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)):
            engineer = User.objects.get(username="bench-engineer")
            contract = customers.contract_create(
                actor=manager,
                customer_id=customer.pk,
                number="BENCH-ACCEPT",
                name="验收",
                starts_on=dt.date(2026, 10, 1),
                ends_on=dt.date(2029, 9, 30),
            )
            installation = services.installation_create(actor=manager, contract_id=contract.pk, engineer_id=engineer.pk)
            for i in range(20):
                line = services.delivery_line_add(
                    actor=manager,
                    installation_id=installation.pk,
                    description="监测主机",
                    vendor="华为",
                    model="KJ90X",
                    serial=f"BENCH-SN-{i}",
                )
                services.delivery_line_count(
                    actor=manager, installation_id=installation.pk, line_id=line.pk, counted=1, counted_with="客户"
                )
                services.device_test_record(
                    actor=manager, installation_id=installation.pk, line_id=line.pk, item="自检", result="passed"
                )
            started = time.perf_counter()
            services.acceptance_sign(
                actor=manager,
                installation_id=installation.pk,
                signed_on=dt.date(2026, 11, 20),
                customer_signatory="客户",
                engineer_signatory="工程师",
            )
            say(
                f"  acceptance of 20 devices (+ generation)   {(time.perf_counter() - started) * 1000:8.1f} ms   "
                f"over {args.plans + 20} plan rules"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
