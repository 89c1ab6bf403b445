"""Every write of the subsidy ledger: programmes, enterprises, outlet filing and review, sales entry, claims with
the four checks, verification and payment, returns by the claim's state, group purchases (篇3, 篇4, 篇9).

Decide purely, apply under a lock: the rules are `aftersales.subsidy.policy`; this module loads and locks the
rows, asks the policy, and writes in one transaction. Each service asks the access table as its second line.
A refusal with several reasons (outlet conditions, a sale's faults, the claim's checks) is one 422 listing
them all, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.sla import selectors as sla
from aftersales.sla.policy.worktime import WorkCalendar, office_hours
from aftersales.subsidy.choices import (
    CATEGORY_NAMES_EN,
    DEFAULT_CATEGORIES,
    HOLDING_STATES,
    ClaimStatus,
    ItemStatus,
    OutletStatus,
    ReturnStatus,
)
from aftersales.subsidy.models import (
    Category,
    Claim,
    Enterprise,
    GroupOrder,
    Outlet,
    OutletPeriod,
    Programme,
    Return,
    Sale,
    SaleItem,
)
from aftersales.subsidy.policy import deadlines, rules
from aftersales.subsidy.policy.identity import normalise_id, valid_credit_code, valid_resident_id
from aftersales.subsidy.policy.money import subsidy_amounts, to_fen

# ------------------------------------------------------------------------------------------------ errors


@dataclass
class SubsidyError(DomainError):
    """A refusal of this area: the shared error shape plus `zh`/`en` and, when several, `reasons`."""

    reasons: list[dict[str, str]] | None = None

    def as_json(self) -> dict[str, Any]:
        body = super().as_json()
        body["zh"], body["en"] = self.message_zh, self.message_en
        if self.reasons is not None:
            body["reasons"] = self.reasons
        return body


def _error(code: str, zh: str, en: str, status: int = 422, reasons: list[rules.Reason] | None = None):
    return SubsidyError(code, zh, en, {}, status, [r.as_dict() for r in reasons] if reasons is not None else None)


def _refusal(code: str, zh: str, en: str, reasons: list[rules.Reason]) -> SubsidyError:
    """422 listing every reason (the first one's text is the message)."""
    summary_zh = "；".join(r.zh for r in reasons)
    summary_en = "; ".join(r.en for r in reasons)
    return _error(code, f"{zh}：{summary_zh}", f"{en}: {summary_en}", 422, reasons)


def _not_found(zh: str, en: str) -> SubsidyError:
    return _error("not_found", f"{zh}不存在", f"{en} not found", 404)


def _conflict(code: str, zh: str, en: str) -> SubsidyError:
    return _error(code, zh, en, 409)


# ------------------------------------------------------------------------------------------- the calendar

_calendar_lock = threading.Lock()
_calendar: tuple[int | None, WorkCalendar | None] = (None, None)


def work_calendar() -> WorkCalendar:
    """China's working calendar: office days, statutory holidays off, make-up workdays on — from the SLA area's
    holiday table (seeded from chinesecalendar, editable by an admin), re-read when its generation changes."""
    global _calendar
    generation = sla.current_generation()
    cached = _calendar
    if cached[0] == generation and cached[1] is not None:
        return cached[1]
    holidays, workdays, known = sla.holiday_table()
    calendar = office_hours(holidays=holidays, workdays=workdays, known_years=known)
    with _calendar_lock:
        _calendar = (generation, calendar)
    return calendar


def clear_calendar() -> None:
    global _calendar
    _calendar = (None, None)


def _today() -> dt.date:
    return clock.today()


# ------------------------------------------------------------------------------------------- programmes


def programme_create(
    *,
    actor,
    name: str,
    county: str,
    starts_on: dt.date,
    ends_on: dt.date,
    rate: Decimal = Decimal("0.13"),
    central_share: Decimal = Decimal("0.80"),
    caps: dict[str, Decimal] | None = None,
    townships: list[str] | None = None,
) -> Programme:
    access.require(actor, "subsidy.admin")
    reasons = []
    if ends_on < starts_on:
        reasons.append(rules.Reason("period_invalid", "结束日期早于开始日期", "The period ends before it starts"))
    if not (Decimal(0) < rate <= Decimal(1)):
        reasons.append(rules.Reason("rate_invalid", "补贴比例须在 0 与 1 之间", "The rate must lie in (0, 1]"))
    if not (Decimal(0) <= central_share <= Decimal(1)):
        reasons.append(rules.Reason("share_invalid", "中央负担比例须在 0 与 1 之间", "The share must lie in [0, 1]"))
    names = {code: zh for code, zh, _ in DEFAULT_CATEGORIES}
    if caps is None:
        caps = {code: Decimal(cap) for code, _, cap in DEFAULT_CATEGORIES}
    for code, cap in caps.items():
        if cap <= 0:
            reasons.append(rules.Reason("cap_invalid", f"{code} 的限价须大于 0", f"The cap of {code} must be positive"))
    if not caps:
        reasons.append(rules.Reason("no_categories", "至少需要一个补贴品类", "At least one category is required"))
    if reasons:
        raise _refusal("programme_invalid", "实施方案无效", "Invalid programme", reasons)
    with transaction.atomic():
        programme = Programme.objects.create(
            name=name.strip(),
            county=county.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            rate=rate,
            central_share=central_share,
            townships=[t.strip() for t in (townships or []) if t.strip()],
        )
        Category.objects.bulk_create(
            [
                Category(programme=programme, code=code, name=names.get(code, code), cap=cap)
                for code, cap in caps.items()
            ]
        )
    return programme


def enterprise_create(*, actor, name: str, credit_code: str) -> Enterprise:
    access.require(actor, "subsidy.admin")
    code = (credit_code or "").strip().upper()
    if not valid_credit_code(code):
        raise _refusal(
            "invalid_credit_code",
            "统一社会信用代码无效",
            "Invalid unified social credit code",
            [
                rules.Reason(
                    "invalid_credit_code", f"{credit_code} 不是有效的统一社会信用代码", f"{credit_code} is not valid"
                )
            ],
        )
    try:
        with transaction.atomic():
            return Enterprise.objects.create(name=name.strip(), credit_code=code)
    except IntegrityError:
        raise _conflict(
            "enterprise_exists", "该统一社会信用代码的企业已存在", "An enterprise with this code exists"
        ) from None


# ---------------------------------------------------------------------------------------------- outlets


def outlet_identity(name: str, address: str) -> str:
    """Name and address, without spaces and case, as one outlet's identity (不得多头备案)."""
    return "|".join("".join(part.split()).upper() for part in (name, address))


def outlet_file(
    *,
    actor,
    programme_id: int,
    enterprise_id: int,
    name: str,
    address: str,
    kind: str,
    level: str,
    area_m2: Decimal,
    operators: int,
    can_invoice: bool,
    has_terminal: bool,
    filed_on: dt.date | None = None,
    township: str = "",
    licence_no: str = "",
    area_exception: str = "",
) -> Outlet:
    """File an outlet with the county commerce bureau (备案): the conditions are checked now; pending review."""
    access.require(actor, "subsidy.outlet_file", programme_id=programme_id, enterprise_id=enterprise_id)
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise _error("unknown_reference", "实施方案不存在", "Programme not found", 422)
    if not Enterprise.objects.filter(pk=enterprise_id).exists():
        raise _error("unknown_reference", "企业不存在", "Enterprise not found", 422)
    filed_on = filed_on or _today()
    reasons = rules.outlet_reasons(
        level=level,
        area_m2=area_m2,
        operators=operators,
        can_invoice=can_invoice,
        has_terminal=has_terminal,
        area_exception=area_exception,
    )
    if filed_on > _today():
        reasons.append(rules.Reason("date_in_future", "备案日期不能晚于今天", "The filing date is in the future"))
    township = township.strip()
    if township and programme.townships and township not in programme.townships:
        reasons.append(
            rules.Reason(
                "township_outside_county",
                f"{township} 不在 {programme.county} 辖区内",
                f"{township} is not in {programme.county}",
            )
        )
    if reasons:
        raise _refusal(
            "outlet_conditions_unmet", "网点不符合备案条件", "The outlet does not meet the conditions", reasons
        )
    identity = outlet_identity(name, address)
    holder = (
        Outlet.objects.filter(programme=programme, identity=identity).values_list("enterprise_id", flat=True).first()
    )
    if holder is not None:
        raise _duplicate(holder != enterprise_id)
    try:
        with transaction.atomic():
            return Outlet.objects.create(
                programme=programme,
                enterprise_id=enterprise_id,
                name=name.strip(),
                address=address.strip(),
                identity=identity,
                county=programme.county,
                township=township,
                kind=kind,
                level=level,
                licence_no=licence_no.strip(),
                area_m2=area_m2,
                operators=operators,
                can_invoice=can_invoice,
                has_terminal=has_terminal,
                area_exception=area_exception.strip(),
                filed_on=filed_on,
                review_by=deadlines.review_by(work_calendar(), filed_on),
            )
    except IntegrityError:
        raise _duplicate(True) from None


def _duplicate(other: bool) -> SubsidyError:
    if other:
        return _conflict(
            "outlet_filed_elsewhere",
            "该网点已由其他销售企业备案，不得多头备案",
            "This outlet is already filed by another enterprise",
        )
    return _conflict("outlet_already_filed", "该网点已备案", "This outlet is already filed")


def _lock_outlet(outlet_id: int) -> Outlet:
    outlet = Outlet.objects.select_for_update().filter(pk=outlet_id).first()
    if outlet is None:
        raise _not_found("销售网点", "Outlet")
    return outlet


def _check_day(on: dt.date, *, earliest: dt.date, what_zh: str, what_en: str) -> None:
    if on > _today():
        raise _error("date_in_future", f"{what_zh}不能晚于今天", f"The {what_en} is in the future")
    if on < earliest:
        raise _error(
            "date_too_early",
            f"{what_zh}不能早于 {earliest:%Y-%m-%d}",
            f"The {what_en} may not be before {earliest:%Y-%m-%d}",
        )


def outlet_review(*, actor, outlet_id: int, decision: str, reason: str = "", decided_on: dt.date | None = None):
    """The commerce bureau approves (from `decided_on` on) or rejects (with a reason) a pending outlet."""
    access.require(actor, "subsidy.outlet_review", outlet_id=outlet_id)
    with transaction.atomic():
        outlet = _lock_outlet(outlet_id)
        if outlet.status != OutletStatus.PENDING:
            raise _conflict("outlet_not_pending", "该网点不在待审核状态", "The outlet is not pending review")
        decided_on = decided_on or _today()
        _check_day(decided_on, earliest=outlet.filed_on, what_zh="审核日期", what_en="decision date")
        if decision == "reject" and not reason.strip():
            raise _error("reason_required", "不予备案须说明理由", "A rejection needs a reason")
        outlet.decided_on = decided_on
        outlet.decision_reason = reason.strip()
        if decision == "approve":
            outlet.status = OutletStatus.APPROVED
            OutletPeriod.objects.create(outlet=outlet, starts_on=decided_on)
        else:
            outlet.status = OutletStatus.REJECTED
        outlet.save(update_fields=["status", "decided_on", "decision_reason"])
    return outlet


def outlet_suspend(*, actor, outlet_id: int, on: dt.date | None = None, reason: str = "") -> Outlet:
    """Suspend an approved outlet from `on` (its sales from that day get no subsidy)."""
    access.require(actor, "subsidy.outlet_review", outlet_id=outlet_id)
    with transaction.atomic():
        outlet = _lock_outlet(outlet_id)
        if outlet.status != OutletStatus.APPROVED:
            raise _conflict(
                "outlet_not_approved", "只有已备案的网点可以暂停", "Only an approved outlet can be suspended"
            )
        period = outlet.periods.filter(ends_on__isnull=True).order_by("-starts_on").first()
        on = on or _today()
        _check_day(on, earliest=period.starts_on if period else outlet.filed_on, what_zh="暂停日期", what_en="date")
        if period is not None:
            period.ends_on = on
            period.save(update_fields=["ends_on"])
        outlet.status = OutletStatus.SUSPENDED
        if reason.strip():
            outlet.decision_reason = reason.strip()
        outlet.save(update_fields=["status", "decision_reason"])
    return outlet


def outlet_restore(*, actor, outlet_id: int, on: dt.date | None = None) -> Outlet:
    """Restore a suspended outlet from `on`."""
    access.require(actor, "subsidy.outlet_review", outlet_id=outlet_id)
    with transaction.atomic():
        outlet = _lock_outlet(outlet_id)
        if outlet.status != OutletStatus.SUSPENDED:
            raise _conflict("outlet_not_suspended", "该网点未被暂停", "The outlet is not suspended")
        last = outlet.periods.order_by("-starts_on").first()
        on = on or _today()
        earliest = (last.ends_on or last.starts_on) if last else outlet.filed_on
        _check_day(on, earliest=earliest, what_zh="恢复日期", what_en="date")
        OutletPeriod.objects.create(outlet=outlet, starts_on=on)
        outlet.status = OutletStatus.APPROVED
        outlet.save(update_fields=["status"])
    return outlet


def approved_on(outlet: Outlet, on: dt.date) -> bool:
    """Whether the outlet was approved on day `on`."""
    return outlet.periods.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lte=on).exists()


