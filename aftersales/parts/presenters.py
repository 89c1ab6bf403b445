"""Plain data of the store's rows, shared by the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aftersales.core import clock
from aftersales.parts.models import Loan, Loaner, Location, Part, Stock, StockCount, StockCountLine, StockMove
from aftersales.parts.policy import loaners, reorder


def _name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


def part_data(part: Part) -> dict[str, Any]:
    return {
        "id": part.pk,
        "part_number": part.part_number,
        "name": part.name,
        "vendor_id": part.vendor_id,
        "vendor": part.vendor.name if part.vendor_id else None,
        "compatible_models": list(part.compatible_models),
        "unit": part.unit,
        "unit_cost_amount": part.unit_cost_amount,
        "grade": part.grade,
        "notes": part.notes,
        "is_active": part.is_active,
    }


def location_data(location: Location) -> dict[str, Any]:
    return {
        "id": location.pk,
        "name": location.name,
        "kind": location.kind,
        "region_id": location.region_id,
        "partner_id": location.partner_id,
        "keeper_id": location.keeper_id,
        "is_active": location.is_active,
    }


def stock_is_low(stock: Stock) -> bool:
    return reorder.needs_reorder(on_hand=stock.on_hand, reserved=stock.reserved, reorder_point=stock.reorder_point)


def stock_data(stock: Stock) -> dict[str, Any]:
    return {
        "id": stock.pk,
        "part_id": stock.part_id,
        "part_number": stock.part.part_number,
        "part_name": stock.part.name,
        "location_id": stock.location_id,
        "location": stock.location.name,
        "on_hand": stock.on_hand,
        "reserved": stock.reserved,
        "available": stock.available,
        "reorder_point": stock.reorder_point,
        "reorder_quantity": stock.reorder_quantity,
        "is_low": stock_is_low(stock),
    }


def move_data(move: StockMove) -> dict[str, Any]:
    return {
        "id": move.pk,
        "kind": move.kind,
        "part_id": move.part_id,
        "location_id": move.location_id,
        "quantity": move.quantity,
        "on_hand_delta": move.on_hand_delta,
        "reserved_delta": move.reserved_delta,
        "on_hand_after": move.on_hand_after,
        "reserved_after": move.reserved_after,
        "from_location_id": move.from_location_id,
        "to_location_id": move.to_location_id,
        "ticket_id": move.ticket_id,
        "stock_count_id": move.stock_count_id,
        "related_move_id": move.related_move_id,
        "actor": _name(move.actor),
        "at": move.at,
        "note": move.note,
    }


def count_line_data(line: StockCountLine) -> dict[str, Any]:
    return {
        "part_id": line.part_id,
        "part_number": line.part.part_number,
        "part_name": line.part.name,
        "expected": line.expected,
        "counted": line.counted,
        "book_at_close": line.book_at_close,
        "discrepancy": line.discrepancy,
        "note": line.note,
    }


def count_data(count: StockCount, lines: list[StockCountLine]) -> dict[str, Any]:
    return {
        "id": count.pk,
        "location_id": count.location_id,
        "location": count.location.name,
        "status": count.status,
        "opened_by": _name(count.opened_by),
        "opened_at": count.opened_at,
        "closed_by": _name(count.closed_by),
        "closed_at": count.closed_at,
        "note": count.note,
        "version": count.version,
        "lines": [count_line_data(line) for line in lines],
    }


def _overdue(loan: Loan, today: dt.date) -> bool:
    return loaners.is_overdue(due_back_on=loan.due_back_on, returned=loan.returned_at is not None, today=today)


def loan_brief(loan: Loan, today: dt.date) -> dict[str, Any]:
    return {
        "id": loan.pk,
        "ticket_id": loan.ticket_id,
        "ticket_number": loan.ticket.number,
        "customer_id": loan.customer_id,
        "customer": loan.customer.name,
        "lent_at": loan.lent_at,
        "due_back_on": loan.due_back_on,
        "is_overdue": _overdue(loan, today),
    }


def loaner_data(loaner: Loaner, today: dt.date | None = None) -> dict[str, Any]:
    """A loaner with the loan it is out on, if any (`open_loans` prefetched by the selector)."""
    today = today or clock.today()
    open_loans = getattr(loaner, "open_loans", None)
    if open_loans is None:
        open_loans = list(loaner.loans.filter(returned_at__isnull=True).select_related("ticket", "customer"))
    return {
        "id": loaner.pk,
        "serial": loaner.serial,
        "model": loaner.model,
        "vendor_id": loaner.vendor_id,
        "category": loaner.category,
        "grade": loaner.grade,
        "location_id": loaner.location_id,
        "status": loaner.status,
        "current_loan": loan_brief(open_loans[0], today) if open_loans else None,
    }


def loan_data(loan: Loan, today: dt.date | None = None) -> dict[str, Any]:
    today = today or clock.today()
    return {
        "id": loan.pk,
        "loaner_id": loan.loaner_id,
        "loaner_serial": loan.loaner.serial,
        "loaner_model": loan.loaner.model,
        "loaner_grade": loan.loaner.grade,
        "required_grade": loan.required_grade,
        "ticket_id": loan.ticket_id,
        "ticket_number": loan.ticket.number,
        "customer_id": loan.customer_id,
        "customer": loan.customer.name,
        "lent_by": _name(loan.lent_by),
        "lent_at": loan.lent_at,
        "due_back_on": loan.due_back_on,
        "condition_out": loan.condition_out,
        "returned_at": loan.returned_at,
        "returned_by": _name(loan.returned_by),
        "condition_back": loan.condition_back,
        "is_overdue": _overdue(loan, today),
        "days_overdue": loaners.days_overdue(due_back_on=loan.due_back_on, today=today)
        if loan.returned_at is None
        else 0,
    }
