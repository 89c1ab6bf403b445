"""Django's PostgreSQL backend, with timestamps read by psycopg's compiled parser.

Django registers its own `timestamptz` loader on every connection so that values come back in the connection's
time zone; it subclasses psycopg's pure-Python loader (psycopg's compiled one cannot be subclassed), which parses
each value in Python: ~9 µs a value, most of the application's CPU on a page of the queue at 10M requests
(about 800 times a page; docs/decisions/021-postgresql-at-scale.md §9). With USE_TZ the zone is UTC, so here a
loader that hands each value to psycopg's compiled parser and returns it in UTC (converted, never relabelled)
takes its place. It has the `timezone` Django compares when it opens a cursor, so Django keeps it.
`tests/test_postgres_backend.py` checks it returns what Django's loader returns.
"""

from __future__ import annotations

import datetime as dt

import psycopg
from django.db.backends.postgresql import base
from psycopg.adapt import Loader
from psycopg.pq import Format

TIMESTAMPTZ = psycopg.postgres.types["timestamptz"].oid
_COMPILED = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)  # psycopg's default: compiled when installed


class UtcTimestamptzLoader(Loader):
    """`timestamptz` (text) → an aware datetime in UTC, parsed by psycopg's default loader."""

    format = Format.TEXT
    timezone = dt.UTC  # what Django's `create_cursor` compares with the connection's zone

    def __init__(self, oid: int, context=None):
        super().__init__(oid, context)
        self._parse = _COMPILED(oid, context).load

    def load(self, data):
        value = self._parse(data)
        return value if value.tzinfo is dt.UTC else value.astimezone(dt.UTC)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if self.timezone is dt.UTC and _COMPILED.__module__ != "psycopg.types.datetime":
            connection.adapters.register_loader(TIMESTAMPTZ, UtcTimestamptzLoader)
        return connection