# ------------------------------------------------------------------------------------------------ sales


@dataclass(frozen=True)
class ItemIn:
    category: str
    model: str
    price: Decimal
    label_card_no: str
    serial_no: str


def sale_create(
    *,
    actor,
    outlet_id: int,
    invoice_no: str,
    sold_on: dt.date,
    buyer_name: str,
    buyer_id_number: str,
    household_no: str,
    township: str,
    items: list[ItemIn],
    entered_on: dt.date | None = None,
) -> Sale:
    """Enter a sale (销售登记). Every fault is listed in one 422 and nothing is stored; an entry past the 3
    working days is kept and flagged late."""
    access.require(actor, "subsidy.sale_create", outlet_id=outlet_id)
    outlet = Outlet.objects.select_related("programme").filter(pk=outlet_id).first()
    if outlet is None:
        raise _error("unknown_reference", "销售网点不存在", "Outlet not found", 422)
    programme = outlet.programme
    today = _today()
    entered_on = entered_on or today
    reasons: list[rules.Reason] = []
    if entered_on > today:
        reasons.append(rules.Reason("entered_in_future", "录入日期不能晚于今天", "The entry date is in the future"))
    if sold_on > entered_on:
        reasons.append(rules.Reason("sold_after_entry", "销售日期晚于录入日期", "The sale is dated after its entry"))
    if not (programme.starts_on <= sold_on <= programme.ends_on):
        reasons.append(
            rules.Reason(
                "outside_programme",
                f"销售日期不在实施期内（{programme.starts_on:%Y-%m-%d} 至 {programme.ends_on:%Y-%m-%d}）",
                f"The sale is outside the programme ({programme.starts_on} to {programme.ends_on})",
            )
        )
    if not approved_on(outlet, sold_on):
        reasons.append(
            rules.Reason(
                "outlet_not_approved",
                f"销售网点在 {sold_on:%Y-%m-%d} 未经备案确认，售出产品不享受补贴",
                f"The outlet was not approved on {sold_on}; its sales get no subsidy",
            )
        )
    township = township.strip()
    if programme.townships and township not in programme.townships:
        reasons.append(
            rules.Reason(
                "township_outside_county",
                f"{township} 不在 {programme.county} 辖区内（跨县销售不享受补贴）",
                f"{township} is not in {programme.county} (sales across the county line get no subsidy)",
            )
        )
    id_number = normalise_id(buyer_id_number)
    if not valid_resident_id(id_number):
        reasons.append(rules.Reason("invalid_id_number", "身份证号码无效", "Invalid resident ID number"))
    if not items:
        reasons.append(rules.Reason("no_items", "至少登记一件商品", "A sale needs at least one item"))
    caps = {c.code: c.cap for c in programme.categories.all()}
    cards = [i.label_card_no.strip().upper() for i in items]
    for item in items:
        if item.category not in caps:
            reasons.append(
                rules.Reason("unknown_category", f"未知品类：{item.category}", f"Unknown category: {item.category}")
            )
        if item.price <= 0:
            reasons.append(rules.Reason("price_invalid", "价格必须大于 0", "The price must be positive"))
    if len(set(cards)) != len(cards):
        reasons.append(rules.Reason("label_card_used", "同一标识卡登记了两次", "A label card is listed twice"))
    used = set(SaleItem.objects.filter(label_card_no__in=cards).values_list("label_card_no", flat=True))
    reasons.extend(
        rules.Reason("label_card_used", f"产品标识卡 {card} 已被使用", f"Label card {card} is already used")
        for card in sorted(used)
    )
    if reasons:
        raise _refusal("sale_refused", "销售登记未通过", "The sale was not entered", reasons)
    calendar = work_calendar()
    deadline = deadlines.entry_deadline(calendar, sold_on)
    try:
        with transaction.atomic():
            sale = Sale.objects.create(
                programme=programme,
                outlet=outlet,
                invoice_no=invoice_no.strip(),
                sold_on=sold_on,
                entered_on=entered_on,
                entry_deadline=deadline,
                entered_late=entered_on > deadline,
                buyer_name=buyer_name.strip(),
                buyer_id_number=id_number,
                household_no=household_no.strip(),
                county=programme.county,
                township=township,
                entered_by=actor if getattr(actor, "pk", None) else None,
            )
            SaleItem.objects.bulk_create(
                [
                    SaleItem(
                        sale=sale,
                        category=i.category,
                        model=i.model.strip(),
                        price=i.price,
                        label_card_no=card,
                        serial_no=i.serial_no.strip(),
                    )
                    for i, card in zip(items, cards, strict=True)
                ]
            )
    except IntegrityError:
        raise _refusal(
            "sale_refused",
            "销售登记未通过",
            "The sale was not entered",
            [rules.Reason("label_card_used", "产品标识卡已被使用", "A label card is already used")],
        ) from None
    return sale


