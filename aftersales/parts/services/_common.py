"""Shared by the parts services: refusal messages, permission checks, lookups, locking and the ledger write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Sum

from aftersales.accounts import access
from aftersales.accounts.models import User
from aftersales.core.errors import DomainError, conflict, forbidden, unknown_reference
from aftersales.parts.choices import MoveKind
from aftersales.parts.models import Location, Part, Stock, StockCount, StockMove
from aftersales.parts.policy import ledger
from aftersales.parts.policy.access import field_move
from aftersales.tickets.choices import TERMINAL
from aftersales.tickets.models import Ticket

MAX_QUANTITY = 1_000_000


# ---------------------------------------------------------------------------------------------- refusals

_REFUSALS: dict[ledger.Refusal, tuple[str, str, int]] = {
    ledger.Refusal.QUANTITY_NOT_POSITIVE: ("数量必须是正整数", "The quantity must be a positive whole number", 400),
    ledger.Refusal.INSUFFICIENT_STOCK: (
        "库存不足：{part} 在「{location}」可用 {available}，需要 {quantity}",
        "Not enough stock: {part} at {location} has {available} available, {quantity} needed",
        409,
    ),
    ledger.Refusal.INSUFFICIENT_RESERVATION: (
        "预留不足：该服务请求在「{location}」预留的 {part} 只有 {ticket_reserved}，不能取消 {quantity}",
        "Not enough reserved: the request holds {ticket_reserved} of {part} at {location}, cannot release {quantity}",
        409,
    ),
    ledger.Refusal.RETURN_EXCEEDS_ISSUED: (
        "退回数量 {quantity} 超过该服务请求已领用未退回的 {outstanding}（{part}）",
        "Returning {quantity} is more than the {outstanding} of {part} issued to the request and not yet returned",
        409,
    ),
    ledger.Refusal.COUNT_BELOW_RESERVED: (
        "{part} 实盘 {counted} 少于已预留的 {reserved}，请先取消相关预留",
        "{part}: counted {counted} is less than the {reserved} reserved; release those reservations first",
        409,
    ),
    ledger.Refusal.COUNT_NEGATIVE: ("实盘数量不能为负数", "A counted quantity cannot be negative", 400),
}


def repeat_issue(part: Part, ticket: Ticket, outstanding: int) -> DomainError:
    """409: the request already has units of this part issued and not returned (a second issue needs a yes)."""
    return conflict(
        "parts_repeat_issue",
        "服务请求 {number} 已领用 {part} {outstanding} 个（未退回），确认要再次领用吗？",
        "Request {number} already has {outstanding} of {part} issued and not returned; issue more?",
        number=ticket.number,
        part=f"{part.part_number} {part.name}",
        outstanding=outstanding,
    )


def _refused(refusal: ledger.Refusal, **params: Any) -> DomainError:
    zh, en, status = _REFUSALS[refusal]
    return DomainError(refusal.value, zh, en, params, status)


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0 or quantity > MAX_QUANTITY:
        raise _refused(ledger.Refusal.QUANTITY_NOT_POSITIVE)


# ----------------------------------------------------------------------------------------- permissions


def ensure_can_move(
    actor: User | None,
    *,
    kind: str,
    has_ticket: bool,
    location_id: int | None = None,
    to_location_id: int | None = None,
    ticket_id: int | None = None,
) -> None:
    """403 unless `actor` may make this kind of move: the access table's ``parts.move`` (store keepers any; an
    engineer only on a van the engineer keeps, against a request of the engineer's), and a scoped mover only the
    field moves against a request (`policy.access.field_move`)."""
    targets = {"location_id": location_id, "to_location_id": to_location_id, "ticket_id": ticket_id}
    access.require(actor, "parts.move", out_of_scope=forbidden(), **targets)
    if access.scope_of(actor, "parts.move") != access.ANY and not field_move(kind=kind, has_ticket=has_ticket):
        raise forbidden()


def ensure_can_keep_store(actor: User | None) -> None:
    """Catalogue, locations, reorder rules, counts, loaner devices: the table's ``parts.keep_store``."""
    access.require(actor, "parts.keep_store")


def ensure_can_lend(actor: User | None) -> None:
    access.require(actor, "parts.lend")


# --------------------------------------------------------------------------------------------- lookups


def _part(part_id: int) -> Part:
    part = Part.objects.filter(pk=part_id).first()
    if part is None:
        raise unknown_reference("备件", "Part")
    return part


def _location(location_id: int) -> Location:
    location = Location.objects.filter(pk=location_id).first()
    if location is None:
        raise unknown_reference("库位", "Location")
    _check_active(location)
    return location


