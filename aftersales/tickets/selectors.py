"""Reads of service requests: the queue with its filters, one request with its timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce

from aftersales.core import clock
from aftersales.core.errors import DomainError, invalid, not_found
from aftersales.core.pagination import Page, page_keys, page_rows, paginate
from aftersales.tickets import querysets
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
    # The management view's drill-down (issue 12): the rows a chart counted.
    reported_from: dt.date | None = None  # reported on or after this Beijing date
    reported_to: dt.date | None = None  # reported on or before this Beijing date
    sla_policy_id: int | None = None
    vendor_id: int | None = None  # the device's vendor
    vendor_name: str = ""  # the device's vendor by name (the top-faults chart's key)
    model_name: str = ""  # the device's model
    category_name: str = ""  # the device's category
    missed: str = ""  # an SLA clock (respond, arrive, restore, resolve) due and not met
    respond_minutes: str = ""  # "15-30": responded more than 15 and at most 30 minutes after the report
    restore_minutes: str = ""  # the same for the restoration ("1440-": over a day)


# Status filter values beside the statuses themselves.
OPEN_STATUS = "open"
NOT_CANCELLED = "not_cancelled"  # every request but the cancelled ones (what the management view counts)
CLOCKS = ("respond", "arrive", "restore", "resolve")


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
    """The queue, newest first, one keyset page at a time.

    Ids first (`core.pagination`): the page's ids from the filters alone, then those rows with their customer,
    region and assignee. "Due soon" matches thousands of requests through the deadline index; read whole and
    joined before the newest-first sort, they cost PostgreSQL ten times the ids (decision 021 §8)."""
    at = at or clock.now()
    qs = ticket_visible(user)
    rows = Ticket.objects.select_related("customer", "region", "assignee", "assignee__partner")
    if filters.sort not in SORTS:
        raise invalid("invalid_sort", "未知排序：{sort}", "Unknown sort: {sort}", sort=filters.sort)
    if filters.status == OPEN_STATUS:
        qs = qs.open()
    elif filters.status == NOT_CANCELLED:
        qs = qs.exclude(status=Status.CANCELLED)
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
    qs = _drill_down(qs, filters, at)
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
                return paginate(qs, ordering=SORTS[filters.sort], cursor=cursor, limit=limit, rows=rows)
            keys = page_keys(qs.filter(condition), ordering=SORTS[filters.sort], cursor=cursor, limit=limit)
            if keys.next_cursor is not None:
                return page_rows(rows, keys)
        condition = search.matching_filter(filters.q, catch_up=False) if not filters.sort and not cursor else None
        condition = condition or search.matching_filter(filters.q)
        if condition is not None:
            qs = qs.filter(condition)
    return paginate(qs, ordering=SORTS[filters.sort], cursor=cursor, limit=limit, rows=rows)


def _drill_down(qs: QuerySet[Ticket], filters: QueueFilter, at: dt.datetime) -> QuerySet[Ticket]:
    """The management view's filters (issue 12): the report-date range in Beijing dates, SLA policy, the device's
    vendor/model/category, a missed clock. No index serves the date range (intake writes none on
    `reported_at`): the newest-first page walks the primary key and stops at 50 rows."""
    if filters.reported_from and filters.reported_to and filters.reported_from > filters.reported_to:
        raise DomainError(
            "invalid_reported_range",
            "报告日期范围有误：开始日期晚于结束日期",
            "Invalid report-date range: 'reported_from' is after 'reported_to'",
            {},
            422,
        )
    if filters.reported_from is not None:
        qs = qs.filter(reported_at__gte=dt.datetime.combine(filters.reported_from, dt.time(), tzinfo=clock.SHANGHAI))
    if filters.reported_to is not None:
        end = dt.datetime.combine(filters.reported_to + dt.timedelta(days=1), dt.time(), tzinfo=clock.SHANGHAI)
        qs = qs.filter(reported_at__lt=end)
    if filters.sla_policy_id is not None:
        qs = qs.filter(sla_policy_id=filters.sla_policy_id)
    if filters.vendor_id is not None:
        qs = qs.filter(asset__vendor_id=filters.vendor_id)
    if filters.vendor_name:
        qs = qs.filter(asset__vendor__name=filters.vendor_name)
    if filters.model_name:
        qs = qs.filter(asset__model=filters.model_name)
    if filters.category_name:
        qs = qs.filter(asset__category=filters.category_name)
    for name, value in (("respond", filters.respond_minutes), ("restore", filters.restore_minutes)):
        if value:
            qs = qs.filter(querysets.minutes_in(name, *_minutes_range(value)))
    if filters.missed:
        if filters.missed not in CLOCKS:
            raise invalid("invalid_clock", "未知的时限：{clock}", "Unknown SLA clock: {clock}", clock=filters.missed)
        qs = qs.missed(filters.missed, at=at)
    return qs


def _minutes_range(value: str) -> tuple[int | None, int | None]:
    """ "15-30" → (15, 30), "1440-" → (1440, None), "-15" → (None, 15); anything else a 422."""
    lower, sep, upper = value.partition("-")
    if not sep or not (lower + upper) or not all(part.isdigit() for part in (lower, upper) if part):
        raise DomainError(
            "invalid_minutes",
            "分钟范围有误：{value}（应为“下限-上限”，如 15-30）",
            "Invalid minutes range: {value} (expected 'over-up to', e.g. 15-30)",
            {"value": value},
            422,
        )
    return (int(lower) if lower else None, int(upper) if upper else None)


def _by_assignee(qs: QuerySet[Ticket], user, value: str) -> QuerySet[Ticket]:
    if value == "me":
        return qs.filter(assignee_id=user.pk)
    if value == "none":
        return qs.filter(assignee__isnull=True)
    if value.isdigit():
        return qs.filter(assignee_id=int(value))
    raise invalid("invalid_assignee", "处理人筛选无效：{value}", "Invalid assignee filter: {value}", value=value)


def drill_down_names(ids: dict[str, int]) -> dict[str, str]:
    """The display names of the drill-down's ids (region_id, customer_id, sla_policy_id, vendor_id) for the
    queue's chips: one query per kind given."""
    from aftersales.assets.models import Vendor
    from aftersales.customers.models import Customer, Region
    from aftersales.sla.models import SlaPolicy

    models_of = {"region_id": Region, "customer_id": Customer, "sla_policy_id": SlaPolicy, "vendor_id": Vendor}
    out = {}
    for name, pk in ids.items():
        model = models_of.get(name)
        if model is not None:
            found = model.objects.filter(pk=pk).values_list("name", flat=True).first()
            out[name] = found if found is not None else str(pk)
    return out


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
