"""`aftersales fake --tickets N`: synthetic customers, assets and service requests for demos and benchmarks."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from aftersales.tickets import fake


class Command(BaseCommand):
    help = "生成演示/压测用的模拟数据（客户、设备、服务请求） / Generate synthetic customers, assets and requests."

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, required=True, help="number of service requests")
        parser.add_argument("--customers", type=int, default=None, help="number of customers (default tickets/20)")
        parser.add_argument("--open-percent", type=float, default=5.0, help="share of requests still open (5)")
        parser.add_argument(
            "--late-percent", type=float, default=1.0, help="share of the open requests due for escalation now (1)"
        )
        parser.add_argument("--days", type=int, default=730, help="requests reported over this many days (730)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--now",
            type=dt.datetime.fromisoformat,
            default=None,
            help="the instant treated as now, ISO 8601 with offset (default: the clock)",
        )
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        if options["tickets"] < 0 or not 0 <= options["open_percent"] <= 100 or not 0 <= options["late_percent"] <= 100:
            raise CommandError("--tickets must be ≥ 0 and the percentages between 0 and 100")
        if options["now"] is not None and options["now"].tzinfo is None:
            raise CommandError("--now needs a UTC offset, e.g. 2026-11-26T10:00:00+08:00")
        step = max(options["batch_size"], options["tickets"] // 20)

        def progress(done: int, total: int) -> None:
            if done % step < options["batch_size"] or done == total:
                self.stderr.write(f"  {done:,}/{total:,} tickets")

        result = fake.fake_generate(
            tickets=options["tickets"],
            customers=options["customers"],
            open_percent=options["open_percent"],
            late_percent=options["late_percent"],
            seed=options["seed"],
            now=options["now"],
            days=options["days"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        self.stdout.write(
            f"{result.customers:,} customers, {result.assets:,} assets, {result.tickets:,} tickets "
            f"({result.open:,} open, {result.late:,} late), {result.events:,} events "
            f"in {result.seconds:.1f} s (CPU {result.cpu_seconds:.1f} s) (now = {result.now.isoformat()})"
        )