# ----------------------------------------------------------------------------------------------- claims


def _lock_item(sale_item_id: int) -> SaleItem:
    item = (
        SaleItem.objects.select_for_update().select_related("sale", "sale__programme").filter(pk=sale_item_id).first()
    )
    if item is None:
        raise _error("unknown_reference", "销售商品不存在或无权访问", "Sale item not found or not accessible", 422)
    return item


# What the four checks read, in one statement (the item, its sale, the category's cap and whether the household
# already holds the category): one round trip on the indexes (pk; programme+code; household_no+category), and no
# ORM query compilation on the hot path (bench/bench_subsidy.py: p95 ≤ 5 ms at 1M sales).
_CHECK_SQL = f"""
SELECT i.price, i.label_card_no, s.buyer_id_number, s.household_no, s.sold_on,
       (SELECT c.cap FROM {Category._meta.db_table} c WHERE c.programme_id = s.programme_id AND c.code = i.category),
       EXISTS (SELECT 1 FROM {Claim._meta.db_table} k
               WHERE k.household_no = s.household_no AND k.category = i.category
                 AND k.programme_id = s.programme_id AND k.status IN ('filed', 'verified', 'paid'))
FROM {SaleItem._meta.db_table} i JOIN {Sale._meta.db_table} s ON s.id = i.sale_id
WHERE i.id = %s
"""  # noqa: S608  (table names come from the models; the id is a parameter)


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else to_fen(Decimal(str(value)))


