"""Benchmark of bulletin targeting: `bulletins.selectors.bulletin_targets` over 1M assets (issue 4).

Run from the repository root: ``.venv/bin/python bench/bench_bulletins.py [assets]`` (default 1,000,000).

It builds its own data in an SQLite file in a scratch directory under var/ (DATABASE_URL is set before Django
starts), with bulk inserts: 20,000 customers in the 16 cities of 安徽, 20 vendors with 25–40 models each, and
the assets spread over them (a few popular models hold most units, as in real installed bases). Then it
times the targeting of several kinds of bulletins (one vendor's model series, a whole vendor, a pattern
across every vendor, exact models of two vendors), 7 runs each after one warm-up, and one full publication
(deliveries, in-app and e-mail to the customers) for the first bulletin. Target: targeting ≤ 1 s.
Nothing is asserted; the exit status is 1 when the target is missed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = 1_000_000
CUSTOMERS = 20_000
TARGET_SECONDS = 1.0
SEED = 20261126
RUNS = 7
VENDORS = {
    "华为": ("S5735-L{}T4S", "S6730-H{}Q2X", "CE6881-{}S6CQ", "FusionServer 2288H V{}", "AR{}0-S", "OceanStor {}000"),
    "新华三": ("S5130S-{}P-EI", "S6520X-{}XC", "UniServer R{}900 G5", "MSR{}0-X1"),
    "戴尔": ("PowerEdge R{}50", "PowerEdge R{}40", "PowerEdge T{}40", "OptiPlex {}090", "PowerVault ME{}024"),
    "联想": ("ThinkSystem SR{}50", "ThinkCentre M{}20t", "ThinkPad E1{}"),
    "浪潮": ("NF{}80M6", "NF{}70M5", "AS{}300G5"),
    "惠普": ("LaserJet M{}03d", "ProLiant DL{}80 Gen10", "EliteDesk 8{}0 G6"),
    "思科": ("Catalyst 9{}00", "ISR 4{}31", "Nexus 9{}00"),
    "锐捷": ("RG-S{}760", "RG-AP{}20", "RG-EG{}10"),
    "海康威视": ("DS-2CD{}T47", "DS-7{}08N-K2", "DS-K1T{}71"),
    "大华": ("DH-IPC-HFW{}433", "DH-NVR{}08"),
    "爱普生": ("L{}168", "LQ-{}35K", "CB-X{}"),
    "佳能": ("iR-ADV C{}35", "LBP{}2dn"),
    "施耐德": ("Galaxy VS{}0", "Easy UPS {}k"),
    "山特": ("C{}KS", "3C{}KS"),
    "艾默生": ("Liebert ITA{}", "Liebert PEX{}"),
    "深信服": ("AF-1000-B{}", "AC-1000-A{}"),
    "奇安信": ("NSG{}000", "TianQing{}"),
    "中兴": ("ZXR10 59{}0", "R5{}0 G4"),
    "曙光": ("I{}20-G30", "W{}80-G30"),
    "飞利浦": ("{}42E", "DN{}"),
}
CATEGORIES = ("服务器", "交换机", "存储", "路由器", "打印机", "台式机", "防火墙", "UPS", "摄像机", "投影仪")


def build(scratch: Path, assets: int) -> dict:
    """Migrate the scratch database and fill it with bulk inserts; returns what was built."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from aftersales.assets.models import Vendor
    from aftersales.customers.models import Region

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    regions = list(Region.objects.values_list("pk", "name"))
    now = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    vendors = {name: Vendor.objects.create(name=name).pk for name in VENDORS}
    models = [
        (vendors[name], pattern.format(n + 1), CATEGORIES[(index + n) % len(CATEGORIES)])
        for index, (name, series) in enumerate(VENDORS.items())
        for pattern in series
        for n in range(rng.randint(5, 9))
    ]
    # Popularity falls off like real installed bases: a few models hold most of the units.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(models))]
    rng.shuffle(weights)
    with transaction.atomic():
        connection.ensure_connection()
        cursor = connection.connection.cursor()  # the sqlite3 cursor itself: bulk loading without the wrapper
        cities = [(pk, name) for pk, name in regions]
        cursor.executemany(
            "INSERT INTO customers_customer (id, created_at, updated_at, version, name, kind, address, province, "
            "district, region_id, phone, email, credit_code, is_key_account, notes) "
            "VALUES (?, ?, ?, 1, ?, 'organisation', ?, '安徽省', '', ?, '', ?, '', 0, '')",
            [
                (
                    i + 1,
                    now,
                    now,
                    f"{cities[i % len(cities)][1]}客户{i:05d}",
                    f"{cities[i % len(cities)][1]}人民路{i}号",
                    cities[i % len(cities)][0],
                    f"it{i:05d}@customer.example.cn",
                )
                for i in range(CUSTOMERS)
            ],
        )
        batch = []
        picks = rng.choices(models, weights, k=assets)
        for i, (vendor_id, model, category) in enumerate(picks):
            batch.append((now, now, rng.randint(1, CUSTOMERS), vendor_id, model, category, f"SN{i:08d}", "2025-03-01"))
            if len(batch) == 50_000:
                _insert_assets(cursor, batch)
                batch = []
        if batch:
            _insert_assets(cursor, batch)
        cursor.execute("ANALYZE")
    return {"vendors": vendors, "models": models}


