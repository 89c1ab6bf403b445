"""The hand-written SQL of the requests' hot paths, in one place (issue 9); `services` decides, this reads.

Intake is the hot write path (issue 2: intake ≥ 40% of a trivial authenticated GET). Compiling an ORM query
costs some twenty times what SQLite needs to answer it, so intake's read is plain SQL written once: the
customer with its region and, in the same statement, the asset (only if it is that customer's) with its
contract and the open requests already reported for it. The SLA sweep and the escalation notices read and
write plain rows for the same reason (10,000 late requests a minute).

Every statement runs on Django's cursor (`connection.cursor()`), written with `%s` placeholders: it is
logged like the ORM's queries, so query counts (`CaptureQueriesContext`, `django_assert_num_queries`) see
it on every database, and database errors arrive as django.db's. The writes of new rows go through
`core.bulk` (`row_insert`, `values_insert`); `tests/test_sql.py` checks that what they store equals what
`Model.save()` stores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model

from aftersales.assets.models import Asset
from aftersales.core import bulk
from aftersales.customers.models import Contract, Customer, Region
from aftersales.sla.models import ConfigGeneration
from aftersales.tickets.choices import OPEN
from aftersales.tickets.models import EscalationNotice, Ticket
from aftersales.tickets.policy import lateness


# In each model's field order: Model.from_db() maps a partial row onto the concrete fields in that order.
def _in_model_order(model: type[Model], names: set[str]) -> tuple[str, ...]:
    """`names` in the model's column order, as `Model.from_db` expects them."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


