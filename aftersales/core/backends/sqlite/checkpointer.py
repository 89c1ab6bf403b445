"""Fold SQLite's write-ahead log into the database from a thread of its own (https://sqlite.org/wal.html#ckpt).

By default the connection whose commit pushes the WAL past 1000 pages copies them into the database file
and syncs it, inside that commit: a request or the SLA sweep pays for everybody's writes. `aftersales
serve` instead raises the threshold for its workers (AFTERSALES_SQLITE_AUTOCHECKPOINT, a safety net only)
and runs this thread, which checkpoints PASSIVE every second: it never waits for, nor blocks, readers and
writers, copies each page once however often it was rewritten in between, and the workers' commits only
append to the log. `journal_size_limit` (in the connection settings) truncates the log again afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading

logger = logging.getLogger(__name__)

# What `aftersales serve` gives its workers: the WAL may grow to ~400 MB before a commit checkpoints itself,
# which only happens if this thread stopped keeping up.
SERVER_AUTOCHECKPOINT_PAGES = 100_000


class Checkpointer:
    """`start()` a daemon thread that checkpoints `path` every `every_seconds`; `stop()` it."""

    def __init__(self, path: str, *, every_seconds: float = 1.0) -> None:
        self.path = path
        self.every_seconds = every_seconds
        self.checkpoints = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="aftersales-checkpointer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def checkpoint(self, connection: sqlite3.Connection) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (busy, pages in the log, pages copied)."""
        busy, logged, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.checkpoints += 1
        return busy, logged, copied

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_size_limit=67108864")
            while not self._stop.wait(self.every_seconds):
                try:
                    self.checkpoint(connection)
                except sqlite3.Error:  # pragma: no cover - logged and retried at the next turn
                    logger.exception("WAL checkpoint of %s failed", self.path)
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.close()


def _raise_autocheckpoint(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint={SERVER_AUTOCHECKPOINT_PAGES}")


def checkpoint_in_background(database: dict) -> Checkpointer | None:
    """Take checkpoints off the commits of this process and of the server children it starts afterwards.

    For an SQLite file: raises the automatic-checkpoint threshold of this process's connections (from now
    on) and, through the environment, of child processes' (the gunicorn workers), and starts the thread.
    Returns it, or None for PostgreSQL and in-memory databases.
    """
    from django.db.backends.signals import connection_created

    name = str(database.get("NAME", ""))
    if "sqlite" not in database.get("ENGINE", "") or name in ("", ":memory:") or name.startswith("file:"):
        return None
    os.environ["AFTERSALES_SQLITE_AUTOCHECKPOINT"] = str(SERVER_AUTOCHECKPOINT_PAGES)
    connection_created.connect(_raise_autocheckpoint, dispatch_uid="aftersales-autocheckpoint")
    checkpointer = Checkpointer(name)
    checkpointer.start()
    return checkpointer
