"""The hand-written SQL of the accounts area (issue 9): what every API request reads of its bearer token.

An API request reads either the accounts generation (`generation`: one row by its key), when its worker already
holds the token under that generation, or the token joined to its user together with the generation
(`live_token`); see `api.auth`. Compiling the join as an ORM query cost about 1.3 ms of a 1.7 ms
`GET /api/v1/me` on SQLite; the same statement written once costs a tenth of that. Both run on Django's cursor,
so query counts see them; `tests/test_sql.py` checks the join returns what the ORM query returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models

from aftersales.accounts.models import AccountsGeneration, ApiToken, User
from aftersales.core import bulk

_TOKEN_FIELDS = tuple(ApiToken._meta.concrete_fields)
_USER_FIELDS = tuple(User._meta.concrete_fields)
_USER_CACHE = ApiToken._meta.get_field("user")  # `token.user` without the descriptor's checks
_GENERATION = f"SELECT value FROM {AccountsGeneration._meta.db_table} WHERE id = 1"  # noqa: S608 (names only)


@dataclass(frozen=True)
class _Shape:
    """The statement and how its row becomes the two models, worked out once per database vendor."""

    sql: str
    when: Callable[[dt.datetime], Any]  # the instant as a parameter, in the form the ORM stores it
    token_names: list[str]
    user_names: list[str]
    datetimes: tuple[int, ...]  # positions of datetime columns (naive UTC from SQLite: made aware)
    booleans: tuple[int, ...]  # positions of the user's boolean columns (0/1 from SQLite: made bool)


def _shape(conn) -> _Shape:
    def columns(alias: str, fields: tuple[models.Field, ...]) -> str:
        return ", ".join(f"{alias}.{conn.ops.quote_name(f.column)}" for f in fields)

    both = _TOKEN_FIELDS + _USER_FIELDS
    return _Shape(
        sql=(
            f"SELECT ({_GENERATION}), {columns('t', _TOKEN_FIELDS)}, {columns('u', _USER_FIELDS)} "  # noqa: S608
            f"FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
            "WHERE t.digest = %s AND t.revoked_at IS NULL AND t.expires_at > %s AND u.is_active"
        ),
        when=bulk.datetime_param(),
        token_names=[f.attname for f in _TOKEN_FIELDS],
        user_names=[f.attname for f in _USER_FIELDS],
        datetimes=tuple(1 + i for i, f in enumerate(both) if isinstance(f, models.DateTimeField)),
        booleans=tuple(
            1 + len(_TOKEN_FIELDS) + i
            for i, f in enumerate(_USER_FIELDS)
            if isinstance(f, models.BooleanField) and conn.vendor == "sqlite"
        ),
    )


_shapes: dict[str, _Shape] = {}


def generation() -> int | None:
    """The accounts generation (`models.AccountsGeneration`), or None without its row."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(_GENERATION)
        row = cursor.fetchone()
    return row[0] if row is not None else None


def live_token(digest: str, now: dt.datetime) -> tuple[int | None, ApiToken | None]:
    """The accounts generation, and the token with this digest, unrevoked, unexpired at `now`, of an active user
    (on `.user`) or None — read in one statement, so the token is as it stood under that generation.

    The statement, the column positions and the parameter conversion are worked out once per vendor and
    `connection` (a context-local proxy) is looked up once."""
    conn = connections[DEFAULT_DB_ALIAS]
    shape = _shapes.get(conn.vendor)
    if shape is None:
        shape = _shapes[conn.vendor] = _shape(conn)
    with conn.cursor() as cursor:
        cursor.execute(shape.sql, [digest, shape.when(now)])
        row = cursor.fetchone()
    if row is None:  # an unknown or dead token: nothing is kept of it, so its generation does not matter
        return None, None
    values = list(row)
    for i in shape.datetimes:
        value = values[i]
        if value is not None and value.tzinfo is None:
            values[i] = value.replace(tzinfo=dt.UTC)
    for i in shape.booleans:
        values[i] = bool(values[i])
    split = 1 + len(shape.token_names)
    token = ApiToken.from_db(conn.alias, shape.token_names, values[1:split])
    _USER_CACHE.set_cached_value(token, User.from_db(conn.alias, shape.user_names, values[split:]))
    return values[0], token
