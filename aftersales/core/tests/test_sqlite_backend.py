"""The SQLite backend queues writers on a kernel lock; the checkpointer folds the WAL from its own thread."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest
from django.db.utils import ConnectionHandler

from aftersales.core.backends.sqlite import checkpointer as wal


@pytest.fixture(autouse=True)
def _own_connections(django_db_blocker):
    """These tests open connections of their own to files of their own, never the test database."""
    with django_db_blocker.unblock():
        yield


def wrapper_for(path):
    """A connection of its own (its own handler), outside the test database."""
    alias = "default"
    handler = ConnectionHandler(
        {
            alias: {
                "ENGINE": "aftersales.core.backends.sqlite",
                "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30},
            }
        }
    )
    return handler[alias]


def begin(connection):
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def end(connection, how="commit"):
    getattr(connection, how)()
    connection.set_autocommit(True)


def wait_behind(first, second, how: str) -> float:
    """`first` holds a write transaction; `second` tries to begin one. Seconds from `first` ending to
    `second` being in (SQLite's busy handler alone would sleep up to 100 ms at a time by then)."""
    began = threading.Event()
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")

    def write() -> None:
        begin(second)
        began.set()
        with second.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        end(second)

    thread = threading.Thread(target=write)
    thread.start()
    assert not began.wait(0.3)  # held back while the first transaction is open
    released = time.monotonic()
    end(first, how)
    assert began.wait(5)
    woke_after = time.monotonic() - released
    thread.join(5)
    return woke_after


@pytest.mark.parametrize("how", ["commit", "rollback"])
def test_a_second_writer_waits_in_the_kernel_and_wakes_when_the_first_ends(tmp_path, how):
    first, second = wrapper_for(tmp_path / "a.sqlite3"), wrapper_for(tmp_path / "a.sqlite3")
    second.inc_thread_sharing()
    first.ensure_connection()
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    waits = sorted(wait_behind(first, second, how) for _ in range(3))
    # woken by the unlock, not by a retry loop that sleeps 100 ms at a time
    assert waits[1] < 0.02
    with first.cursor() as cursor:
        cursor.execute("SELECT x FROM t ORDER BY x")
        assert [x for (x,) in cursor.fetchall()] == ([1, 1, 1, 2, 2, 2] if how == "commit" else [2, 2, 2])
    first.close()
    second.close()
    assert os.path.exists(tmp_path / "a.sqlite3-writer")


def test_an_in_memory_database_has_no_writer_lock():
    connection = wrapper_for(":memory:")
    connection.ensure_connection()
    begin(connection)
    end(connection)
    assert connection._writer_fd is None
    connection.close()


def test_the_checkpointer_copies_the_log_into_the_database(tmp_path):
    path = tmp_path / "wal.sqlite3"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE t (x text)")
    writer.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(2000)])
    writer.commit()
    checkpoints = wal.Checkpointer(str(path), every_seconds=0.05)
    with sqlite3.connect(path) as reader:
        busy, logged, copied = checkpoints.checkpoint(reader)
    assert busy == 0
    assert logged > 100
    assert copied == logged
    checkpoints.start()
    time.sleep(0.2)
    checkpoints.stop()
    assert checkpoints.checkpoints >= 2
    writer.close()


def test_serve_checkpoints_in_the_background_only_for_an_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.delenv("AFTERSALES_SQLITE_AUTOCHECKPOINT", raising=False)
    assert wal.checkpoint_in_background({"ENGINE": "aftersales.core.backends.sqlite", "NAME": ":memory:"}) is None
    assert wal.checkpoint_in_background({"ENGINE": "django.db.backends.postgresql", "NAME": "aftersales"}) is None
    assert "AFTERSALES_SQLITE_AUTOCHECKPOINT" not in os.environ
    sqlite3.connect(tmp_path / "db.sqlite3").close()
    started = wal.checkpoint_in_background(
        {"ENGINE": "aftersales.core.backends.sqlite", "NAME": str(tmp_path / "db.sqlite3")}
    )
    try:
        assert started is not None
        assert os.environ["AFTERSALES_SQLITE_AUTOCHECKPOINT"] == str(wal.SERVER_AUTOCHECKPOINT_PAGES)
    finally:
        started.stop()
        from django.db.backends.signals import connection_created

        connection_created.disconnect(dispatch_uid="aftersales-autocheckpoint")


