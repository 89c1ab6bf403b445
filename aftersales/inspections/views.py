"""Inspection pages (巡检): the list, starting one (from a planned work item or for a customer), the phone-sized
checklist where each finding is saved with htmx and a hidden fault becomes a service request in one click, the
customer's signature on the feedback form, completion, and the printable PDF (巡检反馈信息单).

Thin views: forms validate, selectors read (a missing or invisible inspection is a 404), services write; a
DomainError is shown in the user's language.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.inspections import reports, selectors, services
from aftersales.inspections.choices import InspectionStatus
from aftersales.inspections.forms import CompleteForm, FindingForm, FindingTicketForm, SignForm, StartForm
from aftersales.inspections.models import Finding, Inspection

LIST_SIZE = 50


def _get(request: HttpRequest, inspection_id: int) -> Inspection:
    try:
        return selectors.inspection_get(request.user, inspection_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None


def _finding(request: HttpRequest, finding_id: int) -> Finding:
    try:
        return selectors.finding_get(request.user, finding_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None


def _can_edit(user, inspection: Inspection) -> bool:
    return access.allowed(user, "inspections.work", inspection_id=inspection.pk)


@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    """Inspections, newest first, filtered by status."""
    status = request.GET.get("status") or None
    if status not in InspectionStatus.values:
        status = None
    page = selectors.inspection_list(
        request.user, status=status, cursor=request.GET.get("cursor") or None, limit=LIST_SIZE
    )
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "nav": "inspections",
            "page": page,
            "status": status,
            "can_start": access.may(request.user, "inspections.start"),
        },
    )


def inspection_new(request: HttpRequest) -> HttpResponse:
    """Start an inspection for a customer: find the customer, choose contract, date and devices."""
    from aftersales.customers import selectors as customers

    query = request.GET.get("q", "").strip()
    raw = request.POST.get("customer") or request.GET.get("customer") or ""
    customer = None
    if raw.isdigit():
        customer = customers.customer_visible(request.user).filter(pk=int(raw)).first()
    context: dict = {
        "nav": "inspections",
        "q": query,
        "customer": customer,
        "results": customers.customer_search(request.user, query, limit=20) if query else [],
    }
    if customer is None:
        return render(request, "inspections/inspection_new.html", context)
    assets, contracts = selectors.customer_devices(customer.pk)
    initial = {"customer": customer.pk, "inspected_on": clock.today(), "assets": [a.pk for a in assets]}
    form = StartForm(request.POST or None, initial=initial, assets=assets, contracts=contracts)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            inspection, _created = services.inspection_start(
                actor=request.user,
                customer_id=customer.pk,
                contract_id=form.cleaned_data["contract"],
                inspected_on=form.cleaned_data["inspected_on"],
                asset_ids=form.cleaned_data["assets"],
            )
        except DomainError as exc:
            error = exc.message(request.LANGUAGE_CODE)
        else:
            return redirect("inspections:detail", inspection.pk)
    context |= {"form": form, "error": error, "has_assets": bool(assets)}
    return render(request, "inspections/inspection_new.html", context, status=400 if error or form.errors else 200)


@require_POST
def inspection_start(request: HttpRequest, item_id: int) -> HttpResponse:
    """Start (or continue) the inspection of a planned work item from "my day"."""
    from aftersales.plans import selectors as plans

    try:
        plans.work_item_get(request.user, item_id)
        inspection, _created = services.inspection_start(actor=request.user, work_item_id=item_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        messages.error(request, exc.message(request.LANGUAGE_CODE))
        return redirect("plans:my_day")
    return redirect("inspections:detail", inspection.pk)


@require_GET
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The checklist of every device with its findings, the feedback form to sign, and completion."""
    inspection = _get(request, inspection_id)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "nav": "inspections",
            "inspection": inspection,
            "rows": list(inspection.assets.all()),
            "tally": selectors.inspection_tally(inspection),
            "can_edit": _can_edit(request.user, inspection),
            "sign_form": SignForm(),
            "complete_form": CompleteForm(),
            "severities": FindingTicketForm.base_fields["severity"].choices,
        },
    )


