"""A web worker that has loaded the app holds none of the heavy libraries (issue 9, defect 10: idle RSS).

WeasyPrint runs in the PDF renderer process only (aftersales.core.pdf); openpyxl (which brings numpy and PIL),
jieba, cpca (pandas) are imported on first use. Checked in a fresh interpreter that loads what a gunicorn
worker loads before its first request: the WSGI application, every URL pattern and the OpenAPI schema.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("weasyprint", "openpyxl", "numpy", "PIL", "pandas", "cpca", "jieba")

PROBE = f"""
import json, sys
from aftersales.config.wsgi import application
from django.urls import get_resolver

def walk(patterns):
    for pattern in patterns:
        walk(getattr(pattern, "url_patterns", []))

walk(get_resolver().url_patterns)
from aftersales.api.api import api
api.get_openapi_schema()
print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)))
"""


def test_loading_the_app_imports_no_heavy_library(tmp_path):
    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="aftersales.config.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        PYTHONPATH=str(root),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
