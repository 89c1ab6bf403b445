"""Stock arithmetic of one part at one location (SPEC §3; 篇1 2.7).

A location holds `on_hand` units of a part, of which `reserved` are promised to service requests; the rest is
`available`. Every move changes these two numbers by a signed amount, and the stock ledger is the list of
those changes, so on_hand and reserved are always the sums of the ledger's deltas. The rules:

* receive, return, transfer in: on_hand + q.
* reserve (for a request): reserved + q, only from available stock.
* release (a request's reservation): reserved - q, at most what that request has reserved here.
* issue (to a request): on_hand - q; the request's own reservation is used first, the rest must be available.
* scrap, transfer out: on_hand - q, only from available stock (reserved units stay promised).
* count adjustment: on_hand becomes the counted quantity, which may not fall below what is reserved.

Nothing ever goes negative and reserved never exceeds on_hand. A refused move has no effect. Quantities are
whole units (备件按件计).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Refusal(StrEnum):
    """Why a move cannot be made; the value is the DomainError code."""

    QUANTITY_NOT_POSITIVE = "parts_quantity_not_positive"
    INSUFFICIENT_STOCK = "parts_insufficient_stock"
    INSUFFICIENT_RESERVATION = "parts_insufficient_reservation"
    RETURN_EXCEEDS_ISSUED = "parts_return_exceeds_issued"
    COUNT_BELOW_RESERVED = "parts_count_below_reserved"
    COUNT_NEGATIVE = "parts_count_negative"


@dataclass(frozen=True)
class Balance:
    """What a location holds of one part."""

    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def after(self, effect: Effect) -> Balance:
        return Balance(self.on_hand + effect.on_hand_delta, self.reserved + effect.reserved_delta)

    @property
    def is_valid(self) -> bool:
        return 0 <= self.reserved <= self.on_hand


@dataclass(frozen=True)
class Effect:
    """The signed change a move makes; these are what the ledger adds up."""

    on_hand_delta: int
    reserved_delta: int


@dataclass(frozen=True)
class Plan:
    """The outcome of asking for a move: an effect, or the reason it is refused (never both)."""

    effect: Effect | None
    refusal: Refusal | None = None
    # Of an issue: how many units came out of the request's own reservation.
    from_reservation: int = 0

    @property
    def is_refused(self) -> bool:
        return self.refusal is not None


def _refuse(reason: Refusal) -> Plan:
    return Plan(effect=None, refusal=reason)


def plan_receive(balance: Balance, quantity: int) -> Plan:
    """Goods in (入库): from a supplier, a transfer, or a request's unused part."""
    if quantity <= 0:
        return _refuse(Refusal.QUANTITY_NOT_POSITIVE)
    return Plan(Effect(quantity, 0))


def plan_reserve(balance: Balance, quantity: int) -> Plan:
    """Promise `quantity` available units to a request (预留)."""
    if quantity <= 0:
        return _refuse(Refusal.QUANTITY_NOT_POSITIVE)
    if quantity > balance.available:
        return _refuse(Refusal.INSUFFICIENT_STOCK)
    return Plan(Effect(0, quantity))


def plan_release(balance: Balance, quantity: int, *, ticket_reserved: int) -> Plan:
    """Give back part of a request's reservation; `ticket_reserved` is what it holds here."""
    if quantity <= 0:
        return _refuse(Refusal.QUANTITY_NOT_POSITIVE)
    if quantity > ticket_reserved or quantity > balance.reserved:
        return _refuse(Refusal.INSUFFICIENT_RESERVATION)
    return Plan(Effect(0, -quantity))


def plan_issue(balance: Balance, quantity: int, *, ticket_reserved: int = 0) -> Plan:
    """Hand `quantity` units out for a request: its reservation here first, then available stock."""
    if quantity <= 0:
        return _refuse(Refusal.QUANTITY_NOT_POSITIVE)
    from_reservation = min(quantity, max(ticket_reserved, 0), balance.reserved)
    if quantity - from_reservation > balance.available:
        return _refuse(Refusal.INSUFFICIENT_STOCK)
    return Plan(Effect(-quantity, -from_reservation), from_reservation=from_reservation)


def plan_return(balance: Balance, quantity: int, *, outstanding: int | None = None) -> Plan:
    """Take units back (退回). With a request, at most what was issued to it and not yet returned."""
    if quantity <= 0:
        return _refuse(Refusal.QUANTITY_NOT_POSITIVE)
    if outstanding is not None and quantity > outstanding:
        return _refuse(Refusal.RETURN_EXCEEDS_ISSUED)
    return Plan(Effect(quantity, 0))


def plan_take_out(balance: Balance, quantity: int) -> Plan:
    """Scrap or transfer out: only available units leave; reserved ones stay promised."""
    if quantity <= 0:
        return _refuse(Refusal.QUANTITY_NOT_POSITIVE)
    if quantity > balance.available:
        return _refuse(Refusal.INSUFFICIENT_STOCK)
    return Plan(Effect(-quantity, 0))


def plan_count_adjust(balance: Balance, counted: int) -> Plan:
    """Set on_hand to what a stock count found; the difference is the discrepancy (盘盈/盘亏)."""
    if counted < 0:
        return _refuse(Refusal.COUNT_NEGATIVE)
    if counted < balance.reserved:
        return _refuse(Refusal.COUNT_BELOW_RESERVED)
    return Plan(Effect(counted - balance.on_hand, 0))


# The sign each kind's on_hand delta must have (0: the kind never changes on_hand); used by the ledger check.
ON_HAND_SIGN = {
    "receive": 1,
    "return": 1,
    "transfer_in": 1,
    "reserve": 0,
    "release": 0,
    "issue": -1,
    "scrap": -1,
    "transfer_out": -1,
}


def delta_fits_kind(kind: str, quantity: int, effect: Effect) -> bool:
    """Whether a stored move's deltas are what its kind and quantity say (a count adjustment may go either way)."""
    if kind == "count_adjust":
        return effect.reserved_delta == 0 and abs(effect.on_hand_delta) == quantity
    if kind == "reserve":
        return effect == Effect(0, quantity)
    if kind == "release":
        return effect == Effect(0, -quantity)
    if kind == "issue":
        return effect.on_hand_delta == -quantity and -quantity <= effect.reserved_delta <= 0
    sign = ON_HAND_SIGN.get(kind)
    return sign is not None and effect == Effect(sign * quantity, 0)
