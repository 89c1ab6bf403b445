"""`make bench`: build the bench databases, start the production server, measure, print, stop (issue 2).

Run from the repository root: `.venv/bin/python bench/run_all.py [--parts intake,queue,sweep,deadlines,others,memory]
[--skip-1m]`.

1. Ticket intake through the API (POST /api/v1/tickets) on gunicorn with 2 workers, 8 concurrent
   clients for 20 s, and in the same run the trivial authenticated endpoint (GET /api/v1/me) for the
   ratio. The load comes from `wrk` when it is installed (C, keep-alive, little CPU), else from Python
   threads with http.client (which compete with the server for the 2 cores: figures are then lower).
2. The queue (GET /api/v1/tickets with filters, and `tickets.selectors.ticket_list` in-process), first
   pages and cursor pages deep, p50/p95: at 100k tickets of which 5% open (a realistic archive), and at
   100k and 1M tickets all open (the same database as the sweep's).
3. The SLA sweep (`tickets.services.sla_sweep`) over 1M open tickets of which 1% are due to climb.
4. Deadline computations per second (bench/bench_worktime.py, else `deadlines_for` directly).
5. The other apps' benchmarks, bench/bench_*.py (warranty, dispatch, stock …), as their authors wrote them.
6. Worker memory: RSS of a gunicorn worker idle and after 100 PDF service reports over HTTP, the worker's
   peak, and the PDF renderer process's (aftersales.core.pdf), on a fresh database with the demo data.

Bench databases are SQLite files under var/bench/, built once by `aftersales fake` and reused while
the generator version is the same (their name carries it); work that writes runs on a copy. Servers
listen on 127.0.0.1 only and every load run is bounded in time. Figures are printed and saved to
var/bench/results-<time>.json; nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import re
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
VAR = ROOT / "var" / "bench"
PY = sys.executable
BIN = Path(PY).parent
HOST = "127.0.0.1"
CLIENTS = 8
LOAD_SECONDS = 20
WARMUP_SECONDS = 3
PASSWORD = "bench-Secret-2026"
AGENT, CUSTOMER_USER = "bench-agent", "bench-customer"
REGION = "黄山市"

sys.path.insert(0, str(ROOT))

# name: (tickets, open percent, late percent of the open ones)
DATASETS = {
    "100k": (100_000, 5.0, 1.0),  # a realistic archive: most requests are closed
    "100k-open": (100_000, 100.0, 1.0),
    "1m-open": (1_000_000, 100.0, 1.0),  # the sweep's case; the queue's too (every row is a candidate)
}
TARGETS = {
    "intake_ratio": 0.40,
    "intake_rps": 300,
    "queue_p95_ms": 50,
    "sweep_s": 1.0,
    "deadlines_default": 100_000,
    "deadlines_hours": 20_000,
}


def say(text: str = "") -> None:
    print(text, flush=True)


def generator_version() -> int:
    source = (ROOT / "aftersales" / "tickets" / "fake.py").read_text(encoding="utf-8")
    return int(re.search(r"^GENERATOR_VERSION = (\d+)", source, re.MULTILINE).group(1))


def env_for(db: Path | str, **extra: str) -> dict[str, str]:
    """The environment of a bench process on the SQLite file `db` (or the database URL `db`, bench_postgres.py)."""
    env = {k: v for k, v in os.environ.items() if k not in ("AFTERSALES_DEBUG", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="aftersales.config.settings.dev",
        DATABASE_URL=db if isinstance(db, str) else f"sqlite:///{db}",
        PYTHONPATH=str(ROOT),
        AFTERSALES_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def run(cmd: list[str], db: Path, timeout: float = 1800, **extra: str) -> str:
    done = subprocess.run(
        cmd, cwd=ROOT, env=env_for(db, **extra), capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def inproc(db: Path, *args: str, timeout: float = 900, **extra: str) -> dict:
    out = run([PY, str(BENCH / "_inproc.py"), *args], db, timeout=timeout, **extra)
    line = next(line for line in reversed(out.splitlines()) if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so the database is one file that can be copied."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_db(source: Path, target: Path) -> Path:
    remove_db(target)
    checkpoint(source)
    shutil.copyfile(source, target)
    # Write the copy out now: otherwise the first checkpoint's fsync inside the measured work waits for
    # the kernel to flush the whole freshly copied file, which is set-up, not the work being measured.
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    return target


# ---------------------------------------------------------------------------------------------- datasets


def dataset(name: str) -> tuple[Path, dict]:
    """The bench database `name`, built by `aftersales fake` unless this generator version already did."""
    tickets, open_percent, late_percent = DATASETS[name]
    path = VAR / f"gen{generator_version()}-{name}.sqlite3"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        try:
            run([PY, "manage.py", "migrate", "-v0"], path)
            return path, json.loads(meta_path.read_text())
        except RuntimeError as exc:
            # A migration that was applied here has since been rewritten: this database cannot follow.
            say(f"  {path.name} cannot be migrated any more ({str(exc).strip().splitlines()[-1][:120]}); rebuilding")
            remove_db(path)
    VAR.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building.sqlite3")
    remove_db(building)
    now = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    say(f"  building {name}: {tickets:,} tickets, {open_percent:g}% open, {late_percent:g}% of those late …")
    started = time.perf_counter()
    run([PY, "manage.py", "migrate", "-v0"], building)
    out = run(
        [
            PY,
            "-m",
            "aftersales.cli",
            "fake",
            "--tickets",
            str(tickets),
            "--open-percent",
            str(open_percent),
            "--late-percent",
            str(late_percent),
            "--now",
            now.isoformat(),
        ],
        building,
        timeout=3600,
    )
    generated = time.perf_counter() - started
    prepared = inproc(building, "prepare", "--bodies", str(path.with_suffix(".bodies.jsonl")))
    checkpoint(building)
    remove_db(path)
    building.rename(path)
    meta = {
        "name": name,
        "tickets": tickets,
        "open_percent": open_percent,
        "late_percent": late_percent,
        "now": now.isoformat(),
        "build_seconds": round(generated, 1),
        "generator": out.strip().splitlines()[-1],
        **prepared,
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2))
    say(f"  built {name} in {generated:.0f} s: {meta['generator']}")
    return path, meta


# ------------------------------------------------------------------------------------------------ server


SERVER_PIDS: dict[int, int] = {}


def _descendants(pid: int) -> list[int]:
    found = [pid]
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            found += _descendants(int(child))
    return found


def tree_cpu_seconds(pid: int, *, reaped: bool = False) -> float:
    """CPU time (user + system) used so far by a process and all its descendants (`aftersales serve`, the
    gunicorn master and its workers); with `reaped`, also by the descendants that have exited and been waited
    for (each process's cutime + cstime: a PostgreSQL backend whose connection closed)."""
    pids = _descendants(pid)
    fields_used = slice(11, 15) if reaped else slice(11, 13)  # utime, stime[, cutime, cstime]
    ticks = 0
    for p in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += sum(map(int, fields[fields_used]))
    return ticks / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def self_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(db: Path, log: Path, workers: int = 2, **extra: str) -> Iterator[int]:
    """The production server of `make run` (`aftersales serve`: gunicorn with 2 sync workers and the WAL
    checkpointer) on 127.0.0.1:<free port>; stopped on exit. Of its periodic jobs only the one that sends
    the escalation notices intake queues runs (every 5 s, its CPU counted with the server's): the others
    would change the data under measurement or run daily work at start."""
    port = free_port()
    cmd = [str(BIN / "python"), "manage.py", "serve", "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(workers), "--scheduler", "inprocess", "--jobs", "escalation_notices"]
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env_for(db, **extra),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        SERVER_PIDS[port] = proc.pid
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited ({proc.returncode}); see {log}")
                with contextlib.suppress(OSError):
                    status, _ = request(port, "GET", "/api/v1/openapi.json")
                    if status == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")
                time.sleep(0.3)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def request(
    port: int,
    method: str,
    path: str,
    body: dict | None = None,
    token: str | None = None,
    conn: http.client.HTTPConnection | None = None,
) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def token_for(port: int, username: str) -> str:
    status, body = request(port, "POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD})
    if status != 200:
        raise RuntimeError(f"no token for {username}: {status} {body[:200]!r}")
    return json.loads(body)["token"]


# -------------------------------------------------------------------------------------------------- load


WRK_SCRIPT = """
local bodies = {}
local token = os.getenv("BENCH_TOKEN")
local file = os.getenv("BENCH_BODIES")
if file and file ~= "" then
  for line in io.lines(file) do bodies[#bodies + 1] = line end
end
local n = 0
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
request = function()
  if #bodies == 0 then return wrk.format("GET") end
  n = n + 1
  return wrk.format("POST", nil, nil, bodies[(n % #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("WRKRESULT %d %d %d %d %d %d %d %.1f %.1f %.1f\\n", summary.requests, summary.duration,
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def load_wrk(port: int, path: str, token: str, bodies: Path | None, seconds: int) -> dict:
    script = VAR / "load.lua"
    script.write_text(WRK_SCRIPT)
    env = dict(os.environ, BENCH_TOKEN=token, BENCH_BODIES=str(bodies or ""))
    cmd = [
        "wrk",
        "-t2",
        f"-c{CLIENTS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://{HOST}:{port}{path}",
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    fields = next(line for line in out.splitlines() if line.startswith("WRKRESULT")).split()[1:]
    requests, duration_us, status_errors, *socket_errors = (int(x) for x in fields[:7])
    p50, p95, p99 = (float(x) / 1000 for x in fields[7:])
    return {
        "tool": "wrk",
        "requests": requests,
        "seconds": round(duration_us / 1e6, 2),
        "rps": round(requests / (duration_us / 1e6), 1),
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "p99_ms": round(p99, 2),
        "non_2xx": status_errors,
        "socket_errors": sum(socket_errors),
    }


def load_python(port: int, path: str, token: str, bodies: Path | None, seconds: int) -> dict:
    """CLIENTS threads, each on its own http.client connection, for `seconds`."""
    payloads = bodies.read_text(encoding="utf-8").splitlines() if bodies else []
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors = [0] * CLIENTS
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        n = index
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            if payloads:
                n += 1
                conn.request("POST", path, body=payloads[n % len(payloads)].encode(), headers=headers)
            else:
                conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            latencies[index].append((time.perf_counter() - started) * 1000)
            if response.status >= 300:
                errors[index] += 1
        conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    samples = sorted(x for per in latencies for x in per)
    pick = lambda p: samples[min(len(samples) - 1, int(p / 100 * len(samples)))]  # noqa: E731
    return {
        "tool": "python threads",
        "requests": len(samples),
        "seconds": round(elapsed, 2),
        "rps": round(len(samples) / elapsed, 1),
        "p50_ms": round(pick(50), 2),
        "p95_ms": round(pick(95), 2),
        "p99_ms": round(pick(99), 2),
        "non_2xx": sum(errors),
        "socket_errors": 0,
    }


def load(port: int, path: str, token: str, bodies: Path | None = None, seconds: int = LOAD_SECONDS) -> dict:
    """Drive the server for `seconds`; besides rates and latencies, the CPU spent per request by the server
    and by the load generator, which other processes on a shared machine cannot inflate the way they
    inflate wall-clock rates. `cpu_rps` = what 2 idle cores would serve: 2 s of CPU / CPU per request."""
    server_before = tree_cpu_seconds(SERVER_PIDS[port])
    client_before = children_cpu_seconds() + self_cpu_seconds()
    if shutil.which("wrk"):
        out = load_wrk(port, path, token, bodies, seconds)
    else:
        out = load_python(port, path, token, bodies, seconds)
    server_ms = (tree_cpu_seconds(SERVER_PIDS[port]) - server_before) * 1000 / max(1, out["requests"])
    client_ms = (children_cpu_seconds() + self_cpu_seconds() - client_before) * 1000 / max(1, out["requests"])
    out.update(
        server_cpu_ms=round(server_ms, 3),
        client_cpu_ms=round(client_ms, 3),
        cpu_rps=round(2000 / (server_ms + client_ms), 1) if server_ms + client_ms else 0.0,
    )
    return out


# ------------------------------------------------------------------------------------------------- parts


def part_intake(results: dict) -> None:
    say("\n[1] Ticket intake vs the trivial authenticated endpoint (gunicorn, 2 workers, 8 clients, 20 s)")
    source, meta = dataset("100k")
    db = copy_db(source, VAR / "work-intake.sqlite3")
    try:
        with server(db, VAR / "server-intake.log") as port:
            token = token_for(port, AGENT)
            bodies = source.with_suffix(".bodies.jsonl")
            before = inproc(db, "count")["tickets"]
            load(port, "/api/v1/me", token, seconds=WARMUP_SECONDS)
            load(port, "/api/v1/tickets", token, bodies, seconds=WARMUP_SECONDS)
            trivial = load(port, "/api/v1/me", token)
            warm = inproc(db, "count")["tickets"]
            intake = load(port, "/api/v1/tickets", token, bodies)
            created = inproc(db, "count")["tickets"] - warm
        ratio = intake["rps"] / trivial["rps"] if trivial["rps"] else 0.0
        cpu_ratio = intake["cpu_rps"] / trivial["cpu_rps"] if trivial["cpu_rps"] else 0.0
        results["intake"] = {
            "trivial": trivial,
            "intake": intake,
            "ratio": round(ratio, 3),
            "cpu_ratio": round(cpu_ratio, 3),
            "tickets_created": created,
            "warmup_created": warm - before,
            "database": f"copy of {source.name} ({meta['tickets']:,} tickets)",
        }
        say(f"  load generator: {intake['tool']}")
        say(
            f"  GET  /api/v1/me       {trivial['rps']:8.1f} req/s  p50 {trivial['p50_ms']:6.2f} ms  "
            f"p95 {trivial['p95_ms']:6.2f} ms  ({trivial['requests']:,} requests, {trivial['non_2xx']} errors)"
        )
        say(
            f"  POST /api/v1/tickets  {intake['rps']:8.1f} req/s  p50 {intake['p50_ms']:6.2f} ms  "
            f"p95 {intake['p95_ms']:6.2f} ms  ({intake['requests']:,} requests, {intake['non_2xx']} errors, "
            f"{created:,} tickets stored)"
        )
        say(
            f"  ratio intake/trivial  {ratio:.1%}   (targets: ≥ {TARGETS['intake_ratio']:.0%} and "
            f"≥ {TARGETS['intake_rps']} req/s)"
        )
        for name, row in (("GET  /api/v1/me     ", trivial), ("POST /api/v1/tickets", intake)):
            say(
                f"  CPU per request, {name}: server {row['server_cpu_ms']:.2f} ms + load generator "
                f"{row['client_cpu_ms']:.2f} ms → {row['cpu_rps']:.0f} req/s on 2 idle cores"
            )
        say(f"  ratio by CPU cost     {cpu_ratio:.1%}   (independent of what else runs on the machine)")
    finally:
        remove_db(db)


def queue_filters(meta: dict) -> list[tuple[str, str, str]]:
    """(name, query string, user) per filter; the names match bench/_inproc.py's."""
    return [
        ("none", "", AGENT),
        ("status=open", "status=open", AGENT),
        ("breached=true", "breached=true", AGENT),
        ("severity=1", "severity=1", AGENT),
        (f"region={REGION}", f"region_id={meta.get('region_id')}", AGENT),
        ("customer user", "", CUSTOMER_USER),
        ("tier=4", "tier=4", AGENT),
        ("due soon", "due_soon=true", AGENT),
    ]


def queue_api(
    port: int, meta: dict, tokens: dict[str, str], first_pages: int = 30, walks: int = 6, depth: int = 5
) -> dict:
    """Sequential requests (one client) per filter: latency, not throughput."""
    out = {}
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    for _, query, user in queue_filters(meta) * 3:  # warm both workers up (imports, URL resolver, caches)
        request(port, "GET", f"/api/v1/tickets?{query}", token=tokens[user], conn=conn)
    for name, query, user in queue_filters(meta):
        token = tokens[user]
        first, deep, pages = [], [], 1
        cpu_before = tree_cpu_seconds(SERVER_PIDS[port])
        for _ in range(first_pages):
            started = time.perf_counter()
            status, _ = request(port, "GET", f"/api/v1/tickets?{query}", token=token, conn=conn)
            first.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"queue {name}: HTTP {status}")
        for _ in range(walks):
            cursor = None
            for level in range(depth):
                path = f"/api/v1/tickets?{query}" + (f"&cursor={cursor}" if cursor else "")
                started = time.perf_counter()
                status, body = request(port, "GET", path, token=token, conn=conn)
                (first if level == 0 else deep).append((time.perf_counter() - started) * 1000)
                cursor = json.loads(body)["next_cursor"]
                pages = max(pages, level + 1)
                if cursor is None:
                    break
        out[name] = {
            "first": stats(first),
            "deep": stats(deep) if deep else None,
            "all": stats(first + deep),
            "pages": pages,
            "server_cpu_ms": round((tree_cpu_seconds(SERVER_PIDS[port]) - cpu_before) * 1000 / len(first + deep), 2),
        }
    conn.close()
    return out


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": round(pick(50), 2),
        "p95_ms": round(pick(95), 2),
        "max_ms": round(ordered[-1], 2),
    }


def part_queue(results: dict, names: list[str]) -> None:
    say("\n[2] Queue list p50/p95 (first page and up to 5 cursor pages deep; 50 per page)")
    results["queue"] = {}
    for name in names:
        path, meta = dataset(name)
        with server(path, VAR / f"server-queue-{name}.log") as port:
            tokens = {u: token_for(port, u) for u in (AGENT, CUSTOMER_USER)}
            api = queue_api(port, meta, tokens)
        selector = inproc(path, "queue")
        results["queue"][name] = {
            "api": api,
            "selector": selector,
            "tickets": meta["tickets"],
            "open_percent": meta["open_percent"],
        }
        say(f"  {name}: {meta['tickets']:,} tickets, {meta['open_percent']:g}% open")
        say(
            f"    {'filter':16s} {'API p50':>9s} {'API p95':>9s} {'API CPU':>9s} {'sel p50':>9s} {'sel p95':>9s} "
            f"{'sel CPU95':>9s}  pages"
        )
        for key, row in api.items():
            sel = selector.get(key, {})
            wall, cpu = sel.get("all", {}), sel.get("cpu", {})
            nan = float("nan")
            say(
                f"    {key:16s} {row['all']['p50_ms']:7.2f}ms {row['all']['p95_ms']:7.2f}ms "
                f"{row['server_cpu_ms']:7.2f}ms {wall.get('p50_ms', nan):7.2f}ms {wall.get('p95_ms', nan):7.2f}ms "
                f"{cpu.get('p95_ms', nan):7.2f}ms  {row['pages']}"
            )
        say("    (API: wall-clock p50/p95 and mean server CPU per request; sel: the selector in-process, wall and CPU)")


def part_sweep(results: dict) -> None:
    say("\n[3] SLA sweep over 1M open tickets, 1% of them due to climb")
    source, meta = dataset("1m-open")
    db = copy_db(source, VAR / "work-sweep.sqlite3")
    try:
        sweep = inproc(
            db, "sweep", "--at", meta["now"], AFTERSALES_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        )
    finally:
        remove_db(db)
    results["sweep"] = sweep
    say(
        f"  {sweep['open']:,} open, {sweep['due']:,} due: swept in {sweep['seconds']:.3f} s "
        f"(CPU {sweep['cpu_seconds']:.3f} s) "
        f"({sweep['escalated']:,} escalated, {sweep['notified']:,} notifications); "
        f"an idle sweep right after: {sweep['idle_seconds'] * 1000:.1f} ms   (target ≤ {TARGETS['sweep_s']:g} s)"
    )


def part_deadlines(results: dict) -> None:
    say("\n[4] Deadline computations per second")
    script = BENCH / "bench_worktime.py"
    if script.exists():
        done = subprocess.run([PY, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
        say("\n".join("  " + line for line in done.stdout.strip().splitlines()))
        results["deadlines"] = {"tool": "bench/bench_worktime.py", "output": done.stdout, "rc": done.returncode}
        return
    path, _ = dataset("100k")
    figures = inproc(path, "deadlines")
    results["deadlines"] = {"tool": "bench/_inproc.py deadlines", **figures}
    for name, rate in figures.items():
        say(f"  {name:45s} {rate:>10,}/s")


# Each of the other benchmarks gets this long. Most take a minute; the first run after a migration of the tickets
# may also prepare its own copy of the 1M database (bench_queue_search indexes 1M requests for search: ~13 min
# on a loaded machine), and a copy stopped half-way would be prepared again next time, and stopped again.
OTHERS_TIMEOUT_S = 1800


def part_others(results: dict) -> None:
    """The other apps' benchmarks (bench/bench_*.py), each run as its author wrote it, output printed as is."""
    # bench_postgres.py is part 7 (PostgreSQL), run only when asked for.
    scripts = sorted(p for p in BENCH.glob("bench_*.py") if p.name not in ("bench_worktime.py", "bench_postgres.py"))
    results["others"] = {}
    for script in scripts:
        say(f"\n[5] {script.relative_to(ROOT)}")
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [PY, str(script)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=OTHERS_TIMEOUT_S,
                check=False,
                env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            )
            output, rc = done.stdout.strip(), done.returncode
        except subprocess.TimeoutExpired:
            output, rc = f"(stopped after {OTHERS_TIMEOUT_S} s)", -1
        say("\n".join("  " + line for line in output.splitlines()))
        if rc != 0:
            say(f"  (exit status {rc})")
        results["others"][script.name] = {
            "output": output,
            "rc": rc,
            "seconds": round(time.perf_counter() - started, 1),
        }


# ------------------------------------------------------------------------------------------------ memory

PDFS = 100


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def server_processes(serve_pid: int) -> dict[str, list[int]]:
    """`aftersales serve` → gunicorn master → workers → (a worker's) PDF renderer process."""
    masters = [p for p in _children(serve_pid) if "gunicorn" in _cmdline(p)]
    workers = [w for m in masters for w in _children(m)]
    renderers = [r for w in workers for r in _children(w) if "spawn_main" in _cmdline(r)]
    return {"workers": workers, "renderers": renderers}


def mib(kib: int) -> float:
    return round(kib / 1024, 1)


def part_memory(results: dict) -> None:
    say(f"\n[6] Worker memory: RSS of a gunicorn worker idle and after {PDFS} PDF service reports (issue 9, defect 10)")
    db = VAR / "memory.sqlite3"
    remove_db(db)
    run([PY, "manage.py", "migrate", "-v0"], db)
    run([PY, "manage.py", "demo"], db)
    prepared = json.loads(
        next(
            line
            for line in reversed(run([PY, str(BENCH / "_memory.py"), "prepare"], db).splitlines())
            if line.startswith("RESULT ")
        )[len("RESULT ") :]
    )
    path = f"/api/v1/visits/{prepared['visit_id']}/report.pdf"
    try:
        # One worker, so that every PDF goes through the worker measured (the production default is 2).
        with server(db, VAR / "server-memory.log", workers=1) as port:
            token = token_for(port, prepared["username"])
            for warm in ("/api/v1/me", "/api/v1/tickets", "/api/v1/customers", "/api/v1/openapi.json") * 5:
                request(port, "GET", warm, token=token)
            (worker,) = server_processes(SERVER_PIDS[port])["workers"]
            idle_kib, idle_peak_kib = _status_kib(worker, "VmRSS"), _status_kib(worker, "VmHWM")
            latencies, sizes, renderer_kib = [], set(), 0
            for _ in range(PDFS):
                started = time.perf_counter()
                status, body = request(port, "GET", path, token=token)
                latencies.append((time.perf_counter() - started) * 1000)
                if status != 200 or not body.startswith(b"%PDF-"):
                    raise RuntimeError(f"PDF: HTTP {status} {body[:200]!r}")
                sizes.add(len(body))
                for pid in server_processes(SERVER_PIDS[port])["renderers"]:
                    with contextlib.suppress(OSError):
                        renderer_kib = max(renderer_kib, _status_kib(pid, "VmRSS"))
            processes = server_processes(SERVER_PIDS[port])
            if processes["workers"] != [worker]:
                raise RuntimeError(f"the worker was replaced during the run: {processes['workers']} vs {worker}")
            after_kib, peak_kib = _status_kib(worker, "VmRSS"), _status_kib(worker, "VmHWM")
            renderers_after = [mib(_status_kib(pid, "VmRSS")) for pid in processes["renderers"]]
    finally:
        remove_db(db)
    results["memory"] = {
        "pdfs": PDFS,
        "worker_idle_mib": mib(idle_kib),
        "worker_after_mib": mib(after_kib),
        "worker_peak_before_pdfs_mib": mib(idle_peak_kib),
        "worker_peak_mib": mib(peak_kib),
        "renderer_max_mib": mib(renderer_kib),
        "renderers_after_mib": renderers_after,
        "pdf": stats(latencies),
        "pdf_bytes": sorted(sizes),
    }
    say(f"  worker RSS idle (after warm-up requests)   {mib(idle_kib):7.1f} MiB")
    say(f"  worker RSS after {PDFS} PDFs                 {mib(after_kib):7.1f} MiB   (target ≤ 150 MiB)")
    say(
        f"  worker peak RSS (VmHWM) before the PDFs     {mib(idle_peak_kib):7.1f} MiB, "
        f"after them {mib(peak_kib):.1f} MiB"
    )
    say(
        f"  PDF renderer process: largest RSS seen {mib(renderer_kib):.1f} MiB; still running after the run: "
        f"{', '.join(f'{x:.1f} MiB' for x in renderers_after) or 'none'}"
    )
    latency = results["memory"]["pdf"]
    say(f"  GET {path}: p50 {latency['p50_ms']:.0f} ms, p95 {latency['p95_ms']:.0f} ms, max {latency['max_ms']:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="intake,queue,sweep,deadlines,others,memory")
    parser.add_argument("--skip-1m", action="store_true", help="only the 100k database (quick look)")
    args = parser.parse_args()
    parts = args.parts.split(",")
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_before": os.getloadavg(),
        "python": sys.version.split()[0],
        "wrk": bool(shutil.which("wrk")),
    }
    say(
        f"Aftersales bench — {results['started']}, {os.cpu_count()} cores, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (other processes on the machine skew every figure)"
    )
    if "intake" in parts:
        part_intake(results)
    if "queue" in parts:
        part_queue(results, ["100k"] if args.skip_1m else ["100k", "100k-open", "1m-open"])
    if "sweep" in parts and not args.skip_1m:
        part_sweep(results)
    if "deadlines" in parts:
        part_deadlines(results)
    if "others" in parts:
        part_others(results)
    if "memory" in parts:
        part_memory(results)
    if "postgres" in parts or os.environ.get("BENCH_DATABASE_URL") or os.environ.get("BENCH_POSTGRES") == "1":
        # [7] the same tables on PostgreSQL, at 10M requests (bench/bench_postgres.py; docs/benchmarks.md)
        say("\n[7] PostgreSQL: bench/bench_postgres.py")
        done = subprocess.run([PY, str(BENCH / "bench_postgres.py")], cwd=ROOT, check=False)
        results["postgres"] = {"rc": done.returncode, "results": "var/bench/pg-results-*.json"}
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["load_after"] = os.getloadavg()
    out = VAR / f"results-{dt.datetime.now(tz=dt.UTC):%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    say(f"\nDone in {results['seconds']:.0f} s; figures saved to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
