"""Schema building blocks shared by every app's API."""

from __future__ import annotations

from ninja import Schema
from pydantic import BaseModel, ConfigDict


class StrictIn(Schema):
    """Input schemas reject fields they do not know."""

    model_config = ConfigDict(extra="forbid")


class StrictBody(BaseModel):
    """StrictIn as a plain pydantic model, for hot endpoints: validated in pydantic's core alone, without
    ninja's attribute getter (which only matters for reading ORM objects, never for JSON bodies)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    code: str
    message: str
    message_zh: str
    message_en: str


class IdOut(Schema):
    id: int


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
