"""What one API request costs in instructions (decision 022): valgrind's count over N requests minus N = 0.

Wall-clock and CPU time move ±30 % on this shared machine; instruction counts do not, provided three things are
pinned that otherwise change the figure by up to 0.2 M a request: Python's string hashing (PYTHONHASHSEED: the
start-up work being subtracted differs with it), the time of day (a deadline computed at 23:00 walks further than
one at 10:00: `core.clock` is pinned to a Monday 10:00 in Beijing) and SQLite's WAL checkpoints (one every 1,000
pages lands in one run and not in the other: switched off here; `aftersales serve` runs them off the request path).

    .venv/bin/python bench/request_cost.py [--kind intake|me] [-n 60] [--db var/bench/gen1-100k.sqlite3] [--root .]

`--root` measures another checkout (e.g. a `git worktree` of an older commit) with this venv, on a copy of `--db`
(a bench database of that checkout: `bench/run_all.py` builds them). Needs valgrind (apt-get install valgrind).
Each run takes minutes (valgrind is ~50× slower); it is not part of `make bench`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The child: N requests through Django's WSGI handler in one process (middleware, view, database; no HTTP server).
CHILD = r"""
import datetime as dt, io, json, os, sys
sys.path.insert(0, os.environ["COST_ROOT"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
import django
django.setup()
from django.core.wsgi import get_wsgi_application
from aftersales.core import clock
app = get_wsgi_application()
clock._pinned = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)  # Monday 10:00 in Beijing
kind, n = os.environ["COST_KIND"], int(os.environ["COST_N"])
bodies = [b for b in open(os.environ["COST_BODIES"], encoding="utf-8").read().splitlines() if b][:50]
token = ""

def call(method, path, body=b""):
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
           "SERVER_PORT": "8000", "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
           "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/json", "REMOTE_ADDR": "127.0.0.1",
           "HTTP_AUTHORIZATION": "Bearer " + token, "HTTP_HOST": "127.0.0.1:8000", "wsgi.errors": sys.stderr,
           "SERVER_PROTOCOL": "HTTP/1.1"}
    status = []
    out = b"".join(app(env, lambda s, h, *a: status.append(s)))
    return status[0], out

credentials = {"username": "bench-agent", "password": "bench-Secret-2026"}
s, o = call("POST", "/api/v1/auth/token", json.dumps(credentials).encode())
assert s.startswith("200"), (s, o[:300])
token = json.loads(o)["token"]
for warm in range(2):
    s, o = call("GET", "/api/v1/me"); assert s.startswith("200"), (s, o[:300])
    s, o = call("POST", "/api/v1/tickets", bodies[warm].encode()); assert s.startswith("201"), (s, o[:300])
import gc
gc.freeze()
for i in range(n):
    if kind == "me":
        s, o = call("GET", "/api/v1/me")
    else:
        s, o = call("POST", "/api/v1/tickets", bodies[i % len(bodies)].encode())
    assert s[:3] in ("200", "201"), (s, o[:300])
"""


def instructions(kind: str, n: int, db: Path, root: Path, bodies: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="request-cost-") as tmp:
        copy = Path(tmp) / "cost.sqlite3"
        shutil.copyfile(db, copy)
        script = Path(tmp) / "child.py"
        script.write_text(CHILD)
        env = dict(
            os.environ,
            COST_ROOT=str(root),
            COST_KIND=kind,
            COST_N=str(n),
            COST_BODIES=str(bodies),
            DATABASE_URL=f"sqlite:///{copy}",
            PYTHONHASHSEED="0",
            AFTERSALES_SQLITE_AUTOCHECKPOINT="0",
            AFTERSALES_LOG_LEVEL="WARNING",
        )
        # the copy follows this checkout's migrations first (not counted)
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, capture_output=True, text=True
        )
        if migrate.returncode != 0:
            raise SystemExit(f"migrate failed:\n{migrate.stderr[-3000:]}")
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        done = subprocess.run([*cmd, sys.executable, str(script)], cwd=root, env=env, capture_output=True, text=True)
        found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
        if done.returncode != 0 or not found:
            raise SystemExit(f"the run failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["intake", "me"], default="intake")
    parser.add_argument("-n", type=int, default=60)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench" / "gen1-100k.sqlite3")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    bodies = args.db.with_suffix(".bodies.jsonl")
    base = instructions(args.kind, 0, args.db, args.root.resolve(), bodies)
    more = instructions(args.kind, args.n, args.db, args.root.resolve(), bodies)
    print(f"{args.root} {args.kind}: {(more - base) / args.n / 1e6:.3f} M instructions a request (N = {args.n})")


if __name__ == "__main__":
    main()
