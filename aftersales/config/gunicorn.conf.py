# ruff: noqa: N999  (gunicorn.conf.py is the name gunicorn looks for, not an importable module)
"""gunicorn settings for `aftersales serve` (the production server of `make run` and `make bench`).

`aftersales serve` passes --bind and --workers on the command line; the rest is here. Environment:
AFTERSALES_THREADS (threads per worker, default 1 = sync workers), AFTERSALES_ACCESS_LOG=1 (log each
request to stdout), AFTERSALES_TIMEOUT (seconds, default 60), AFTERSALES_MAX_REQUESTS (requests before a
worker is replaced, default 200000, ±10%; 0 = never). The app is not preloaded in the master, so
no database connection can be opened before the fork and shared by the workers.
"""

import os

wsgi_app = "aftersales.config.wsgi:application"
proc_name = "aftersales"
bind = [f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("AFTERSALES_WORKERS", "2"))
threads = int(os.environ.get("AFTERSALES_THREADS", "1"))
timeout = int(os.environ.get("AFTERSALES_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# Recycle each worker after about this many requests (jitter: not all at once), so whatever a worker keeps
# growing by (caches, fragmentation) is given back. A safety net, not the fix: the PDFs are made outside the
# workers (aftersales.core.pdf). A restart takes the worker out for ~1 s (a new interpreter boots Django), which
# at 20,000 showed up in `make bench` as a 1.7 s p95 for GET /api/v1/me (each worker recycled every ~20 s at
# full load); 200,000 is about an hour of full load per worker and a day or more of a real desk's traffic.
max_requests = int(os.environ.get("AFTERSALES_MAX_REQUESTS", "200000"))
max_requests_jitter = max_requests // 10
preload_app = False
errorlog = "-"
loglevel = os.environ.get("AFTERSALES_GUNICORN_LOG_LEVEL", "info")
accesslog = "-" if os.environ.get("AFTERSALES_ACCESS_LOG") == "1" else None
# Worker heartbeats in memory, not on a disk that may stall (the gunicorn FAQ's advice for containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108


def post_worker_init(worker):
    """Import everything the requests will use, then freeze it out of the garbage collector's sight.

    Django imports the URLconf (and with it every area's views and API schemas) on the first request; doing it
    here keeps that off the first caller. `gc.freeze()` then moves every object alive (Django, the apps, the
    libraries' tables) into the permanent generation, so the collector's full passes walk only what requests
    allocate instead of the whole heap (docs/decisions/022-request-cost.md: figures). Objects created later are
    collected as usual; nothing frozen is ever freed, and nothing frozen would have been.
    """
    from django.urls import get_resolver

    from aftersales.core.heap import freeze_after_start

    freeze_after_start([get_resolver().url_patterns])  # the import is the point
