"""Benchmark of the dealer network's 150 km check (issue 13, 篇10 第二十条): 10,000 outlets.

Run from the repository root: ``.venv/bin/python bench/bench_network.py [outlets]``.

1. The pure policy (`aftersales.network.policy.reach.check`) on 10,000 outlets: 5 brands, each a network of
   4S shops (sales, parts and service together) and county showrooms (sales only) spread over 安徽 and its
   neighbours, so that a few percent of the showrooms break the rule; best and median of 5 runs, and the
   brute-force pairwise check it replaces (on a sample, extrapolated) for comparison.
2. The same check from the database, as the API computes it on every GET /api/v1/network/coverage
   (`selectors.coverage_check`: one query for the outlets of authorised dealers, then the policy), on a scratch
   SQLite database in a temporary directory.

Target: the check of 10,000 outlets ≤ 1 s. Nothing is asserted; the exit status is 1 when the target is missed.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = 10_000
BRANDS = 5
TARGET_S = 1.0
SEED = 20261206
# latitude, longitude box: 安徽 and a margin into its neighbours
BOX = ((29.3, 34.7), (114.8, 120.0))


def generate(n: int, rng: random.Random) -> list[tuple[int, int, str, float, float]]:
    """(id, brand, kind, lat, lng) rows: per brand, 4S shops (3 outlets at one place) and showrooms around them."""
    rows: list[tuple[int, int, str, float, float]] = []
    per_brand = n // BRANDS
    next_id = 1
    for brand in range(1, BRANDS + 1):
        shops = max(1, per_brand // 12)  # 3 outlets each: a quarter of the outlets
        centres = []
        for _ in range(shops):
            lat, lng = rng.uniform(*BOX[0]), rng.uniform(*BOX[1])
            centres.append((lat, lng))
            for kind in ("sales", "parts", "service"):
                rows.append((next_id, brand, kind, lat, lng))
                next_id += 1
        while next_id <= brand * per_brand:
            lat, lng = rng.choice(centres)
            spread = 1.6 if rng.random() < 0.97 else 3.0  # a few showrooms far from every shop
            rows.append(
                (next_id, brand, "sales", lat + rng.uniform(-spread, spread), lng + rng.uniform(-spread, spread))
            )
            next_id += 1
    return rows


def brute_force_seconds(sites, sample: int = 300) -> float:
    """Seconds the pairwise check would take on every sales outlet (timed on a sample, extrapolated)."""
    from aftersales.network.policy.coverage import great_circle_km
    from aftersales.network.policy.reach import MAX_KM, OutletKind

    sales = [s for s in sites if s.kind is OutletKind.SALES]
    by = {}
    for s in sites:
        by.setdefault((s.brand, s.kind), []).append(s)
    picked = sales[:sample]
    start = time.perf_counter()
    for s in picked:
        for kind in (OutletKind.PARTS, OutletKind.SERVICE):
            cands = by.get((s.brand, kind), [])
            min((great_circle_km(s.point, c.point) for c in cands), default=None)
            any(great_circle_km(s.point, c.point) <= MAX_KM for c in cands)
    return (time.perf_counter() - start) / len(picked) * len(sales)


def bench_policy(rows) -> dict:
    from aftersales.network.policy.coverage import Point
    from aftersales.network.policy.reach import OutletKind, Site, check

    sites = [Site(i, b, OutletKind(k), Point(lat, lng)) for i, b, k, lat, lng in rows]
    times = []
    result = None
    for _ in range(5):
        start = time.perf_counter()
        result = check(sites)
        times.append(time.perf_counter() - start)
    return {
        "outlets": len(sites),
        "checked": result.checked,
        "violations": len(result.violations),
        "best_s": min(times),
        "median_s": statistics.median(times),
        "brute_force_s": brute_force_seconds(sites),
    }


def bench_database(rows) -> dict:
    """Load the rows into a scratch SQLite database and time `selectors.coverage_check` (query + policy)."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from aftersales.core import clock
    from aftersales.network import selectors
    from aftersales.network.models import Authorisation, Brand, Dealer, Outlet, Supplier

    supplier = Supplier.objects.create(name="基准供应商", credit_code="91340100MA2W000000")
    brands = [Brand.objects.create(name=f"品牌{b}", supplier=supplier) for b in range(1, BRANDS + 1)]
    dealers = []
    for b, brand in enumerate(brands, start=1):
        dealer = Dealer.objects.create(name=f"经销商{b}", credit_code=f"9134010000000000{b:02d}", supplier=supplier)
        Authorisation.objects.create(dealer=dealer, brand=brand, valid_from=clock.today())
        dealers.append(dealer)
    Outlet.objects.bulk_create(
        [
            Outlet(
                dealer=dealers[b - 1], brand=brands[b - 1], kind=k, name=f"网点{i}", address="安徽省", lat=lat, lng=lng
            )
            for i, b, k, lat, lng in rows
        ],
        batch_size=2000,
    )
    ids = [b.pk for b in brands]
    times = []
    result = None
    for _ in range(5):
        start = time.perf_counter()
        result = selectors.coverage_check(ids)
        times.append(time.perf_counter() - start)
    return {
        "outlets": Outlet.objects.count(),
        "checked": result.checked,
        "violations": len(result.violations),
        "best_s": min(times),
        "median_s": statistics.median(times),
    }


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else OUTLETS
    rng = random.Random(SEED)
    rows = generate(n, rng)
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="bench-network-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'network.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    try:
        policy = bench_policy(rows)
        print(
            f"150 km check, pure policy: {policy['outlets']} outlets, {policy['checked']} sales outlets checked, "
            f"{policy['violations']} violations"
        )
        print(
            f"  best {policy['best_s'] * 1000:.0f} ms, median {policy['median_s'] * 1000:.0f} ms "
            f"(pairwise brute force, extrapolated: {policy['brute_force_s']:.1f} s)"
        )
        db = bench_database(rows)
        print(
            f"150 km check from the database (selectors.coverage_check: query + policy): {db['outlets']} outlets, "
            f"{db['violations']} violations"
        )
        print(f"  best {db['best_s'] * 1000:.0f} ms, median {db['median_s'] * 1000:.0f} ms")
        worst = max(policy["median_s"], db["median_s"])
        print(f"target ≤ {TARGET_S:.1f} s: {'met' if worst <= TARGET_S else 'MISSED'}")
        return 0 if worst <= TARGET_S else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
