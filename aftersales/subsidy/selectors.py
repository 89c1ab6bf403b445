"""Reads of the subsidy ledger, each filtered by the access table's scope for the caller (`access.visible`):
an object outside it is "not found"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.subsidy.choices import UNPAID_STATES, ClaimStatus, OutletStatus
from aftersales.subsidy.models import Claim, GroupOrder, Outlet, OutletPeriod, Programme, Return, Sale, SaleItem
from aftersales.subsidy.policy.money import to_fen
from aftersales.subsidy.services import _not_found

ZERO = Decimal("0.00")


def _scoped(user, action: str, kind: str, qs: QuerySet) -> QuerySet:
    condition = access.visible(user, action, kind)
    if condition is None:
        return qs.none()
    return qs.filter(condition)


# ------------------------------------------------------------------------------------------- programmes


def programmes() -> QuerySet:
    return Programme.objects.prefetch_related("categories").order_by("-starts_on", "pk")


def programme_for_user(user) -> Programme | None:
    """The programme a user works in: its county's (or its outlet's) latest; an admin's latest of all."""
    qs = programmes()
    if getattr(user, "subsidy_outlet_id", None):
        qs = qs.filter(outlets=user.subsidy_outlet_id)
    elif getattr(user, "county", ""):
        qs = qs.filter(county=user.county)
    return qs.first()


def public_outlets(programme: Programme) -> QuerySet:
    """The approved outlets of a programme today (公告)."""
    today = clock.today()
    current = OutletPeriod.objects.filter(outlet=OuterRef("pk"), starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    )
    return (
        Outlet.objects.filter(programme=programme, status=OutletStatus.APPROVED)
        .filter(Exists(current))
        .select_related("enterprise")
        .order_by("level", "township", "name")
    )


# ---------------------------------------------------------------------------------------------- outlets


def outlets(user, *, status: str = "") -> QuerySet:
    qs = Outlet.objects.select_related("enterprise", "programme").order_by("review_by", "pk")
    if status:
        qs = qs.filter(status=status)
    return _scoped(user, "subsidy.outlets_read", "subsidy_outlet", qs)


def outlet_get(user, outlet_id: int) -> Outlet:
    outlet = outlets(user).filter(pk=outlet_id).first()
    if outlet is None:
        raise _not_found("销售网点", "Outlet")
    return outlet


@dataclass
class LateOutlet:
    outlet: Outlet
    late: int
    total: int
    last_late_on: dt.date | None


def late_outlets(user, *, since: dt.date | None = None) -> list[LateOutlet]:
    """Outlets that entered sales after the 3 working days (篇4 二(一)5), most late entries first."""
    qs = _scoped(user, "subsidy.late_outlets", "subsidy_outlet", Outlet.objects.all())
    sales = Sale.objects.filter(outlet__in=qs.values("pk"))
    if since:
        sales = sales.filter(sold_on__gte=since)
    rows = (
        sales.values("outlet_id")
        .annotate(total=Count("pk"), late=Count("pk", filter=Q(entered_late=True)))
        .filter(late__gt=0)
        .order_by("-late")
    )
    rows = list(rows)
    by_id = Outlet.objects.select_related("enterprise").in_bulk([r["outlet_id"] for r in rows])
    last = dict(
        sales.filter(entered_late=True, outlet_id__in=by_id)
        .values("outlet_id")
        .annotate(last=Max("sold_on"))
        .values_list("outlet_id", "last")
    )
    return [LateOutlet(by_id[r["outlet_id"]], r["late"], r["total"], last.get(r["outlet_id"])) for r in rows]


# ------------------------------------------------------------------------------------------------ sales


def sales(user, *, q: str = "", late: bool = False) -> QuerySet:
    qs = Sale.objects.select_related("outlet").prefetch_related("items").order_by("-sold_on", "-pk")
    if late:
        qs = qs.filter(entered_late=True)
    if q:
        qs = qs.filter(
            Q(buyer_name__icontains=q)
            | Q(invoice_no__icontains=q)
            | Q(household_no=q)
            | Q(items__label_card_no=q.upper())
        ).distinct()
    return _scoped(user, "subsidy.sales_read", "subsidy_sale", qs)


def sale_get(user, sale_id: int) -> Sale:
    sale = sales(user).filter(pk=sale_id).first()
    if sale is None:
        raise _not_found("销售登记", "Sale")
    return sale


def item_by_label_card(user, label_card_no: str, action: str = "subsidy.claim_file") -> SaleItem | None:
    qs = SaleItem.objects.select_related("sale", "sale__outlet").filter(label_card_no=label_card_no.strip().upper())
    return _scoped(user, action, "subsidy_sale_item", qs).first()


def item_get(user, sale_item_id: int, action: str = "subsidy.sales_read") -> SaleItem:
    qs = SaleItem.objects.select_related("sale", "sale__outlet", "sale__programme").filter(pk=sale_item_id)
    item = _scoped(user, action, "subsidy_sale_item", qs).first()
    if item is None:
        raise _not_found("销售商品", "Sale item")
    return item


# ----------------------------------------------------------------------------------------------- claims