def _columns(alias: str, names: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{name}" for name in names)


OPEN_STATUSES = sorted(OPEN)

# ----------------------------------------------------------------------------------------------- intake

_CUSTOMER_FIELDS = _in_model_order(Customer, {"id", "name", "sla_policy_id", "region_id"})
_REGION_FIELDS = _in_model_order(Region, {"id", "name", "zone"})
_ASSET_FIELDS = _in_model_order(Asset, {"id", "customer_id", "sla_policy_id", "contract_id"})
_CONTRACT_FIELDS = _in_model_order(Contract, {"id", "sla_policy_id", "starts_on", "ends_on"})
# The newest open requests of the same asset (at most 10), as one comma-separated text: the duplicates.
_DUPLICATES = {
    "sqlite": "group_concat(d.id)",
    "postgresql": "string_agg(d.id::text, ',')",
}


def _intake_sql(vendor: str) -> str:
    table = Ticket._meta.db_table
    statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
    duplicates = (
        f"(SELECT {_DUPLICATES[vendor]} FROM (SELECT id FROM {table} WHERE asset_id = a.id "  # noqa: S608
        f"AND status IN ({statuses}) ORDER BY id DESC LIMIT 10) d)"
    )
    # The SLA configuration's generation: the cached policies are used only while it is theirs (`sla.selectors`).
    generation = f"(SELECT value FROM {ConfigGeneration._meta.db_table} WHERE id = 1)"  # noqa: S608
    return (
        f"SELECT {_columns('c', _CUSTOMER_FIELDS)}, {_columns('r', _REGION_FIELDS)}, "  # noqa: S608 (names only)
        f"{_columns('a', _ASSET_FIELDS)}, {_columns('k', _CONTRACT_FIELDS)}, {generation}, {duplicates} "
        f"FROM {Customer._meta.db_table} c JOIN {Region._meta.db_table} r ON r.id = c.region_id "
        f"LEFT JOIN {Asset._meta.db_table} a ON a.id = %s AND a.customer_id = c.id "
        f"LEFT JOIN {Contract._meta.db_table} k ON k.id = a.contract_id WHERE c.id = %s"
    )


_intake_statements: dict[str, str] = {}

_C, _R, _A = len(_CUSTOMER_FIELDS), len(_REGION_FIELDS), len(_ASSET_FIELDS)
# Where the asset's and the contract's SLA terms sit in the row.
_ASSET_ID, _ASSET_POLICY = (_C + _R + _ASSET_FIELDS.index(name) for name in ("id", "sla_policy_id"))
_CONTRACT_TERMS = tuple(_C + _R + _A + _CONTRACT_FIELDS.index(n) for n in ("sla_policy_id", "starts_on", "ends_on"))


@dataclass(frozen=True, slots=True)
class IntakeRow:
    """What intake reads: the customer (a deferred instance with its region cached, as `.only(...)` gives
    it); the asset's SLA terms when the asset was given and is that customer's (its policy id, its
    contract's policy id, starts_on, ends_on); the open requests of that asset, newest first (at most 10);
    the SLA configuration's generation (`sla.models.ConfigGeneration`, 0 without its row)."""

    customer: Customer
    asset_terms: tuple[Any, Any, Any, Any] | None
    duplicates: list[int]
    sla_generation: int


def intake_row(customer_id: int, asset_id: int | None) -> IntakeRow | None:
    """The customer, the asset's terms, the asset's open requests and the SLA configuration's generation in one
    statement; None: no such customer."""
    conn = connections[DEFAULT_DB_ALIAS]  # looked up once: `connection` is a context-local proxy
    vendor = conn.vendor
    if vendor not in _intake_statements:
        _intake_statements[vendor] = _intake_sql(vendor)
    with conn.cursor() as cursor:
        cursor.execute(_intake_statements[vendor], [*OPEN_STATUSES, asset_id, customer_id])
        row = cursor.fetchone()
    if row is None:
        return None
    db = conn.alias
    customer = Customer.from_db(db, _CUSTOMER_FIELDS, row[:_C])
    Customer.region.field.set_cached_value(customer, Region.from_db(db, _REGION_FIELDS, row[_C : _C + _R]))
    terms = None
    if row[_ASSET_ID] is not None:
        policy, starts_on, ends_on = (row[i] for i in _CONTRACT_TERMS)
        terms = (row[_ASSET_POLICY], policy, starts_on, ends_on)
    duplicates = sorted((int(pk) for pk in row[-1].split(",")), reverse=True) if row[-1] else []
    return IntakeRow(customer, terms, duplicates, row[-2] or 0)


# ------------------------------------------------------------------------------------------------ sweep

# The sweep reads and writes plain rows: at 10,000 late requests a minute, model instances, the ORM's value
# converters and its statement compiler cost more than SQLite needs for the whole batch. It reads what the
# lateness rule needs (`tickets.policy.lateness`) and writes the climb with every lateness field the rule
# gives after it: escalating meets the escalation deadline, so breach_at and due_at move too (issue 9).
SWEEP_COLUMNS = (
    "id",
    "status",
    "tier",
    "severity",
    "zone",
    "reported_at",
    *lateness.DEADLINE_COLUMNS,
    "deadline_uncertain",
    *lateness.EVENT_COLUMNS,
    "assignee_id",
    "created_at",
    "title",
)
# The times the lateness rule reads. SQLite: read as their stored text (CAST: no declared type, so the sqlite3
# module's converter is not called) and parsed by `sweep_time` — 9 per row, the converter's layers cost ~0.3 s per
# 10,000 rows; PostgreSQL: as psycopg gives them (aware).
SWEEP_TIMES = frozenset({"reported_at", *lateness.DEADLINE_COLUMNS, *lateness.EVENT_COLUMNS})
_SWEEP_SELECT = (
    "SELECT {columns} FROM {table} WHERE id IN ({ids}) "
    "AND next_escalation_at <= %s AND status IN ({statuses}) ORDER BY id{lock}"
)


def _sweep_select_columns(vendor: str) -> str:
    if vendor != "sqlite":
        return ", ".join(SWEEP_COLUMNS)
    return ", ".join(f"CAST({c} AS TEXT)" if c in SWEEP_TIMES else c for c in SWEEP_COLUMNS)


def _utc_from_text(value: str | None) -> dt.datetime | None:
    """A datetime column's text as SQLite stores it (naive UTC, Django's form), made aware."""
    if value is None:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def sweep_time() -> Any:
    """How a time of `SWEEP_TIMES` in a row of `sweep_rows` becomes an aware datetime, as the ORM gives it."""
    return _utc_from_text if connection.vendor == "sqlite" else bulk.aware


_SWEEP_UPDATE = (
    "UPDATE {table} SET tier = %s, escalated_at = %s, breach_at = %s, due_at = %s, next_escalation_at = %s, "
    "updated_at = %s, version = version + 1 WHERE id = %s"
)
# A row that is due but has no step left (written before the rule it breaks): only its lateness is settled.
_SWEEP_UNLADDERED = "UPDATE {table} SET breach_at = %s, due_at = %s, next_escalation_at = %s WHERE id = %s"
# Where the deadlines and the event stamps sit in a row of `sweep_rows`.
SWEEP_DEADLINES = slice(6, 6 + len(lateness.DEADLINE_COLUMNS))
SWEEP_EVENTS = slice(SWEEP_DEADLINES.stop + 1, SWEEP_DEADLINES.stop + 1 + len(lateness.EVENT_COLUMNS))


def _as_is(value: Any) -> Any:
    return value


def sweep_datetime_param() -> Any:
    """How the sweep passes its datetimes (six per climbing row): as they are to PostgreSQL, whose backend adapts
    an aware datetime to itself (asking it through `connection` costs ~10 µs a value: a second per 100,000 rows);
    elsewhere as `core.bulk` stores them (SQLite: naive UTC text)."""
    return _as_is if connection.vendor == "postgresql" else bulk.datetime_param()


def sweep_rows(ids: list[int], at: dt.datetime) -> list[tuple]:
    """The rows (`SWEEP_COLUMNS`) of `ids` still open and due at `at`, locked where the database can."""
    select = _SWEEP_SELECT.format(
        columns=_sweep_select_columns(connection.vendor),
        table=Ticket._meta.db_table,
        ids=", ".join(["%s"] * len(ids)),
        statuses=", ".join(["%s"] * len(OPEN_STATUSES)),
        lock=" FOR UPDATE" if connection.features.has_select_for_update else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(select, [*ids, bulk.datetime_param()(at), *OPEN_STATUSES])
        return cursor.fetchall()


# PostgreSQL: one statement per batch, the values passed as one array per column (`unnest`), instead of one
# UPDATE per row: the same rows and values, without 2,000 statements to parse, plan and run (docs/decisions/021).
_SWEEP_UPDATE_SET = (
    "UPDATE {table} t SET tier = v.tier, escalated_at = v.escalated_at, breach_at = v.breach_at, "
    "due_at = v.due_at, next_escalation_at = v.next_escalation_at, updated_at = v.updated_at, "
    "version = t.version + 1 FROM unnest(%s::smallint[], %s::timestamptz[], %s::timestamptz[], "
    "%s::timestamptz[], %s::timestamptz[], %s::timestamptz[], %s::bigint[]) "
    "AS v(tier, escalated_at, breach_at, due_at, next_escalation_at, updated_at, id) WHERE t.id = v.id"
)
_SWEEP_UNLADDERED_SET = (
    "UPDATE {table} t SET breach_at = v.breach_at, due_at = v.due_at, next_escalation_at = v.next_escalation_at "
    "FROM unnest(%s::timestamptz[], %s::timestamptz[], %s::timestamptz[], %s::bigint[]) "
    "AS v(breach_at, due_at, next_escalation_at, id) WHERE t.id = v.id"
)


def sweep_write(updates: list[list], unladdered: list[list]) -> None:
    """The climbs (tier, escalated_at, breach_at, due_at, next_escalation_at, updated_at, id) and the settled
    rows without a step left (breach_at, due_at, next_escalation_at, id), values in the database's form."""
    table = Ticket._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one UPDATE per batch, each column as an array
            if updates:
                cursor.execute(_SWEEP_UPDATE_SET.format(table=table), [list(c) for c in zip(*updates, strict=True)])
            if unladdered:
                cursor.execute(
                    _SWEEP_UNLADDERED_SET.format(table=table), [list(c) for c in zip(*unladdered, strict=True)]
                )
            return
        # SQLite runs in the process: a prepared statement per row costs microseconds, no round trip.
        if updates:
            cursor.executemany(_SWEEP_UPDATE.format(table=table), updates)
        if unladdered:
            cursor.executemany(_SWEEP_UNLADDERED.format(table=table), unladdered)


# ------------------------------------------------------------------------------------ escalation notices

_NOTICES_SELECT = (
    "SELECT n.id, n.ticket_id, n.tier, t.created_at, t.title, t.assignee_id FROM {notices} n "
    "JOIN {tickets} t ON t.id = n.ticket_id ORDER BY n.id LIMIT %s{lock}"
)


def notices_take(batch_size: int) -> list[tuple]:
    """The oldest queued escalation notices with their request's number parts, title and assignee: (id,
    ticket_id, tier, created_at, title, assignee_id); rows another worker holds are skipped where possible."""
    lock = " FOR UPDATE OF n SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    select = _NOTICES_SELECT.format(notices=EscalationNotice._meta.db_table, tickets=Ticket._meta.db_table, lock=lock)
    with connection.cursor() as cursor:
        cursor.execute(select, [batch_size])
        return cursor.fetchall()
