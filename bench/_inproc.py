"""The in-process half of `make bench`: run by bench/run_all.py with DATABASE_URL set to a bench database.

Subcommands (each prints one line `RESULT <json>` for the runner to read):
  prepare --bodies FILE   bench users (agent, customer user of the busiest customer) and intake bodies
  queue                   `tickets.selectors.ticket_list` latencies per filter, first page and pages deep
  sweep --at ISO          one `tickets.services.sla_sweep` over the database, then a second (idle) one
  deadlines [--seconds S] `sla.policy.targets.deadlines_for` per second (when bench_worktime.py is absent)
  count                   how many tickets there are
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from run_all import AGENT, CUSTOMER_USER, PASSWORD, REGION  # noqa: E402  (bench/ is on sys.path as the script's folder)

from aftersales.accounts.models import User  # noqa: E402
from aftersales.customers.models import Region  # noqa: E402
from aftersales.tickets import fake, selectors, services  # noqa: E402
from aftersales.tickets.models import Ticket  # noqa: E402


def result(data: dict) -> None:
    print("RESULT " + json.dumps(data, ensure_ascii=False), flush=True)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summary(samples_ms: list[float]) -> dict:
    return {
        "n": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 2),
        "p95_ms": round(percentile(samples_ms, 95), 2),
        "max_ms": round(max(samples_ms), 2),
        "mean_ms": round(statistics.fmean(samples_ms), 2),
    }


# ---------------------------------------------------------------------------------------------- prepare


def prepare(bodies_path: Path) -> None:
    """Bench users with a known password, and 400 realistic intake bodies (customers with their assets)."""
    busiest = Ticket.objects.values("customer_id").annotate(n=Count("id")).order_by("-n").first() or {}
    customer_id = busiest.get("customer_id")
    for username, role, customer in ((AGENT, "agent", None), (CUSTOMER_USER, "customer", customer_id)):
        if customer is None and role == "customer":
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_user(username=username, password=PASSWORD, role=role, customer_id=customer)
    rng = random.Random(7)
    rows = list(
        Ticket.objects.filter(id__in=[rng.randrange(1, Ticket.objects.count() + 1) for _ in range(400)]).values_list(
            "customer_id", "asset_id", "severity", "channel", "title", "description"
        )
    )
    bodies = [
        {"customer_id": c, "asset_id": a, "severity": s, "channel": ch, "title": t, "description": d}
        for c, a, s, ch, t, d in rows
    ]
    bodies_path.write_text("\n".join(json.dumps(b, ensure_ascii=False) for b in bodies) + "\n", encoding="utf-8")
    region = Region.objects.filter(name=REGION).values_list("id", flat=True).first()
    result({"bodies": len(bodies), "region_id": region, "customer_id": customer_id, "tickets": Ticket.objects.count()})


# ------------------------------------------------------------------------------------------------ queue


def _filters(region_id: int | None) -> list[tuple[str, str, selectors.QueueFilter]]:
    return [
        ("none", AGENT, selectors.QueueFilter()),
        ("status=open", AGENT, selectors.QueueFilter(status="open")),
        ("breached=true", AGENT, selectors.QueueFilter(breached=True)),
        ("severity=1", AGENT, selectors.QueueFilter(severity=1)),
        (f"region={REGION}", AGENT, selectors.QueueFilter(region_id=region_id)),
        ("customer user", CUSTOMER_USER, selectors.QueueFilter()),
        ("tier=4", AGENT, selectors.QueueFilter(tier=4)),
        ("due soon", AGENT, selectors.QueueFilter(due_soon=True)),
    ]


def queue(first_pages: int, walks: int, depth: int) -> None:
    """Time the selector as the API calls it (one page of 50, rows loaded), first pages and deep pages."""
    region_id = Region.objects.filter(name=REGION).values_list("id", flat=True).first()
    users = {u.username: u for u in User.objects.filter(username__in=[AGENT, CUSTOMER_USER])}
    out = {}
    for name, username, filters in _filters(region_id):
        user = users.get(username)
        if user is None:
            continue
        first, deep, cpu = [], [], []
        for _ in range(first_pages):
            started, cpu_started = time.perf_counter(), time.thread_time()
            page = selectors.ticket_list(user, filters)
            first.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - cpu_started) * 1000)
        pages = 1
        for _ in range(walks):
            cursor = None
            for level in range(depth):
                started, cpu_started = time.perf_counter(), time.thread_time()
                page = selectors.ticket_list(user, filters, cursor=cursor)
                elapsed = (time.perf_counter() - started) * 1000
                cpu.append((time.thread_time() - cpu_started) * 1000)
                (first if level == 0 else deep).append(elapsed)
                cursor = page.next_cursor
                pages = max(pages, level + 1)
                if cursor is None:
                    break
        out[name] = {
            "first": summary(first),
            "deep": summary(deep) if deep else None,
            "all": summary(first + deep),
            "cpu": summary(cpu),
            "pages": pages,
        }
    result(out)


# ------------------------------------------------------------------------------------------------ sweep


def sweep(at: dt.datetime) -> None:
    """Time one sweep as `aftersales serve` runs it: in a warm process (e-mail modules loaded, the e-mail
    templates compiled, as after its first sweep) with the WAL checkpointer thread beside it."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import select_template

    from aftersales.core.backends.sqlite.checkpointer import checkpoint_in_background

    EmailMessage("预热", "warm-up", "service@aftersales.local", ["warm-up@example.com"]).message()
    select_template(["notifications/email/escalation.txt", "notifications/email/default.txt"]).render({})
    checkpoint_in_background(settings.DATABASES["default"])
    due = Ticket.objects.escalation_due(at=at).count()
    open_count = Ticket.objects.open().count()
    started, cpu_started = time.perf_counter(), time.process_time()
    first = services.sla_sweep(at=at)
    first_s, first_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    started = time.perf_counter()
    second = services.sla_sweep(at=at)
    second_s = time.perf_counter() - started
    result(
        {
            "open": open_count,
            "due": due,
            "seconds": round(first_s, 3),
            "cpu_seconds": round(first_cpu, 3),
            "examined": first.examined,
            "escalated": first.escalated,
            "notified": first.notified,
            "idle_seconds": round(second_s, 4),
            "idle_examined": second.examined,
        }
    )


