"""Pages of the 家电下乡 subsidy ledger, one place per role (issue 11):

- the public outlet list (公告) and the programme's facts, without sign-in;
- the outlet clerk: a phone-sized sale entry (scan or type the label card), the entry deadlines, returns;
- the township finance office: the claim desk with the four checks as a checklist, the 申报（退还）表 PDF,
  refunds to confirm;
- the county finance bureau: verification and payment queues, overdue claims, the ledger with its charts;
- the commerce bureau: pending registrations with their review deadline, late-entering outlets, suspension;
- the enterprise: its outlets and their sales.

Thin views: forms validate, selectors read, services write; a DomainError is shown in the user's language. The
access table (middleware) decides who opens which page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.subsidy import reports, selectors, services
from aftersales.subsidy.choices import ClaimStatus, OutletStatus, ReturnStatus
from aftersales.subsidy.forms import ClaimForm, DateForm, GroupOrderForm, ReviewForm, SaleForm, VerifyForm
from aftersales.subsidy.policy.deadlines import earliest_claim
from aftersales.subsidy.policy.money import subsidy_amounts

LIST_LIMIT = 200


def _lang(request) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or get_language() or "zh-hans"


def _cat(request, code: str) -> str:
    return services.category_name(code, _lang(request))


def _fail(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message(_lang(request)))


def _reasons(request, exc: DomainError) -> list[str]:
    reasons = getattr(exc, "reasons", None) or []
    en = _lang(request).startswith("en")
    return [r["en"] if en else r["zh"] for r in reasons]


def _get(fn, *args):
    try:
        return fn(*args)
    except DomainError as exc:
        raise Http404(exc.message_en) from None


def _categories(request, programme) -> list[tuple[str, str]]:
    if programme is None:
        return []
    return [(c.code, _cat(request, c.code)) for c in programme.categories.all()]


# ----------------------------------------------------------------------------------------------- public


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """公告: the approved outlets of each programme and its public facts (categories, caps, how to claim)."""
    programmes = list(selectors.programmes()[:10])
    chosen = programmes[0] if programmes else None
    wanted = request.GET.get("programme")
    if wanted and wanted.isdigit():
        chosen = next((p for p in programmes if p.pk == int(wanted)), chosen)
    outlets = list(selectors.public_outlets(chosen)) if chosen else []
    categories = [
        {"name": _cat(request, c.code), "cap": c.cap, "max_subsidy": subsidy_amounts(c.cap, chosen.rate).amount}
        for c in (chosen.categories.all() if chosen else [])
    ]
    return render(
        request,
        "subsidy/public.html",
        {
            "nav": "subsidy",
            "programmes": programmes,
            "programme": chosen,
            "categories": categories,
            "outlets": outlets,
            "rate_percent": f"{chosen.rate * 100:.0f}" if chosen else "",
            "central_percent": f"{chosen.central_share * 100:.0f}" if chosen else "",
            "provincial_percent": f"{(1 - chosen.central_share) * 100:.0f}" if chosen else "",
        },
    )


# ------------------------------------------------------------------------------------------------- home


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting place: what is waiting for it today."""
    user = request.user
    role = access.role_of(user)
    if role == "outlet_clerk":
        return redirect("subsidy:sales")
    if role == "township_finance":
        return redirect("subsidy:claim_desk")
    if role == "county_finance":
        return redirect("subsidy:claims")
    if role in ("commerce", "enterprise"):
        return redirect("subsidy:outlets")
    programme = selectors.programme_for_user(user)
    today = clock.today()
    return render(
        request,
        "subsidy/home.html",
        {
            "nav": "subsidy",
            "programme": programme,
            "counts": selectors.claim_counts(user),
            "pending_outlets": selectors.outlets(user, status=OutletStatus.PENDING).count(),
            "late_sales": selectors.sales(user, late=True).count(),
            "month": selectors.previous_month(today),
        },
    )


# ------------------------------------------------------------------------------------------------ sales