def claim_checks(
    sale_item_id: int, *, filed_on: dt.date, id_number: str, household_no: str, label_card_no: str
) -> list[rules.Reason]:
    """Every failed check of a claim on the item (the four checks of 篇4 二(三)1 and the 3-day wait), from one
    query; empty when the claim may be taken. The item must exist."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_CHECK_SQL, [sale_item_id])
        row = cursor.fetchone()
    price, card, buyer_id, household, sold_on, cap, taken = row
    if isinstance(sold_on, str):
        sold_on = dt.date.fromisoformat(sold_on)
    facts = rules.ClaimFacts(
        invoice_id_number=buyer_id,
        shown_id_number=id_number,
        invoice_household_no=household,
        shown_household_no=household_no,
        price=_decimal(price),
        cap=_decimal(cap) if cap is not None else Decimal(0),
        item_label_card_no=card,
        shown_label_card_no=label_card_no,
        household_category_taken=bool(taken),
        sold_on=sold_on,
        filed_on=filed_on,
    )
    return rules.claim_reasons(facts)


def claim_file(
    *,
    actor,
    sale_item_id: int,
    filed_on: dt.date,
    id_number: str,
    household_no: str,
    label_card_no: str,
    bank_account: str,
) -> Claim:
    """Take a claim at the township finance office (补贴申报): the four checks, every failure told at once and
    nothing stored; the amount is price × rate to the fen, payable within 30 working days."""
    access.require(
        actor,
        "subsidy.claim_file",
        sale_item_id=sale_item_id,
        out_of_scope=_error(
            "unknown_reference", "销售商品不存在或无权访问", "Sale item not found or not accessible", 422
        ),
    )
    if filed_on > _today():
        raise _error("date_in_future", "申报日期不能晚于今天", "The claim date is in the future")
    with transaction.atomic():
        item = _lock_item(sale_item_id)
        if item.status != ItemStatus.SOLD:
            raise _conflict("item_returned", "该商品已退货或正在退货", "The item is returned or being returned")
        if Claim.objects.filter(sale_item=item, status__in=HOLDING_STATES).exists():
            raise _conflict("already_claimed", "该商品已申报补贴", "This item has already been claimed")
        reasons = claim_checks(
            item.pk, filed_on=filed_on, id_number=id_number, household_no=household_no, label_card_no=label_card_no
        )
        if reasons:
            raise _refusal("claim_checks_failed", "补贴申报审核未通过", "The claim failed its checks", reasons)
        sale = item.sale
        programme = sale.programme
        money = subsidy_amounts(item.price, programme.rate, programme.central_share)
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    programme_id=programme.pk,
                    sale_item=item,
                    county=sale.county,
                    township=sale.township,
                    household_no=sale.household_no,
                    category=item.category,
                    filed_on=filed_on,
                    id_number=normalise_id(id_number),
                    bank_account=bank_account.strip(),
                    amount=money.amount,
                    central_amount=money.central,
                    provincial_amount=money.provincial,
                    pay_by=deadlines.pay_by(work_calendar(), sale.entered_on, filed_on),
                    filed_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:  # another office took the household's category at the same moment
            raise _refusal(
                "claim_checks_failed", "补贴申报审核未通过", "The claim failed its checks", [rules.CATEGORY_TAKEN]
            ) from None
    return claim


def _lock_claim(claim_id: int) -> Claim:
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        raise _not_found("补贴申报", "Claim")
    return claim


def claim_verify(*, actor, claim_id: int, decision: str, reason: str = "", on: dt.date | None = None) -> Claim:
    """The county finance bureau verifies a filed claim: pass or fail (with a reason)."""
    access.require(actor, "subsidy.claim_verify", claim_id=claim_id)
    with transaction.atomic():
        claim = _lock_claim(claim_id)
        if claim.status != ClaimStatus.FILED:
            raise _conflict("claim_not_filed", "只有已申报的补贴可以核查", "Only a filed claim can be verified")
        if decision == "fail" and not reason.strip():
            raise _error("reason_required", "核查不通过须说明理由", "A failed verification needs a reason")
        claim.status = ClaimStatus.VERIFIED if decision == "pass" else ClaimStatus.FAILED
        claim.verified_on = on or _today()
        claim.verify_reason = reason.strip()
        claim.save(update_fields=["status", "verified_on", "verify_reason"])
    return claim


def claim_pay(*, actor, claim_id: int, paid_on: dt.date) -> Claim:
    """Pay a verified claim into the buyer's account; late when after its due day. A pre-return waiting for
    this payment now waits for the buyer's refund."""
    access.require(actor, "subsidy.claim_pay", claim_id=claim_id)
    with transaction.atomic():
        claim = _lock_claim(claim_id)
        if claim.status != ClaimStatus.VERIFIED:
            raise _conflict("claim_not_verified", "只有核查通过的补贴可以拨付", "Only a verified claim can be paid")
        _check_day(paid_on, earliest=claim.filed_on, what_zh="拨付日期", what_en="payment date")
        claim.status = ClaimStatus.PAID
        claim.paid_on = paid_on
        claim.paid_late = paid_on > claim.pay_by
        claim.save(update_fields=["status", "paid_on", "paid_late"])
        Return.objects.filter(claim=claim, status=ReturnStatus.PRE_RETURN).update(status=ReturnStatus.AWAITING_REFUND)
    return claim


