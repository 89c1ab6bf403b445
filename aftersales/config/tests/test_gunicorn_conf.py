"""The gunicorn configuration's worker hook: the URLconf imported and the start-up heap frozen."""

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def test_a_worker_imports_the_urlconf_and_freezes_what_is_alive():
    conf = runpy.run_path(str(CONF))
    gc.unfreeze()
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert conf["preload_app"] is False  # the app is loaded in each worker, after the fork


def test_a_celery_worker_loads_the_periodic_jobs_and_freezes_what_is_alive_before_its_pool_forks():
    import sys

    from aftersales.config import celery

    gc.unfreeze()
    try:
        celery._freeze_after_start(sender=None)
        assert gc.get_freeze_count() > 0
        assert "aftersales.tickets.tasks" in sys.modules
    finally:
        gc.unfreeze()
