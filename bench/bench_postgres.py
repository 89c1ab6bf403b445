"""`make bench-postgres` (and part 7 of `make bench BENCH_POSTGRES=1`): the bench tables on PostgreSQL (issue 14).

Run from the repository root: `.venv/bin/python bench/bench_postgres.py [--size 10m] [--parts ...]`.

Target: the server of `BENCH_DATABASE_URL` (postgres://user@host:port/any — the user must be allowed to create
databases; the bench databases are made beside the one named), else a bench cluster of its own under
var/bench/pg/ (initdb once, started on a free port of 127.0.0.1 for the run and stopped after it, as
scripts/pg_test_cluster.sh starts the tests' one, but kept, with fsync on, so its databases are reused).

Databases (reused while `tickets.fake.GENERATOR_VERSION` and `LOADER_VERSION` below are unchanged; the database
comment carries what was built and how long it took):
- `bench_g<gen>_l<loader>_<size>`: <size> service requests, all open, 1% of them due to climb (the sweep's case
  and the queue's, as the SQLite 1m-open), with their timeline events; 100k published knowledge articles and
  <size> similar-request search entries (bulletins_ticketsearch). Made by `aftersales fake` for a template of
  100k requests (the same Python generator as on SQLite), then multiplied with `COPY … TO STDOUT` streamed
  into `COPY … FROM STDIN` (ids shifted, everything else the same rows: the due share stays 1%), with the
  secondary indexes dropped during the load and built after it; the search texts are written by COPY too.
- `bench_g<gen>_l<loader>_100k`: the template alone (intake runs on a copy of it, `CREATE DATABASE … TEMPLATE`).

Parts: intake (gunicorn with 4 workers on PostgreSQL and, for the ratio, on SQLite, 8 wrk clients, 20 s),
queue (p50/p95 per filter, API and selector), sweep (on a copy), search, stock (bench/bench_stock.py on this
server), connections (how many a server with 4 workers holds), reports (bench/bench_reports.py on the bench
database in place: the rollup job, the SLA report, the dashboard and the assessments, after bench/bench_extras.py
has added dispatches, callbacks, complaints and parts issued). Figures are printed and saved to
var/bench/pg-results-<time>.json; nothing is asserted. The machine is shared: read docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run_all as ra  # noqa: E402  (bench/ on sys.path: the SQLite runner's server, load and queue helpers)

ROOT = ra.ROOT
VAR = ra.VAR
PY = ra.PY
LOADER_VERSION = 1
"""Bump when the loader below changes what it writes, so the bench databases are rebuilt."""
TEMPLATE = 100_000
SIZES = {"100k": 100_000, "1m": 1_000_000, "2m": 2_000_000, "10m": 10_000_000}
ARTICLES = 100_000
WORKERS = 4
SEARCH_QUERIES = 20  # per kind of query (bench_search.py's four kinds)
TARGETS = {"intake_vs_sqlite": 2.0, "queue_p95_ms": 50, "sweep_s": 5.0, "search_p95_ms": 100}
# The bench cluster: sized for this 2-core, 24 GiB machine (docs/decisions/021-postgresql-at-scale.md).
# A quarter of the machine's memory for PostgreSQL's own buffers, as for a dedicated database host (README): at
# 10M requests the tables and indexes the sweep writes are ~6.5 GB, and with 2 GB each climb's index pages came
# and went through the operating system's cache (the sweep 9.4 → 8.0 s with 8 GB; docs/decisions/021, section 11).
_MEMORY_MB = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
SERVER_SETTINGS = {
    "shared_buffers": f"{max(2048, _MEMORY_MB // 4)}MB",
    "effective_cache_size": f"{max(6144, _MEMORY_MB // 2)}MB",
    # The full-page images a checkpoint brings on (~2.2 GiB for 100,000 climbs) written compressed: about half.
    "wal_compression": "lz4",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "15min",
    "max_connections": "100",
    "random_page_cost": "1.1",
    "max_parallel_maintenance_workers": "2",
}
say = ra.say
LATE_NOW = ("--late-percent", "1", "--now")


# ------------------------------------------------------------------------------------------------- cluster


def _as_server(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.getuid() == 0 else cmd


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if os.environ.get("PGBIN"):
        return Path(os.environ["PGBIN"])
    if not found:
        raise SystemExit("no PostgreSQL binaries under /usr/lib/postgresql/*/bin (set BENCH_DATABASE_URL)")
    return found[-1]


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """The server URL (no database): BENCH_DATABASE_URL's server, or the bench cluster under var/bench/pg."""
    if url := os.environ.get("BENCH_DATABASE_URL"):
        parts = urlsplit(url)
        yield urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        return
    data = VAR / "pg" / "data"
    binaries = pg_bin()
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if os.getuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", str(data.parent)], check=True)
        data.chmod(0o700)
        subprocess.run(
            _as_server(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
    port = ra.free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data.parent} " + " ".join(
        f"-c {k}={v}" for k, v in SERVER_SETTINGS.items()
    )
    log = VAR / "pg" / "server.log"
    if os.getuid() == 0:
        subprocess.run(["chown", "postgres:postgres", str(data.parent)], check=True)
        log.touch()
        subprocess.run(["chown", "postgres:postgres", str(log)], check=True)
    subprocess.run(
        _as_server(
            [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "120", "-o", options, "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "120", "stop"]),
            check=False,
            capture_output=True,
        )


def db_url(server: str, name: str) -> str:
    return f"{server}/{name}"


def admin(server: str) -> psycopg.Connection:
    return psycopg.connect(db_url(server, "postgres"), autocommit=True)


def database_meta(server: str, name: str) -> dict | None:
    with admin(server) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    if row is None:
        return None
    return json.loads(row[0]) if row[0] else {}


def drop_database(server: str, name: str) -> None:
    with admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(server: str, source: str, target: str) -> float:
    drop_database(server, target)
    started = time.perf_counter()
    with admin(server) as conn:
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}" STRATEGY FILE_COPY')
    return time.perf_counter() - started


# -------------------------------------------------------------------------------------------------- datasets


def dataset_name(size: str) -> str:
    return f"bench_g{ra.generator_version()}_l{LOADER_VERSION}_{size}"


RECENT_INDEX_CHILD = (
    "import django; django.setup(); from aftersales.bulletins import search; print(search.ticket_search_recent_index())"
)


def dataset(server: str, size: str) -> tuple[str, dict]:
    """The bench database of `size` requests (built unless this generator and loader already built it)."""
    name = dataset_name(size)
    meta = database_meta(server, name)
    url = db_url(server, name)
    if meta:
        try:
            ra.run([PY, "manage.py", "migrate", "-v0"], url)
            return url, meta
        except RuntimeError as exc:
            say(f"  {name} cannot be migrated any more ({str(exc).strip().splitlines()[-1][:120]}); rebuilding")
    tickets = SIZES[size]
    building = name + "_building"
    drop_database(server, building)
    drop_database(server, name)
    say(f"  building {name}: {tickets:,} requests (all open, 1% due), {ARTICLES:,} articles, {tickets:,} search rows")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if size != "100k" and SIZES[size] > TEMPLATE:
        _, template_meta = dataset(server, "100k")
        copy_database(server, dataset_name("100k"), building)
        now = template_meta["now"]
        timings["template_copy_s"] = round(time.perf_counter() - started, 1)
    else:
        with admin(server) as conn:
            conn.execute(f'CREATE DATABASE "{building}"')
        url_b = db_url(server, building)
        t0 = time.perf_counter()
        ra.run([PY, "manage.py", "migrate", "-v0"], url_b)
        timings["migrate_s"] = round(time.perf_counter() - t0, 1)
        now = dt.datetime.now(tz=dt.UTC).replace(microsecond=0).isoformat()
        t0 = time.perf_counter()
        out = ra.run(
            [PY, "-m", "aftersales.cli", "fake", "--tickets", str(TEMPLATE), "--open-percent", "100", *LATE_NOW, now],
            url_b,
            timeout=3600,
        )
        timings["python_generator_s"] = round(time.perf_counter() - t0, 1)
        say(f"    template: {out.strip().splitlines()[-1]}")
    url_b = db_url(server, building)
    with psycopg.connect(url_b) as conn:
        timings.update(load(conn, tickets))
    # The similar-request search's index of the newest keys (its migration found the template too small for one;
    # in production the daily job builds it): decision 021 §8.
    t0 = time.perf_counter()
    ra.run([PY, "-c", RECENT_INDEX_CHILD], url_b, timeout=3600)
    timings["search_recent_index_s"] = round(time.perf_counter() - t0, 1)
    prepared = ra.inproc(url_b, "prepare", "--bodies", str(VAR / f"pg-{name}.bodies.jsonl"))
    total = round(time.perf_counter() - started, 1)
    meta = {
        "name": name,
        "tickets": tickets,
        "open_percent": 100.0,
        "late_percent": 1.0,
        "now": now,
        "build_seconds": total,
        "timings": timings,
        **prepared,
    }
    with admin(server) as conn:
        conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(meta)}'")
    with psycopg.connect(url) as conn:
        size_bytes = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    meta["bytes"] = size_bytes
    with admin(server) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(meta)}'")
    say(f"  built {name} in {total:.0f} s ({size_bytes / 2**30:.1f} GiB): {json.dumps(timings)}")
    return url, meta


SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
"""


def _columns(conn: psycopg.Connection, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position", [table]
    ).fetchall()
    return [r[0] for r in rows]


def _stream(conn: psycopg.Connection, source: str, target: str) -> None:
    """COPY (query) TO STDOUT from a second connection, written as it comes into COPY target FROM STDIN."""
    with (
        psycopg.connect(conn.info.dsn) as reader,
        reader.cursor().copy(source) as out,
        conn.cursor().copy(target) as into,
    ):
        for block in out:
            into.write(block)


def load(conn: psycopg.Connection, tickets: int) -> dict[str, float]:
    """Multiply the template's requests and events to `tickets`, write the search rows, rebuild the indexes."""
    timings: dict[str, float] = {}
    tables = ["tickets_ticket", "tickets_ticketevent", "bulletins_ticketsearch", "bulletins_article"]
    indexes = conn.execute(SECONDARY_INDEXES, [tables]).fetchall()
    for index_name, _ in indexes:
        conn.execute(f'DROP INDEX "{index_name}"')
    conn.execute("SET session_replication_role = replica")  # no FK triggers: the rows are copies of checked ones
    conn.commit()
    base = conn.execute("SELECT count(*), max(id) FROM tickets_ticket").fetchone()
    template, top = base
    events_top = conn.execute("SELECT coalesce(max(id), 0) FROM tickets_ticketevent").fetchone()[0]
    copies = max(1, tickets // template)
    t0 = time.perf_counter()
    ticket_cols = _columns(conn, "tickets_ticket")
    event_cols = _columns(conn, "tickets_ticketevent")
    for k in range(1, copies):
        shifted = ", ".join(f"id + {k * top}" if c == "id" else f'"{c}"' for c in ticket_cols)
        _stream(
            conn,
            f"COPY (SELECT {shifted} FROM tickets_ticket WHERE id <= {top}) TO STDOUT",
            f"COPY tickets_ticket ({', '.join(chr(34) + c + chr(34) for c in ticket_cols)}) FROM STDIN",
        )
        shifted = ", ".join(
            f"id + {k * events_top}" if c == "id" else (f"ticket_id + {k * top}" if c == "ticket_id" else f'"{c}"')
            for c in event_cols
        )
        _stream(
            conn,
            f"COPY (SELECT {shifted} FROM tickets_ticketevent WHERE id <= {events_top}) TO STDOUT",
            f"COPY tickets_ticketevent ({', '.join(chr(34) + c + chr(34) for c in event_cols)}) FROM STDIN",
        )
        conn.commit()
        if k % 10 == 0 or k == copies - 1:
            say(f"    copied {(k + 1) * template:,} requests ({time.perf_counter() - t0:.0f} s)")
    timings["copy_tickets_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    articles, searches = search_rows(conn, copies * top)
    conn.commit()
    timings["copy_search_s"] = round(time.perf_counter() - t0, 1)
    say(f"    {articles:,} articles and {searches:,} search rows written ({timings['copy_search_s']:.0f} s)")
    conn.execute("SET session_replication_role = origin")
    conn.execute("SET maintenance_work_mem = '1GB'")
    t0 = time.perf_counter()
    built = {}
    for index_name, definition in indexes:
        t1 = time.perf_counter()
        conn.execute(definition)
        conn.commit()
        built[index_name] = round(time.perf_counter() - t1, 1)
    timings["indexes_s"] = round(time.perf_counter() - t0, 1)
    timings["index_seconds"] = built
    conn.autocommit = True
    for table in ("tickets_ticket", "tickets_ticketevent", "bulletins_article"):
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    t0 = time.perf_counter()
    conn.execute("VACUUM (ANALYZE)")
    timings["vacuum_analyze_s"] = round(time.perf_counter() - t0, 1)
    return timings


def search_rows(conn: psycopg.Connection, highest_ticket: int) -> tuple[int, int]:
    """Articles and similar-request entries with bench_search.py's texts (jieba words of combined phrases)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    import bench_search as bs
    import django

    django.setup()  # jieba's dictionary settings (aftersales.bulletins.segment); no database is opened

    rng = random.Random(bs.SEED)
    words = bs.phrase_words(bs.VENDORS + bs.DEVICES + bs.PARTS + bs.SYMPTOMS + bs.CONTEXTS + bs.CAUSES + bs.STEPS)
    at = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)

    def fault():
        vendor, device, part = rng.choice(bs.VENDORS), rng.choice(bs.DEVICES), rng.choice(bs.PARTS)
        symptom, context, extra = rng.choice(bs.SYMPTOMS), rng.choice(bs.CONTEXTS), rng.choice(bs.SYMPTOMS)
        title = f"{vendor}{device}{part}{symptom}"
        title_words = " ".join(words[p] for p in (vendor, device, part, symptom))
        body = f"{context}，{device}{part}{symptom}，伴随{extra}"
        body_words = " ".join(words[p] for p in (context, device, part, symptom, extra))
        return title, title_words, body, body_words, device

    conn.execute("DELETE FROM bulletins_article")
    conn.execute("DELETE FROM bulletins_ticketsearch")
    with conn.cursor().copy(
        "COPY bulletins_article (id, created_at, updated_at, version, title, symptom, cause, solution, "
        "affected_models, category, is_published, published_at, search_title, search_text) FROM STDIN"
    ) as copy:
        for i in range(ARTICLES):
            title, title_words, body, body_words, device = fault()
            cause = rng.choice(bs.CAUSES)
            steps = rng.sample(bs.STEPS, 3)
            text = " ".join([body_words, words[cause], *(words[s] for s in steps)])
            copy.write_row(
                (i + 1, at, at, 1, title, body, cause, "\n".join(steps), "", device, True, at, title_words, text)
            )
    rows = 0
    with conn.cursor().copy(
        "COPY bulletins_ticketsearch (ticket_id, number, title, resolved_at, search_title, search_text) FROM STDIN"
    ) as copy:
        # Half a million distinct texts, spread over the rows (generating each row's own costs 10 minutes at 10M).
        pool = [fault() for _ in range(min(highest_ticket, 500_000))]
        for ticket_id in range(1, highest_ticket + 1):
            title, title_words, _, body_words, _ = pool[(ticket_id * 7919) % len(pool)]
            resolved = at - dt.timedelta(minutes=highest_ticket - ticket_id)
            copy.write_row((ticket_id, f"SR-{ticket_id:08d}", title, resolved, title_words, body_words))
            rows += 1
    return ARTICLES, rows


# -------------------------------------------------------------------------------------------------- parts


def part_intake(results: dict, server: str) -> None:
    say(f"\n[1] Intake vs the trivial endpoint: gunicorn {WORKERS} workers, {ra.CLIENTS} clients, {ra.LOAD_SECONDS} s")
    dataset(server, "100k")
    work = "bench_work_intake"
    copy_database(server, dataset_name("100k"), work)
    url = db_url(server, work)
    bodies = VAR / f"pg-{dataset_name('100k')}.bodies.jsonl"
    rows = {}
    try:
        rows["postgresql"] = _intake_on(url, bodies, "pg")
    finally:
        drop_database(server, work)
    sqlite_source, _ = ra.dataset("100k")
    sqlite_db = ra.copy_db(sqlite_source, VAR / "work-intake-pg-compare.sqlite3")
    try:
        rows["sqlite"] = _intake_on(sqlite_db, sqlite_source.with_suffix(".bodies.jsonl"), "sqlite")
    finally:
        ra.remove_db(sqlite_db)
    results["intake"] = rows
    say(
        f"    {'database':10s} {'endpoint':20s} {'req/s':>8s} {'p50':>8s} {'p95':>8s} {'app CPU':>8s} {'DB CPU':>8s} "
        f"{'all CPU':>8s} {'→ req/s':>8s} {'errors':>6s}"
    )
    for name, row in rows.items():
        for label, key in (("GET  /api/v1/me", "trivial"), ("POST /api/v1/tickets", "intake")):
            r = row[key]
            say(
                f"    {name:10s} {label:20s} {r['rps']:8.1f} {r['p50_ms']:6.2f}ms {r['p95_ms']:6.2f}ms "
                f"{r['server_cpu_ms']:6.2f}ms {r['db_cpu_ms']:6.2f}ms {r['total_cpu_ms']:6.2f}ms "
                f"{r['total_cpu_rps']:8.0f} {r['non_2xx']:6d}"
            )
        say(
            f"    {name:10s} intake/trivial {row['ratio']:.1%} by rate, {row['cpu_ratio']:.1%} by CPU; "
            f"{row['stored']:,} stored"
        )
    pg, lite = rows["postgresql"]["intake"], rows["sqlite"]["intake"]
    say(
        f"    intake PostgreSQL / SQLite, {WORKERS} workers: {pg['rps'] / max(lite['rps'], 0.1):.2f}× by rate, "
        f"{pg['total_cpu_rps'] / lite['total_cpu_rps']:.2f}× by CPU cost (app + database + load generator; "
        f"target ≥ {TARGETS['intake_vs_sqlite']:g}×)"
    )
    say(
        "    (all CPU: per request, app server + PostgreSQL server + wrk; → req/s: what 2 idle cores give at that cost)"
    )


def postgres_cpu_seconds() -> float:
    """CPU used so far by the bench cluster's server processes (0 for BENCH_DATABASE_URL: not on this machine)."""
    pid_file = VAR / "pg" / "data" / "postmaster.pid"
    if os.environ.get("BENCH_DATABASE_URL") or not pid_file.exists():
        return 0.0
    return ra.tree_cpu_seconds(int(pid_file.read_text().split()[0]))


def _load(port: int, path: str, token: str, bodies: Path | None = None) -> dict:
    """run_all's load, plus the PostgreSQL server's CPU per request (SQLite's is inside the app server's)."""
    before = postgres_cpu_seconds()
    out = ra.load(port, path, token, bodies)
    db_ms = (postgres_cpu_seconds() - before) * 1000 / max(1, out["requests"])
    total = out["server_cpu_ms"] + db_ms + out["client_cpu_ms"]
    out.update(db_cpu_ms=round(db_ms, 3), total_cpu_ms=round(total, 3), total_cpu_rps=round(2000 / total, 1))
    return out


def _intake_on(db: str | Path, bodies: Path, tag: str) -> dict:
    with ra.server(db, VAR / f"pg-server-intake-{tag}.log", workers=WORKERS) as port:
        token = ra.token_for(port, ra.AGENT)
        ra.load(port, "/api/v1/me", token, seconds=ra.WARMUP_SECONDS)
        ra.load(port, "/api/v1/tickets", token, bodies, seconds=ra.WARMUP_SECONDS)
        trivial = _load(port, "/api/v1/me", token)
        before = ra.inproc(db, "count")["tickets"]
        intake = _load(port, "/api/v1/tickets", token, bodies)
        stored = ra.inproc(db, "count")["tickets"] - before
    return {
        "trivial": trivial,
        "intake": intake,
        "ratio": round(intake["rps"] / trivial["rps"], 3) if trivial["rps"] else 0.0,
        "cpu_ratio": round(intake["cpu_rps"] / trivial["cpu_rps"], 3) if trivial["cpu_rps"] else 0.0,
        "stored": stored,
    }


def part_queue(results: dict, server: str, size: str) -> None:
    url, meta = dataset(server, size)
    say(f"\n[2] Queue p50/p95 at {meta['tickets']:,} requests, all open (first page and up to 5 cursor pages deep)")
    with ra.server(url, VAR / "pg-server-queue.log", workers=2) as port:
        tokens = {u: ra.token_for(port, u) for u in (ra.AGENT, ra.CUSTOMER_USER)}
        api = ra.queue_api(port, meta, tokens)
    selector = ra.inproc(url, "queue")
    results["queue"] = {"size": size, "api": api, "selector": selector, "tickets": meta["tickets"]}
    say(f"    {'filter':16s} {'API p50':>9s} {'API p95':>9s} {'API CPU':>9s} {'sel p50':>9s} {'sel p95':>9s}  pages")
    worst = 0.0
    for key, row in api.items():
        sel = selector.get(key, {}).get("all", {})
        worst = max(worst, row["all"]["p95_ms"])
        say(
            f"    {key:16s} {row['all']['p50_ms']:7.2f}ms {row['all']['p95_ms']:7.2f}ms {row['server_cpu_ms']:7.2f}ms "
            f"{sel.get('p50_ms', float('nan')):7.2f}ms {sel.get('p95_ms', float('nan')):7.2f}ms  {row['pages']}"
        )
    say(f"    worst API p95 {worst:.1f} ms (target ≤ {TARGETS['queue_p95_ms']} ms)")


def part_sweep(results: dict, server: str, size: str) -> None:
    _, meta = dataset(server, size)
    say(f"\n[3] SLA sweep over {meta['tickets']:,} open requests, 1% due (on a copy)")
    work = "bench_work_sweep"
    copied = copy_database(server, dataset_name(size), work)
    try:
        sweep = ra.inproc(
            db_url(server, work),
            "sweep",
            "--at",
            meta["now"],
            timeout=3600,
            AFTERSALES_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
    finally:
        drop_database(server, work)
    results["sweep"] = {**sweep, "copy_seconds": round(copied, 1)}
    say(
        f"    {sweep['open']:,} open, {sweep['due']:,} due: swept in {sweep['seconds']:.2f} s "
        f"(CPU {sweep['cpu_seconds']:.2f} s), {sweep['escalated']:,} escalated, {sweep['notified']:,} notifications; "
        f"idle sweep after {sweep['idle_seconds'] * 1000:.1f} ms (target ≤ {TARGETS['sweep_s']:g} s; "
        f"copy of the database {copied:.0f} s)"
    )


SEARCH_CHILD = r"""
import json, os, random, sys, time
sys.path.insert(0, os.environ["BENCH_DIR"]); sys.path.insert(0, os.environ["ROOT_DIR"])
import django; django.setup()
import bench_search as bs
from aftersales.bulletins import search, segment, selectors
segment.tokens("预热")
sets = {k: v[: int(os.environ["BENCH_SEARCH_QUERIES"])] for k, v in bs.queries(random.Random(bs.SEED + 1)).items()}
for text in sets["2–3 words"][:20]:
    selectors.knowledge_search(text, 10); selectors.similar_tickets(text, 5)
out = {"backend": search.backend(), "rows": []}
for name, items in sets.items():
    for label, func in (("knowledge_search", lambda t: selectors.knowledge_search(t, 10)),
                        ("similar_tickets", lambda t: selectors.similar_tickets(t, 5)),
                        ("intake suggestions", selectors.intake_suggestions)):
        if name != "intake text" and label.startswith("intake"):
            continue
        times, found = bs.timed(func, items)
        p50, p95, worst = bs.summary(times)
        out["rows"].append({"queries": name, "what": label, "n": len(items), "found": found,
                            "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "max_ms": round(worst, 1)})
print("RESULT " + json.dumps(out, ensure_ascii=False))
"""


def part_search(results: dict, server: str, size: str) -> None:
    url, meta = dataset(server, size)
    say(
        f"\n[4] Knowledge search over {ARTICLES:,} articles, similar requests over {meta['tickets']:,} (PostgreSQL GIN)"
    )
    # A few queries of each kind: at 10M one query can take seconds (docs/decisions/021-postgresql-at-scale.md).
    out = ra.run(
        [PY, "-c", SEARCH_CHILD],
        url,
        timeout=3600,
        BENCH_DIR=str(BENCH),
        ROOT_DIR=str(ROOT),
        BENCH_SEARCH_QUERIES=str(SEARCH_QUERIES),
    )
    found = json.loads(next(line for line in reversed(out.splitlines()) if line.startswith("RESULT "))[7:])
    results["search"] = found
    say(f"    {'queries: what':42s} {'n':>4s} {'found':>5s} {'p50':>8s} {'p95':>8s} {'max':>8s}")
    for row in found["rows"]:
        say(
            f"    {row['queries'] + ': ' + row['what']:42s} {row['n']:4d} {row['found']:5d} {row['p50_ms']:6.1f}ms "
            f"{row['p95_ms']:6.1f}ms {row['max_ms']:6.1f}ms"
        )
    say(f"    target p95 ≤ {TARGETS['search_p95_ms']} ms")


def part_stock(results: dict, server: str) -> None:
    say("\n[5] Stock moves, 8 clients (bench/bench_stock.py on this server; no unit may be lost)")
    env = dict(os.environ, BENCH_DATABASE_URL=db_url(server, "postgres"))
    done = subprocess.run(
        [PY, str(BENCH / "bench_stock.py")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    results["stock"] = {"output": done.stdout, "rc": done.returncode}
    say("\n".join("    " + line for line in done.stdout.strip().splitlines()))


def part_reports(results: dict, server: str, size: str) -> None:
    """The management view at `size` (issue 12's bench, `bench/bench_reports.py`, on the bench database in place:
    it writes only the rollup's own tables, which it empties first)."""
    url, meta = dataset(server, size)
    say(f"\n[7] Management view at {meta['tickets']:,} requests: the rollup job, the SLA report and the dashboard")
    before = postgres_cpu_seconds()
    out = ra.run(
        [
            PY,
            str(BENCH / "bench_reports.py"),
            "--database-url",
            url,
            "--now",
            meta["now"],
            "--tickets",
            str(meta["tickets"]),
            "--rounds",
            "11",
        ],
        url,
        timeout=3600,
    )
    found = json.loads(next(line for line in reversed(out.splitlines()) if line.startswith("RESULT "))[7:])
    found["postgres_cpu_s"] = round(postgres_cpu_seconds() - before, 1)
    results["reports"] = found
    say("\n".join("    " + line for line in out.strip().splitlines() if not line.startswith("RESULT ")))
    if not os.environ.get("BENCH_DATABASE_URL"):  # not on this machine: its CPU is not read
        say(f"    PostgreSQL's processes: {found['postgres_cpu_s']:.1f} s of CPU in all")


def part_connections(results: dict, server: str) -> None:
    """How many connections one `aftersales serve --workers 4` holds after load (persistent, then pooled)."""
    say(f"\n[6] Connections held by one app server with {WORKERS} workers after 5 s of 8 clients")
    url, _ = dataset(server, "100k")
    rows = {}
    for label, extra in (("persistent (default)", {}), ("AFTERSALES_DB_POOL=2", {"AFTERSALES_DB_POOL": "2"})):
        with ra.server(url, VAR / "pg-server-connections.log", workers=WORKERS, **extra) as port:
            token = ra.token_for(port, ra.AGENT)
            ra.load(port, "/api/v1/tickets", token, seconds=5)
            with psycopg.connect(url, autocommit=True) as conn:
                held = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()[0]
        rows[label] = held
        say(f"    {label:24s} {held} connections")
    results["connections"] = rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=os.environ.get("BENCH_PG_SIZE", "10m"), choices=sorted(SIZES))
    parser.add_argument("--parts", default="intake,queue,sweep,search,stock,connections,reports")
    parser.add_argument("--build-only", action="store_true", help="build (or find) the databases and stop")
    args = parser.parse_args()
    parts = args.parts.split(",")
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "size": args.size,
        "load_before": os.getloadavg(),
    }
    with cluster() as server:
        with admin(server) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        results["server"] = version
        say(
            f"Aftersales bench on PostgreSQL {version} — {results['started']}, {os.cpu_count()} cores, load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; size {args.size}"
        )
        _, meta = dataset(server, args.size)
        results["dataset"] = meta
        if not args.build_only:
            if "intake" in parts:
                part_intake(results, server)
            if "queue" in parts:
                part_queue(results, server, args.size)
            if "sweep" in parts:
                part_sweep(results, server, args.size)
            if "search" in parts:
                part_search(results, server, args.size)
            if "stock" in parts:
                part_stock(results, server)
            if "connections" in parts:
                part_connections(results, server)
            if "reports" in parts:
                part_reports(results, server, args.size)
    results["seconds"] = round(time.perf_counter() - started, 1)
    out = VAR / f"pg-results-{dt.datetime.now(tz=dt.UTC):%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    say(f"\nDone in {results['seconds']:.0f} s; figures saved to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
