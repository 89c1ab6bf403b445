"""Input and output shapes of the subsidy API (issue 11's contract). Money is a decimal string with two places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, PlainSerializer

from aftersales.core.schemas import QueryIn, StrictIn
from aftersales.subsidy.policy.money import money_text

Money = Annotated[Decimal, PlainSerializer(money_text, return_type=str)]
Text = Annotated[str, Field(min_length=1, max_length=128)]
Day = Annotated[dt.date, PlainSerializer(lambda d: d.isoformat() if d else None, return_type=str | None)]
MoneyIn = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
ShareIn = Annotated[Decimal, Field(ge=0, le=1, max_digits=6, decimal_places=4)]


class ProgrammeIn(StrictIn):
    name: Text
    county: str = Field(min_length=1, max_length=32)
    starts_on: dt.date
    ends_on: dt.date
    rate: ShareIn = Decimal("0.13")
    central_share: ShareIn = Decimal("0.80")
    caps: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")], MoneyIn] | None = None
    townships: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(default_factory=list, max_length=200)


class CategoryOut(Schema):
    code: str
    name: str
    cap: Money


class ProgrammeOut(Schema):
    id: int
    name: str
    county: str
    starts_on: Day
    ends_on: Day
    rate: str
    central_share: str
    caps: dict[str, str]
    townships: list[str]


class EnterpriseIn(StrictIn):
    name: Text
    credit_code: str = Field(min_length=1, max_length=32)


class IdOnly(Schema):
    id: int


class OutletIn(StrictIn):
    programme_id: int
    enterprise_id: int
    name: Text
    address: str = Field(min_length=1, max_length=256)
    kind: Literal["direct", "franchise", "authorised"]
    level: Literal["county", "township"]
    area_m2: Annotated[Decimal, Field(ge=0, max_digits=8, decimal_places=1)]
    operators: int = Field(ge=0, le=10000)
    can_invoice: bool
    has_terminal: bool
    filed_on: dt.date | None = None
    township: str = Field("", max_length=32)
    licence_no: str = Field("", max_length=64)
    area_exception: str = Field("", max_length=256)


class OutletOut(Schema):
    id: int
    programme_id: int
    enterprise_id: int
    name: str
    address: str
    kind: str
    level: str
    status: str
    filed_on: Day
    review_by: Day
    decided_on: Day | None
    decision_reason: str


class OutletReviewIn(StrictIn):
    decision: Literal["approve", "reject"]
    reason: str = Field("", max_length=256)
    decided_on: dt.date | None = None


class OutletDateIn(StrictIn):
    on: dt.date | None = None
    reason: str = Field("", max_length=256)


class StatusOut(Schema):
    status: str


class ItemIn(StrictIn):
    category: str = Field(min_length=1, max_length=32)
    model: str = Field(min_length=1, max_length=64)
    price: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
    label_card_no: str = Field(min_length=1, max_length=32)
    serial_no: str = Field(min_length=1, max_length=64)


class SaleIn(StrictIn):
    outlet_id: int
    invoice_no: str = Field(min_length=1, max_length=64)
    sold_on: dt.date
    entered_on: dt.date | None = None
    buyer_name: str = Field(min_length=1, max_length=64)
    buyer_id_number: str = Field(min_length=1, max_length=32)
    household_no: str = Field(min_length=1, max_length=32)
    township: str = Field(min_length=1, max_length=32)
    items: list[ItemIn] = Field(max_length=50)


class ItemOut(Schema):
    id: int
    category: str
    model: str
    price: Money
    label_card_no: str
    serial_no: str
    status: str


class SaleOut(Schema):
    id: int
    outlet_id: int
    invoice_no: str
    sold_on: Day
    entered_on: Day
    entry_deadline: Day
    entered_late: bool
    buyer_name: str
    household_no: str
    county: str
    township: str
    items: list[ItemOut]


class ClaimIn(StrictIn):
    sale_item_id: int
    filed_on: dt.date
    id_number: str = Field(min_length=1, max_length=32)
    household_no: str = Field(min_length=1, max_length=32)
    label_card_no: str = Field(min_length=1, max_length=32)
    bank_account: str = Field(min_length=1, max_length=64)


class ClaimOut(Schema):
    id: int
    sale_item_id: int
    status: str
    county: str
    township: str
    household_no: str
    category: str
    filed_on: Day
    amount: Money
    central_amount: Money
    provincial_amount: Money
    pay_by: Day
    overdue: bool
    verified_on: Day | None
    verify_reason: str
    paid_on: Day | None
    paid_late: bool
    refunded_on: Day | None


class ClaimVerifyIn(StrictIn):
    decision: Literal["pass", "fail"]
    reason: str = Field("", max_length=256)


class ClaimPayIn(StrictIn):
    paid_on: dt.date


class PaidOut(Schema):
    status: str
    paid_late: bool


class ClaimsQuery(QueryIn):
    status: Literal["filed", "verified", "failed", "paid", "cancelled", "refunded"] | None = None
    overdue: bool = False
    limit: int = Field(100, ge=1, le=500)


class ReturnIn(StrictIn):
    sale_item_id: int
    requested_on: dt.date


class ReturnOut(Schema):
    id: int
    sale_item_id: int
    claim_id: int | None
    status: str
    requested_on: Day
    completed_on: Day | None
    refunded_on: Day | None
    card_recovered: bool


class RefundIn(StrictIn):
    refunded_on: dt.date


class LedgerQuery(QueryIn):
    month: str = Field(pattern=r"^[12]\d{3}-(0[1-9]|1[0-2])$")  # years 1000–2999: no year 0 or 9999 + 1
    county: str = Field("", max_length=32)


class LedgerCategoryOut(Schema):
    category: str
    claims_paid: int
    amount: Money


class LedgerOut(Schema):
    month: str
    claims_paid: int
    amount: Money
    central_amount: Money
    provincial_amount: Money
    refunded_amount: Money
    by_category: list[LedgerCategoryOut]