# ---------------------------------------------------------------------------------------------- returns


def return_request(*, actor, sale_item_id: int, requested_on: dt.date) -> Return:
    """The outlet records a return under 三包; what happens depends on the item's claim (the return matrix)."""
    access.require(
        actor,
        "subsidy.return_request",
        sale_item_id=sale_item_id,
        out_of_scope=_error(
            "unknown_reference", "销售商品不存在或无权访问", "Sale item not found or not accessible", 422
        ),
    )
    with transaction.atomic():
        item = _lock_item(sale_item_id)
        if item.status != ItemStatus.SOLD:
            raise _conflict(
                "already_returned", "该商品已退货或正在退货", "The item is already returned or being returned"
            )
        _check_day(requested_on, earliest=item.sale.sold_on, what_zh="退货日期", what_en="return date")
        claim = Claim.objects.select_for_update().filter(sale_item=item).order_by("-pk").first()
        decision = rules.return_decision(claim.status if claim else None)
        outcome = decision.outcome.value
        if decision.cancel_claim:
            claim.status = ClaimStatus.CANCELLED
            claim.cancelled_on = requested_on
            claim.save(update_fields=["status", "cancelled_on"])
        done = outcome == ReturnStatus.RETURNED
        item.status = ItemStatus.RETURNED if done else ItemStatus.RETURNING
        item.save(update_fields=["status"])
        return Return.objects.create(
            sale_item=item,
            claim=claim,
            requested_on=requested_on,
            status=outcome,
            completed_on=requested_on if done else None,
            card_recovered=done,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )


