#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then remove the cluster (even when the command fails).
#
#   scripts/pg_test_cluster.sh .venv/bin/python -m pytest -m "not browser"
#
# The cluster listens on 127.0.0.1 on a free port, keeps its socket in its own temporary directory (-k),
# runs with fsync off, and trusts local connections. The command gets
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/aftersales_test   (and PGHOST/PGPORT/PGUSER)
# `postgres` is the superuser, so pytest-django can create test_aftersales_test itself.
# initdb refuses to run as root: as root the server runs as the `postgres` OS user (runuser), otherwise as
# the calling user. PGBIN picks the binaries (default: the newest /usr/lib/postgresql/*/bin).
# Exit status: the command's, or 2 when the cluster could not be started.
set -uo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "pg_test_cluster: no PostgreSQL binaries (looked for /usr/lib/postgresql/*/bin/initdb)" >&2
    exit 2
fi
PYTHON=${PYTHON:-python3}

ROOT=$(mktemp -d -t aftersales-pg.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "pg_test_cluster: running as root but there is no 'postgres' OS user to run the server" >&2
        rm -rf "$ROOT"
        exit 2
    fi
    chown postgres:postgres "$ROOT"
    as_server() { runuser -u postgres -- "$@"; }
else
    as_server() { "$@"; }
fi
chmod 700 "$ROOT"

cleanup() {
    if [ -f "$ROOT/data/postmaster.pid" ]; then
        as_server "$PGBIN/pg_ctl" -D "$ROOT/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

started=""
start_ns=$(date +%s%N)
if ! as_server "$PGBIN/initdb" -D "$ROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$ROOT/initdb.log" 2>&1
then
    echo "pg_test_cluster: initdb failed:" >&2
    cat "$ROOT/initdb.log" >&2
    exit 2
fi
# A free port can be taken between the check and the start: try a few.
for _ in 1 2 3; do
    PORT=$(free_port)
    if as_server "$PGBIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/server.log" -w -t 60 -o \
        "-c listen_addresses=127.0.0.1 -p $PORT -k $ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
        start >/dev/null 2>&1; then
        started=1
        break
    fi
done
if [ -z "$started" ]; then
    echo "pg_test_cluster: the server did not start; its log:" >&2
    cat "$ROOT/server.log" >&2
    exit 2
fi

export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres
if ! "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres aftersales_test; then
    echo "pg_test_cluster: createdb failed" >&2
    exit 2
fi
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/aftersales_test"
echo "pg_test_cluster: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT," \
    "ready in $(( ($(date +%s%N) - start_ns) / 1000000 )) ms"

"$@"
status=$?
exit $status
