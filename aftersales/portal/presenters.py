"""What a customer sees of a request: ONE shape for the portal pages and the API (`CustomerTicketOut`).

It is built by listing what the customer may see, not by deleting internal fields here and there: no
escalation tier, no internal deadlines (提交时限 and the others), no duplicate links, no assignee, no internal
notes. New fields on a request stay internal until they are added here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.core import clock
from aftersales.tickets.models import Ticket
from aftersales.tickets.policy import lifecycle

CUSTOMER_ACTIONS = ("cancel", "reopen", "close")
# Steps of a request a customer follows, in the words of the timeline (no escalations, edits or notes).
CUSTOMER_STEPS = ("create", "respond", "dispatch", "arrive", "restore", "resolve", "close", "reopen", "cancel")


def _local(at: dt.datetime | None) -> dt.datetime | None:
    return clock.local(at) if at is not None else None


def customer_ticket(ticket: Ticket) -> dict[str, Any]:
    """A request as its customer sees it (the fields of `tickets.schemas.CustomerTicketOut`)."""
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
        "reported_at": _local(ticket.reported_at),
        "created_at": _local(ticket.created_at),
        "responded_at": _local(ticket.responded_at),
        "arrived_at": _local(ticket.arrived_at),
        "resolved_at": _local(ticket.resolved_at),
        "contact_name": ticket.contact_name,
        "contact_phone": ticket.contact_phone,
        "allowed_actions": [
            a.value for a in lifecycle.allowed_actions(lifecycle.State(ticket.status)) if a.value in CUSTOMER_ACTIONS
        ],
        "version": ticket.version,
    }


def customer_steps(events) -> list[dict[str, Any]]:
    """The request's timeline as a customer follows it: what happened and when, no notes or internal steps."""
    return [{"action": e.action, "at": _local(e.at)} for e in events if e.action in CUSTOMER_STEPS]
