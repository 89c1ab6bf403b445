"""Reads of the parts store and loaners: catalogue, stock, ledger, reorder list, counts, loans; the ledger check.

Only our own staff see the store (SPEC §3); customer and partner users get 403 from every read here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.drilldown import DrillDown
from aftersales.core.errors import not_found
from aftersales.core.pagination import Page, paginate
from aftersales.parts.models import Loan, Loaner, Location, Part, Stock, StockCount, StockCountLine, StockMove
from aftersales.parts.policy import ledger, loaners, reorder
from aftersales.tickets.models import Ticket

REORDER_LIMIT = 2000


def _ensure_staff(user) -> None:
    access.require(user, "parts.read")


# ------------------------------------------------------------------------------------------ catalogue


def part_list(user, *, text: str = "", cursor: str | None = None, limit: int = 50) -> Page:
    """The catalogue by part number, searched by number, name or compatible model."""
    _ensure_staff(user)
    qs = Part.objects.select_related("vendor")
    text = text.strip()
    if text:
        qs = qs.filter(Q(part_number__icontains=text) | Q(name__icontains=text) | Q(compatible_models__icontains=text))
    return paginate(qs, ordering=["part_number"], cursor=cursor, limit=limit)


def part_get(user, part_id: int) -> Part:
    _ensure_staff(user)
    part = Part.objects.select_related("vendor").filter(pk=part_id).first()
    if part is None:
        raise not_found("备件", "Part")
    return part


def part_choices(user) -> QuerySet[Part]:
    """Active parts for pickers."""
    _ensure_staff(user)
    return Part.objects.filter(is_active=True).order_by("part_number")


TICKET_CHOICES = 300
TICKET_NUMBER = re.compile(r"^\s*(?:SR-\d{4}-)?0*(\d+)\s*$", re.IGNORECASE)


def ticket_id_of(value) -> str:
    """A request's id as text, from its id or its number (SR-2026-000123, as links and old bookmarks give)."""
    match = TICKET_NUMBER.match(str(value or ""))
    return match.group(1) if match else str(value or "")


def ticket_choices(user, *, include: str | int | None = None) -> list[Ticket]:
    """The requests a stock move can name (the move form's picker): the newest open ones the user may see, and
    the one already chosen (`include`, e.g. from a link) even when it is older."""
    from aftersales.tickets import selectors as tickets

    include = ticket_id_of(include) if include else None
    visible = tickets.ticket_visible(user).select_related("customer")
    rows = list(visible.open().order_by("-id")[:TICKET_CHOICES])
    if include and str(include).isdigit() and all(t.pk != int(include) for t in rows):
        rows = [*visible.filter(pk=int(include)), *rows]
    return rows


def location_list(user, *, active_only: bool = True) -> list[Location]:
    _ensure_staff(user)
    qs = Location.objects.select_related("region", "partner", "keeper")
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs.order_by("name"))


def van_stock(keeper) -> list[Stock]:
    """What an engineer carries (随车库): the stock rows with units on hand of the vans the user keeps (the visit
    form's part picker)."""
    from aftersales.parts.choices import LocationKind

    return list(
        Stock.objects.filter(
            location__kind=LocationKind.VAN, location__keeper=keeper, location__is_active=True, on_hand__gt=0
        )
        .select_related("part", "location")
        .order_by("part__part_number")
    )


def location_get(user, location_id: int) -> Location:
    _ensure_staff(user)
    location = Location.objects.select_related("region").filter(pk=location_id).first()
    if location is None:
        raise not_found("库位", "Location")
    return location


# ---------------------------------------------------------------------------------------------- stock


