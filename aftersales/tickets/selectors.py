"""Reads of service requests: the queue with its filters, one request with its timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce

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
    q: str = ""  # search: number, words, customer, phone digits, serial (tickets.search)
    assignee: str = ""  # "me", "none" or a user id
    sort: str = ""  # "" newest first, "deadline" next deadline first, "severity" class then newest, "reported"


SORTS = {
    "": ["-id"],
    "deadline": ["due_sort", "id"],
    "severity": ["severity", "-id"],
    "reported": ["-reported_at", "-id"],
}
NO_DEADLINE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


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
    qs = ticket_visible(user).select_related("customer", "region", "assignee", "assignee__partner")
    if filters.sort not in SORTS:
        raise invalid("invalid_sort", "未知排序：{sort}", "Unknown sort: {sort}", sort=filters.sort)
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
    if filters.assignee:
        qs = _by_assignee(qs, user, filters.assignee)
    if filters.sort == "deadline":
        qs = qs.annotate(due_sort=Coalesce("due_at", Value(NO_DEADLINE)))
    if filters.q.strip():
        from aftersales.tickets import search

        # Newest first: the newest FIRST_LIMIT matches nearly always fill the page (a common word matches a
        # hundred thousand rows: looking up 500 is cheap, 5,000 is not); a page they cannot fill, a cursor or
        # another order looks at the newest MATCH_LIMIT.
        if not filters.sort and not cursor:
            condition = search.matching_filter(filters.q, limit=search.FIRST_LIMIT)
            if condition is None:
                return paginate(qs, ordering=SORTS[filters.sort], cursor=cursor, limit=limit)
            page = paginate(qs.filter(condition), ordering=SORTS[filters.sort], cursor=cursor, limit=limit)
            if page.next_cursor is not None:
                return page
        condition = search.matching_filter(filters.q, catch_up=False) if not filters.sort and not cursor else None
        condition = condition or search.matching_filter(filters.q)
        if condition is not None:
            qs = qs.filter(condition)
    return paginate(qs, ordering=SORTS[filters.sort], cursor=cursor, limit=limit)


def _by_assignee(qs: QuerySet[Ticket], user, value: str) -> QuerySet[Ticket]:
    if value == "me":
        return qs.filter(assignee_id=user.pk)
    if value == "none":
        return qs.filter(assignee__isnull=True)
    if value.isdigit():
        return qs.filter(assignee_id=int(value))
    raise invalid("invalid_assignee", "处理人筛选无效：{value}", "Invalid assignee filter: {value}", value=value)


# ------------------------------------------------------------------------------------ live updates, duplicates


def queue_stamp() -> str:
    """What changed last, cheaply: the newest request and the newest timeline line (both primary keys).

    Every intake raises the first, every action and edit the second, so a client that saw the same stamp saw
    the same queue. Two index look-ups, whatever the size of the table."""
    from aftersales.tickets.models import TicketEvent

    top = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    event = TicketEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"{top}.{event}"


def new_critical(user, after_id: int, *, limit: int = 5) -> list[Ticket]:
    """The class-1 requests the user may see that arrived after request `after_id` (newest first)."""
    return list(
        ticket_visible(user).filter(pk__gt=after_id, severity=1).select_related("customer").order_by("-pk")[:limit]
    )


SIMILAR_SCAN = 200


def similar_tickets(user, *, customer_id: int, title: str = "", asset_id: int | None = None, limit: int = 5) -> list:
    """Possible duplicates while a request is typed: the customer's open requests on the same asset, or with a
    similar title (at least half of the shorter title's words in common, jieba words), newest first."""
    from aftersales.tickets import search

    qs = ticket_visible(user).open().filter(customer_id=customer_id).select_related("asset")
    recent = list(qs.order_by("-pk")[:SIMILAR_SCAN])
    words = set(search._words(title)) if title.strip() else set()
    found = []
    for ticket in recent:
        same_asset = asset_id is not None and ticket.asset_id == asset_id
        theirs = set(search._words(ticket.title))
        common = words & theirs
        similar = bool(words) and bool(theirs) and len(common) * 2 >= min(len(words), len(theirs))
        if same_asset or similar:
            found.append({"ticket": ticket, "same_asset": same_asset, "common": sorted(common)})
        if len(found) >= limit:
            break
    return found