def _insert_assets(cursor, rows) -> None:
    cursor.executemany(
        "INSERT INTO assets_asset (created_at, updated_at, version, customer_id, vendor_id, model, category, serial, "
        "site, quantity, purchased_on, warranty_months) VALUES (?, ?, 1, ?, ?, ?, ?, ?, '', 1, ?, 12)",
        rows,
    )


def bulletins(data: dict) -> list:
    """The bulletins to target: (label, vendor names, patterns)."""
    return [
        ("one vendor's model series (戴尔 PowerEdge R*50)", ("戴尔",), "PowerEdge R*50"),
        ("a whole vendor (华为, every model)", ("华为",), ""),
        ("a pattern across every vendor (*9?00*)", (), "*9?00*"),
        ("exact models of two vendors", ("新华三", "海康威视"), "S5130S-3P-EI\nDS-2CD2T47\nds-2cd4t47"),
        ("a model no one owns", ("飞利浦",), "XYZ-*"),
    ]


def measure(scratch: Path, assets: int) -> bool:
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bulletins.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    os.environ["AFTERSALES_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from aftersales.accounts.models import User
    from aftersales.assets.models import Asset
    from aftersales.bulletins import selectors, services

    started = time.perf_counter()
    data = build(scratch, assets)
    print(
        f"data: {Asset.objects.count():,} assets of {len(data['models'])} models from {len(data['vendors'])} "
        f"vendors at {CUSTOMERS:,} customers; built in {time.perf_counter() - started:.1f} s"
    )
    supervisor = User.objects.create_user(username="bench-supervisor", password="bench-Secret-2026", role="supervisor")
    ok = True
    made = []
    for label, vendor_names, patterns in bulletins(data):
        bulletin = services.bulletin_create(
            actor=supervisor,
            kind="defect",
            title=label,
            body="bench",
            vendor_ids=[data["vendors"][n] for n in vendor_names],
            model_patterns=patterns,
        )
        made.append(bulletin)
        targets = selectors.bulletin_targets(bulletin)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            selectors.bulletin_targets(bulletin)
        timings = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            selectors.bulletin_targets(bulletin)
            timings.append(time.perf_counter() - t0)
        p50, worst = statistics.median(timings), max(timings)
        ok = ok and worst <= TARGET_SECONDS
        print(
            f"  {label:52s} {len(targets):6,} customers, {sum(targets.values()):8,} assets: "
            f"p50 {p50 * 1000:7.1f} ms, max {worst * 1000:7.1f} ms, {len(captured.captured_queries)} queries"
        )
    t0 = time.perf_counter()
    result = services.bulletin_publish(bulletin_id=made[0].pk, actor=supervisor)
    print(
        f"  publish of the first: {result.created:,} deliveries, {result.messages:,} e-mails rendered in "
        f"{time.perf_counter() - t0:.2f} s (targeting included)"
    )
    print(f"  target: targeting ≤ {TARGET_SECONDS:g} s: {'ok' if ok else 'TOO SLOW'}")
    return ok


def main() -> None:
    assets = int(sys.argv[1]) if len(sys.argv) > 1 else ASSETS
    (ROOT / "var").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bench-bulletins-", dir=ROOT / "var"))
    try:
        ok = measure(scratch, assets)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
