"""Benchmark of dispatch suggestions: latency of `dispatch.selectors.dispatch_candidates` (issue 3).

Run from the repository root: ``.venv/bin/python bench/bench_dispatch.py [rounds]``.

It builds its own data in an SQLite file in a temporary directory (DATABASE_URL is set before Django starts):
500 engineers spread over the 16 cities of 安徽 with vendor and category skills, a week's 7×24 day/night
rota per city team (so about a third are on duty at any instant), the 72 partners of 篇1 4.3/4.4, and 48
requests in every city with assets of five vendors. Then it asks for the candidates of each request in turn,
`rounds` times (default 400 calls), as the dispatch page does (the request already loaded), and prints
p50/p95/max latency and the queries per call. Target: p95 ≤ 20 ms. Nothing is asserted; the exit status
is 1 when the target is missed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINEERS = 500
TICKETS = 48
TARGET_P95_MS = 20.0
SEED = 20261126
VENDORS = ("华为", "戴尔", "联想", "华三", "浪潮")
CATEGORIES = ("服务器", "交换机", "路由器", "存储", "防火墙", "台式机")


def build(at: dt.datetime) -> list:
    """Migrate the scratch database and fill it; returns the requests to ask about."""
    from django.core.management import call_command

    from aftersales.accounts.models import User
    from aftersales.assets.models import Asset, Vendor
    from aftersales.core import clock
    from aftersales.customers.models import Customer, Region
    from aftersales.dispatch.models import DutyShift, Engineer
    from aftersales.dispatch.policy import rota
    from aftersales.network.models import Partner
    from aftersales.tickets import selectors as tickets
    from aftersales.tickets import services as ticket_services

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    regions = list(Region.objects.order_by("adcode"))
    by_name = {r.name: r for r in regions}
    vendors = [Vendor.objects.get_or_create(name=name)[0] for name in VENDORS]

    partners = json.loads((ROOT / "aftersales" / "network" / "data" / "partners.json").read_text(encoding="utf-8"))
    Partner.objects.bulk_create(
        [
            Partner(
                kind=p["kind"],
                name=p["name"],
                address=p["address"],
                phone=p["phone"],
                service_area=p["service_area"],
                region=by_name[p["city"]],
                county=p["county"],
            )
            for p in partners
        ]
    )

    users = User.objects.bulk_create(
        [
            User(username=f"eng{i:03d}", role="engineer", first_name=f"工程师{i:03d}", password="!")
            for i in range(ENGINEERS)
        ]
    )
    engineers = Engineer.objects.bulk_create(
        [
            Engineer(
                user=u, home_region=regions[i % len(regions)], categories=rng.sample(CATEGORIES, rng.randint(1, 3))
            )
            for i, u in enumerate(users)
        ]
    )
    through = Engineer.vendors.through
    through.objects.bulk_create(
        [through(engineer_id=e.pk, vendor_id=v.pk) for e in engineers for v in rng.sample(vendors, rng.randint(1, 3))]
    )
    monday = clock.local(at).date() - dt.timedelta(days=clock.local(at).weekday())
    shifts = []
    for region in regions:
        team = [e.pk for e in engineers if e.home_region_id == region.pk]
        # A third of each city's team on the day shift and a third on the night shift, rotating.
        seats = max(1, len(team) // 3)
        pattern = [rota.ShiftTemplate(t.name, t.starts, t.hours, seats) for t in rota.DAY_AND_NIGHT]
        shifts.extend(
            DutyShift(engineer_id=s.member, starts_at=s.starts_at, ends_at=s.ends_at)
            for s in rota.weekly_rota(team, monday - dt.timedelta(days=1), clock.SHANGHAI, pattern, days=14)
        )
    DutyShift.objects.bulk_create(shifts, batch_size=2000, ignore_conflicts=True)

    agent = User.objects.create_user(username="bench-agent", password="bench-Secret-2026", role="agent")
    requests = []
    for i in range(TICKETS):
        region = regions[i % len(regions)]
        customer = Customer.objects.create(
            name=f"{region.name}客户{i:02d}", address=f"{region.name}人民路{i + 1}号", region=region
        )
        asset = Asset.objects.create(
            customer=customer,
            vendor=vendors[i % len(vendors)],
            model="X-100",
            category=CATEGORIES[i % len(CATEGORIES)],
            serial=f"SN{i:05d}",
            purchased_on=dt.date(2025, 1, 1),
        )
        with clock.frozen(at - dt.timedelta(minutes=5)):
            ticket = ticket_services.ticket_create(
                actor=agent,
                customer_id=customer.pk,
                channel="phone",
                severity=1 + i % 3,
                title="故障",
                asset_id=asset.pk,
            ).ticket
        requests.append(tickets.ticket_get(agent, ticket.pk))
    return requests


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    scratch = tempfile.mkdtemp(prefix="bench-dispatch-")
    try:
        measure(rounds, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(rounds: int, scratch: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch) / 'dispatch.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from aftersales.dispatch import selectors
    from aftersales.dispatch.models import DutyShift, Engineer
    from aftersales.network.models import Partner

    at = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)  # Thursday 10:00 in China
    started = time.perf_counter()
    requests = build(at)
    built = time.perf_counter() - started
    on_duty = DutyShift.objects.filter(starts_at__lte=at, ends_at__gt=at).count()
    print(
        f"data: {Engineer.objects.count()} engineers ({on_duty} on duty), {Partner.objects.count()} partners, "
        f"{len(requests)} requests; built in {built:.1f} s"
    )

    for ticket in requests[:5]:  # warm up: caches, statement compilation
        selectors.dispatch_candidates(ticket, at)
    with CaptureQueriesContext(connection) as captured:
        sizes = [len(selectors.dispatch_candidates(requests[0], at))]
    queries = len(captured.captured_queries)

    timings = []
    for i in range(rounds):
        ticket = requests[i % len(requests)]
        t0 = time.perf_counter()
        rows = selectors.dispatch_candidates(ticket, at)
        timings.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(rows))
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"dispatch_candidates: {rounds} calls, p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms, "
        f"{queries} queries per call, {min(sizes)}–{max(sizes)} candidates each"
    )
    print(f"  target p95 ≤ {TARGET_P95_MS:.0f} ms: {'ok' if p95 <= TARGET_P95_MS else 'TOO SLOW'}")
    if p95 > TARGET_P95_MS:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