def return_confirm_refund(*, actor, return_id: int, refunded_on: dt.date) -> Return:
    """The township office confirms the buyer refunded the subsidy ("补贴已退，可退货"): the claim is refunded,
    the return completed, the label card recovered and the household's category free again."""
    access.require(actor, "subsidy.return_refund", return_id=return_id)
    with transaction.atomic():
        ret = Return.objects.select_for_update().filter(pk=return_id).first()
        if ret is None:
            raise _not_found("退货", "Return")
        if ret.status != ReturnStatus.AWAITING_REFUND:
            raise _conflict(
                "return_not_awaiting_refund",
                "该退货不在待退回补贴状态（预退货须待补贴拨付后办理）",
                "The return is not waiting for a refund (a pre-return waits for the payment first)",
            )
        _check_day(refunded_on, earliest=ret.requested_on, what_zh="退回日期", what_en="refund date")
        claim = Claim.objects.select_for_update().get(pk=ret.claim_id)
        claim.status = ClaimStatus.REFUNDED
        claim.refunded_on = refunded_on
        claim.save(update_fields=["status", "refunded_on"])
        ret.status = ReturnStatus.RETURNED
        ret.refunded_on = refunded_on
        ret.completed_on = refunded_on
        ret.card_recovered = True
        ret.save(update_fields=["status", "refunded_on", "completed_on", "card_recovered"])
        SaleItem.objects.filter(pk=ret.sale_item_id).update(status=ItemStatus.RETURNED)
    return ret


