"""Lean writes for the hot and bulk paths: one-row INSERT (intake), `executemany` INSERT (generator, sweep).

Django's `bulk_update` builds a `CASE WHEN id = … THEN …` expression per field per row, and `bulk_create`
compiles every row into one long statement; at thousands of rows both cost far more in Python than the
database needs. These helpers prepare one statement and hand the database all rows at once. Values are
prepared as each field's `get_db_prep_save` would (plain values as they are, datetimes in the backend's
form, anything else through the field), so they are stored exactly as the ORM stores them. Nothing else
of `save()` happens: no signals, no `auto_now`; callers set every value they mean to write.

Every statement runs on Django's cursor (`connection.cursor()`), so it is logged like the ORM's queries:
query counts (`CaptureQueriesContext`, `django_assert_num_queries`) see it on every database. The area
modules that hold hand-written SQL (`tickets.sql`, `plans.sql`) do the same; `tickets/tests/test_sql.py`
checks that a row written here equals the row `Model.save()` writes for the same values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import signals

# Fields whose Python value is already what the driver takes.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NAIVE_EPOCH = _EPOCH.replace(tzinfo=None)


def single_write() -> contextlib.AbstractContextManager[None]:
    """Around one write statement run outside a transaction (autocommit): on SQLite it waits its turn behind
    the other writers as a transaction does (`core.backends.sqlite`); elsewhere the database queues it."""
    db = connections[DEFAULT_DB_ALIAS]
    queued = getattr(db, "queued_write", None)
    return queued() if queued is not None else contextlib.nullcontext()


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _same(value: Any) -> Any:
    return value


def _sqlite_utc_text(value: dt.datetime | None) -> Any:
    """What Django's SQLite backend stores for an aware datetime (str of the naive UTC time), without its overhead."""
    if value is None:
        return None
    if value.tzinfo is None:
        return connection.ops.adapt_datetimefield_value(value)
    return str(_NAIVE_EPOCH + (value - _EPOCH))


def _adapt_datetime(value: dt.datetime | None) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def datetime_param() -> Callable[[dt.datetime | None], Any]:
    """How an aware datetime becomes a parameter of a raw statement, in the form the ORM stores it.

    Ask once per batch and call the result per value: every look at `connection` goes through a
    context-local proxy, which costs more than the conversion itself.
    """
    return _preparer(models.DateTimeField())


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime column read by a raw cursor, as the ORM hands it out: SQLite gives naive UTC, made aware here."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _preparer(field: models.Field) -> Callable[[Any], Any]:
    """How a value of `field` becomes a database parameter: what `get_db_prep_save` does, minus its overhead."""
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "sqlite" and settings.USE_TZ and connection.timezone_name == "UTC":
            return _sqlite_utc_text
        return _adapt_datetime
    if isinstance(field, _PLAIN):
        return _same
    prepare = partial(field.get_db_prep_save, connection=connection)
    if type(field) is models.JSONField and type(connection.ops).adapt_json_value is _BASE_ADAPT_JSON:
        return partial(_json_text, encoder=field.encoder, otherwise=prepare)
    return prepare


_BASE_ADAPT_JSON = BaseDatabaseOperations.adapt_json_value
_JSON_PLAIN = frozenset({dict, list, str, int, float, bool})


def _json_text(value: Any, *, encoder: type[json.JSONEncoder] | None, otherwise: Callable[[Any], Any]) -> Any:
    """A JSONField's plain value as the backend stores it (its `json.dumps`); None (SQL NULL), expressions and
    anything else through the field."""
    if type(value) in _JSON_PLAIN:
        return json.dumps(value, cls=encoder)
    return otherwise(value)


def row_create(obj: models.Model) -> None:
    """INSERT one new row and set its id, as `obj.save(force_insert=True)` does, minus the query compiler.

    `auto_now` fields are stamped and related objects checked as in `save()`. Whenever anything listens to
    the model's save signals (history, cache invalidation) or the backend cannot return the new id from the
    INSERT, this simply calls `save()`, so nothing that hooks into saving is ever skipped.
    """
    row_insert(row_prepare(obj))


@dataclass(frozen=True, slots=True)
class PreparedRow:
    """A new row's values in the database's form, ready to INSERT (`row_prepare`, then `row_insert`)."""

    obj: models.Model
    sql: str
    values: list | None  # None: the row is saved through `save()` (see row_create)
    with_id: bool


def row_prepare(obj: models.Model) -> PreparedRow:
    """Stamp and convert a new row's values now, so the write transaction only has to INSERT them."""
    model = type(obj)
    db = connections[DEFAULT_DB_ALIAS]  # looked up once: `connection` is a context-local proxy
    if (
        signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
        or not db.features.can_return_columns_from_insert
    ):
        return PreparedRow(obj, "", None, obj.pk is not None)
    obj._prepare_related_fields_for_save(operation_name="save")
    with_id = obj.pk is not None
    statement = _insert_statement(model, with_id, db)
    values = list(statement.read(obj))
    for i, field in statement.stamped:
        values[i] = field.pre_save(obj, True)
    for i, prepare in statement.converted:
        value = values[i]
        if value is not None or i in statement.null_converted:
            values[i] = prepare(value)
    return PreparedRow(obj, statement.sql, values, with_id)


