"""Django's SQLite backend, with writers queued by the kernel instead of by SQLite's busy handler.

SQLite lets one writer at a time into the database. A connection that finds the write lock taken is put to
sleep by SQLite's busy handler for 1, 2, 5, 10, 15… ms and tries again, whatever the holder is doing; with
a two-worker server and transactions of a fraction of a millisecond, the waiting worker sleeps far longer
than it waits (the intake benchmark of issue 2 lost a quarter of its throughput that way, a bare two-row
insert endpoint almost half). So every transaction this backend begins (Django's `atomic`, which BEGINs
IMMEDIATE, i.e. takes the write lock) first takes an exclusive `flock` on `<database>-writer`; a writer that
must wait blocks in the kernel and wakes the moment the holder commits or rolls back. SQLite's own locking
stays in force underneath, so a writer outside `atomic` (autocommit statements) or another program is still
safe, just not queued. The kernel drops the lock of a process that dies; a transaction left open blocks the
other writers until it ends, as it would block them in SQLite alone (there up to the busy timeout).

In-memory databases (the test suite's) have no file to lock. Django's live server (the browser tests) shares
such a connection between the test's thread and every thread of the server, and sqlite3 does not make that safe:
SQLite calls a Python function (Django registers its date, time and text functions that way) with the
connection's mutex held and then wants the GIL, while another thread holding the GIL reads a column, binds a
parameter or reports an error, which wants that mutex: both wait for ever (a CI run hung in a browser test until
it was stopped). So a shared connection is used by one thread at a time: its statements, fetches, commits and
rollbacks are taken under one lock per connection (`SharedConnection`, `SharedCursorWrapper`); a thread that
waits for the lock waits with the GIL released. A file database gives each thread its own connection.

Statements: Django's SQLite cursor rewrites every statement's ``%s`` placeholders to ``?`` with a regular
expression (a look-behind, ~11 µs of CPU on a 500-character statement, on every execution). The rewrite of a
statement text is always the same, so it is remembered (an LRU of 4,096 texts per process: the app's
statements repeat; texts that differ only in the length of an ``IN (…)`` list age out).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import sqlite3
import threading
from collections.abc import Iterator

from django.db.backends.sqlite3 import base


@functools.lru_cache(maxsize=4096)
def _qmark(query: str) -> str:
    """What `SQLiteCursorWrapper.convert_query` makes of a "format"-style statement (``%s`` → ``?``)."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class CursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark(query)
        return base.SQLiteCursorWrapper.convert_query(self, query, param_names=param_names)


class SharedConnection(sqlite3.Connection):
    """An in-memory database's connection, which threads may share: one of them at a time (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.turn = threading.RLock()

    def execute(self, *args):
        with self.turn:
            return super().execute(*args)

    def commit(self):
        with self.turn:
            return super().commit()

    def rollback(self):
        with self.turn:
            return super().rollback()

    def close(self):
        with self.turn:
            return super().close()


class SharedCursorWrapper(CursorWrapper):
    """A cursor of a `SharedConnection`: each call into SQLite under the connection's turn."""

    def execute(self, query, params=None):
        with self.connection.turn:
            return super().execute(query, params)

    def executemany(self, query, param_list):
        with self.connection.turn:
            return super().executemany(query, param_list)

    def fetchone(self):
        with self.connection.turn:
            return super().fetchone()

    def fetchmany(self, *args, **kwargs):
        with self.connection.turn:
            return super().fetchmany(*args, **kwargs)

    def fetchall(self):
        with self.connection.turn:
            return super().fetchall()

    def __next__(self):
        with self.connection.turn:
            return super().__next__()

    def close(self):
        with self.connection.turn:
            return super().close()


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd: int | None = None
    _writer_held = False

    def get_connection_params(self):
        params = super().get_connection_params()
        if self.is_in_memory_db():
            params["factory"] = SharedConnection
        return params

    def create_cursor(self, name=None):
        if isinstance(self.connection, SharedConnection):
            return self.connection.cursor(factory=SharedCursorWrapper)
        return self.connection.cursor(factory=CursorWrapper)

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        name = str(self.settings_dict["NAME"])
        if not self.is_in_memory_db() and not name.startswith("file:"):
            self._writer_fd = os.open(f"{name}-writer", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        return connection

    def _start_transaction_under_autocommit(self):
        self._writer_acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._writer_release()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._writer_release()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._writer_release()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._writer_release()
            if self._writer_fd is not None:
                os.close(self._writer_fd)
                self._writer_fd = None

    @contextlib.contextmanager
    def queued_write(self) -> Iterator[None]:
        """One write statement in autocommit mode (no transaction around it), queued behind the other writers
        as a transaction is: SQLite takes its write lock for that statement alone, and a second writer would
        otherwise meet its busy handler's sleeps. Inside a transaction the lock is already held."""
        if self.in_atomic_block or self._writer_held:
            yield
            return
        self.ensure_connection()
        self._writer_acquire()
        try:
            yield
        finally:
            self._writer_release()

    def _writer_acquire(self) -> None:
        if self._writer_fd is not None and not self._writer_held:
            fcntl.flock(self._writer_fd, fcntl.LOCK_EX)
            self._writer_held = True

    def _writer_release(self) -> None:
        if self._writer_held:
            self._writer_held = False
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)
