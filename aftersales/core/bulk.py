"""Lean writes for the hot and bulk paths: one-row INSERT (intake), `executemany` INSERT (generator, sweep).

Django's `bulk_update` builds a `CASE WHEN id = … THEN …` expression per field per row, and `bulk_create`
compiles every row into one long statement; at thousands of rows both cost far more in Python than the
database needs. These helpers prepare one statement and hand the database all rows at once. Values are
prepared as each field's `get_db_prep_save` would (plain values as they are, datetimes in the backend's
form, anything else through the field), so they are stored exactly as the ORM stores them. Nothing else
of `save()` happens: no signals, no `auto_now`; callers set every value they mean to write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import signals

# Fields whose Python value is already what the driver takes.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NAIVE_EPOCH = _EPOCH.replace(tzinfo=None)


@contextlib.contextmanager
def driver_cursor() -> Iterator[Any]:
    """A cursor for statements written once and run many times, database errors translated to django.db's.

    On SQLite it is the driver's own cursor: Django's wrapper rewrites `%s` into `?` with a regular
    expression on every call and wraps each call three deep, which on intake cost more than SQLite took to
    insert the row. Statements for it are written with `%s` and passed through `driver_sql` once. Elsewhere
    it is Django's cursor.
    """
    db = connections[DEFAULT_DB_ALIAS]  # once: every use of `connection` goes through a context-local proxy
    if db.vendor != "sqlite":
        with db.cursor() as cursor:
            yield cursor
        return
    db.ensure_connection()
    db.validate_no_broken_transaction()
    with db.wrap_database_errors:
        cursor = db.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


def driver_sql(sql: str) -> str:
    """`sql` (written with `%s` placeholders and no literal `%`) in the placeholder style `driver_cursor` takes."""
    return sql.replace("%s", "?") if connection.vendor == "sqlite" else sql


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
    return partial(field.get_db_prep_save, connection=connection)


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
    if (
        signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
        or not connection.features.can_return_columns_from_insert
    ):
        return PreparedRow(obj, "", None, obj.pk is not None)
    obj._prepare_related_fields_for_save(operation_name="save")
    with_id = obj.pk is not None
    sql, prepared = _insert_statement(model, with_id)
    values = [
        prepare(field.pre_save(obj, True) if stamped else getattr(obj, field.attname))
        for field, prepare, stamped in prepared
    ]
    return PreparedRow(obj, sql, values, with_id)


def row_insert(row: PreparedRow) -> None:
    """INSERT a prepared row and set the object's id (`obj.save(force_insert=True)` when it must be saved)."""
    obj = row.obj
    if row.values is None:
        obj.save(force_insert=True)
        return
    with driver_cursor() as cursor:
        cursor.execute(row.sql, row.values)
        if not row.with_id:
            # SQLite's rowid of the new row; elsewhere the statement RETURNs the id
            obj.pk = cursor.lastrowid if connection.vendor == "sqlite" else cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias


_statements: dict[tuple[type[models.Model], bool, str], tuple[str, list]] = {}


def _stamped(field: models.Field) -> bool:
    """Whether saving may change the field's value (`auto_now`, a file field…): only those need `pre_save`."""
    if isinstance(field, models.DateField):  # and DateTimeField: pre_save only applies auto_now(_add)
        return field.auto_now or field.auto_now_add
    return type(field).pre_save is not models.Field.pre_save


def _insert_statement(model: type[models.Model], with_id: bool) -> tuple[str, list]:
    """`INSERT … RETURNING id` for one row of `model`, in the driver's placeholder style, with each column's
    value preparer and whether saving stamps it; built once."""
    key = (model, with_id, connection.vendor)
    if key not in _statements:
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
        _statements[key] = (driver_sql(sql.rstrip()), [(f, _preparer(f), _stamped(f)) for f in fields])
    return _statements[key]


def _columns_insert(model: type[models.Model], fields: Sequence[models.Field]) -> tuple[str, list]:
    """`INSERT INTO table (fields) VALUES (…)` in the driver's style with each field's value preparer; built once."""
    key = (model, tuple(f.attname for f in fields), connection.vendor)
    if key not in _statements:
        sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(  # noqa: S608 (names only)
            table=_quoted(model._meta.db_table),
            columns=", ".join(_quoted(f.column) for f in fields),
            values=", ".join(["%s"] * len(fields)),
        )
        _statements[key] = (driver_sql(sql), [_preparer(f) for f in fields])
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
    with driver_cursor() as cursor:
        cursor.executemany(sql, params)


def values_insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT `rows` of values for the fields `names` (attnames) of `model`; the others take their column
    defaults. For rows that need no model instance at all (a request's timeline line at intake)."""
    if not rows:
        return
    meta = model._meta
    sql, preparers = _columns_insert(model, [meta.get_field(name) for name in names])
    params = [[prepare(value) for prepare, value in zip(preparers, row, strict=True)] for row in rows]
    with driver_cursor() as cursor:
        cursor.executemany(sql, params)
