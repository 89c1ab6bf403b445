"""The hand-written SQL of plans (issue 9): one `INSERT … ON CONFLICT (source_key) DO NOTHING` of work items.

`plans_generate` creates thousands of dated work items per run; the ORM's bulk_create spends far more time
compiling each row than the database spends storing it, and its `ignore_conflicts` is `INSERT OR IGNORE` on
SQLite, which would swallow any constraint, not only a work item that a concurrent run created first. The
statement runs on Django's cursor (logged and counted like the ORM's queries); values are converted as the
fields convert them, and `plans/tests/test_sql.py` checks that a row written here equals the row `save()`
writes for the same values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection

from aftersales.plans.models import WorkItem

VENDORS = frozenset({"sqlite", "postgresql"})  # the databases that know ON CONFLICT (…) DO NOTHING
_INSERT_FIELDS = (
    "kind",
    "title",
    "assignee",
    "role",
    "due_on",
    "due_uncertain",
    "customer",
    "link",
    "source_key",
    "result",
    "created_at",
)


def work_items_insert_new(planned: Sequence[Any], at: dt.datetime) -> None:
    """INSERT the planned items (kind, title, assignee_id, role, due_on, due_uncertain, customer_id, link,
    source_key), created at `at`, skipping any whose source key exists by then. SQLite and PostgreSQL only."""
    meta, quote, ops = WorkItem._meta, connection.ops.quote_name, connection.ops
    columns = ", ".join(quote(meta.get_field(name).column) for name in _INSERT_FIELDS)
    sql = "INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({key}) DO NOTHING".format(  # noqa: S608
        table=quote(meta.db_table),
        columns=columns,
        values=", ".join(["%s"] * len(_INSERT_FIELDS)),
        key=quote(meta.get_field("source_key").column),
    )
    created_at = ops.adapt_datetimefield_value(at)
    rows = [
        (
            p.kind,
            p.title,
            p.assignee_id,
            p.role,
            ops.adapt_datefield_value(p.due_on),
            p.due_uncertain,
            p.customer_id,
            p.link,
            p.source_key,
            "",
            created_at,
        )
        for p in planned
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
