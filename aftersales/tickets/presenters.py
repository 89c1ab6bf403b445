"""One request as plain data for the API and the pages: deadlines in China time, clocks read now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.core import clock
from aftersales.tickets import services
from aftersales.tickets.models import Ticket, TicketEvent
from aftersales.tickets.policy import clocks, lifecycle


def _local(at: dt.datetime | None) -> dt.datetime | None:
    return clock.local(at) if at is not None else None


def ticket_data(
    ticket: Ticket, *, at: dt.datetime | None = None, state: clocks.ClockState | None = None
) -> dict[str, Any]:
    """The request's fields, its deadlines and which of them are breached at `at` (default now), or as `state`
    says when the caller has just read its clocks."""
    state = state or services.clock_state(ticket, at)
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "customer_id": ticket.customer_id,
        "customer_name": ticket.customer.name,
        "asset_id": ticket.asset_id,
        "channel": ticket.channel,
        "severity": ticket.severity,
        "title": ticket.title,
        "description": ticket.description,
        "status": ticket.status,
        "tier": ticket.tier,
        "region": ticket.region.name,
        "zone": ticket.zone,
        "reported_at": _local(ticket.reported_at),
        "created_at": _local(ticket.created_at),
        "deadlines": {
            "respond_by": _local(ticket.respond_by),
            "escalate_by": _local(ticket.escalate_by),
            "restore_by": _local(ticket.restore_by),
            "arrive_by": _local(ticket.arrive_by),
            "resolve_by": _local(ticket.resolve_by),
        },
        "deadline_uncertain": ticket.deadline_uncertain,
        "breached": list(state.breached),
        "due_at": _local(state.due_at),
        "allowed_actions": [a.value for a in lifecycle.allowed_actions(lifecycle.State(ticket.status))],
        "duplicate_of": ticket.duplicate_of_id,
        "assignee_id": ticket.assignee_id,
        "assignee_name": assignee_name(ticket),
        "version": ticket.version,
    }


def assignee_name(ticket: Ticket) -> str:
    """The request's 处理人 as people read it (a partner's user with the company), when the row came with its
    assignee (the selectors load it); never a query of its own."""
    if not ticket.assignee_id:
        return ""
    user = ticket._state.fields_cache.get("assignee")
    if user is None:
        return ""
    name = f"{user.last_name}{user.first_name}".strip() or user.username
    partner = user._state.fields_cache.get("partner") if user.partner_id else None
    return f"{name}（{partner.name}）" if partner is not None else name


def event_data(event: TicketEvent) -> dict[str, Any]:
    return {
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "tier": event.tier,
        "actor": event.actor.username if event.actor_id else None,
        "at": _local(event.at),
        "recorded_at": _local(event.recorded_at),
        "note": event.note,
        "changes": event.changes,
    }