def row_insert(row: PreparedRow) -> None:
    """INSERT a prepared row and set the object's id (`obj.save(force_insert=True)` when it must be saved)."""
    obj = row.obj
    if row.values is None:
        obj.save(force_insert=True)
        return
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(row.sql, row.values)
        if not row.with_id:
            # SQLite's rowid of the new row; elsewhere the statement RETURNs the id
            obj.pk = cursor.lastrowid if db.vendor == "sqlite" else cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = db.alias


@dataclass(frozen=True, slots=True)
class _InsertStatement:
    """`INSERT … (RETURNING id)` of one row of a model, and how a new instance's values become its parameters."""

    sql: str
    read: Callable[[models.Model], tuple]  # the instance's values, in the statement's column order
    stamped: tuple[tuple[int, models.Field], ...]  # columns `save()` stamps (auto_now…): field.pre_save
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # columns whose value the driver cannot take as it is
    null_converted: frozenset[int]  # those of them whose field may store None as something else (not datetimes)


_insert_statements: dict[tuple[type[models.Model], bool, str], _InsertStatement] = {}
_statements: dict[tuple[type[models.Model], tuple[str, ...], str], tuple[str, list]] = {}


def _stamped(field: models.Field) -> bool:
    """Whether saving may change the field's value (`auto_now`, a file field…): only those need `pre_save`."""
    if isinstance(field, models.DateField):  # and DateTimeField: pre_save only applies auto_now(_add)
        return field.auto_now or field.auto_now_add
    return type(field).pre_save is not models.Field.pre_save


def _insert_statement(model: type[models.Model], with_id: bool, db=connection) -> _InsertStatement:
    """The INSERT of one new row of `model` (with or without its id); built once."""
    key = (model, with_id, db.vendor)
    if key not in _insert_statements:
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        # SQLite hands the new rowid over without RETURNING (cursor.lastrowid), which costs it less
        with_returning = not with_id and connection.vendor != "sqlite"
        returning, _ = connection.ops.return_insert_columns([model._meta.pk]) if with_returning else ("", ())
        sql = "INSERT INTO {table} ({columns}) VALUES ({values}) {returning}".format(  # noqa: S608 (names only)
            table=_quoted(model._meta.db_table),
            columns=", ".join(_quoted(f.column) for f in fields),
            values=", ".join(["%s"] * len(fields)),
            returning=returning,
        )
        preparers = [_preparer(f) for f in fields]
        getter = attrgetter(*(f.attname for f in fields))
        read = getter if len(fields) > 1 else lambda obj: (getter(obj),)
        _insert_statements[key] = _InsertStatement(
            sql=sql.rstrip(),
            read=read,
            stamped=tuple((i, f) for i, f in enumerate(fields) if _stamped(f)),
            converted=tuple((i, p) for i, p in enumerate(preparers) if p is not _same),
            null_converted=frozenset(
                i for i, p in enumerate(preparers) if p is not _same and p not in (_sqlite_utc_text, _adapt_datetime)
            ),
        )
    return _insert_statements[key]


def _columns_insert(model: type[models.Model], fields: Sequence[models.Field]) -> tuple[str, list]:
    """`INSERT INTO table (fields) VALUES (…)` with each field's value preparer; built once."""
    key = (model, tuple(f.attname for f in fields), connection.vendor)
    if key not in _statements:
        sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(  # noqa: S608 (names only)
            table=_quoted(model._meta.db_table),
            columns=", ".join(_quoted(f.column) for f in fields),
            values=", ".join(["%s"] * len(fields)),
        )
        _statements[key] = (sql, [_preparer(f) for f in fields])
    return _statements[key]


def rows_insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT `objs` as they are. With ids set on every object they are kept; otherwise the database assigns
    them (and they are not read back)."""
    if not objs:
        return
    with_ids = all(obj.pk is not None for obj in objs)
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    sql, preparers = _columns_insert(model, fields)
    names = [f.attname for f in fields]
    params = [[prepare(getattr(obj, name)) for name, prepare in zip(names, preparers, strict=True)] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def values_insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT `rows` of values for the fields `names` (attnames) of `model`; the others take their column
    defaults. For rows that need no model instance at all (a request's timeline line at intake)."""
    if not rows:
        return
    meta = model._meta
    sql, preparers = _columns_insert(model, [meta.get_field(name) for name in names])
    if any(len(row) != len(names) for row in rows):
        raise ValueError(f"every row needs {len(names)} values: {', '.join(names)}")
    converted = [(i, prepare) for i, prepare in enumerate(preparers) if prepare is not _same]
    params = [list(row) for row in rows]
    for values in params:  # only the columns the driver cannot take as they are (10,000 lines per sweep)
        for i, prepare in converted:
            values[i] = prepare(values[i])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
