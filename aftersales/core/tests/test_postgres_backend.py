"""Our PostgreSQL backend reads timestamps with psycopg's compiled parser and returns what Django's loader returns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's timestamp loader"),
]

VALUES = [
    "2026-12-07 10:00:00+08",
    "2026-12-07 02:00:00.123456+00",
    "1999-12-31 23:59:59.999999-05:30",
    "2026-03-29 01:30:00+01",
    "0001-01-01 00:00:00+00",
    None,
]
SELECT = "SELECT " + ", ".join("%s::timestamptz" for _ in VALUES)


def read(cursor) -> tuple:
    cursor.execute(SELECT, VALUES)
    return cursor.fetchone()


def test_timestamps_read_as_djangos_loader_reads_them_and_in_utc():
    from aftersales.core.backends.postgresql.base import TIMESTAMPTZ, UtcTimestamptzLoader

    connection.ensure_connection()
    assert connection.connection.adapters.get_loader(TIMESTAMPTZ, 0) is UtcTimestamptzLoader
    with connection.cursor() as cursor:
        ours = read(cursor)
    with connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor.cursor)  # Django's own loader, on this cursor only
        django = read(cursor)
    assert ours == django
    assert [v.tzinfo for v in ours if v is not None] == [dt.UTC] * (len(VALUES) - 1)
    assert ours[0] == dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)


def test_in_another_session_zone_the_instant_is_kept():
    """Django relabels a value of the session's zone as UTC (its connection is always UTC); ours converts."""
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Asia/Shanghai'")
        try:
            ours = read(cursor)
        finally:
            cursor.execute("SET TIME ZONE 'UTC'")
    assert ours[0] == dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
    assert ours[0].tzinfo is dt.UTC
