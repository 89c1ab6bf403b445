"""Warranty pages: the public warranty lookup (no account) and the vendor case list, form and detail.

Thin views: forms validate, `warranty.selectors` read (role checks included), `warranty.services` write, and
a DomainError is shown in the user's language with its status code.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aftersales.core.errors import DomainError
from aftersales.tickets import selectors as tickets
from aftersales.warranty import presenters, selectors, services, throttle
from aftersales.warranty.forms import VendorCaseFilterForm, VendorCaseOpenForm, VendorCaseUpdateForm, WarrantyLookupForm
from aftersales.warranty.models import VendorCase

LIST_PAGE_SIZE = 50


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(getattr(request, "LANGUAGE_CODE", None))


# -------------------------------------------------------------------------------------------- public lookup


@require_GET
def warranty_lookup(request: HttpRequest) -> HttpResponse:
    """保修查询: anyone may look a device up by its serial number (rate-limited per address)."""
    form = WarrantyLookupForm(request.GET or None)
    result, error, status = None, "", 200
    if request.GET and form.is_valid():
        try:
            throttle.lookup_count(request)
            found = selectors.public_warranty(serial=form.cleaned_data["serial"], vendor=form.cleaned_data["vendor"])
        except DomainError as exc:
            error, status = _error_text(request, exc), exc.status
        else:
            result = presenters.public_warranty_data(found)
    elif request.GET:
        status = 400
    return render(
        request, "warranty/warranty_lookup.html", {"form": form, "result": result, "error": error}, status=status
    )


# ---------------------------------------------------------------------------------------------- vendor cases


@require_GET
def vendor_case_list(request: HttpRequest) -> HttpResponse:
    """厂商工单: newest first, filtered by status and lateness, with overdue and reported-late marks."""
    form = VendorCaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.VendorCaseFilter(
        status=data.get("status") or None, overdue=True if data.get("overdue") else None
    )
    error = ""
    try:
        page = selectors.vendor_case_list(
            request.user, filters, cursor=data.get("cursor") or None, limit=LIST_PAGE_SIZE
        )
        rows, next_cursor = [presenters.vendor_case_data(c) for c in page.items], page.next_cursor
    except DomainError as exc:
        rows, next_cursor, error = [], None, _error_text(request, exc)
    more_query = ""
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        more_query = params.urlencode()
    return render(
        request,
        "warranty/vendor_case_list.html",
        {
            "nav": "vendor_cases",
            "form": form,
            "rows": rows,
            "more_query": more_query,
            "error": error,
        },
    )


def vendor_case_create(request: HttpRequest) -> HttpResponse:
    """Open a case with the vendor for a request (?ticket=<id>)."""
    raw = request.POST.get("ticket") or request.GET.get("ticket") or ""
    if not raw.isdigit():
        raise Http404
    try:
        ticket = tickets.ticket_get(request.user, int(raw))
    except DomainError as exc:
        raise Http404(exc.message_en) from None
    error, status = "", 200
    if request.method == "POST":
        form = VendorCaseOpenForm(request.POST)
        if form.is_valid():
            try:
                case = services.vendor_case_open(ticket_id=ticket.pk, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                messages.success(request, _("已上报厂商：{vendor}").format(vendor=case.vendor.name))
                return redirect("warranty:vendor_case_detail", case_id=case.pk)
        else:
            status = 400
    else:
        form = VendorCaseOpenForm()
    return render(
        request,
        "warranty/vendor_case_create.html",
        {
            "nav": "vendor_cases",
            "form": form,
            "ticket": ticket,
            "error": error,
        },
        status=status,
    )


def _update_form_for(case: VendorCase) -> VendorCaseUpdateForm:
    initial = {
        name: getattr(case, name)
        for name in (
            "status",
            "vendor_reference",
            "rma_number",
            "part_description",
            "note",
            *VendorCaseUpdateForm.TIME_FIELDS,
        )
    }
    return VendorCaseUpdateForm(initial={**initial, "version": case.version})


def vendor_case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: its deadlines, RMA and history, and the edit form (a stale version is refused with 409)."""
    try:
        case = selectors.vendor_case_get(request.user, case_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None
    error, status = "", 200
    form = _update_form_for(case)
    if request.method == "POST":
        posted = VendorCaseUpdateForm(request.POST)
        if posted.is_valid():
            try:
                services.vendor_case_update(
                    case_id=case.pk,
                    actor=request.user,
                    expected_version=posted.cleaned_data["version"],
                    **posted.changes(case),
                )
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
                case = selectors.vendor_case_get(request.user, case_id)
                # Someone else saved first: show what is there now rather than resubmitting over it.
                form = _update_form_for(case) if exc.code == "stale_version" else posted
            else:
                messages.success(request, _("厂商工单已保存"))
                return redirect("warranty:vendor_case_detail", case_id=case.pk)
        else:
            error, status, form = _("请检查输入"), 400, posted
    return render(
        request,
        "warranty/vendor_case_detail.html",
        {
            "nav": "vendor_cases",
            "case": case,
            "c": presenters.vendor_case_data(case),
            "history": presenters.vendor_case_history(case),
            "form": form,
            "error": error,
        },
        status=status,
    )
