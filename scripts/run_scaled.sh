#!/usr/bin/env bash
# `make run-scaled`: the scaled-out stack on this machine under honcho (Procfile), stopped with Ctrl-C.
#
#   PostgreSQL  DATABASE_URL, or a throwaway cluster (scripts/pg_test_cluster.sh: 127.0.0.1, a free port,
#               removed when the stack stops — its data go with it)
#   Redis       REDIS_URL, or redis-server on a free port of 127.0.0.1 (no persistence), a Procfile process
#   web1, web2  `aftersales serve --scheduler celery`, AFTERSALES_WORKERS workers each (default 2), on PORT and
#               PORT+1 (default 8000, 8001): two app servers sharing the database, cache, sessions and files
#   worker      a Celery worker (CELERY_CONCURRENCY processes, default 2); beat: Celery beat (periodic jobs)
#
# Before honcho starts: `aftersales setup` (migrate, demo data, admin user), as `make run` does.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-$VENV/bin/python}

if [ -z "${DATABASE_URL:-}" ]; then
    # Re-enter with a throwaway cluster's DATABASE_URL; the cluster is removed when this script ends.
    PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    if [ -z "$PGBIN" ]; then
        echo "run-scaled: set DATABASE_URL=postgres://… or install PostgreSQL (apt-get install postgresql)" >&2
        exit 2
    fi
    # pg_test_cluster.sh sets PORT (the cluster's) in its own shell, exported if it was: keep ours apart.
    exec env PGBIN="$PGBIN" PYTHON="$PYTHON" RUN_SCALED_PORT="${PORT:-8000}" scripts/pg_test_cluster.sh "$0" "$@"
fi
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) echo "run-scaled: DATABASE_URL must name PostgreSQL (several servers share it), not $DATABASE_URL" >&2; exit 2 ;;
esac

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
processes="web1,web2,worker,beat"
if [ -z "${REDIS_URL:-}" ]; then
    command -v redis-server >/dev/null || { echo "run-scaled: set REDIS_URL or install redis-server" >&2; exit 2; }
    export REDIS_PORT=${REDIS_PORT:-$(free_port)}
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    processes="redis,$processes"
fi
export PORT=${RUN_SCALED_PORT:-${PORT:-8000}}
export WEB1_PORT=$PORT WEB2_PORT=$((PORT + 1))
export AFTERSALES_WORKERS=${AFTERSALES_WORKERS:-2} CELERY_CONCURRENCY=${CELERY_CONCURRENCY:-2}
export AFTERSALES_SCHEDULER=celery
export AFTERSALES_BASE_URL=${AFTERSALES_BASE_URL:-http://127.0.0.1:$WEB1_PORT}
export PYTHONUNBUFFERED=1

# Setup before the stack: the cache table is enough for it (Redis starts with the stack).
env -u REDIS_URL "$PYTHON" -m aftersales.cli setup
echo "run-scaled: app servers http://127.0.0.1:$WEB1_PORT/ and http://127.0.0.1:$WEB2_PORT/," \
    "PostgreSQL ${DATABASE_URL%%\?*}, Redis $REDIS_URL; Ctrl-C stops everything"
# Ctrl-C reaches honcho (and every process it started: one process group), which stops them all; then the
# throwaway cluster's script, waiting for this one, removes the cluster.
# shellcheck disable=SC2086  # the process names are words
exec "$VENV/bin/honcho" start -f Procfile ${processes//,/ }