def claims(user, *, status: str = "", overdue: bool = False, township: str = "", on: dt.date | None = None):
    qs = Claim.objects.select_related("sale_item", "sale_item__sale").order_by("pay_by", "pk")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=UNPAID_STATES, pay_by__lt=on or clock.today())
    if township:
        qs = qs.filter(township=township)
    return _scoped(user, "subsidy.claims_read", "subsidy_claim", qs)


def claim_get(user, claim_id: int) -> Claim:
    claim = claims(user).select_related("sale_item__sale__outlet", "programme").filter(pk=claim_id).first()
    if claim is None:
        raise _not_found("补贴申报", "Claim")
    return claim


def claim_counts(user) -> dict[str, int]:
    qs = claims(user)
    out = {row["status"]: row["n"] for row in qs.order_by().values("status").annotate(n=Count("pk"))}
    out["overdue"] = claims(user, overdue=True).count()
    return out


# ---------------------------------------------------------------------------------------------- returns


def returns(user, *, status: str = "") -> QuerySet:
    qs = Return.objects.select_related("sale_item", "sale_item__sale", "claim").order_by("-requested_on", "-pk")
    if status:
        qs = qs.filter(status=status)
    return _scoped(user, "subsidy.returns_read", "subsidy_return", qs)


def return_get(user, return_id: int) -> Return:
    ret = returns(user).filter(pk=return_id).first()
    if ret is None:
        raise _not_found("退货", "Return")
    return ret


def group_orders(user, *, late: bool = False) -> QuerySet:
    qs = GroupOrder.objects.select_related("outlet").order_by("-ordered_at")
    if late:
        now = clock.now()
        qs = qs.filter(Q(delivered_late=True) | Q(delivered_at__isnull=True, deliver_by__lt=now))
    return _scoped(user, "subsidy.group_read", "subsidy_group_order", qs)


# ----------------------------------------------------------------------------------------------- ledger


@dataclass
class Ledger:
    month: str
    claims_paid: int = 0
    amount: Decimal = ZERO
    central_amount: Decimal = ZERO
    provincial_amount: Decimal = ZERO
    refunded_amount: Decimal = ZERO
    by_category: list[dict] = field(default_factory=list)


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first day of `month` ("YYYY-MM") and of the next one; ValueError if it is not a month."""
    year, _, number = month.partition("-")
    start = dt.date(int(year), int(number), 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, end


def previous_month(today: dt.date) -> str:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def _ledger_claims(user, county: str = "") -> QuerySet:
    qs = Claim.objects.all()
    if county:
        qs = qs.filter(county=county)
    return _scoped(user, "subsidy.ledger", "subsidy_claim", qs)


def ledger(user, month: str, *, county: str = "") -> Ledger:
    """The direct-subsidy ledger of a month (资金台账, 篇4 二(三)3, 篇9 七(三)): the claims paid in it (also those
    since refunded: the money went out), their central and provincial parts, the subsidies refunded in it, and
    the same by category. Two grouped queries on the (county, paid_on) and (county, refunded_on) indexes."""
    start, end = month_bounds(month)
    base = _ledger_claims(user, county)
    paid = base.filter(paid_on__gte=start, paid_on__lt=end, status__in=[ClaimStatus.PAID, ClaimStatus.REFUNDED])
    result = Ledger(month=month)
    for row in (
        paid.order_by()
        .values("category")
        .annotate(
            n=Count("pk"), amount=Sum("amount"), central=Sum("central_amount"), provincial=Sum("provincial_amount")
        )
    ):
        amount = to_fen(row["amount"] or ZERO)  # SQLite sums decimals as floats: back to the fen
        result.claims_paid += row["n"]
        result.amount += amount
        result.central_amount += to_fen(row["central"] or ZERO)
        result.provincial_amount += to_fen(row["provincial"] or ZERO)
        result.by_category.append({"category": row["category"], "claims_paid": row["n"], "amount": amount})
    result.by_category.sort(key=lambda r: r["category"])
    refunded = base.filter(refunded_on__gte=start, refunded_on__lt=end, status=ClaimStatus.REFUNDED).aggregate(
        s=Sum("amount")
    )["s"]
    result.refunded_amount = to_fen(refunded or ZERO)
    return result


def ledger_rows(user, month: str, *, county: str = "", limit: int | None = None) -> QuerySet:
    start, end = month_bounds(month)
    qs = (
        _ledger_claims(user, county)
        .filter(paid_on__gte=start, paid_on__lt=end, status__in=[ClaimStatus.PAID, ClaimStatus.REFUNDED])
        .select_related("sale_item", "sale_item__sale")
        .order_by("paid_on", "pk")
    )
    return qs[:limit] if limit else qs


def ledger_by_month(user, months: int = 12, *, county: str = "", today: dt.date | None = None) -> list[dict]:
    """Subsidy paid per month and category over the last `months` months (for the chart)."""
    today = today or clock.today()
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    qs = _ledger_claims(user, county).filter(paid_on__gte=first, status__in=[ClaimStatus.PAID, ClaimStatus.REFUNDED])
    from django.db.models.functions import TruncMonth

    rows = (
        qs.order_by()
        .annotate(m=TruncMonth("paid_on"))
        .values("m", "category")
        .annotate(amount=Sum("amount"))
        .order_by("m", "category")
    )
    return [
        {"month": f"{r['m']:%Y-%m}", "category": r["category"], "amount": to_fen(r["amount"] or ZERO)} for r in rows
    ]