def _row(request: HttpRequest, finding: Finding, error: str = "") -> HttpResponse:
    inspection = finding.inspection_asset.inspection
    return render(
        request,
        "inspections/partials/finding_row.html",
        {
            "f": finding,
            "inspection": inspection,
            "can_edit": _can_edit(request.user, inspection),
            "error": error,
            "severities": FindingTicketForm.base_fields["severity"].choices,
        },
    )


@require_POST
def finding_record(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Save one checklist item's result and note (htmx: the row comes back)."""
    _finding(request, finding_id)
    form = FindingForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.finding_record(
                finding_id=finding_id,
                actor=request.user,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            error = exc.message(request.LANGUAGE_CODE)
    else:
        error = _("请选择检查结果")
    return _row(request, _finding(request, finding_id), error)


@require_POST
def inspection_all_normal(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """全部正常: the unchecked items of one device (``asset`` = its inspection row) or of all are 正常."""
    raw = request.POST.get("asset", "")
    try:
        count = services.findings_all_normal(
            inspection_id=inspection_id,
            actor=request.user,
            inspection_asset_id=int(raw) if raw.isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message(request.LANGUAGE_CODE))
    else:
        messages.success(request, _("已将 %(count)s 项标为正常") % {"count": count})
    anchor = f"#asset-{raw}" if raw.isdigit() else ""
    return redirect(reverse("inspections:detail", kwargs={"inspection_id": inspection_id}) + anchor)


@require_POST
def finding_ticket(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Turn a hidden fault into a service request in one click (htmx: the row comes back with the request)."""
    _finding(request, finding_id)
    form = FindingTicketForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.inspection_finding_to_ticket(
                finding_id=finding_id, actor=request.user, severity=form.cleaned_data["severity"]
            )
        except DomainError as exc:
            error = exc.message(request.LANGUAGE_CODE)
    else:
        error = _("请选择故障级别")
    return _row(request, _finding(request, finding_id), error)


@require_POST
def inspection_sign(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The customer signs the feedback form on the engineer's screen."""
    inspection = _get(request, inspection_id)
    form = SignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_sign(
                inspection_id=inspection.pk,
                actor=request.user,
                signer_name=data["signer_name"],
                signature=data["signature"],
                customer_remarks=data["customer_remarks"],
                satisfaction=data["satisfaction"],
            )
        except DomainError as exc:
            messages.error(request, exc.message(request.LANGUAGE_CODE))
        else:
            messages.success(request, _("客户已签字"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("inspections:detail", inspection.pk)


@require_POST
def inspection_action(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """Complete (with a conclusion) or cancel the inspection."""
    inspection = _get(request, inspection_id)
    action = request.POST.get("action", "")
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("巡检结论过长"))
        return redirect("inspections:detail", inspection.pk)
    try:
        services.inspection_apply_action(
            inspection_id=inspection.pk, action=action, actor=request.user, summary=form.cleaned_data["summary"]
        )
    except DomainError as exc:
        messages.error(request, exc.message(request.LANGUAGE_CODE))
    else:
        messages.success(request, _("巡检已完成") if action == "complete" else _("巡检已取消"))
    return redirect("inspections:detail", inspection.pk)


@require_GET
def inspection_signature(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _get(request, inspection_id)
    if not inspection.signature_png:
        raise Http404
    response = HttpResponse(bytes(inspection.signature_png), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def inspection_feedback_pdf(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """巡检反馈信息单 PDF (A4, Chinese). `?download=1` asks the browser to save it."""
    inspection = _get(request, inspection_id)
    response = HttpResponse(reports.feedback_pdf(inspection), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="inspection-{inspection.number}.pdf"'
    return response
