"""Benchmark of stock moves: throughput under 8 concurrent clients, and proof that no unit was lost (issue 3).

Run from the repository root: ``.venv/bin/python bench/bench_stock.py [seconds] [--clients N]``.

Each client is a thread with its own database connection calling the parts services directly (the same
code the API and pages call): a fixed, seeded mix of receive, reserve, release, issue, return, scrap and
transfer on a few hot parts at three locations, so clients really contend for the same stock rows. Refused
moves (not enough stock, nothing reserved) are part of the workload and counted separately.

It runs on an SQLite file in a temporary directory (DATABASE_URL is set before Django starts, in a child
process per database), and also on PostgreSQL when ``BENCH_DATABASE_URL`` names a server where it may create
a scratch database (created and dropped by the run). At the end it checks that no unit was lost:

* the ledger adds up: for every (part, location), on_hand and reserved equal the sums of the signed moves,
  every balance-after is the running sum, and no running balance was negative (``ledger_check(deep=True)``);
* the stock equals what the clients were told: the initial receipts plus the deltas of every move the
  services accepted, tallied by the clients themselves.

Figures are printed (moves per second accepted, attempts per second, p50/p95 latency per move); nothing is
asserted. The exit status is 1 if a unit was lost.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 8
SECONDS = 10.0
PARTS = 6
INITIAL_UNITS = 20
TICKETS = 24
SEED = 20261126
# kind → weight in the mix
MIX = {"reserve": 26, "issue": 24, "release": 8, "return": 10, "receive": 14, "transfer": 12, "scrap": 6}


def say(text: str = "") -> None:
    print(text, flush=True)


# ------------------------------------------------------------------------------------------ the child run


def child(seconds: float, clients: int) -> None:
    """Runs inside the child process: DATABASE_URL is already set; migrate, seed, load, verify, print RESULT."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from aftersales.accounts.models import User
    from aftersales.core.errors import DomainError
    from aftersales.customers import services as customers
    from aftersales.parts import selectors, services
    from aftersales.parts.models import Stock, StockMove
    from aftersales.tickets import services as tickets

    call_command("migrate", verbosity=0)
    keeper = User.objects.create_user(username="bench-keeper", password="x", role="warehouse")
    engineers = [
        User.objects.create_user(username=f"bench-engineer-{i}", password="x", role="engineer") for i in range(clients)
    ]
    agent = User.objects.create_user(username="bench-agent", password="x", role="agent")
    customer = customers.customer_create(
        actor=agent, name="合肥市第一人民医院信息科", address="合肥市庐阳区淮河路390号"
    )
    ticket_ids = [
        tickets.ticket_create(
            actor=agent, customer_id=customer.pk, channel="phone", severity=3, title=f"备件压测 {i}"
        ).ticket.pk
        for i in range(TICKETS)
    ]
    locations = [services.location_create(actor=keeper, name=name).pk for name in ("合肥中心库", "阜阳库", "芜湖库")]
    parts = [
        services.part_create(actor=keeper, part_number=f"BENCH-{i:02d}", name=f"压测备件{i}").pk for i in range(PARTS)
    ]
    for part in parts:
        for location in locations:
            services.part_receive(actor=keeper, part_id=part, location_id=location, quantity=INITIAL_UNITS)
    initial_moves = StockMove.objects.count()
    initial_units = PARTS * len(locations) * INITIAL_UNITS
    connection.close()

    kinds = list(MIX)
    weights = list(MIX.values())
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()
    totals = {"accepted": 0, "refused": 0, "errors": 0, "on_hand_delta": 0, "reserved_delta": 0}
    latencies: list[float] = []
    refusals: dict[str, int] = {}
    errors: list[str] = []
    barrier = threading.Barrier(clients)

    def client(index: int) -> None:
        rng = random.Random(SEED + index)
        engineer = engineers[index]
        accepted = refused = failed = on_hand = reserved = 0
        mine: list[float] = []
        codes: dict[str, int] = {}
        barrier.wait()
        try:
            while time.perf_counter() < stop_at:
                kind = rng.choices(kinds, weights)[0]
                part, location = rng.choice(parts), rng.choice(locations)
                quantity = rng.choice((1, 1, 1, 2, 3))
                common = {"part_id": part, "location_id": location, "quantity": quantity}
                started = time.perf_counter()
                try:
                    if kind == "transfer":
                        target = rng.choice([x for x in locations if x != location])
                        result = services.part_transfer(actor=keeper, to_location_id=target, **common)
                        deltas = [result.move, result.related_move]
                    elif kind == "receive":
                        deltas = [services.part_receive(actor=keeper, **common).move]
                    elif kind == "scrap":
                        deltas = [services.part_scrap(actor=keeper, **common).move]
                    else:
                        service = getattr(services, f"part_{kind}")
                        deltas = [service(actor=engineer, ticket_id=rng.choice(ticket_ids), **common).move]
                except DomainError as exc:
                    refused += 1
                    codes[exc.code] = codes.get(exc.code, 0) + 1
                except Exception as exc:  # counted and shown, e.g. "database is locked" or a deadlock
                    failed += 1
                    with lock:
                        errors.append(f"{kind}: {type(exc).__name__}: {exc}")
                else:
                    accepted += 1
                    on_hand += sum(m.on_hand_delta for m in deltas)
                    reserved += sum(m.reserved_delta for m in deltas)
                mine.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()
        with lock:
            totals["accepted"] += accepted
            totals["refused"] += refused
            totals["errors"] += failed
            totals["on_hand_delta"] += on_hand
            totals["reserved_delta"] += reserved
            latencies.extend(mine)
            for code, n in codes.items():
                refusals[code] = refusals.get(code, 0) + n

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    mismatches = selectors.ledger_check(deep=True)
    stock = Stock.objects.aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    written = StockMove.objects.count() - initial_moves
    expected_on_hand = initial_units + totals["on_hand_delta"]
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 2) if latencies else 0.0

    print(
        "RESULT "
        + json.dumps(
            {
                "vendor": connection.vendor,
                "clients": clients,
                "seconds": round(elapsed, 2),
                "accepted": totals["accepted"],
                "refused": totals["refused"],
                "errors": totals["errors"],
                "moves_per_s": round(totals["accepted"] / elapsed, 1),
                "attempts_per_s": round((totals["accepted"] + totals["refused"]) / elapsed, 1),
                "ledger_lines_written": written,
                "p50_ms": pct(50),
                "p95_ms": pct(95),
                "refusals": refusals,
                "stock_on_hand": stock["on_hand"],
                "expected_on_hand": expected_on_hand,
                "stock_reserved": stock["reserved"],
                "expected_reserved": totals["reserved_delta"],
                "ledger_mismatches": len(mismatches),
                "first_errors": errors[:3],
                "no_unit_lost": not mismatches
                and stock["on_hand"] == expected_on_hand
                and stock["reserved"] == totals["reserved_delta"],
            },
            ensure_ascii=False,
        ),
        flush=True,
    )


