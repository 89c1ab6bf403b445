"""Real worker processes on one SQLite file, for tests that show what every gunicorn worker would see.

`shared_database(tmp_path)` migrates a file database and returns the environment of a process on it; `Worker`
runs a Python script there that answers one JSON line per command line it reads (see the users in
`sla/tests/test_shared_cache.py` and `accounts/tests/test_kept_tokens.py`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def child_environment(**variables: str) -> dict:
    """The environment of a process under the test settings: this one's, without DATABASE_URL (the in-memory
    database) unless `variables` names one."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {**env, "DJANGO_SETTINGS_MODULE": "aftersales.config.settings.test", **variables}


def shared_database(tmp_path: Path) -> dict:
    """A migrated SQLite file under `tmp_path`; the environment of a process that uses it."""
    env = child_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}", AFTERSALES_VAR_DIR=str(tmp_path))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    return env


class Worker:
    """A Python process running `script` on the shared database, answering one JSON line per command."""

    def __init__(self, script: str, env: dict) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (a test's own script)
            [sys.executable, "-c", script],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, *command) -> dict:
        self.process.stdin.write(" ".join(str(c) for c in command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the worker stopped at {command}")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
