"""Benchmark of the 三包 engine: prints how many ``sanbao_remedy`` decisions pure Python makes per second.

Run from the repository root: ``.venv/bin/python bench/bench_warranty.py [seconds]``. The workload is a
fixed, seeded mix of assets (with and without acceptance dates, one to three terms, up to four
completed repairs) and days spread from the purchase day to two years past the warranty, so every
remedy appears. The target is at least 50,000 decisions per second on a 2-core machine.
"""

import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aftersales.warranty.policy.sanbao import (
    AssetFacts,
    Remedy,
    WarrantyTerm,
    covered_until,
    sanbao_remedy,
)

TARGET_PER_SECOND = 50_000
CASES = 20_000
SEED = 20240229


def build_cases(count: int, seed: int) -> list[tuple[AssetFacts, date, bool]]:
    """``count`` (asset, day, is_upgrade) triples drawn from a seeded generator."""
    rng = random.Random(seed)
    cases: list[tuple[AssetFacts, date, bool]] = []
    first_purchase = date(2020, 1, 1)
    for _ in range(count):
        purchased_on = first_purchase + timedelta(days=rng.randrange(0, 2000))
        accepted_on = purchased_on + timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.6 else None
        terms = tuple(
            WarrantyTerm(name, rng.choice((12, 36)))
            for name in rng.sample(("厂商保修 vendor", "工程质保 project", "上门服务 on-site"), rng.randrange(0, 4))
        )
        repairs = tuple(
            sorted(purchased_on + timedelta(days=rng.randrange(16, 1100)) for _ in range(rng.randrange(0, 5)))
        )
        asset = AssetFacts(purchased_on, accepted_on, terms, repairs)
        horizon = (covered_until(asset) - purchased_on).days + 730
        on = purchased_on + timedelta(days=rng.randrange(0, horizon))
        cases.append((asset, on, rng.random() < 0.05))
    return cases


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    cases = build_cases(CASES, SEED)
    remedies: Counter[Remedy] = Counter(sanbao_remedy(asset, on, is_upgrade=up).remedy for asset, on, up in cases)

    decisions = 0
    started = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds:
        for asset, on, is_upgrade in cases:
            sanbao_remedy(asset, on, is_upgrade=is_upgrade)
        decisions += len(cases)
        elapsed = time.perf_counter() - started

    per_second = decisions / elapsed
    mix = ", ".join(f"{remedy.value} {remedies[remedy]}" for remedy in Remedy)
    print(f"sanbao_remedy: {decisions} decisions in {elapsed:.2f} s = {per_second:,.0f}/s")
    print(f"  workload: {CASES} cases (seed {SEED}): {mix}")
    print(f"  target {TARGET_PER_SECOND:,}/s: {'ok' if per_second >= TARGET_PER_SECOND else 'TOO SLOW'}")
    if per_second < TARGET_PER_SECOND:
        sys.exit(1)


if __name__ == "__main__":
    main()