def _outlet_of(request):
    outlet_id = getattr(request.user, "subsidy_outlet_id", None)
    if outlet_id:
        return selectors.outlet_get(request.user, outlet_id)
    wanted = request.POST.get("outlet") or request.GET.get("outlet")
    if wanted and str(wanted).isdigit():
        return _get(selectors.outlet_get, request.user, int(wanted))
    return selectors.outlets(request.user, status=OutletStatus.APPROVED).first()


def sale_new(request: HttpRequest) -> HttpResponse:
    """销售登记 on a phone: the buyer, the household, the items with their label cards; under a minute."""
    outlet = _outlet_of(request)
    if outlet is None:
        raise Http404("no outlet")
    programme = outlet.programme
    form = SaleForm(
        request.POST or None,
        townships=list(programme.townships or []),
        categories=_categories(request, programme),
        initial={"sold_on": clock.today(), "township": outlet.township},
    )
    reasons: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sale = services.sale_create(
                actor=request.user,
                outlet_id=outlet.pk,
                invoice_no=data["invoice_no"],
                sold_on=data["sold_on"],
                buyer_name=data["buyer_name"],
                buyer_id_number=data["buyer_id_number"],
                household_no=data["household_no"],
                township=data["township"],
                items=[services.ItemIn(**i) for i in form.items()],
            )
        except DomainError as exc:
            reasons = _reasons(request, exc) or [exc.message(_lang(request))]
        else:
            if sale.entered_late:
                messages.warning(
                    request,
                    _("已登记，但超过了录入期限 %(deadline)s（逾期录入）") % {"deadline": sale.entry_deadline},
                )
            else:
                messages.success(request, _("已登记销售 %(invoice)s") % {"invoice": sale.invoice_no})
            return redirect("subsidy:sale_detail", sale_id=sale.pk)
    return render(
        request,
        "subsidy/sale_form.html",
        {"nav": "subsidy", "form": form, "outlet": outlet, "reasons": reasons, "entry_days": 3},
        status=422 if reasons else 200,
    )


@require_GET
def sales(request: HttpRequest) -> HttpResponse:
    """The outlet's (or the area's) sales, newest first, with their entry deadlines; and its returns."""
    q = request.GET.get("q", "").strip()[:64]
    late = request.GET.get("late") == "1"
    rows = list(selectors.sales(request.user, q=q, late=late)[:LIST_LIMIT])
    returns = list(selectors.returns(request.user)[:50])
    return render(
        request,
        "subsidy/sale_list.html",
        {
            "nav": "subsidy",
            "sales": rows,
            "returns": returns,
            "q": q,
            "late": late,
            "limit": LIST_LIMIT,
            "can_enter": access.may(request.user, "subsidy.sale_create"),
            "cat": lambda code: _cat(request, code),
        },
    )


@require_GET
def sale_detail(request: HttpRequest, sale_id: int) -> HttpResponse:
    sale = _get(selectors.sale_get, request.user, sale_id)
    items = []
    for item in sorted(sale.items.all(), key=lambda i: i.pk):
        claim = item.claims.order_by("-pk").first()
        ret = item.returns.first()
        items.append(
            {
                "item": item,
                "name": _cat(request, item.category),
                "claim": claim,
                "ret": ret,
                "can_return": item.status == "sold"
                and access.allowed(request.user, "subsidy.return_request", sale_item_id=item.pk),
            }
        )
    return render(
        request,
        "subsidy/sale_detail.html",
        {
            "nav": "subsidy",
            "sale": sale,
            "items": items,
            "claim_from": earliest_claim(sale.sold_on),
            "today": clock.today(),
        },
    )


