"""Pages of the parts store (备件库) and loaners (备机): stock by location, moves, a part's ledger, stock counts,
the reorder list with its Excel export, and who has which loaner.

Thin views: forms validate, `parts.selectors` read, `parts.services` write (and decide who may), and a
DomainError is shown in the user's language with its status code, keeping what the user typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.core import clock, xlsx
from aftersales.core.errors import DomainError
from aftersales.parts import excel, presenters, selectors, services
from aftersales.parts.forms import (
    CountAddLineForm,
    CountOpenForm,
    LedgerFilterForm,
    LendForm,
    MoveForm,
    ReturnForm,
    StockFilterForm,
)
from aftersales.parts.models import StockCount

STOCK_PAGE_SIZE = 100
LEDGER_PAGE_SIZE = 50
LOANER_PAGE_SIZE = 200
LOAN_PAGE_SIZE = 100


def _text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


def _or_404(exc: DomainError) -> None:
    if exc.status == 404:
        raise Http404(exc.message_en) from exc


def _more_query(request: HttpRequest, next_cursor: str | None) -> str:
    if not next_cursor:
        return ""
    params = request.GET.copy()
    params["cursor"] = next_cursor
    return params.urlencode()


def _can_keep_store(user) -> bool:
    return access.may(user, "parts.keep_store")


# ---------------------------------------------------------------------------------------------- stock


@require_GET
def stock_list(request: HttpRequest) -> HttpResponse:
    """Stock by location (库存): on hand, reserved, available; rows at or below their reorder point highlighted."""
    locations = selectors.location_list(request.user)
    form = StockFilterForm(request.GET or None, locations=locations)
    data = form.cleaned_data if form.is_valid() else {}
    page = selectors.stock_list(
        request.user,
        location_id=data.get("location"),
        low=True if data.get("low") else None,
        cursor=data.get("cursor") or None,
        limit=STOCK_PAGE_SIZE,
    )
    rows = [{"stock": s, "is_low": presenters.stock_is_low(s)} for s in page.items]
    return render(
        request,
        "parts/stock_list.html",
        {
            "nav": "parts",
            "tab": "stock",
            "form": form,
            "rows": rows,
            "more_query": _more_query(request, page.next_cursor),
            "reorder_count": selectors.reorder_count(request.user),
        },
    )


def move_create(request: HttpRequest) -> HttpResponse:
    """A stock move (出入库): receive, reserve, release, issue, return, scrap or transfer."""
    parts = list(selectors.part_choices(request.user))
    locations = selectors.location_list(request.user)
    tickets = selectors.ticket_choices(request.user, include=request.POST.get("ticket") or request.GET.get("ticket"))
    error, status, repeat = "", 200, False
    if request.method == "POST":
        form = MoveForm(request.POST, parts=parts, locations=locations, tickets=tickets)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.stock_move_create(
                    actor=request.user,
                    kind=data["kind"],
                    part_id=data["part"],
                    location_id=data["location"],
                    quantity=data["quantity"],
                    to_location_id=data["to_location"],
                    ticket_id=data["ticket"],
                    note=data["note"],
                    confirm_repeat=data["confirm_repeat"],
                )
            except DomainError as exc:
                error, status = _text(request, exc), exc.status
                repeat = exc.code == "parts_repeat_issue"  # the form asks again, with a "yes, issue" button
            else:
                messages.success(
                    request,
                    _("已记账：{part} 在「{location}」在库 {on_hand}，预留 {reserved}").format(
                        part=result.move.part.part_number,
                        location=result.move.location.name,
                        on_hand=result.stock.on_hand,
                        reserved=result.stock.reserved,
                    ),
                )
                return redirect("parts:ledger", part_id=data["part"])
        else:
            status = 400
    else:
        initial = {key: request.GET[key] for key in ("kind", "part", "location", "ticket") if request.GET.get(key)}
        form = MoveForm(initial=initial, parts=parts, locations=locations, tickets=tickets)
    return render(
        request,
        "parts/move_form.html",
        {"nav": "parts", "tab": "move", "form": form, "error": error, "repeat": repeat},
        status=status,
    )


@require_GET
def part_ledger(request: HttpRequest, part_id: int) -> HttpResponse:
    """One part: its stock per location, what is reserved for which request, and its ledger (库存流水)."""
    try:
        part = selectors.part_get(request.user, part_id)
    except DomainError as exc:
        _or_404(exc)
        raise
    cursor = request.GET.get("cursor") or None
    consumed = LedgerFilterForm(request.GET).consumed_filter()
    try:
        page = selectors.move_list(
            request.user, part_id=part.pk, consumed=consumed, cursor=cursor, limit=LEDGER_PAGE_SIZE
        )
    except DomainError as exc:
        return render(
            request,
            "parts/part_ledger.html",
            {"nav": "parts", "part": part, "error": _text(request, exc)},
            status=exc.status,
        )
    stock = selectors.stock_list(request.user, part_id=part.pk, limit=500).items
    return render(
        request,
        "parts/part_ledger.html",
        {
            "nav": "parts",
            "tab": "stock",
            "part": part,
            "moves": page.items,
            "consumed": consumed,
            "consumed_query": request.GET,
            "more_query": _more_query(request, page.next_cursor),
            "stock_rows": [{"stock": s, "is_low": presenters.stock_is_low(s)} for s in stock],
            "reservations": selectors.reservation_list(request.user, part_id=part.pk),
        },
    )


# ---------------------------------------------------------------------------------------------- reorder


@require_GET
def reorder_list(request: HttpRequest) -> HttpResponse:
    """The reorder list (补货清单): parts at or below their reorder point with the suggested order."""
    lines = selectors.reorder_list(request.user)
    return render(
        request,
        "parts/reorder_list.html",
        {
            "nav": "parts",
            "tab": "reorder",
            "lines": lines,
            "total": sum(x.suggested_cost_amount for x in lines),
        },
    )


@require_GET
def reorder_export(request: HttpRequest) -> HttpResponse:
    """The reorder list as an Excel file."""
    body = excel.reorder_workbook(selectors.reorder_list(request.user))
    stamp = f"{clock.local(clock.now()):%Y%m%d-%H%M}"
    return xlsx.download(body, f"补货清单-{stamp}.xlsx", f"reorder-{stamp}.xlsx")


# ---------------------------------------------------------------------------------------------- counts


def count_list(request: HttpRequest) -> HttpResponse:
    """Stock counts (盘点): history and opening a new one."""
    locations = selectors.location_list(request.user)
    error, status = "", 200
    if request.method == "POST":
        form = CountOpenForm(request.POST, locations=locations)
        if form.is_valid():
            try:
                count = services.stock_count_open(
                    actor=request.user, location_id=form.cleaned_data["location"], note=form.cleaned_data["note"]
                )
            except DomainError as exc:
                error, status = _text(request, exc), exc.status
            else:
                messages.success(request, _("已开始盘点，账面数量已记录"))
                return redirect("parts:count_detail", count_id=count.pk)
        else:
            status = 400
    else:
        form = CountOpenForm(locations=locations)
    return render(
        request,
        "parts/count_list.html",
        {
            "nav": "parts",
            "tab": "counts",
            "form": form,
            "error": error,
            "counts": selectors.stock_count_list(request.user),
            "can_keep_store": _can_keep_store(request.user),
        },
        status=status,
    )


def _count_entries(request: HttpRequest, count: StockCount, add_form: CountAddLineForm):
    """The counted quantities typed on the page (blank: not counted yet), or an error text."""
    entries = []
    for line in count.ordered_lines:
        raw = request.POST.get(f"counted-{line.part_id}", "").strip()
        if raw == "":
            continue
        if not raw.isdigit():
            return None, _("{part}：实盘数量必须是不小于 0 的整数").format(part=line.part.part_number)
        entries.append(
            services.CountEntry(
                part_id=line.part_id, counted=int(raw), note=request.POST.get(f"note-{line.part_id}", "").strip()[:200]
            )
        )
    if add_form.is_valid() and add_form.cleaned_data["part"] is not None:
        if add_form.cleaned_data["counted"] is None:
            return None, _("请填写账外备件的实盘数量")
        entries.append(
            services.CountEntry(part_id=add_form.cleaned_data["part"], counted=add_form.cleaned_data["counted"])
        )
    elif not add_form.is_valid():
        return None, _("账外备件的输入无效")
    return entries, ""


def count_detail(request: HttpRequest, count_id: int) -> HttpResponse:
    """One count: enter counted quantities (save), then close it (discrepancies booked) or cancel it."""
    try:
        count = selectors.stock_count_get(request.user, count_id)
    except DomainError as exc:
        _or_404(exc)
        raise
    parts = list(selectors.part_choices(request.user))
    error, status = "", 200
    add_form = CountAddLineForm(request.POST or None, parts=parts, prefix="add")
    if request.method == "POST":
        action = request.POST.get("action", "save")
        entries, error = _count_entries(request, count, add_form)
        status = 400 if error else 200
        if not error:
            try:
                if action == "cancel":
                    services.stock_count_cancel(actor=request.user, count_id=count.pk)
                    messages.info(request, _("盘点已取消，库存未调整"))
                    return redirect("parts:counts")
                if entries:
                    services.stock_count_record(actor=request.user, count_id=count.pk, entries=entries)
                if action == "close":
                    services.stock_count_close(actor=request.user, count_id=count.pk)
                    messages.success(request, _("盘点已完成，差异已记入库存流水"))
                else:
                    messages.success(request, _("已保存实盘数量"))
                return redirect("parts:count_detail", count_id=count.pk)
            except DomainError as exc:
                error, status = _text(request, exc), exc.status
        count = selectors.stock_count_get(request.user, count_id)
    return render(
        request,
        "parts/count_detail.html",
        {
            "nav": "parts",
            "tab": "counts",
            "count": count,
            "lines": count.ordered_lines,
            "add_form": add_form,
            "error": error,
            "typed": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------- loaners


def loaner_list(request: HttpRequest) -> HttpResponse:
    """Loaners (备机): the overdue list, who has which one since when, lending and returns."""
    error, status = "", 200
    available = selectors.loaner_list(request.user, status="available", limit=LOANER_PAGE_SIZE).items
    if request.method == "POST":
        form = LendForm(request.POST, loaners=available)
        if form.is_valid():
            data = form.cleaned_data
            try:
                loan = services.loan_create(
                    actor=request.user,
                    loaner_id=data["loaner"],
                    ticket_id=data["ticket"],
                    due_back_on=data["due_back_on"],
                    required_grade=data["required_grade"],
                    condition_out=data["condition_out"],
                )
            except DomainError as exc:
                error, status = _text(request, exc), exc.status
            else:
                messages.success(
                    request,
                    _("备机 {serial} 已借出，应还日期 {due}").format(
                        serial=loan.loaner.serial, due=loan.due_back_on.isoformat()
                    ),
                )
                return redirect("parts:loaners")
        else:
            status = 400
    else:
        form = LendForm(loaners=available)
    today = clock.today()
    return render(
        request,
        "parts/loaner_list.html",
        {
            "nav": "parts",
            "tab": "loaners",
            "form": form,
            "error": error,
            "return_form": ReturnForm(),
            "overdue": [
                presenters.loan_data(x, today)
                for x in selectors.loan_list(request.user, overdue=True, today=today, limit=LOAN_PAGE_SIZE).items
            ],
            "open_loans": [
                presenters.loan_data(x, today)
                for x in selectors.loan_list(request.user, is_open=True, today=today, limit=LOAN_PAGE_SIZE).items
            ],
            "loaners": selectors.loaner_list(request.user, limit=LOANER_PAGE_SIZE).items,
        },
        status=status,
    )


@require_POST
def loan_return(request: HttpRequest, loan_id: int) -> HttpResponse:
    """Take a loaner back (归还)."""
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("归还信息无效"))
        return redirect("parts:loaners")
    try:
        loan = selectors.loan_get(request.user, loan_id)
        services.loan_return(
            actor=request.user,
            loan_id=loan.pk,
            condition_back=form.cleaned_data["condition_back"],
            needs_repair=form.cleaned_data["needs_repair"],
        )
    except DomainError as exc:
        _or_404(exc)
        messages.error(request, _text(request, exc))
    else:
        messages.success(request, _("备机 {serial} 已归还").format(serial=loan.loaner.serial))
    return redirect("parts:loaners")