# -------------------------------------------------------------------------------------- group purchases


def group_order_create(
    *, actor, outlet_id: int, buyer: str, units: int, distance_km: Decimal, ordered_at: dt.datetime
) -> GroupOrder:
    """A group purchase: ≥ 10 units within 50 km are delivered free within 48 hours (篇3 五(八)2)."""
    access.require(actor, "subsidy.sale_create", outlet_id=outlet_id)
    if units <= 0 or distance_km < 0:
        raise _error("invalid_order", "台数须大于 0，里程不能为负", "Units must be positive and distance non-negative")
    return GroupOrder.objects.create(
        outlet_id=outlet_id,
        buyer=buyer.strip(),
        units=units,
        distance_km=distance_km,
        ordered_at=ordered_at,
        deliver_by=rules.group_deliver_by(units, distance_km, ordered_at),
    )


def group_order_deliver(*, actor, group_order_id: int, delivered_at: dt.datetime) -> GroupOrder:
    access.require(actor, "subsidy.group_deliver", group_order_id=group_order_id)
    with transaction.atomic():
        order = GroupOrder.objects.select_for_update().filter(pk=group_order_id).first()
        if order is None:
            raise _not_found("团购订单", "Group order")
        if order.delivered_at is not None:
            raise _conflict("already_delivered", "该订单已送达", "The order is already delivered")
        if delivered_at < order.ordered_at:
            raise _error("date_too_early", "送达时间早于下单时间", "Delivered before it was ordered")
        order.delivered_at = delivered_at
        order.delivered_late = order.deliver_by is not None and delivered_at > order.deliver_by
        order.save(update_fields=["delivered_at", "delivered_late"])
    return order


def category_name(code: str, language: str | None = None) -> str:
    if (language or "").startswith("en"):
        return CATEGORY_NAMES_EN.get(code, code)
    return {c: zh for c, zh, _ in DEFAULT_CATEGORIES}.get(code, code)