@require_POST
def return_new(request: HttpRequest, sale_item_id: int) -> HttpResponse:
    """退货 of one item under 三包: handled at once, as a pre-return, or after the subsidy's refund."""
    item = _get(selectors.item_get, request.user, sale_item_id, "subsidy.return_request")
    form = DateForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else clock.today()
    try:
        ret = services.return_request(actor=request.user, sale_item_id=item.pk, requested_on=on)
    except DomainError as exc:
        _fail(request, exc)
    else:
        text = {
            ReturnStatus.RETURNED: _("已退货，产品标识卡已收回"),
            ReturnStatus.PRE_RETURN: _("已提出预退货：补贴拨付完成后，由购买人到乡镇财政所退回补贴"),
            ReturnStatus.AWAITING_REFUND: _("已提出退货：请购买人持原发票到乡镇财政所退回补贴，确认后完成退货"),
        }[ReturnStatus(ret.status)]
        messages.success(request, text)
    return redirect("subsidy:sale_detail", sale_id=item.sale_id)


# ----------------------------------------------------------------------------------------------- claims


CHECKS = (
    ("id_mismatch", "购买人身份证明与发票载明的一致", "The ID shown matches the invoice's buyer"),
    ("price_above_cap", "发票价格不高于最高限价", "The price is not above the cap"),
    ("label_card_mismatch", "产品标识卡与购买产品一致", "The label card matches the item"),
    ("household_category_taken", "该户本类产品未申报过补贴", "The household has no other claim in this category"),
    ("too_early", "购买已满 3 日", "Three days have passed since the purchase"),
)


def _checklist(request, failed: set[str] | None) -> list[dict]:
    en = _lang(request).startswith("en")
    return [
        {"code": code, "text": e if en else z, "state": None if failed is None else code not in failed}
        for code, z, e in CHECKS
    ]


def claim_desk(request: HttpRequest) -> HttpResponse:
    """补贴申报 at the township office: find the item by its label card, compare what the buyer shows, and the
    four checks answer at once as a checklist (nothing stored when one fails)."""
    card = (request.GET.get("card") or request.POST.get("label_card_no") or "").strip()[:32]
    item = None
    if request.method == "POST" and request.POST.get("sale_item_id", "").isdigit():
        item = _get(selectors.item_get, request.user, int(request.POST["sale_item_id"]), "subsidy.claim_file")
    elif card:
        item = selectors.item_by_label_card(request.user, card)
    form = ClaimForm(
        request.POST or None,
        initial={"filed_on": clock.today(), "sale_item_id": item.pk if item else None, "label_card_no": card},
    )
    failed: set[str] | None = None
    reasons: list[str] = []
    if request.method == "POST" and item is not None and form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_file(
                actor=request.user,
                sale_item_id=item.pk,
                filed_on=data["filed_on"],
                id_number=data["id_number"],
                household_no=data["household_no"],
                label_card_no=data["label_card_no"],
                bank_account=data["bank_account"],
            )
        except DomainError as exc:
            listed = getattr(exc, "reasons", None)
            if listed:
                failed = {r["code"] for r in listed}
            reasons = _reasons(request, exc) or [exc.message(_lang(request))]
        else:
            messages.success(
                request,
                _("申报已受理：补贴 %(amount)s 元，拨付期限 %(pay_by)s")
                % {"amount": claim.amount, "pay_by": claim.pay_by},
            )
            return redirect("subsidy:claim_detail", claim_id=claim.pk)
    programme = item.sale.programme if item else selectors.programme_for_user(request.user)
    cap = None
    if item:
        cap = next((c.cap for c in programme.categories.all() if c.code == item.category), None)
    refunds = list(selectors.returns(request.user, status=ReturnStatus.AWAITING_REFUND)[:50])
    recent = list(selectors.claims(request.user).order_by("-filed_on", "-pk")[:20])
    for c in recent:
        c.category_name = _cat(request, c.category)
    return render(
        request,
        "subsidy/claim_desk.html",
        {
            "nav": "subsidy",
            "card": card,
            "item": item,
            "item_name": _cat(request, item.category) if item else "",
            "cap": cap,
            "form": form,
            "checks": _checklist(request, failed),
            "reasons": reasons,
            "looked_up": bool(card) and item is None,
            "claim_from": earliest_claim(item.sale.sold_on) if item else None,
            "refunds": refunds,
            "recent": recent,
            "cat": lambda code: _cat(request, code),
        },
        status=422 if reasons else 200,
    )


