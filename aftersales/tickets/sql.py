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
from aftersales.tickets.models import EscalationNotice, Ticket, TicketEvent
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
    "deadline_uncertain",
    "assignee_id",
    "title",
    # From here on every column is a time (`SWEEP_TIMES`): the report, the deadlines, the events, the intake.
    "reported_at",
    *lateness.DEADLINE_COLUMNS,
    *lateness.EVENT_COLUMNS,
    "created_at",
)
# Where the times sit in a row of `sweep_rows`, and within them the deadlines and the event stamps (in
# `lateness.EVENT_COLUMNS` order, which is `lateness.Facts`' order after `pauses`).
SWEEP_TIMES = slice(SWEEP_COLUMNS.index("reported_at"), len(SWEEP_COLUMNS))
TIMES_DEADLINES = slice(1, 1 + len(lateness.DEADLINE_COLUMNS))
TIMES_EVENTS = slice(TIMES_DEADLINES.stop, TIMES_DEADLINES.stop + len(lateness.EVENT_COLUMNS))
_SWEEP_SELECT = (
    "SELECT {columns} FROM {table} WHERE {ids} "
    "AND next_escalation_at <= %s AND status IN ({statuses}) ORDER BY id{lock}"
)


# Each time is read as text and made an aware datetime by `datetime.fromisoformat` (NULL stays NULL), 17 a row:
# - SQLite: its stored text (naive UTC, Django's form) with the UTC offset written after it: no declared type, so
#   the sqlite3 module's converter is not called (its layers cost ~0.3 s per 10,000 rows), and the text parses to
#   the aware time at once (a tenth of the cost of parsing the naive text and `replace(tzinfo=…)`);
# - PostgreSQL: `::text` is the same ISO text the server sends for a timestamptz (in the session's time zone, UTC
#   under Django), but psycopg hands it over as it is, where Django's timestamptz loader parses it in Python
#   (psycopg's pure-Python loader, regular expressions and a `replace`: ~9 µs a value).
_SWEEP_TIME_AS_TEXT = {"sqlite": "CAST({} AS TEXT) || '+00:00'", "postgresql": "{}::text"}


def _sweep_select_columns(vendor: str) -> str:
    if vendor not in _SWEEP_TIME_AS_TEXT:
        return ", ".join(SWEEP_COLUMNS)
    names = [_SWEEP_TIME_AS_TEXT[vendor].format(c) for c in SWEEP_COLUMNS[SWEEP_TIMES]]
    return ", ".join([*SWEEP_COLUMNS[: SWEEP_TIMES.start], *names])


@dataclass(frozen=True, slots=True)
class SweepForm:
    """How the sweep's times travel on this database, looked up once per batch (`connection` is a context-local
    proxy: asking it per value cost ~10 µs): `text` — the times of a row of `sweep_rows` are ISO texts to give
    to `datetime.fromisoformat` (SQLite, PostgreSQL), else datetimes already; `param` — how an aware datetime is
    passed (as it is to PostgreSQL, whose backend adapts it to itself, and `sweep_write` writes it into an array
    literal; SQLite: naive UTC text, as `core.bulk` and the ORM store it)."""

    text: bool
    param: Any


def sweep_form() -> SweepForm:
    vendor = connection.vendor
    if vendor == "postgresql":
        return SweepForm(True, _as_is)
    return SweepForm(vendor in _SWEEP_TIME_AS_TEXT, bulk.datetime_param())


def _as_is(value: Any) -> Any:
    return value


_SWEEP_UPDATE = (
    "UPDATE {table} SET tier = %s, escalated_at = %s, breach_at = %s, due_at = %s, next_escalation_at = %s, "
    "version = version + 1, updated_at = %s WHERE id = %s"
)
# A row that is due but has no step left (written before the rule it breaks): only its lateness is settled.
_SWEEP_UNLADDERED = "UPDATE {table} SET breach_at = %s, due_at = %s, next_escalation_at = %s WHERE id = %s"
# The timeline line of each climb (`TicketEvent`): no actor, no changes; the action and the time it was
# recorded are the batch's.
_SWEEP_LINE = (
    "INSERT INTO {table} (ticket_id, action, from_status, to_status, tier, actor_id, at, recorded_at, note, "
    "changes) VALUES (%s, %s, %s, %s, %s, NULL, %s, %s, %s, '{{}}')"
)


def sweep_rows(ids: list[int], at: dt.datetime) -> list[tuple]:
    """The rows (`SWEEP_COLUMNS`) of `ids` still open and due at `at`, locked where the database can; their
    times (`SWEEP_TIMES`) in the form `sweep_form().text` says."""
    postgres = connection.vendor == "postgresql"
    select = _SWEEP_SELECT.format(
        columns=_sweep_select_columns(connection.vendor),
        table=Ticket._meta.db_table,
        # PostgreSQL: the ids as one array literal (2,000 placeholders cost psycopg ~10 ms a batch to find and fill)
        ids="id = ANY(%s::bigint[])" if postgres else f"id IN ({', '.join(['%s'] * len(ids))})",
        statuses=", ".join(["%s"] * len(OPEN_STATUSES)),
        lock=" FOR UPDATE" if connection.features.has_select_for_update else "",
    )
    with connection.cursor() as cursor:
        id_params = [_pg_array(tuple(ids))] if postgres else ids
        cursor.execute(select, [*id_params, bulk.datetime_param()(at), *OPEN_STATUSES])
        return cursor.fetchall()


