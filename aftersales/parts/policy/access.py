"""Who may move stock and lend loaners (SPEC §3: "the warehouse role moves stock").

The store keepers (warehouse 备件库, supervisor, admin) may make any move. Engineers may reserve, release,
issue and return parts, always against a service request they work on. Nobody else moves stock. Lending and
taking back loaners: the store keepers and engineers; adding loaners and parts to the catalogue: store
keepers. Roles are passed in as their stored names.
"""

from __future__ import annotations

STOCK_KEEPERS = frozenset({"warehouse", "supervisor", "admin"})
FIELD = frozenset({"engineer"})
FIELD_KINDS = frozenset({"reserve", "release", "issue", "return"})


def can_move(*, role: str, is_superuser: bool, kind: str, has_ticket: bool) -> bool:
    if is_superuser or role in STOCK_KEEPERS:
        return True
    return role in FIELD and kind in FIELD_KINDS and has_ticket


def can_keep_store(*, role: str, is_superuser: bool) -> bool:
    """Catalogue, locations, reorder rules, stock counts, loaner devices."""
    return is_superuser or role in STOCK_KEEPERS


def can_lend(*, role: str, is_superuser: bool) -> bool:
    return is_superuser or role in STOCK_KEEPERS or role in FIELD