# -------------------------------------------------------------------------------------------- deadlines


def deadlines(seconds: float) -> None:
    """Fallback for bench/bench_worktime.py: deadlines_for per second on the 7×24 and the office calendar."""
    from aftersales.sla import models as sla_models
    from aftersales.sla import selectors as sla_selectors
    from aftersales.sla.policy import targets

    default = sla_selectors.policy_values(None)
    office = sla_models.Calendar.objects.filter(kind="hours", uses_holidays=True).order_by("id").first()
    calendars = [("default 7x24", default.calendar)]
    if office is not None:
        calendars.append((f"working hours + holidays ({office.name})", sla_selectors.work_calendar(office)))
    rng = random.Random(11)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cases = [
        (
            targets.Severity(rng.randint(1, 4)),
            rng.choice(list(targets.Zone)),
            start + dt.timedelta(minutes=rng.randrange(0, 2 * 365 * 1440)),
        )
        for _ in range(5000)
    ]
    out = {}
    for name, calendar in calendars:
        done, began = 0, time.perf_counter()
        while time.perf_counter() - began < seconds:
            for severity, zone, at in cases:
                targets.deadlines_for(default.targets, calendar, severity, zone, at)
            done += len(cases)
        out[name] = round(done / (time.perf_counter() - began))
    result(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--bodies", type=Path, required=True)
    q = sub.add_parser("queue")
    q.add_argument("--first-pages", type=int, default=30)
    q.add_argument("--walks", type=int, default=6)
    q.add_argument("--depth", type=int, default=5)
    s = sub.add_parser("sweep")
    s.add_argument("--at", type=dt.datetime.fromisoformat, required=True)
    d = sub.add_parser("deadlines")
    d.add_argument("--seconds", type=float, default=3.0)
    sub.add_parser("count")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.bodies)
    elif args.command == "queue":
        queue(args.first_pages, args.walks, args.depth)
    elif args.command == "sweep":
        sweep(args.at)
    elif args.command == "deadlines":
        deadlines(args.seconds)
    elif args.command == "count":
        result(
            {
                "tickets": Ticket.objects.count(),
                "generator_version": fake.GENERATOR_VERSION,
                "vendor": connection.vendor,
            }
        )


if __name__ == "__main__":
    main()