def autocommit_behind(first, second) -> float:
    """`first` holds a write transaction; `second` writes one row in autocommit mode under `queued_write`.
    Seconds from `first` committing to `second`'s row being in."""
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    wrote = threading.Event()

    def write() -> None:
        with second.queued_write(), second.cursor() as cursor:  # one statement, no transaction of its own
            cursor.execute("INSERT INTO t VALUES (2)")
        wrote.set()

    thread = threading.Thread(target=write)
    thread.start()
    held_back = not wrote.wait(0.3)
    released = time.monotonic()
    end(first)
    assert wrote.wait(5)
    woke_after = time.monotonic() - released
    thread.join(5)
    assert held_back
    assert not second._writer_held
    return woke_after


def test_an_autocommit_write_queues_behind_a_transaction_like_a_transaction(tmp_path):
    # given
    first, second = wrapper_for(tmp_path / "q.sqlite3"), wrapper_for(tmp_path / "q.sqlite3")
    second.inc_thread_sharing()
    first.ensure_connection()
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    # when another connection writes one row in autocommit mode while a transaction is open
    waits = sorted(autocommit_behind(first, second) for _ in range(3))
    # then it waited in the kernel and went in the moment the transaction ended (SQLite's busy handler
    # alone would be sleeping 100 ms at a time by then)
    assert waits[1] < 0.02
    with first.cursor() as cursor:
        cursor.execute("SELECT x FROM t ORDER BY x")
        assert [x for (x,) in cursor.fetchall()] == [1, 1, 1, 2, 2, 2]
    # and inside a transaction it takes nothing more (the transaction holds the lock already)
    begin(second)
    with second.queued_write(), second.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (3)")
    end(second)
    assert not second._writer_held
    first.close()
    second.close()


def test_the_placeholder_rewrite_is_remembered_and_equals_djangos():
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    from aftersales.core.backends.sqlite.base import CursorWrapper, _qmark

    statement = "SELECT '100%%', a FROM t WHERE b = %s AND c LIKE '%%x%%' AND d IN (%s, %s)"
    djangos = SQLiteCursorWrapper.convert_query(None, statement)
    assert (
        CursorWrapper.convert_query(None, statement)
        == djangos
        == ("SELECT '100%', a FROM t WHERE b = ? AND c LIKE '%x%' AND d IN (?, ?)")
    )
    hits = _qmark.cache_info().hits
    CursorWrapper.convert_query(None, statement)
    assert _qmark.cache_info().hits == hits + 1
    named = "SELECT a FROM t WHERE b = %(b)s"
    assert CursorWrapper.convert_query(None, named, param_names=["b"]) == "SELECT a FROM t WHERE b = :b"


def test_the_backends_cursor_remembers_statements(tmp_path):
    from aftersales.core.backends.sqlite.base import CursorWrapper

    connection = wrapper_for(tmp_path / "q.sqlite3")
    try:
        with connection.cursor() as cursor:
            assert isinstance(cursor.cursor, CursorWrapper)
            cursor.execute("SELECT %s || '%%'", ["50"])
            assert cursor.fetchone() == ("50%",)
    finally:
        connection.close()


SHARED_CONNECTION_SCRIPT = """
import sys, threading, time
import django
django.setup()
from django.db import connections

connection = connections["default"]
connection.inc_thread_sharing()  # as Django's live server does with an in-memory database
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (d TEXT)")
    cursor.executemany("INSERT INTO t VALUES (%s)", [("2026-12-07 08:00:00",)] * 20000)
until = time.monotonic() + float(sys.argv[1])
done = []

def counts():  # a Python function inside SQLite (one of Django's), with the connection's mutex held
    connections["default"] = connection
    while time.monotonic() < until:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM t WHERE django_date_extract('year', d) = 2026")
            assert cursor.fetchone() == (20000,)
    done.append("counts")

def reads():  # column reads, each of which takes that mutex while holding the GIL
    connections["default"] = connection
    while time.monotonic() < until:
        with connection.cursor() as cursor:
            cursor.execute("SELECT d, d, d FROM t")
            while cursor.fetchone():
                pass
            cursor.execute("SELECT d FROM t LIMIT 1000")
            assert len(list(cursor)) == 1000
    done.append("reads")

threads = [threading.Thread(target=counts), threading.Thread(target=reads)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sorted(done))
"""


def test_threads_sharing_an_in_memory_connection_take_turns():
    """Django's live server shares the test's in-memory connection with its threads. With Django's own backend
    this script deadlocks within a second or two (a Python function of Django's running inside SQLite waits for
    the GIL that a thread reading a column holds while it waits for the connection's mutex); the backend lets
    one thread at a time into the connection, and both threads finish."""
    import subprocess
    import sys

    from aftersales.core.testing.processes import ROOT, child_environment

    result = subprocess.run(
        [sys.executable, "-c", SHARED_CONNECTION_SCRIPT, "3"],
        env=child_environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['counts', 'reads']"
