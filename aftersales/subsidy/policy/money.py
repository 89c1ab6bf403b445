"""Money of a claim: amount = price × rate, central and provincial shares, rounded to the fen (篇4 一, 篇9 三).

Decimal throughout, ROUND_HALF_UP to two places. The provincial share is the amount less the central share, so
the two always add up to the amount exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
DEFAULT_RATE = Decimal("0.13")
DEFAULT_CENTRAL_SHARE = Decimal("0.80")


def to_fen(value: Decimal) -> Decimal:
    """`value` rounded to the fen, half up (0.005 → 0.01)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Amounts:
    amount: Decimal
    central: Decimal
    provincial: Decimal


def subsidy_amounts(price: Decimal, rate: Decimal = DEFAULT_RATE, central_share: Decimal = DEFAULT_CENTRAL_SHARE):
    """The subsidy of an item sold at `price`: the amount and its central and provincial parts."""
    if price < 0 or not (0 <= rate <= 1) or not (0 <= central_share <= 1):
        raise ValueError("price, rate and share must be non-negative (rate and share at most 1)")
    amount = to_fen(Decimal(price) * Decimal(rate))
    central = to_fen(amount * Decimal(central_share))
    return Amounts(amount, central, amount - central)


def money_text(value: Decimal) -> str:
    """A decimal string with two places, as the API writes money ("260.00")."""
    return f"{to_fen(value):.2f}"
