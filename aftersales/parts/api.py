"""API: spare parts, stock and its ledger, stock counts, the reorder list, loaners and loans (SPEC §3).

Mounted at /api/v1/ with full paths. Reads are for our own staff (customer and partner users get 403);
the store keepers (warehouse, supervisor, admin) move stock, engineers reserve, release, issue and return
parts for a request; refusals are bilingual DomainErrors and store nothing.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from ninja import Query, Router, Status

from aftersales.core.idempotency import idempotent, key_of
from aftersales.core.schemas import ERRORS
from aftersales.parts import presenters, selectors, services
from aftersales.parts.schemas import (
    CountOpenIn,
    CountPatchIn,
    LedgerCheckOut,
    LoanerIn,
    LoanerOut,
    LoanerPage,
    LoanerQuery,
    LoanIn,
    LoanOut,
    LoanPage,
    LoanQuery,
    LoanReturnIn,
    LocationIn,
    LocationOut,
    MoveCreatedOut,
    MoveIn,
    MovePage,
    MoveQuery,
    PartIn,
    PartOut,
    PartPage,
    PartQuery,
    ReorderOut,
    ReorderRuleIn,
    ReservationOut,
    StockCountOut,
    StockOut,
    StockPage,
    StockQuery,
)

router = Router(tags=["parts"])
_encoder = DjangoJSONEncoder()


def _jsonable(data):
    """Plain JSON so an idempotent replay is the first answer byte for byte."""
    return json.loads(_encoder.encode(data))


# ------------------------------------------------------------------------------------------ catalogue


@router.get("/parts", response={200: PartPage, **ERRORS}, operation_id="list_parts")
def list_parts(request, query: Query[PartQuery]):
    """The parts catalogue by part number; `q` searches number, name and compatible models."""
    page = selectors.part_list(request.user, text=query.q, cursor=query.cursor, limit=query.limit)
    return {"items": [presenters.part_data(p) for p in page.items], "next_cursor": page.next_cursor}


@router.post("/parts", response={201: PartOut, **ERRORS}, operation_id="create_part")
def create_part(request, payload: PartIn):
    """Add a part to the catalogue (warehouse, supervisor, admin)."""
    part = services.part_create(actor=request.user, **payload.model_dump())
    return Status(201, presenters.part_data(selectors.part_get(request.user, part.pk)))


@router.get("/parts/{part_id}", response={200: PartOut, **ERRORS}, operation_id="get_part")
def get_part(request, part_id: int):
    return presenters.part_data(selectors.part_get(request.user, part_id))


@router.get("/locations", response={200: list[LocationOut], **ERRORS}, operation_id="list_locations")
def list_locations(request):
    """Warehouses, engineers' vans and partner stores in use."""
    return [presenters.location_data(loc) for loc in selectors.location_list(request.user)]


@router.post("/locations", response={201: LocationOut, **ERRORS}, operation_id="create_location")
def create_location(request, payload: LocationIn):
    location = services.location_create(actor=request.user, **payload.model_dump())
    return Status(201, presenters.location_data(location))


# ---------------------------------------------------------------------------------------------- stock


@router.get("/stock", response={200: StockPage, **ERRORS}, operation_id="list_stock")
def list_stock(request, query: Query[StockQuery]):
    """Stock per location and part: on hand, reserved, available, the reorder rule and whether it is low."""
    page = selectors.stock_list(
        request.user,
        location_id=query.location_id,
        part_id=query.part_id,
        low=query.low,
        cursor=query.cursor,
        limit=query.limit,
    )
    return {"items": [presenters.stock_data(s) for s in page.items], "next_cursor": page.next_cursor}


@router.post("/stock/moves", response={201: MoveCreatedOut, **ERRORS}, operation_id="create_stock_move")
def create_stock_move(request, payload: MoveIn):
    """Move stock: receive, reserve/release for a request, issue, return, scrap or transfer.

    201 with the ledger line and the stock after it (a transfer also gives its incoming line and the target
    stock). 409 `parts_insufficient_stock` when the stock would go negative; nothing is stored then. Send
    `Idempotency-Key` to make a retry return the first result instead of moving twice.
    """

    def work():
        result = services.stock_move_create(actor=request.user, **payload.model_dump())
        return 201, _jsonable(_move_created(request, result))

    status, body = idempotent(
        user=request.user,
        key=key_of(request),
        scope="create_stock_move",
        body=request.body,
        work=work,
    )
    return Status(status, body)