# PostgreSQL: one statement per batch, the values passed as one array per column (`unnest`), instead of one
# UPDATE per row: the same rows and values, without 2,000 statements to parse, plan and run (docs/decisions/021).
# Each array is one text parameter, an array literal written here (`_pg_array`) and cast by the statement:
# Django's cursors bind on the client, where psycopg dumps and escapes each element of a list in Python (~50 µs a
# climb for the sweep's twelve arrays).
_SWEEP_UPDATE_SET = (
    "UPDATE {table} t SET tier = v.tier, escalated_at = v.escalated_at, breach_at = v.breach_at, "
    "due_at = v.due_at, next_escalation_at = v.next_escalation_at, version = t.version + 1, updated_at = %s "
    "FROM unnest(%s::smallint[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[], "
    "%s::bigint[]) AS v(tier, escalated_at, breach_at, due_at, next_escalation_at, id) WHERE t.id = v.id"
)
_SWEEP_UNLADDERED_SET = (
    "UPDATE {table} t SET breach_at = v.breach_at, due_at = v.due_at, next_escalation_at = v.next_escalation_at "
    "FROM unnest(%s::timestamptz[], %s::timestamptz[], %s::timestamptz[], %s::bigint[]) "
    "AS v(breach_at, due_at, next_escalation_at, id) WHERE t.id = v.id"
)
_SWEEP_LINES_SET = (
    "INSERT INTO {table} (ticket_id, action, from_status, to_status, tier, actor_id, at, recorded_at, note, "
    "changes) SELECT v.ticket_id, %s, v.status, v.status, v.tier, NULL, v.at, %s, v.note, '{{}}'::jsonb "
    "FROM unnest(%s::bigint[], %s::text[], %s::smallint[], %s::timestamptz[], %s::text[]) "
    "AS v(ticket_id, status, tier, at, note)"
)


def _pg_array(values: tuple) -> str:
    """A PostgreSQL array literal of `values`: None as NULL; ints as their digits; datetimes as their str in
    double quotes; anything else (texts, or values of mixed kinds) as its str in double quotes with backslashes
    and double quotes escaped. An array of ints or of datetimes (with Nones) is written by one `join` and one
    `replace` of the Nones' str, which no int's or datetime's str contains, and needs no escaping: a sweep writes
    1.2 million values a 100,000 climbs, and a Python step per value cost ~1 s of it."""
    kinds = set(map(type, values)) - {type(None)}
    if kinds <= {int}:
        return "{" + ",".join(map(str, values)).replace("None", "NULL") + "}"
    if kinds == {dt.datetime}:
        return ('{"' + '","'.join(map(str, values)) + '"}').replace('"None"', "NULL")
    # Each distinct value once (a batch's statuses and notes are a handful), told apart by type too (1 and True).
    typed = tuple(zip(map(type, values), values, strict=True))
    quoted = {
        (t, v): "NULL" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
        for t, v in set(typed)
    }
    return "{" + ",".join(map(quoted.__getitem__, typed)) + "}"


def sweep_write(
    updates: list[tuple], unladdered: list[tuple], lines: list[tuple], *, action: str, recorded_at: Any
) -> None:
    """The climbs (tier, escalated_at, breach_at, due_at, next_escalation_at, id), the settled rows without a
    step left (breach_at, due_at, next_escalation_at, id) and the climbs' timeline lines (ticket_id, status,
    tier, at, note; `action` for all), values in the database's form (`sweep_form().param`). `recorded_at`, the
    time of the write, is the lines' `recorded_at` and the climbed rows' `updated_at` (one parameter, not a
    value per row)."""
    table, lines_table = Ticket._meta.db_table, TicketEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement per kind and batch, each column as an array
            if updates:
                columns = [*map(_pg_array, zip(*updates, strict=True))]
                cursor.execute(_SWEEP_UPDATE_SET.format(table=table), [recorded_at, *columns])
            if unladdered:
                columns = [*map(_pg_array, zip(*unladdered, strict=True))]
                cursor.execute(_SWEEP_UNLADDERED_SET.format(table=table), columns)
            if lines:
                columns = [*map(_pg_array, zip(*lines, strict=True))]
                cursor.execute(_SWEEP_LINES_SET.format(table=lines_table), [action, recorded_at, *columns])
            return
        # SQLite runs in the process: a prepared statement per row costs microseconds, no round trip.
        if updates:
            cursor.executemany(_SWEEP_UPDATE.format(table=table), [(*u[:-1], recorded_at, u[-1]) for u in updates])
        if unladdered:
            cursor.executemany(_SWEEP_UNLADDERED.format(table=table), unladdered)
        if lines:
            statement = _SWEEP_LINE.format(table=lines_table)
            cursor.executemany(statement, [(p, action, s, s, t, at, recorded_at, n) for p, s, t, at, n in lines])


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
