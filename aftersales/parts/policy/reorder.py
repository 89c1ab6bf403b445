"""Replenishment (补货) of one part at one location (SPEC §3; 篇1 2.7 regular stock checks and top-ups).

A (part, location) with a reorder point is due for reordering when what is available (on hand minus
reserved) has fallen to the reorder point or below. The suggested order is the configured reorder quantity,
raised if needed so that the order lifts availability back above the reorder point. Without a reorder point
the location is not replenished automatically (e.g. an engineer's van stocked by hand).
"""

from __future__ import annotations


def needs_reorder(*, on_hand: int, reserved: int, reorder_point: int | None) -> bool:
    return reorder_point is not None and on_hand - reserved <= reorder_point


def suggested_quantity(*, on_hand: int, reserved: int, reorder_point: int | None, reorder_quantity: int) -> int:
    """How many units to order now (0 when the stock is above its reorder point)."""
    if reorder_point is None or on_hand - reserved > reorder_point:
        return 0
    shortfall = reorder_point - (on_hand - reserved) + 1
    return max(reorder_quantity, shortfall)