def _move_created(request, result: services.MoveResult) -> dict:
    stock = selectors.stock_get(request.user, part_id=result.stock.part_id, location_id=result.stock.location_id)
    to_stock = None
    if result.to_stock is not None:
        to_stock = selectors.stock_get(
            request.user, part_id=result.to_stock.part_id, location_id=result.to_stock.location_id
        )
    return {
        "move": presenters.move_data(result.move),
        "stock": presenters.stock_data(stock),
        "related_move": presenters.move_data(result.related_move) if result.related_move else None,
        "to_stock": presenters.stock_data(to_stock) if to_stock else None,
    }


@router.get("/stock/moves", response={200: MovePage, **ERRORS}, operation_id="list_stock_moves")
def list_stock_moves(request, query: Query[MoveQuery]):
    """The stock ledger (库存流水), newest first, by part, location or request."""
    page = selectors.move_list(
        request.user,
        part_id=query.part_id,
        location_id=query.location_id,
        ticket_id=query.ticket_id,
        cursor=query.cursor,
        limit=query.limit,
    )
    return {"items": [presenters.move_data(m) for m in page.items], "next_cursor": page.next_cursor}


@router.get("/stock/reorder", response={200: ReorderOut, **ERRORS}, operation_id="list_reorder")
def list_reorder(request, location_id: int | None = None):
    """Parts whose available stock is at or below the reorder point, with the suggested order (补货清单)."""
    lines = selectors.reorder_list(request.user, location_id=location_id)
    return {
        "items": [
            {
                "stock": presenters.stock_data(line.stock),
                "suggested_quantity": line.suggested_quantity,
                "unit_cost_amount": line.stock.part.unit_cost_amount,
                "suggested_cost_amount": line.suggested_cost_amount,
            }
            for line in lines
        ]
    }


@router.put("/stock/reorder-rules", response={200: StockOut, **ERRORS}, operation_id="set_reorder_rule")
def set_reorder_rule(request, payload: ReorderRuleIn):
    """Set the reorder point and quantity of a part at a location (null point: never suggested)."""
    services.stock_set_reorder(actor=request.user, **payload.model_dump())
    stock = selectors.stock_get(request.user, part_id=payload.part_id, location_id=payload.location_id)
    return presenters.stock_data(stock)


@router.get("/stock/reservations", response={200: list[ReservationOut], **ERRORS}, operation_id="list_reservations")
def list_reservations(
    request, ticket_id: int | None = None, location_id: int | None = None, part_id: int | None = None
):
    """What is reserved for which request."""
    rows = selectors.reservation_list(request.user, ticket_id=ticket_id, location_id=location_id, part_id=part_id)
    return [
        {
            "ticket_id": r.ticket_id,
            "ticket_number": r.ticket_number,
            "part_id": r.part_id,
            "part_number": r.part_number,
            "location_id": r.location_id,
            "quantity": r.quantity,
        }
        for r in rows
    ]


@router.get("/stock/ledger-check", response={200: LedgerCheckOut, **ERRORS}, operation_id="check_stock_ledger")
def check_stock_ledger(request, part_id: int | None = None, location_id: int | None = None):
    """Whether every stock equals the sum of its moves (store keepers); the mismatches if not."""
    mismatches = selectors.ledger_check(part_id=part_id, location_id=location_id, deep=True)
    return {"is_balanced": not mismatches, "mismatches": [m.__dict__ for m in mismatches]}


# --------------------------------------------------------------------------------------- stock counts


def _count_out(request, count_id: int) -> dict:
    count = selectors.stock_count_get(request.user, count_id)
    return presenters.count_data(count, count.ordered_lines)


