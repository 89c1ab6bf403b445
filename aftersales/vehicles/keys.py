"""The `source_key`s of the work items this app creates (see `vehicles.services`): deterministic, so that repeating
a write or a job never creates a second item, and readable, so that an item names what it is about."""

from __future__ import annotations

import datetime as dt


def call_source_key(visit_id: int, call_no: int) -> str:
    """The follow-up call 1 or 2 of a pick-up (篇8 规定 4, 5)."""
    return f"vehicles:visit:{visit_id}:call{call_no}"


def visit_prefix(visit_id: int) -> str:
    return f"vehicles:visit:{visit_id}:"


def maintenance_source_key(vehicle_id: int, due_on: dt.date) -> str:
    """The reminder before the maintenance due on `due_on`; a new due day is a new reminder."""
    return f"{maintenance_prefix(vehicle_id)}{due_on.isoformat()}"


def maintenance_prefix(vehicle_id: int) -> str:
    return f"vehicles:maintenance:{vehicle_id}:"


def event_source_key(event_id: int, channel: str, customer_id: int) -> str:
    """An event's phone notice (`channel` "phone") or letter ("letter") for one customer (规定 6)."""
    return f"{event_prefix(event_id)}{channel}:{customer_id}"


def event_prefix(event_id: int) -> str:
    return f"vehicles:event:{event_id}:"


def report_source_key(call_id: int) -> str:
    """Report a customer's unanswered request from a call to the supervisor (规定 4)."""
    return f"vehicles:call:{call_id}:report"