def _ticket(ticket_id: int) -> Ticket:
    """The request a move or loan is for, locked FOR NO KEY UPDATE before any stock or loaner row.

    Why lock it at all: the ledger line (and a loan) references the request, and on PostgreSQL inserting
    that reference takes a key-share lock on the request's row. Taken late, after the stock row, it could
    wait on a transaction that holds the request and waits for our stock row (a deadlock the stock bench
    found). Taken first, every path follows one order: request → stock. NO KEY UPDATE still lets others
    reference the request; it only queues moves for the same request (and `ticket_apply_action`'s FOR UPDATE).
    """
    # Only what the parts services need (the status and the number), not the request's wide row.
    ticket = (
        Ticket.objects.select_for_update(no_key=True)
        .only("id", "status", "created_at", "customer_id")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise unknown_reference("服务请求", "Ticket")
    return ticket


def _ticket_for_parts(ticket_id: int) -> Ticket:
    """A request that parts may still be reserved or issued for (not closed or cancelled)."""
    ticket = _ticket(ticket_id)
    if ticket.status in TERMINAL:
        raise conflict(
            "parts_ticket_closed",
            "服务请求 {number} 已关闭或取消，不能再预留或领用备件",
            "Request {number} is closed or cancelled; parts can no longer be reserved or issued for it",
            number=ticket.number,
        )
    return ticket


def _check_active(location: Location) -> None:
    if not location.is_active:
        raise conflict(
            "parts_location_inactive", "库位「{name}」已停用", "Location {name} is no longer in use", name=location.name
        )


def _lock_rows(part_id: int, location_ids: Sequence[int]) -> list[Stock]:
    # of=("self",): lock the stock rows only, not the part and location rows joined for messages.
    return list(
        Stock.objects.select_for_update(of=("self",))
        .select_related("part", "location")
        .filter(part_id=part_id, location_id__in=location_ids)
        .order_by("pk")
    )


def _locked_stock(part_id: int, location_ids: Sequence[int]) -> dict[int, Stock]:
    """The stock rows of a part at locations (by location id), with part and location, locked in pk order.

    One query when the rows exist (they do after the first receipt). A missing row is created first, after
    checking that the part and location exist; one created by a move that is then refused disappears with the
    rolled-back transaction.
    """
    rows = _lock_rows(part_id, location_ids)
    if len(rows) < len(set(location_ids)):
        part = _part(part_id)
        for location_id in location_ids:
            Stock.objects.get_or_create(part=part, location=_location(location_id))
        rows = _lock_rows(part_id, location_ids)
    for row in rows:
        _check_active(row.location)
    return {row.location_id: row for row in rows}


def _balance(stock: Stock) -> ledger.Balance:
    return ledger.Balance(on_hand=stock.on_hand, reserved=stock.reserved)


def _ticket_reserved(ticket_id: int, part_id: int, location_id: int) -> int:
    """What a request holds reserved of a part at a location: the sum of its reservation moves there."""
    total = StockMove.objects.filter(ticket_id=ticket_id, part_id=part_id, location_id=location_id).aggregate(
        total=Sum("reserved_delta")
    )["total"]
    return total or 0


def _ticket_outstanding(ticket_id: int, part_id: int) -> int:
    """Units of a part issued to a request and not yet returned, over every location."""
    total = StockMove.objects.filter(
        ticket_id=ticket_id, part_id=part_id, kind__in=(MoveKind.ISSUE, MoveKind.RETURN)
    ).aggregate(total=Sum("on_hand_delta"))["total"]
    return -(total or 0)


def _write(
    stock: Stock,
    plan: ledger.Plan,
    *,
    kind: str,
    quantity: int,
    actor: User | None,
    at: dt.datetime,
    ticket: Ticket | None = None,
    note: str = "",
    from_location: Location | None = None,
    to_location: Location | None = None,
    stock_count: StockCount | None = None,
) -> StockMove:
    """Apply an accepted plan to a locked stock row and write its ledger line."""
    effect = plan.effect
    if effect is None:  # a refused plan never gets here; the callers raise first
        raise ValueError("refused plan")
    stock.on_hand += effect.on_hand_delta
    stock.reserved += effect.reserved_delta
    stock.save(update_fields=["on_hand", "reserved", "updated_at"])
    return StockMove.objects.create(
        part_id=stock.part_id,
        location_id=stock.location_id,
        kind=kind,
        quantity=quantity,
        on_hand_delta=effect.on_hand_delta,
        reserved_delta=effect.reserved_delta,
        on_hand_after=stock.on_hand,
        reserved_after=stock.reserved,
        from_location=from_location,
        to_location=to_location,
        ticket=ticket,
        stock_count=stock_count,
        actor=actor,
        at=at,
        note=note[:500],
    )


def _refuse_if(plan: ledger.Plan, part: Part, location: Location, stock: Stock, quantity: int, **extra: Any) -> None:
    if plan.refusal is not None:
        raise _refused(
            plan.refusal,
            part=f"{part.part_number} {part.name}",
            location=location.name,
            available=stock.available,
            reserved=stock.reserved,
            quantity=quantity,
            **extra,
        )