QUEUES = {
    "verify": ("待核查", "To verify"),
    "pay": ("待拨付", "To pay"),
    "overdue": ("逾期未拨付", "Overdue"),
    "all": ("全部", "All"),
}


@require_GET
def claims(request: HttpRequest) -> HttpResponse:
    """The county's verification and payment queues and overdue claims; a township's claims of its residents."""
    queue = request.GET.get("queue", "verify")
    if queue not in QUEUES:
        queue = "all"
    args = {
        "verify": {"status": ClaimStatus.FILED},
        "pay": {"status": ClaimStatus.VERIFIED},
        "overdue": {"overdue": True},
        "all": {},
    }[queue]
    rows = list(selectors.claims(request.user, **args)[:LIST_LIMIT])
    for c in rows:
        c.category_name = _cat(request, c.category)
    counts = selectors.claim_counts(request.user)
    en = _lang(request).startswith("en")
    tabs = [
        {
            "key": key,
            "label": e if en else z,
            "count": {
                "verify": counts.get("filed", 0),
                "pay": counts.get("verified", 0),
                "overdue": counts.get("overdue", 0),
                "all": sum(v for k, v in counts.items() if k != "overdue"),
            }[key],
        }
        for key, (z, e) in QUEUES.items()
    ]
    return render(
        request,
        "subsidy/claim_list.html",
        {
            "nav": "subsidy",
            "claims": rows,
            "queue": queue,
            "tabs": tabs,
            "today": clock.today(),
            "limit": LIST_LIMIT,
            "can_verify": access.may(request.user, "subsidy.claim_verify"),
            "cat": lambda code: _cat(request, code),
        },
    )


@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _get(selectors.claim_get, request.user, claim_id)
    ret = claim.returns.order_by("-pk").first()
    return render(
        request,
        "subsidy/claim_detail.html",
        {
            "nav": "subsidy",
            "claim": claim,
            "item": claim.sale_item,
            "sale": claim.sale_item.sale,
            "item_name": _cat(request, claim.category),
            "ret": ret,
            "today": clock.today(),
            "overdue": claim.status in ("filed", "verified") and claim.pay_by < clock.today(),
            "can_verify": claim.status == "filed"
            and access.allowed(request.user, "subsidy.claim_verify", claim_id=claim.pk),
            "can_pay": claim.status == "verified"
            and access.allowed(request.user, "subsidy.claim_pay", claim_id=claim.pk),
            "can_refund": ret is not None
            and ret.status == ReturnStatus.AWAITING_REFUND
            and access.allowed(request.user, "subsidy.return_refund", return_id=ret.pk),
        },
    )


@require_GET
def claim_form_pdf(request: HttpRequest, claim_id: int) -> HttpResponse:
    """补贴资金申报（退还）表 of a claim, printable."""
    return reports.claim_form_response(_get(selectors.claim_get, request.user, claim_id))


@require_POST
def claim_verify(request: HttpRequest, claim_id: int) -> HttpResponse:
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.claim_verify(
                actor=request.user,
                claim_id=claim_id,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("已核查"))
        except DomainError as exc:
            _fail(request, exc)
    return redirect(request.POST.get("next") or reverse("subsidy:claim_detail", args=[claim_id]))


@require_POST
def claim_pay(request: HttpRequest, claim_id: int) -> HttpResponse:
    form = DateForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else clock.today()
    try:
        claim = services.claim_pay(actor=request.user, claim_id=claim_id, paid_on=on)
        messages.success(request, _("已拨付") + (" " + _("（逾期拨付）") if claim.paid_late else ""))
    except DomainError as exc:
        _fail(request, exc)
    return redirect(request.POST.get("next") or reverse("subsidy:claim_detail", args=[claim_id]))


