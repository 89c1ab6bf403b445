"""The programme's decisions: outlet conditions at filing, the claim's four checks, the return matrix and the
group purchase's delivery deadline (篇3 五(八)2, 篇4 一(四) 二(一)6 二(三)1, 篇9 五 六).

Every refusal is a `Reason` with a stable code and its text in Chinese and English; a decision lists every
reason at once (a farmer is told everything that is wrong while at the counter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum

from aftersales.subsidy.policy.deadlines import earliest_claim
from aftersales.subsidy.policy.identity import normalise_id

COUNTY_MIN_AREA = Decimal(150)
TOWNSHIP_MIN_AREA = Decimal(50)
MIN_OPERATORS = 2
GROUP_MIN_UNITS = 10
GROUP_MAX_KM = Decimal(50)
GROUP_DELIVERY_HOURS = 48


@dataclass(frozen=True)
class Reason:
    code: str
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


# --------------------------------------------------------------------------------------- outlet conditions


def outlet_reasons(
    *, level: str, area_m2: Decimal, operators: int, can_invoice: bool, has_terminal: bool, area_exception: str = ""
) -> list[Reason]:
    """The filing conditions an outlet does not meet (empty: it may be filed).

    Floor area ≥ 150 m² in a county town, ≥ 50 m² in a township (waived by a documented exception for a remote
    area), at least 2 operators, able to issue tax invoices, a networked terminal."""
    reasons: list[Reason] = []
    minimum = COUNTY_MIN_AREA if level == "county" else TOWNSHIP_MIN_AREA
    if Decimal(area_m2) < minimum and not area_exception.strip():
        reasons.append(
            Reason(
                "area_too_small",
                f"营业面积 {area_m2} 平方米，低于{'县城' if level == 'county' else '乡镇'}网点的 {minimum} 平方米",
                f"Floor area {area_m2} m² is below the {minimum} m² of a {level} outlet",
            )
        )
    if operators < MIN_OPERATORS:
        reasons.append(
            Reason(
                "too_few_operators",
                f"操作人员 {operators} 人，至少需要 {MIN_OPERATORS} 人",
                f"{operators} operator(s); at least {MIN_OPERATORS} are required",
            )
        )
    if not can_invoice:
        reasons.append(Reason("no_tax_invoice", "不具备开具税务发票的条件", "Cannot issue tax invoices"))
    if not has_terminal:
        reasons.append(Reason("no_terminal", "未配备计算机及联网设备", "No networked computer terminal"))
    return reasons


# ------------------------------------------------------------------------------------- the four checks


@dataclass(frozen=True)
class ClaimFacts:
    """What the office compares: the sale as entered and what the buyer shows at the counter."""

    invoice_id_number: str
    shown_id_number: str
    invoice_household_no: str
    shown_household_no: str
    price: Decimal
    cap: Decimal
    item_label_card_no: str
    shown_label_card_no: str
    household_category_taken: bool
    sold_on: date
    filed_on: date


ID_MISMATCH = Reason(
    "id_mismatch", "购买人身份证明与发票载明的不一致", "The ID shown does not match the buyer on the invoice"
)
HOUSEHOLD_MISMATCH = Reason(
    "id_mismatch", "户口簿户号与销售登记的不一致", "The household register number does not match the sale"
)
LABEL_MISMATCH = Reason(
    "label_card_mismatch", "产品标识卡与购买产品不一致", "The product label card does not match the item bought"
)
CATEGORY_TAKEN = Reason(
    "household_category_taken",
    "该户本类产品已申报过补贴（每户每类限一台）",
    "This household has already claimed an item of this category (one per household and category)",
)


def claim_reasons(facts: ClaimFacts) -> list[Reason]:
    """Every failed check of a claim (empty: the claim is taken). Codes: id_mismatch, price_above_cap,
    label_card_mismatch, household_category_taken, too_early."""
    reasons: list[Reason] = []
    if normalise_id(facts.shown_id_number) != normalise_id(facts.invoice_id_number):
        reasons.append(ID_MISMATCH)
    elif facts.shown_household_no.strip() != facts.invoice_household_no.strip():
        reasons.append(HOUSEHOLD_MISMATCH)
    if facts.price > facts.cap:
        reasons.append(
            Reason(
                "price_above_cap",
                f"发票价格 {facts.price:.2f} 元高于该类产品最高限价 {facts.cap:.2f} 元",
                f"The invoice price {facts.price:.2f} is above the category's cap {facts.cap:.2f}",
            )
        )
    if facts.shown_label_card_no.strip().upper() != facts.item_label_card_no.strip().upper():
        reasons.append(LABEL_MISMATCH)
    if facts.household_category_taken:
        reasons.append(CATEGORY_TAKEN)
    earliest = earliest_claim(facts.sold_on)
    if facts.filed_on < earliest:
        reasons.append(
            Reason(
                "too_early",
                f"购买 3 日后方可申报（{earliest:%Y-%m-%d} 起）",
                f"A claim may be filed 3 days after the purchase (from {earliest:%Y-%m-%d})",
            )
        )
    return reasons


# ------------------------------------------------------------------------------------- the return matrix


class ReturnOutcome(Enum):
    RETURNED = "returned"  # returned at once, the label card recovered
    PRE_RETURN = "pre_return"  # 预退货: wait for the payment, then as paid
    AWAITING_REFUND = "awaiting_refund"  # the buyer refunds the subsidy at the township first


@dataclass(frozen=True)
class ReturnDecision:
    outcome: ReturnOutcome
    cancel_claim: bool  # a claim only filed is cancelled


def return_decision(claim_status: str | None) -> ReturnDecision:
    """How a return is handled by the state of the item's claim (None: no claim, or none that holds).

    no claim, cancelled, refunded or failed verification → returned; filed → returned and the claim cancelled;
    verified (not yet paid) → pre-return; paid → awaiting the subsidy's refund."""
    if claim_status == "filed":
        return ReturnDecision(ReturnOutcome.RETURNED, True)
    if claim_status == "verified":
        return ReturnDecision(ReturnOutcome.PRE_RETURN, False)
    if claim_status == "paid":
        return ReturnDecision(ReturnOutcome.AWAITING_REFUND, False)
    if claim_status in (None, "failed", "cancelled", "refunded"):
        return ReturnDecision(ReturnOutcome.RETURNED, False)
    raise ValueError(f"unknown claim state {claim_status!r}")


# ------------------------------------------------------------------------------------- group purchases


def group_deliver_by(units: int, distance_km: Decimal, ordered_at: datetime) -> datetime | None:
    """The free-delivery deadline of a group purchase (≥ 10 units within 50 km: 48 hours), else None."""
    if units >= GROUP_MIN_UNITS and Decimal(distance_km) <= GROUP_MAX_KM:
        return ordered_at + timedelta(hours=GROUP_DELIVERY_HOURS)
    return None
