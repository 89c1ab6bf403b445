"""Every write to the parts store and the loaners (SPEC §3; 篇1 2.6, 2.7).

Decide purely, apply under a lock: the arithmetic and refusals come from `parts.policy.ledger`, grades from
`parts.policy.loaners`, who may do what from `parts.policy.access`. Each service is one transaction that
locks the rows it will change with `select_for_update()` and writes the stock and its ledger line together,
so a refused move stores nothing and the stock always equals the sum of its moves.

Lock order, the same everywhere so two transactions never wait on each other in a circle:
service request (FOR NO KEY UPDATE, by every move or loan for a request: its ledger line references the
request) → stock count → loaner → loan → stock rows (by primary key). A caller that already holds a
request's row (e.g. recording an on-site visit) may call these services for that request, not the reverse.
On SQLite `select_for_update()` does nothing; there the IMMEDIATE transactions (settings) serialise writers.

The services live by topic in this package; import the package and call `services.part_receive(...)`.
"""

from aftersales.parts.services._common import ensure_can_keep_store, ensure_can_lend, ensure_can_move
from aftersales.parts.services.catalogue import location_create, part_create, stock_set_reorder
from aftersales.parts.services.counts import (
    CountEntry,
    stock_count_cancel,
    stock_count_close,
    stock_count_open,
    stock_count_record,
)
from aftersales.parts.services.loans import loan_create, loan_return, loaner_create, loaner_set_status
from aftersales.parts.services.stock import (
    MoveResult,
    part_issue,
    part_receive,
    part_release,
    part_reserve,
    part_return,
    part_scrap,
    part_transfer,
    stock_move_create,
)

__all__ = [
    "CountEntry",
    "MoveResult",
    "ensure_can_keep_store",
    "ensure_can_lend",
    "ensure_can_move",
    "loan_create",
    "loan_return",
    "loaner_create",
    "loaner_set_status",
    "location_create",
    "part_create",
    "part_issue",
    "part_receive",
    "part_release",
    "part_reserve",
    "part_return",
    "part_scrap",
    "part_transfer",
    "stock_count_cancel",
    "stock_count_close",
    "stock_count_open",
    "stock_count_record",
    "stock_move_create",
    "stock_set_reorder",
]