@require_POST
def refund_confirm(request: HttpRequest, return_id: int) -> HttpResponse:
    """The township confirms the subsidy came back: "补贴已退，可退货"."""
    ret = _get(selectors.return_get, request.user, return_id)
    form = DateForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else clock.today()
    try:
        services.return_confirm_refund(actor=request.user, return_id=ret.pk, refunded_on=on)
        messages.success(request, _("补贴已退，可退货"))
    except DomainError as exc:
        _fail(request, exc)
    if ret.claim_id:
        return redirect("subsidy:claim_detail", claim_id=ret.claim_id)
    return redirect("subsidy:claim_desk")


# ----------------------------------------------------------------------------------------------- ledger


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    """资金台账: the month's paid claims and refunds, by category; the chart of the last 12 months."""
    month = request.GET.get("month") or selectors.previous_month(clock.today())
    try:
        selectors.month_bounds(month)
    except ValueError:
        month = selectors.previous_month(clock.today())
    county = request.GET.get("county", "").strip()[:32]
    result = selectors.ledger(request.user, month, county=county)
    for row in result.by_category:
        row["name"] = _cat(request, row["category"])
    series = selectors.ledger_by_month(request.user, 12, county=county)
    months = sorted({r["month"] for r in series})
    codes = sorted({r["category"] for r in series})
    chart = {
        "months": months,
        "series": [
            {
                "name": _cat(request, code),
                "data": [
                    float(next((r["amount"] for r in series if r["month"] == m and r["category"] == code), 0))
                    for m in months
                ],
            }
            for code in codes
        ],
        "pie": [{"name": row["name"], "value": float(row["amount"])} for row in result.by_category],
        "title_month": _("按月补贴金额（元）"),
        "title_category": _("本月按品类"),
    }
    rows = list(selectors.ledger_rows(request.user, month, county=county, limit=100))
    for c in rows:
        c.category_name = _cat(request, c.category)
    return render(
        request,
        "subsidy/ledger.html",
        {
            "nav": "subsidy",
            "ledger": result,
            "month": month,
            "county": county,
            "chart": chart,
            "rows": rows,
            "cat": lambda code: _cat(request, code),
            "query": f"month={month}" + (f"&county={county}" if county else ""),
        },
    )


@require_GET
def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    month = request.GET.get("month") or selectors.previous_month(clock.today())
    try:
        selectors.month_bounds(month)
    except ValueError:
        raise Http404("month") from None
    return reports.ledger_xlsx_response(request.user, month, county=request.GET.get("county", "")[:32])


@require_GET
def ledger_pdf(request: HttpRequest) -> HttpResponse:
    month = request.GET.get("month") or selectors.previous_month(clock.today())
    try:
        selectors.month_bounds(month)
    except ValueError:
        raise Http404("month") from None
    return reports.ledger_pdf_response(request.user, month, county=request.GET.get("county", "")[:32])


# ---------------------------------------------------------------------------------------------- outlets


@require_GET
def outlets(request: HttpRequest) -> HttpResponse:
    """The commerce bureau's registrations (pending first, with their review deadline) and suspensions; an
    enterprise's own outlets."""
    status = request.GET.get("status", "")
    if status not in OutletStatus.values:
        status = ""
    rows = list(selectors.outlets(request.user, status=status)[:LIST_LIMIT])
    order = {OutletStatus.PENDING: 0, OutletStatus.APPROVED: 1, OutletStatus.SUSPENDED: 2, OutletStatus.REJECTED: 3}
    rows.sort(key=lambda o: (order.get(o.status, 9), o.review_by, o.pk))
    return render(
        request,
        "subsidy/outlet_list.html",
        {
            "nav": "subsidy",
            "outlets": rows,
            "status": status,
            "statuses": OutletStatus.choices,
            "today": clock.today(),
            "can_review": access.may(request.user, "subsidy.outlet_review"),
            "can_late": access.may(request.user, "subsidy.late_outlets"),
        },
    )


@require_GET
def outlet_form_pdf(request: HttpRequest, outlet_id: int) -> HttpResponse:
    """家电下乡销售网点备案登记表."""
    return reports.outlet_form_response(_get(selectors.outlet_get, request.user, outlet_id))


