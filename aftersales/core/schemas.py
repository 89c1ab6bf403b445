"""Schema building blocks shared by every app's API.

Every input schema (a JSON body or a query string) derives from one of `StrictIn`, `StrictBody` or `QueryIn`.
They share one check, run before pydantic's own conversion on every field of every subclass, so a field added
later is covered without anyone remembering to:

- no bool where a number is expected (`severity: true` is not class 1) and, in a JSON body, no number given as
  text, no number or bool where text, a date or a bool is expected;
- a date or a time must be written as ISO 8601 text (`purchased_on: 0` or "0" is not 1970-01-01);
- text carries no NUL, control characters (tab, line feed and carriage return aside) or lone surrogates, which
  PostgreSQL refuses and SQLite would store: the same 422 on both databases, and nothing stored.

Plain path and query parameters declared on a view (not through a schema) use `ParamDate`/`ParamText` below.
`Email` is validated with Django's own `EmailValidator`, the one the admin and the forms use.
aftersales/api/tests/test_input_strict.py fails when an input schema or a parameter escapes these rules.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

# C0 controls except tab, line feed and carriage return (the set XML and openpyxl refuse), DEL, lone surrogates.
BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_TIME = re.compile(r"\d{2}:\d{2}")


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _check_text(value: str) -> None:
    if BAD_TEXT.search(value):
        raise _fail("control_character", "Text must not contain NUL or control characters")


def _scalar_kinds(annotation: Any) -> set[type]:
    """The scalar types a field accepts (int, float, bool, str, date, datetime, time), through Optional,
    Annotated, Literal and containers; models and other types add nothing (they check themselves)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _scalar_kinds(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_scalar_kinds(a) for a in typing.get_args(annotation)))
    if origin is Literal:
        return {type(a) for a in typing.get_args(annotation)}
    if isinstance(annotation, type):
        if issubclass(annotation, Enum):
            return {next((b for b in (str, int) if issubclass(annotation, b)), object)}
        for kind in (bool, dt.datetime, dt.date, dt.time, int, float, str):
            if issubclass(annotation, kind):
                return {kind}
    return set()


def _items_annotation(annotation: Any) -> Any | None:
    """The element type of a list/set/tuple field (through Optional and Annotated), else None."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _items_annotation(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if (inner := _items_annotation(arg)) is not None:
                return inner
        return None
    if origin in (list, set, frozenset, tuple):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return args[0] if args else Any
    return None


_KINDS: dict[int, tuple[Any, set[type]]] = {}
_ITEMS: dict[int, tuple[Any, Any]] = {}


def _kinds_of(annotation: Any) -> set[type]:
    """`_scalar_kinds`, remembered per annotation object (the annotations live as long as their classes)."""
    hit = _KINDS.get(id(annotation))
    if hit is None or hit[0] is not annotation:
        hit = _KINDS[id(annotation)] = (annotation, _scalar_kinds(annotation))
    return hit[1]


def _items_of(annotation: Any) -> Any:
    hit = _ITEMS.get(id(annotation))
    if hit is None or hit[0] is not annotation:
        hit = _ITEMS[id(annotation)] = (annotation, _items_annotation(annotation))
    return hit[1]


def _check_value(value: Any, annotation: Any, *, from_query: bool) -> None:
    """Refuse `value` for a field of type `annotation` when only a lax conversion would accept it."""
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_value(key, Any, from_query=from_query)
            _check_value(item, Any, from_query=from_query)
        return
    elif isinstance(value, (list, tuple, set)):
        inner = _items_of(annotation)
        for item in value:
            _check_value(item, inner if inner is not None else Any, from_query=from_query)
        return
    if value is None or annotation is Any:
        return
    kinds = _kinds_of(annotation)
    if not kinds:
        return
    if isinstance(value, bool):
        if bool not in kinds:
            raise _fail("bool_not_allowed", "A boolean is not accepted here")
        return
    if isinstance(value, (int, float)):
        if not kinds & {int, float}:
            raise _fail("number_not_allowed", "A number is not accepted here")
        return
    if isinstance(value, str):
        if kinds & {dt.date, dt.datetime} and not kinds & {str}:
            if not ISO_DATE.match(value):
                raise _fail("date_format", "Dates and times must be ISO 8601 text (YYYY-MM-DD…)")
        elif dt.time in kinds and str not in kinds and not ISO_TIME.match(value):
            raise _fail("time_format", "Times must be ISO 8601 text (HH:MM…)")
        elif not from_query and str not in kinds and not kinds & {dt.date, dt.datetime, dt.time}:
            raise _fail("text_not_allowed", "Text is not accepted here (send a JSON number or boolean)")


class InputChecks:
    """The check shared by every input schema (see the module docstring); a mixin of the bases below."""

    from_query: ClassVar[bool] = False

    @field_validator("*", mode="before")
    @classmethod
    def _strict_input(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return value
        field = cls.__pydantic_fields__.get(info.field_name) if info.field_name else None  # type: ignore[attr-defined]
        _check_value(value, field.annotation if field is not None else Any, from_query=cls.from_query)
        return value


class StrictIn(InputChecks, Schema):
    """A JSON body: unknown fields are refused, every field is checked strictly."""

    model_config = ConfigDict(extra="forbid")


class StrictBody(InputChecks, BaseModel):
    """StrictIn as a plain pydantic model, for hot endpoints: validated in pydantic's core alone, without
    ninja's attribute getter (which only matters for reading ORM objects, never for JSON bodies)."""

    model_config = ConfigDict(extra="forbid")


class QueryIn(InputChecks, Schema):
    """A query string: every value arrives as text, so numbers and booleans are read from text; dates must
    still be ISO text and text carries no control characters. Unknown parameters are ignored (as HTTP does)."""

    from_query: ClassVar[bool] = True


def _param_date(value: Any) -> Any:
    _check_value(value, dt.date, from_query=True)
    return value


def _param_text(value: Any) -> Any:
    _check_value(value, str, from_query=True)
    return value


def _email(value: str) -> str:
    if value:
        try:
            EmailValidator()(value)
        except DjangoValidationError:
            raise _fail("email", "Enter a valid e-mail address") from None
    return value


ParamDate = Annotated[dt.date, BeforeValidator(_param_date)]
"""A date given as a plain path or query parameter: ISO text only."""
ParamText = Annotated[str, BeforeValidator(_param_text)]
"""Text given as a plain path or query parameter: no control characters."""
Email = Annotated[str, AfterValidator(_email)]
"""An e-mail address (empty allowed: the field's default says whether it is optional)."""


class ErrorOut(Schema):
    code: str
    message: str
    message_zh: str
    message_en: str


class IdOut(Schema):
    id: int


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
