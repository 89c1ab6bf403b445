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


def paginate(queryset: QuerySet, *, ordering: Sequence[str], cursor: str | None, limit: int) -> Page:
    """One page of `queryset` ordered by `ordering` (fields, '-' for descending; the last must be unique).

    The cursor holds the ordering values of the last row shown; the next page starts strictly after it.
    """
    fields = [f.lstrip("-") for f in ordering]
    qs = queryset.order_by(*ordering)
    if cursor:
        values = _decode(cursor)
        if len(values) != len(fields):
            raise invalid("bad_cursor", "分页游标无效", "Invalid pagination cursor")
        qs = qs.filter(_after(ordering, values))
    rows = list(qs[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = _encode([_value(last, f) for f in fields])
    return Page(items=rows, next_cursor=next_cursor)


def _value(row: Any, field: str) -> Any:
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
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