def stock_list(
    user,
    *,
    location_id: int | None = None,
    part_id: int | None = None,
    low: bool | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Page:
    """Stock rows by location and part number; `low` keeps those at or below their reorder point."""
    _ensure_staff(user)
    qs = Stock.objects.select_related("part", "part__vendor", "location")
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    if part_id is not None:
        qs = qs.filter(part_id=part_id)
    if low is True:
        qs = qs.needs_reorder()
    elif low is False:
        qs = qs.exclude(pk__in=Stock.objects.needs_reorder().values("pk"))
    return paginate(qs, ordering=["location_id", "part__part_number", "id"], cursor=cursor, limit=limit)


def stock_get(user, *, part_id: int, location_id: int) -> Stock | None:
    _ensure_staff(user)
    return Stock.objects.select_related("part", "location").filter(part_id=part_id, location_id=location_id).first()


@dataclass(frozen=True)
class Consumed(DrillDown):
    """Parts consumed (备件消耗): issue moves at [start, end), of requests in the region and of the customer given.
    The dashboard's "parts consumed" counts with it and the ledger's drill-down lists with it (one rule)."""

    def apply(self, moves: QuerySet[StockMove]) -> QuerySet[StockMove]:
        issued = moves.filter(kind="issue")
        return self.narrow(issued, at="at", customer="ticket__customer_id", region="ticket__region_id")


def move_list(
    user,
    *,
    part_id: int | None = None,
    location_id: int | None = None,
    ticket_id: int | None = None,
    consumed: Consumed | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Page:
    """The ledger (库存流水), newest first; `consumed` keeps only the parts consumed it describes."""
    _ensure_staff(user)
    qs = StockMove.objects.select_related("part", "location", "from_location", "to_location", "ticket", "actor")
    if consumed is not None:
        qs = consumed.apply(qs)
    if part_id is not None:
        qs = qs.filter(part_id=part_id)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    if ticket_id is not None:
        qs = qs.filter(ticket_id=ticket_id)
    return paginate(qs, ordering=["-id"], cursor=cursor, limit=limit)


@dataclass(frozen=True)
class Reservation:
    """Units of a part a request holds reserved at a location."""

    ticket_id: int
    ticket_number: str
    part_id: int
    part_number: str
    part_name: str
    location_id: int
    location_name: str
    quantity: int


def reservation_list(
    user, *, ticket_id: int | None = None, location_id: int | None = None, part_id: int | None = None
) -> list[Reservation]:
    """What is reserved for which request (the sum of each request's reserve and release moves)."""
    _ensure_staff(user)
    qs = StockMove.objects.filter(ticket__isnull=False, kind__in=("reserve", "release", "issue"))
    if ticket_id is not None:
        qs = qs.filter(ticket_id=ticket_id)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    if part_id is not None:
        qs = qs.filter(part_id=part_id)
    rows = list(
        qs.values("ticket_id", "part_id", "part__part_number", "part__name", "location_id", "location__name")
        .annotate(quantity=Sum("reserved_delta"))
        .filter(quantity__gt=0)
        .order_by("ticket_id", "part__part_number", "location_id")
    )
    numbers = {t.pk: t.number for t in Ticket.objects.filter(pk__in={r["ticket_id"] for r in rows}).only("created_at")}
    return [
        Reservation(
            r["ticket_id"],
            numbers[r["ticket_id"]],
            r["part_id"],
            r["part__part_number"],
            r["part__name"],
            r["location_id"],
            r["location__name"],
            r["quantity"],
        )
        for r in rows
    ]


# ---------------------------------------------------------------------------------------------- reorder


@dataclass(frozen=True)
class ReorderLine:
    """A part due for reordering at a location, with the suggested order and its cost."""

    stock: Stock
    available: int
    suggested_quantity: int
    suggested_cost_amount: Decimal


def reorder_list(user, *, location_id: int | None = None) -> list[ReorderLine]:
    """Parts whose available stock fell to the reorder point or below, with how many to order (补货清单)."""
    _ensure_staff(user)
    qs = Stock.objects.needs_reorder().select_related("part", "part__vendor", "location")
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    lines = []
    for stock in qs.order_by("location__name", "part__part_number")[:REORDER_LIMIT]:
        quantity = reorder.suggested_quantity(
            on_hand=stock.on_hand,
            reserved=stock.reserved,
            reorder_point=stock.reorder_point,
            reorder_quantity=stock.reorder_quantity,
        )
        lines.append(
            ReorderLine(
                stock=stock,
                available=stock.available,
                suggested_quantity=quantity,
                suggested_cost_amount=stock.part.unit_cost_amount * quantity,
            )
        )
    return lines


def reorder_count(user) -> int:
    """How many (part, location) are due for reordering."""
    _ensure_staff(user)
    return Stock.objects.needs_reorder().count()


# ------------------------------------------------------------------------------------------ ledger check


@dataclass(frozen=True)
class LedgerMismatch:
    """A (part, location) whose stock is not what its moves add up to, or a move that contradicts itself."""

    part_id: int
    location_id: int
    problem: str
    stock_on_hand: int | None = None
    ledger_on_hand: int | None = None
    stock_reserved: int | None = None
    ledger_reserved: int | None = None
    move_id: int | None = None


def ledger_check(
    *, part_id: int | None = None, location_id: int | None = None, deep: bool = False
) -> list[LedgerMismatch]:
    """Every (part, location) whose on_hand or reserved differs from the sum of its signed moves.

    With `deep`, also every move whose deltas do not fit its kind, whose stored balance-after is not the
    running sum, or whose running balance breaks 0 ≤ reserved ≤ on_hand. An empty list: the ledger adds up.
    """
    stocks = Stock.objects.all()
    moves = StockMove.objects.all()
    if part_id is not None:
        stocks, moves = stocks.filter(part_id=part_id), moves.filter(part_id=part_id)
    if location_id is not None:
        stocks, moves = stocks.filter(location_id=location_id), moves.filter(location_id=location_id)
    sums = {
        (r["part_id"], r["location_id"]): (r["on_hand"] or 0, r["reserved"] or 0)
        for r in moves.values("part_id", "location_id")
        .annotate(on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
        .order_by()
    }
    problems: list[LedgerMismatch] = []
    seen = set()
    for s in stocks.values("part_id", "location_id", "on_hand", "reserved").order_by("part_id", "location_id"):
        key = (s["part_id"], s["location_id"])
        seen.add(key)
        on_hand, reserved = sums.get(key, (0, 0))
        if (on_hand, reserved) != (s["on_hand"], s["reserved"]):
            problems.append(LedgerMismatch(*key, "sum", s["on_hand"], on_hand, s["reserved"], reserved))
    problems.extend(
        LedgerMismatch(*key, "no_stock_row", None, on_hand, None, reserved)
        for key, (on_hand, reserved) in sorted(sums.items())
        if key not in seen
    )
    if deep:
        problems.extend(_deep_check(moves))
    return problems


def _deep_check(moves: QuerySet[StockMove]) -> list[LedgerMismatch]:
    problems = []
    running: dict[tuple[int, int], ledger.Balance] = defaultdict(lambda: ledger.Balance(0, 0))
    fields = (
        "id",
        "part_id",
        "location_id",
        "kind",
        "quantity",
        "on_hand_delta",
        "reserved_delta",
        "on_hand_after",
        "reserved_after",
    )
    for m in moves.order_by("id").values_list(*fields).iterator(chunk_size=5000):
        move_id, part, location, kind, quantity, dh, dr, after_h, after_r = m
        effect = ledger.Effect(dh, dr)
        balance = running[(part, location)].after(effect)
        running[(part, location)] = balance
        if not ledger.delta_fits_kind(kind, quantity, effect):
            problems.append(LedgerMismatch(part, location, "delta_does_not_fit_kind", move_id=move_id))
        if (balance.on_hand, balance.reserved) != (after_h, after_r):
            problems.append(
                LedgerMismatch(
                    part,
                    location,
                    "balance_after_is_not_running_sum",
                    after_h,
                    balance.on_hand,
                    after_r,
                    balance.reserved,
                    move_id,
                )
            )
        if not balance.is_valid:
            problems.append(LedgerMismatch(part, location, "negative_balance", move_id=move_id))
    return problems


# -------------------------------------------------------------------------------------------- counts


def stock_count_list(user, *, location_id: int | None = None, limit: int = 50) -> list[StockCount]:
    """Counts, newest first, with how many lines each has and how many differ."""
    _ensure_staff(user)
    qs = StockCount.objects.select_related("location", "opened_by", "closed_by").annotate(
        line_count=Count("lines"),
        discrepancy_count=Count("lines", filter=~Q(lines__discrepancy=0) & Q(lines__discrepancy__isnull=False)),
    )
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return list(qs.order_by("-id")[:limit])


def stock_count_get(user, count_id: int) -> StockCount:
    _ensure_staff(user)
    count = (
        StockCount.objects.select_related("location", "opened_by", "closed_by")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=StockCountLine.objects.select_related("part").order_by("part__part_number"),
                to_attr="ordered_lines",
            )
        )
        .filter(pk=count_id)
        .first()
    )
    if count is None:
        raise not_found("盘点", "Stock count")
    return count


# -------------------------------------------------------------------------------------------- loaners


def _open_loans() -> Prefetch:
    return Prefetch(
        "loans", queryset=Loan.objects.open().select_related("customer", "ticket", "lent_by"), to_attr="open_loans"
    )


def loaner_list(
    user,
    *,
    status: str | None = None,
    min_grade: int | None = None,
    category: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Page:
    """Loaners with, for each one that is out, who has it and since when (`open_loans`)."""
    _ensure_staff(user)
    qs = Loaner.objects.select_related("vendor", "location").prefetch_related(_open_loans())
    if status:
        qs = qs.filter(status=status)
    if min_grade is not None:
        qs = qs.filter(grade__gte=min_grade)
    if category:
        qs = qs.filter(category=category)
    return paginate(qs, ordering=["-grade", "serial"], cursor=cursor, limit=limit)


def loaner_get(user, loaner_id: int) -> Loaner:
    _ensure_staff(user)
    loaner = (
        Loaner.objects.select_related("vendor", "location").prefetch_related(_open_loans()).filter(pk=loaner_id).first()
    )
    if loaner is None:
        raise not_found("备机", "Loaner")
    return loaner


def loan_list(
    user,
    *,
    overdue: bool | None = None,
    is_open: bool | None = None,
    loaner_id: int | None = None,
    ticket_id: int | None = None,
    customer_id: int | None = None,
    today: dt.date | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Page:
    """Loans, newest first; `overdue` ones (past their due-back date, not returned) oldest due first."""
    _ensure_staff(user)
    today = today or clock.today()
    qs = Loan.objects.select_related("loaner", "customer", "ticket", "lent_by", "returned_by")
    if overdue is True:
        qs = qs.overdue(today=today)
    elif overdue is False:
        qs = qs.exclude(pk__in=Loan.objects.overdue(today=today).values("pk"))
    if is_open is True:
        qs = qs.open()
    elif is_open is False:
        qs = qs.filter(returned_at__isnull=False)
    if loaner_id is not None:
        qs = qs.filter(loaner_id=loaner_id)
    if ticket_id is not None:
        qs = qs.filter(ticket_id=ticket_id)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    ordering = ["due_back_on", "id"] if overdue is True else ["-id"]
    return paginate(qs, ordering=ordering, cursor=cursor, limit=limit)


def loan_get(user, loan_id: int) -> Loan:
    _ensure_staff(user)
    loan = (
        Loan.objects.select_related("loaner", "customer", "ticket", "lent_by", "returned_by").filter(pk=loan_id).first()
    )
    if loan is None:
        raise not_found("备机借用", "Loan")
    return loan


def loan_days_overdue(loan: Loan, *, today: dt.date | None = None) -> int:
    if loan.returned_at is not None:
        return 0
    return loaners.days_overdue(due_back_on=loan.due_back_on, today=today or clock.today())
