"""Keyset (cursor) pagination: stable under inserts, O(page) at any depth, never OFFSET."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from aftersales.core.errors import invalid


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def _encode(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values), default=str).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except ValueError as exc:
        raise invalid("bad_cursor", "分页游标无效", "Invalid pagination cursor") from exc
    if not isinstance(values, list):
        raise invalid("bad_cursor", "分页游标无效", "Invalid pagination cursor")
    return values


def paginate(
    queryset: QuerySet, *, ordering: Sequence[str], cursor: str | None, limit: int, rows: QuerySet | None = None
) -> Page:
    """One page of `queryset` ordered by `ordering` (fields, '-' for descending; the last must be unique).

    The cursor holds the ordering values of the last row shown; the next page starts strictly after it.

    With `rows`, the page is read ids first: `page_keys` reads the page's ordering values and primary keys from
    `queryset` (no joins but those its filters need), then `page_rows` reads those rows from `rows` (its joins,
    its columns) by primary key. One query more per page, and the database joins only the page's rows: a filter
    that matches thousands of rows in an order no index gives (a range of deadlines, newest first) otherwise
    joins every match before its top-N sort (docs/decisions/021-postgresql-at-scale.md §8).
    """
    if rows is not None:
        return page_rows(rows, page_keys(queryset, ordering=ordering, cursor=cursor, limit=limit))
    fields = [f.lstrip("-") for f in ordering]
    qs = _ordered(queryset, ordering, cursor)
    found = list(qs[: limit + 1])
    has_more = len(found) > limit
    found = found[:limit]
    next_cursor = None
    if has_more and found:
        last = found[-1]
        next_cursor = _encode([_value(last, f) for f in fields])
    return Page(items=found, next_cursor=next_cursor)


@dataclass(frozen=True)
class Keys:
    """A page's primary keys in page order, and the cursor after them (as `Page.next_cursor`)."""

    pks: list[Any]
    next_cursor: str | None


def page_keys(queryset: QuerySet, *, ordering: Sequence[str], cursor: str | None, limit: int) -> Keys:
    """The primary keys of the page `paginate` would return, read as values (one narrow query)."""
    fields = [f.lstrip("-") for f in ordering]
    found = list(_ordered(queryset, ordering, cursor).values_list(*fields, "pk")[: limit + 1])
    has_more = len(found) > limit
    found = found[:limit]
    next_cursor = None
    if has_more and found:
        next_cursor = _encode([_plain(value) for value in found[-1][: len(fields)]])
    return Keys(pks=[row[-1] for row in found], next_cursor=next_cursor)


def page_rows(rows: QuerySet, keys: Keys) -> Page:
    """The rows of `keys` from `rows` (its related rows and columns), in the keys' order; no query for none.
    A row gone since its key was read is left out."""
    if not keys.pks:
        return Page(items=[], next_cursor=keys.next_cursor)
    by_pk = rows.in_bulk(keys.pks)
    return Page(items=[by_pk[pk] for pk in keys.pks if pk in by_pk], next_cursor=keys.next_cursor)


def _ordered(queryset: QuerySet, ordering: Sequence[str], cursor: str | None) -> QuerySet:
    qs = queryset.order_by(*ordering)
    if cursor:
        values = _decode(cursor)
        if len(values) != len(ordering):
            raise invalid("bad_cursor", "分页游标无效", "Invalid pagination cursor")
        qs = qs.filter(_after(ordering, values))
    return qs


def _value(row: Any, field: str) -> Any:
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return _plain(value)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _after(ordering: Sequence[str], values: Sequence[Any]) -> Q:
    """(a, b, c) > (x, y, z) in the given directions, as an OR of prefix-equal conditions."""
    condition = Q()
    for index, spec in enumerate(ordering):
        field = spec.lstrip("-")
        op = "lt" if spec.startswith("-") else "gt"
        term = Q(**{f"{field}__{op}": values[index]})
        for prev_spec, prev_value in zip(ordering[:index], values[:index], strict=True):
            term &= Q(**{prev_spec.lstrip("-"): prev_value})
        condition |= term
    return condition