def _outlet_action(request, outlet_id: int, act) -> HttpResponse:
    try:
        act()
        messages.success(request, _("已保存"))
    except DomainError as exc:
        _fail(request, exc)
    return redirect(
        reverse("subsidy:outlets") + (f"?status={request.POST.get('back')}" if request.POST.get("back") else "")
    )


@require_POST
def outlet_review(request: HttpRequest, outlet_id: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结论"))
        return redirect("subsidy:outlets")
    data = form.cleaned_data
    return _outlet_action(
        request,
        outlet_id,
        lambda: services.outlet_review(
            actor=request.user,
            outlet_id=outlet_id,
            decision=data["decision"],
            reason=data["reason"],
            decided_on=data["on"],
        ),
    )


@require_POST
def outlet_suspend(request: HttpRequest, outlet_id: int) -> HttpResponse:
    form = DateForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else None
    reason = request.POST.get("reason", "")[:256]
    return _outlet_action(
        request,
        outlet_id,
        lambda: services.outlet_suspend(actor=request.user, outlet_id=outlet_id, on=on, reason=reason),
    )


@require_POST
def outlet_restore(request: HttpRequest, outlet_id: int) -> HttpResponse:
    form = DateForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else None
    return _outlet_action(
        request, outlet_id, lambda: services.outlet_restore(actor=request.user, outlet_id=outlet_id, on=on)
    )


@require_GET
def late_outlets(request: HttpRequest) -> HttpResponse:
    """Outlets that entered sales late (篇4 二(一)5): the bureau may order them to correct, or suspend them."""
    since = None
    raw = request.GET.get("since", "")
    if raw:
        try:
            since = dt.date.fromisoformat(raw)
        except ValueError:
            since = None
    rows = selectors.late_outlets(request.user, since=since)
    return render(
        request,
        "subsidy/late_outlets.html",
        {
            "nav": "subsidy",
            "rows": rows,
            "since": since,
            "can_review": access.may(request.user, "subsidy.outlet_review"),
        },
    )


# ------------------------------------------------------------------------------------------ group orders


def group_orders(request: HttpRequest) -> HttpResponse:
    """Group purchases (团购): ≥ 10 units within 50 km delivered free within 48 hours (篇3 五(八)2); the outlet
    records them and their delivery, the commerce bureau sees the late ones."""
    if request.method == "POST":
        form = GroupOrderForm(request.POST)
        outlet = _outlet_of(request)
        if form.is_valid() and outlet is not None:
            data = form.cleaned_data
            try:
                order = services.group_order_create(
                    actor=request.user,
                    outlet_id=outlet.pk,
                    buyer=data["buyer"],
                    units=data["units"],
                    distance_km=data["distance_km"],
                    ordered_at=clock.now(),
                )
                if order.deliver_by:
                    messages.success(request, _("团购订单已登记：48 小时内免费送达"))
                else:
                    messages.info(request, _("已登记（不足 10 台或超过 50 公里，不适用 48 小时免费送货）"))
            except DomainError as exc:
                _fail(request, exc)
        else:
            messages.error(request, _("请填写团购单位、台数和里程"))
        return redirect("subsidy:group_orders")
    late = request.GET.get("late") == "1"
    rows = list(selectors.group_orders(request.user, late=late)[:LIST_LIMIT])
    return render(
        request,
        "subsidy/group_orders.html",
        {
            "nav": "subsidy",
            "orders": rows,
            "late": late,
            "now": clock.now(),
            "form": GroupOrderForm(),
            "can_create": access.may(request.user, "subsidy.sale_create"),
        },
    )


@require_POST
def group_deliver(request: HttpRequest, group_order_id: int) -> HttpResponse:
    try:
        order = services.group_order_deliver(
            actor=request.user, group_order_id=group_order_id, delivered_at=clock.now()
        )
        messages.success(request, _("已送达") + (" " + _("（逾期）") if order.delivered_late else ""))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("subsidy:group_orders")
