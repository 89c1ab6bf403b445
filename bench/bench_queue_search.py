"""The queue's search at 1M requests (issue 10): `GET /api/v1/tickets?q=` as the API runs it in-process
(`tickets.selectors.ticket_list` with `q`, then the presenter), p50/p95 per kind of query.

Run from the repository root: `.venv/bin/python bench/bench_queue_search.py [--source PATH] [--runs N]`.

It works on its own copy of the 1M-open bench database of `bench/run_all.py` (var/bench/gen<N>-1m-open.sqlite3,
built by `make bench`), migrated and with the search index built once (`tickets.search.index_rebuild`); the
copy is reused while its source is the same. Without the source database it says so and stops. Nothing is
asserted; the target is p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench"
TARGET_P95_MS = 100


def _say(text: str = "") -> None:
    print(text, flush=True)


def _source(given: str | None) -> Path | None:
    if given:
        return Path(given)
    found = sorted(VAR.glob("gen*-1m-open.sqlite3"))
    return found[-1] if found else None


def _prepare(source: Path) -> Path:
    """The search copy of `source`: migrated, search index built (once per source file)."""
    target = source.with_name(source.stem + "-search.sqlite3")
    stamp = target.with_suffix(".json")
    key = {"source": str(source), "size": source.stat().st_size, "mtime": source.stat().st_mtime}
    if target.exists() and stamp.exists() and json.loads(stamp.read_text()) == key:
        return target
    _say(f"  preparing {target.name} (copy, migrate, index 1M requests; once) …")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(source, target)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{target}",
        "DJANGO_SETTINGS_MODULE": "aftersales.config.settings.dev",
    }
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, __file__, "--index-only", "--db", str(target)], cwd=ROOT, env=env, check=True)
    _say(f"  prepared in {time.perf_counter() - started:.0f} s")
    stamp.write_text(json.dumps(key))
    return target


def _index_only() -> None:
    import django

    django.setup()
    from aftersales.tickets import search

    started = time.perf_counter()
    count = search.index_rebuild()
    _say(f"  indexed {count:,} requests in {time.perf_counter() - started:.0f} s")


def _queries(db_meta: dict) -> list[tuple[str, str, str]]:
    """(name, q, other filters) — each kind of query the desk sends."""
    return [
        ("word (common, 'VPN')", "VPN", ""),
        ("two words ('交换机 断电')", "交换机 断电", ""),
        ("word + status=open", "打印机", "status=open"),
        ("customer name part", "医院", ""),
        ("phone, 4 digits", "2076", ""),
        ("phone, 11 digits", db_meta["phone"], ""),
        ("request number", db_meta["number"], ""),
        ("serial prefix", db_meta["serial"][:6], ""),
        ("word + assignee=none", "防火墙", "assignee=none"),
        ("no match", "不存在的词语组合", ""),
    ]


def _measure(runs: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    from aftersales.accounts.models import User
    from aftersales.tickets import presenters, selectors
    from aftersales.tickets.models import Ticket

    agent = User.objects.filter(role="agent", is_active=True).order_by("id").first()
    newest = Ticket.objects.order_by("-id").first()
    with_asset = Ticket.objects.filter(asset__isnull=False).select_related("asset").order_by("-id").first()
    meta = {
        "phone": (newest.contact_phone or "0551-67333073").replace("-", ""),
        "number": newest.number,
        "serial": with_asset.asset.serial if with_asset else "ABC123",
    }
    connection.ensure_connection()
    results = {}
    for name, q, extra in _queries(meta):
        params = dict(p.split("=", 1) for p in extra.split("&") if p)
        filters = selectors.QueueFilter(q=q, status=params.get("status"), assignee=params.get("assignee", ""))
        samples = []
        count = 0
        for i in range(runs + 3):
            started = time.perf_counter()
            page = selectors.ticket_list(agent, filters, limit=50)
            [presenters.ticket_data(t) for t in page.items]
            elapsed = (time.perf_counter() - started) * 1000
            count = len(page.items)
            if i >= 3:  # warm-up
                samples.append(elapsed)
        samples.sort()
        results[name] = {
            "rows": count,
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--index-only", action="store_true")
    parser.add_argument("--measure-only", action="store_true")
    parser.add_argument("--db")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    os.environ.setdefault("AFTERSALES_LOG_LEVEL", "WARNING")
    if args.index_only:
        _index_only()
        return
    if args.measure_only:
        print("RESULT " + json.dumps(_measure(args.runs)), flush=True)
        return
    source = _source(args.source)
    if source is None or not source.exists():
        _say("queue search: no 1M bench database yet (make bench builds var/bench/gen*-1m-open.sqlite3); skipped")
        return
    db = _prepare(source)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run(
        [sys.executable, __file__, "--measure-only", "--runs", str(args.runs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("RESULT "))
    results = json.loads(line[len("RESULT ") :])
    _say(
        f"queue search (GET /api/v1/tickets?q=, in-process), 1,000,000 requests, {args.runs} runs each; "
        f"target p95 ≤ {TARGET_P95_MS} ms"
    )
    _say(f"  {'query':<32} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8}")
    worst = 0.0
    for name, r in results.items():
        worst = max(worst, r["p95_ms"])
        _say(f"  {name:<32} {r['rows']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8}")
    _say(f"  worst p95 {worst} ms: {'within' if worst <= TARGET_P95_MS else 'OVER'} the {TARGET_P95_MS} ms target")


if __name__ == "__main__":
    main()