# ------------------------------------------------------------------------------------------- the parent


def run_child(database_url: str, seconds: float, clients: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("AFTERSALES_DEBUG",)}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="aftersales.config.settings.dev",
        AFTERSALES_SCHEDULER="off",
        AFTERSALES_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--clients", str(clients), str(seconds)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600 + seconds,
        check=False,
    )
    line = next((x for x in reversed(done.stdout.splitlines()) if x.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"bench child failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return json.loads(line[len("RESULT ") :])


def report(name: str, r: dict) -> None:
    say(
        f"  {name}: {r['moves_per_s']:,.0f} moves/s accepted ({r['attempts_per_s']:,.0f} attempts/s), "
        f"{r['clients']} clients for {r['seconds']} s; p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms per move"
    )
    say(
        f"    accepted {r['accepted']:,}, refused {r['refused']:,} {r['refusals']}, errors {r['errors']}"
        + (f" e.g. {r['first_errors'][0]}" if r["first_errors"] else "")
    )
    verdict = "no unit lost" if r["no_unit_lost"] else "UNITS LOST"
    say(
        f"    {verdict}: on hand {r['stock_on_hand']:,} (expected {r['expected_on_hand']:,}), reserved "
        f"{r['stock_reserved']:,} (expected {r['expected_reserved']:,}), ledger mismatches {r['ledger_mismatches']}, "
        f"{r['ledger_lines_written']:,} ledger lines written"
    )


def postgres_scratch(url: str):
    """A scratch database on the server of `url`: (its URL, a function that drops it)."""
    import psycopg

    parts = urlsplit(url)
    name = f"aftersales_bench_stock_{os.getpid()}"
    admin = psycopg.connect(urlunsplit(parts._replace(scheme="postgresql")), autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", nargs="?", type=float, default=SECONDS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.seconds, args.clients)
        return 0
    say(
        f"Stock moves: {args.clients} concurrent clients, {args.seconds:g} s per database, {PARTS} parts × 3 "
        f"locations, mix {MIX}"
    )
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-stock-") as tmp:
        result = run_child(f"sqlite:///{Path(tmp) / 'stock.sqlite3'}", args.seconds, args.clients)
        report("SQLite file (WAL)", result)
        ok &= result["no_unit_lost"]
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    if pg_url.startswith(("postgres://", "postgresql://")):
        scratch, drop = postgres_scratch(pg_url)
        try:
            result = run_child(scratch, args.seconds, args.clients)
            report("PostgreSQL", result)
            ok &= result["no_unit_lost"]
        finally:
            drop()
    else:
        say("  PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://user@host:port/db to measure it too)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
