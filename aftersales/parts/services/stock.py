"""Stock moves (出入库): receive, reserve, release, issue, return, scrap, transfer; one ledger line each (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from aftersales.accounts.models import User
from aftersales.core import clock
from aftersales.core.errors import invalid
from aftersales.parts.choices import REQUESTED_KINDS, TICKET_REQUIRED_KINDS, MoveKind
from aftersales.parts.models import Stock, StockMove
from aftersales.parts.policy import ledger
from aftersales.parts.services._common import (
    _balance,
    _check_quantity,
    _locked_stock,
    _refuse_if,
    _ticket,
    _ticket_for_parts,
    _ticket_outstanding,
    _ticket_reserved,
    _write,
    ensure_can_move,
    repeat_issue,
)


@dataclass(frozen=True)
class MoveResult:
    """A move written to the ledger and the stock after it (a transfer also has its incoming half)."""

    move: StockMove
    stock: Stock
    related_move: StockMove | None = None
    to_stock: Stock | None = None


@transaction.atomic
def part_receive(
    *, actor: User, part_id: int, location_id: int, quantity: int, ticket_id: int | None = None, note: str = ""
) -> MoveResult:
    """Goods in (入库): `quantity` units of a part arrive at a location."""
    ensure_can_move(
        actor, kind=MoveKind.RECEIVE, has_ticket=ticket_id is not None, location_id=location_id, ticket_id=ticket_id
    )
    _check_quantity(quantity)
    ticket = _ticket(ticket_id) if ticket_id is not None else None
    stock = _locked_stock(part_id, [location_id])[location_id]
    part, location = stock.part, stock.location
    plan = ledger.plan_receive(_balance(stock), quantity)
    _refuse_if(plan, part, location, stock, quantity)
    move = _write(
        stock,
        plan,
        kind=MoveKind.RECEIVE,
        quantity=quantity,
        actor=actor,
        at=clock.now(),
        ticket=ticket,
        note=note,
        to_location=location,
    )
    return MoveResult(move=move, stock=stock)


@transaction.atomic
def part_reserve(
    *, actor: User, part_id: int, location_id: int, quantity: int, ticket_id: int, note: str = ""
) -> MoveResult:
    """Reserve (预留) available units of a part at a location for a service request."""
    ensure_can_move(actor, kind=MoveKind.RESERVE, has_ticket=True, location_id=location_id, ticket_id=ticket_id)
    _check_quantity(quantity)
    ticket = _ticket_for_parts(ticket_id)
    stock = _locked_stock(part_id, [location_id])[location_id]
    part, location = stock.part, stock.location
    plan = ledger.plan_reserve(_balance(stock), quantity)
    _refuse_if(plan, part, location, stock, quantity)
    move = _write(
        stock, plan, kind=MoveKind.RESERVE, quantity=quantity, actor=actor, at=clock.now(), ticket=ticket, note=note
    )
    return MoveResult(move=move, stock=stock)


@transaction.atomic
def part_release(
    *, actor: User, part_id: int, location_id: int, quantity: int, ticket_id: int, note: str = ""
) -> MoveResult:
    """Release (取消预留) units a service request holds reserved at a location."""
    ensure_can_move(actor, kind=MoveKind.RELEASE, has_ticket=True, location_id=location_id, ticket_id=ticket_id)
    _check_quantity(quantity)
    ticket = _ticket(ticket_id)
    stock = _locked_stock(part_id, [location_id])[location_id]
    part, location = stock.part, stock.location
    held = _ticket_reserved(ticket.pk, part.pk, location.pk)
    plan = ledger.plan_release(_balance(stock), quantity, ticket_reserved=held)
    _refuse_if(plan, part, location, stock, quantity, ticket_reserved=held)
    move = _write(
        stock, plan, kind=MoveKind.RELEASE, quantity=quantity, actor=actor, at=clock.now(), ticket=ticket, note=note
    )
    return MoveResult(move=move, stock=stock)


@transaction.atomic
def part_issue(
    *,
    actor: User,
    part_id: int,
    location_id: int,
    quantity: int,
    ticket_id: int | None = None,
    note: str = "",
    confirm_repeat: bool = True,
) -> MoveResult:
    """Issue (领用出库) units of a part: to a request from its reservation here first, then from available stock.

    A second issue of the same part for one request (units issued to it and not returned) is usually a mistake
    (entered twice, by the store and on the visit): with `confirm_repeat=False` it is refused with a 409 saying
    how many are out already, so the form can warn and ask again; the API and jobs keep the default (allowed).
    """
    ensure_can_move(
        actor, kind=MoveKind.ISSUE, has_ticket=ticket_id is not None, location_id=location_id, ticket_id=ticket_id
    )
    _check_quantity(quantity)
    ticket = _ticket_for_parts(ticket_id) if ticket_id is not None else None
    stock = _locked_stock(part_id, [location_id])[location_id]
    part, location = stock.part, stock.location
    if ticket is not None and not confirm_repeat:
        outstanding = _ticket_outstanding(ticket.pk, part.pk)
        if outstanding > 0:
            raise repeat_issue(part, ticket, outstanding)
    held = _ticket_reserved(ticket.pk, part.pk, location.pk) if ticket is not None else 0
    plan = ledger.plan_issue(_balance(stock), quantity, ticket_reserved=held)
    _refuse_if(plan, part, location, stock, quantity)
    move = _write(
        stock,
        plan,
        kind=MoveKind.ISSUE,
        quantity=quantity,
        actor=actor,
        at=clock.now(),
        ticket=ticket,
        note=note,
        from_location=location,
    )
    return MoveResult(move=move, stock=stock)


@transaction.atomic
def part_return(
    *, actor: User, part_id: int, location_id: int, quantity: int, ticket_id: int | None = None, note: str = ""
) -> MoveResult:
    """Take units back into stock (退回入库); for a request, at most what it was issued and has not returned."""
    ensure_can_move(
        actor, kind=MoveKind.RETURN, has_ticket=ticket_id is not None, location_id=location_id, ticket_id=ticket_id
    )
    _check_quantity(quantity)
    # The request's lock also keeps two returns for it from both passing the "issued, not returned" check.
    ticket = _ticket(ticket_id) if ticket_id is not None else None
    stock = _locked_stock(part_id, [location_id])[location_id]
    part, location = stock.part, stock.location
    outstanding = _ticket_outstanding(ticket.pk, part.pk) if ticket is not None else None
    plan = ledger.plan_return(_balance(stock), quantity, outstanding=outstanding)
    _refuse_if(plan, part, location, stock, quantity, outstanding=outstanding)
    move = _write(
        stock,
        plan,
        kind=MoveKind.RETURN,
        quantity=quantity,
        actor=actor,
        at=clock.now(),
        ticket=ticket,
        note=note,
        to_location=location,
    )
    return MoveResult(move=move, stock=stock)


@transaction.atomic
def part_scrap(*, actor: User, part_id: int, location_id: int, quantity: int, note: str = "") -> MoveResult:
    """Write off (报废) available units of a part at a location."""
    ensure_can_move(actor, kind=MoveKind.SCRAP, has_ticket=False, location_id=location_id)
    _check_quantity(quantity)
    stock = _locked_stock(part_id, [location_id])[location_id]
    part, location = stock.part, stock.location
    plan = ledger.plan_take_out(_balance(stock), quantity)
    _refuse_if(plan, part, location, stock, quantity)
    move = _write(
        stock,
        plan,
        kind=MoveKind.SCRAP,
        quantity=quantity,
        actor=actor,
        at=clock.now(),
        note=note,
        from_location=location,
    )
    return MoveResult(move=move, stock=stock)


@transaction.atomic
def part_transfer(
    *, actor: User, part_id: int, location_id: int, to_location_id: int, quantity: int, note: str = ""
) -> MoveResult:
    """Move available units from one location to another (调拨): a transfer-out and a transfer-in line."""
    ensure_can_move(actor, kind="transfer", has_ticket=False, location_id=location_id, to_location_id=to_location_id)
    _check_quantity(quantity)
    if to_location_id == location_id:
        raise invalid(
            "parts_transfer_same_location", "调出和调入库位不能相同", "A transfer needs two different locations"
        )
    rows = _locked_stock(part_id, [location_id, to_location_id])
    out_stock, in_stock = rows[location_id], rows[to_location_id]
    part, source, target = out_stock.part, out_stock.location, in_stock.location
    out_plan = ledger.plan_take_out(_balance(out_stock), quantity)
    _refuse_if(out_plan, part, source, out_stock, quantity)
    in_plan = ledger.plan_receive(_balance(in_stock), quantity)
    _refuse_if(in_plan, part, target, in_stock, quantity)
    at = clock.now()
    out_move = _write(
        out_stock,
        out_plan,
        kind=MoveKind.TRANSFER_OUT,
        quantity=quantity,
        actor=actor,
        at=at,
        note=note,
        from_location=source,
        to_location=target,
    )
    in_move = _write(
        in_stock,
        in_plan,
        kind=MoveKind.TRANSFER_IN,
        quantity=quantity,
        actor=actor,
        at=at,
        note=note,
        from_location=source,
        to_location=target,
    )
    in_move.related_move = out_move
    in_move.save(update_fields=["related_move"])
    return MoveResult(move=out_move, stock=out_stock, related_move=in_move, to_stock=in_stock)


def stock_move_create(
    *,
    actor: User,
    kind: str,
    part_id: int,
    location_id: int,
    quantity: int,
    to_location_id: int | None = None,
    ticket_id: int | None = None,
    note: str = "",
    confirm_repeat: bool = True,
) -> MoveResult:
    """One move asked for by a person (the move form, POST /stock/moves): checks the request, then the service.
    `confirm_repeat=False`: a second issue of a part to one request is refused until confirmed (`part_issue`)."""
    if kind not in REQUESTED_KINDS:
        raise invalid(
            "parts_move_kind_invalid", "不支持的出入库类型：{kind}", "Unsupported move kind: {kind}", kind=kind
        )
    # the role and the kind here; the locations and the request by the move's own service below
    ensure_can_move(actor, kind=kind, has_ticket=ticket_id is not None)
    if kind in TICKET_REQUIRED_KINDS and ticket_id is None:
        raise invalid(
            "parts_ticket_required", "预留和取消预留必须指定服务请求", "Reserving and releasing need a service request"
        )
    if kind in ("scrap", "transfer") and ticket_id is not None:
        raise invalid(
            "parts_ticket_not_applicable",
            "报废和调拨不关联服务请求",
            "Scrapping and transfers are not made for a service request",
        )
    if kind == "transfer":
        if to_location_id is None:
            raise invalid("parts_to_location_required", "调拨必须指定调入库位", "A transfer needs a target location")
        return part_transfer(
            actor=actor,
            part_id=part_id,
            location_id=location_id,
            to_location_id=to_location_id,
            quantity=quantity,
            note=note,
        )
    if to_location_id is not None:
        raise invalid("parts_to_location_unexpected", "只有调拨需要调入库位", "Only a transfer has a target location")
    common = {"actor": actor, "part_id": part_id, "location_id": location_id, "quantity": quantity, "note": note}
    if kind == "scrap":
        return part_scrap(**common)
    if kind in ("reserve", "release"):
        service = part_reserve if kind == "reserve" else part_release
        return service(ticket_id=ticket_id, **common)  # type: ignore[arg-type]  (checked above: not None)
    if kind == "issue":
        return part_issue(ticket_id=ticket_id, confirm_repeat=confirm_repeat, **common)
    service = {"receive": part_receive, "return": part_return}[kind]
    return service(ticket_id=ticket_id, **common)
