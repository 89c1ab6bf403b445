"""Reads of service requests: the queue with its filters, one request with its timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from aftersales.core import clock
from aftersales.core.errors import invalid, not_found
from aftersales.core.pagination import Page, paginate
from aftersales.tickets.choices import Status, Tier
from aftersales.tickets.models import Ticket, TicketEvent

DUE_SOON_MINUTES = 30


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters, shared by the page and the API."""

    status: str | None = None  # a status, or "open"
    severity: int | None = None
    region_id: int | None = None
    tier: int | None = None
    customer_id: int | None = None
    breached: bool | None = None
    due_soon: bool = False


def ticket_visible(user) -> QuerySet[Ticket]:
    return Ticket.objects.visible_to(user)


def ticket_get(user, ticket_id: int) -> Ticket:
    """One request the user may see (404 otherwise, whether it exists or not)."""
    ticket = (
        ticket_visible(user)
        .select_related("customer", "region", "asset", "asset__vendor", "sla_policy", "assignee", "created_by")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise not_found("服务请求", "Ticket")
    return ticket


def ticket_events(ticket: Ticket) -> list[TicketEvent]:
    """The request's timeline, oldest first. Its first line, "received", is the request's own row (who took it,
    when it was reported, when it was entered), not an event row: intake writes no second row for it."""
    received = TicketEvent(
        ticket=ticket,
        action="create",
        from_status="",
        to_status=Status.RECEIVED,
        tier=Tier.DESK,
        actor=ticket.created_by,
        at=ticket.reported_at,
        recorded_at=ticket.created_at,
    )
    return [received, *TicketEvent.objects.filter(ticket=ticket).select_related("actor").order_by("id")]


def ticket_list(
    user, filters: QueueFilter, *, cursor: str | None = None, limit: int = 50, at: dt.datetime | None = None
) -> Page:
    """The queue, newest first, one keyset page at a time."""
    at = at or clock.now()
    qs = ticket_visible(user).select_related("customer", "region")
    if filters.status == "open":
        qs = qs.open()
    elif filters.status:
        if filters.status not in Status.values:
            raise invalid("invalid_status", "未知状态：{status}", "Unknown status: {status}", status=filters.status)
        qs = qs.filter(status=filters.status)
    if filters.severity is not None:
        qs = qs.filter(severity=filters.severity)
    if filters.region_id is not None:
        qs = qs.filter(region_id=filters.region_id)
    if filters.tier is not None:
        qs = qs.filter(tier=filters.tier)
        if filters.tier > Tier.DESK:
            qs = qs.filter(tier__gt=Tier.DESK)  # implies the partial index's condition, so SQLite uses it
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.breached is True:
        qs = qs.breached(at=at)
    elif filters.breached is False:
        qs = qs.not_breached(at=at)
    if filters.due_soon:
        qs = qs.due_within(at=at, minutes=DUE_SOON_MINUTES)
    return paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)