@router.post("/stock-counts", response={201: StockCountOut, **ERRORS}, operation_id="open_stock_count")
def open_stock_count(request, payload: CountOpenIn):
    """Start a stock count (盘点) of a location: the book quantities now are the expected ones."""
    count = services.stock_count_open(actor=request.user, location_id=payload.location_id, note=payload.note)
    return Status(201, _count_out(request, count.pk))


@router.get("/stock-counts/{count_id}", response={200: StockCountOut, **ERRORS}, operation_id="get_stock_count")
def get_stock_count(request, count_id: int):
    return _count_out(request, count_id)


@router.patch("/stock-counts/{count_id}", response={200: StockCountOut, **ERRORS}, operation_id="record_stock_count")
def record_stock_count(request, count_id: int, payload: CountPatchIn):
    """Enter counted quantities; a part not on the list is added to the count."""
    entries = [
        services.CountEntry(part_id=line.part_id, counted=line.counted, note=line.note) for line in payload.lines
    ]
    services.stock_count_record(actor=request.user, count_id=count_id, entries=entries)
    return _count_out(request, count_id)


@router.post(
    "/stock-counts/{count_id}/close", response={200: StockCountOut, **ERRORS}, operation_id="close_stock_count"
)
def close_stock_count(request, count_id: int):
    """Finish the count: discrepancies recorded per line and written to the ledger as count adjustments."""
    services.stock_count_close(actor=request.user, count_id=count_id)
    return _count_out(request, count_id)


# -------------------------------------------------------------------------------------------- loaners


@router.get("/loaners", response={200: LoanerPage, **ERRORS}, operation_id="list_loaners")
def list_loaners(request, query: Query[LoanerQuery]):
    """Loaner devices (备机), highest grade first, each with who has it and since when."""
    page = selectors.loaner_list(
        request.user,
        status=query.status,
        min_grade=query.min_grade,
        category=query.category,
        cursor=query.cursor,
        limit=query.limit,
    )
    return {"items": [presenters.loaner_data(x) for x in page.items], "next_cursor": page.next_cursor}


@router.post("/loaners", response={201: LoanerOut, **ERRORS}, operation_id="create_loaner")
def create_loaner(request, payload: LoanerIn):
    loaner = services.loaner_create(actor=request.user, **payload.model_dump())
    return Status(201, presenters.loaner_data(selectors.loaner_get(request.user, loaner.pk)))


@router.get("/loans", response={200: LoanPage, **ERRORS}, operation_id="list_loans")
def list_loans(request, query: Query[LoanQuery]):
    """Loans, newest first; `overdue=true` gives the overdue list (past due, not returned), oldest due first."""
    page = selectors.loan_list(
        request.user,
        overdue=query.overdue,
        is_open=query.open,
        loaner_id=query.loaner_id,
        ticket_id=query.ticket_id,
        customer_id=query.customer_id,
        cursor=query.cursor,
        limit=query.limit,
    )
    return {"items": [presenters.loan_data(x) for x in page.items], "next_cursor": page.next_cursor}


@router.post("/loans", response={201: LoanOut, **ERRORS}, operation_id="create_loan")
def create_loan(request, payload: LoanIn):
    """Lend a loaner for a request; it must be available and of equal or higher grade than the device."""
    loan = services.loan_create(actor=request.user, **payload.model_dump())
    return Status(201, presenters.loan_data(selectors.loan_get(request.user, loan.pk)))


@router.get("/loans/{loan_id}", response={200: LoanOut, **ERRORS}, operation_id="get_loan")
def get_loan(request, loan_id: int):
    return presenters.loan_data(selectors.loan_get(request.user, loan_id))


@router.post("/loans/{loan_id}/return", response={200: LoanOut, **ERRORS}, operation_id="return_loan")
def return_loan(request, loan_id: int, payload: LoanReturnIn):
    """Take the loaner back; `needs_repair` sends it to repair instead of back to the pool."""
    selectors.loan_get(request.user, loan_id)
    services.loan_return(
        actor=request.user, loan_id=loan_id, condition_back=payload.condition_back, needs_repair=payload.needs_repair
    )
    return presenters.loan_data(selectors.loan_get(request.user, loan_id))
