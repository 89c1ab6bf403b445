"""Field-service pages: the supervisor's dispatch page, the engineer's day, the phone-sized visit form,
the visit (service report) page and its PDF.

Thin views: forms validate, selectors read (visibility included: a partner's users reach only work dispatched
to their partner, anything else is a 404), services write; a DomainError is shown in the user's language.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.dispatch import reports, selectors, services
from aftersales.dispatch.forms import ArrivalForm, DispatchForm, VisitForm
from aftersales.dispatch.models import Visit
from aftersales.parts import selectors as parts_selectors
from aftersales.tickets import presenters
from aftersales.tickets import selectors as tickets
from aftersales.tickets.models import Ticket


def _ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    try:
        return tickets.ticket_get(request.user, ticket_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        raise


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    try:
        return selectors.visit_get(request.user, visit_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        raise


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


# --------------------------------------------------------------------------------------------- dispatch


def _dispatch_context(request: HttpRequest, ticket: Ticket, form: DispatchForm, error: str = "") -> dict:
    at = clock.now()
    candidates = selectors.dispatch_candidates(ticket, at)
    site = selectors.dispatch_site(ticket)
    map_data = {
        "site": {"latitude": site.latitude, "longitude": site.longitude} if site else None,
        "candidates": [
            {
                "kind": c.kind,
                "name": c.name,
                "latitude": c.latitude,
                "longitude": c.longitude,
                "distance_km": c.distance_km,
                "travel_minutes": c.travel_minutes,
            }
            for c in candidates[:30]
        ],
    }
    return {
        "nav": "queue",
        "ticket": ticket,
        "t": presenters.ticket_data(ticket, at=at),
        "candidates": candidates,
        "map_data": map_data,
        "history": selectors.dispatch_history(ticket),
        "visits": selectors.visit_list_for_ticket(ticket),
        "form": form,
        "error": error,
        "now": at,
    }


@require_GET
def dispatch_page(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """派工: the candidates for a request with distance, arrival estimate and deadline; one click dispatches."""
    ticket = _ticket(request, ticket_id)
    return render(request, "dispatch/dispatch_page.html", _dispatch_context(request, ticket, DispatchForm()))


@require_POST
def dispatch_assign(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = _ticket(request, ticket_id)
    form = DispatchForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "dispatch/dispatch_page.html",
            _dispatch_context(request, ticket, form, _("请检查派工信息")),
            status=400,
        )
    try:
        dispatch = services.dispatch_assign(
            ticket_id=ticket.pk,
            actor=request.user,
            note=form.cleaned_data["note"],
            planned_for=form.cleaned_data["planned_for"],
            **form.assignee(),
        )
    except DomainError as exc:
        ticket = _ticket(request, ticket_id)
        return render(
            request,
            "dispatch/dispatch_page.html",
            _dispatch_context(request, ticket, form, _error_text(request, exc)),
            status=exc.status,
        )
    messages.success(request, _("已派工给 %(name)s") % {"name": dispatch.assignee_name})
    return redirect("dispatch:ticket", ticket_id=ticket.pk)


# --------------------------------------------------------------------------------------------- my day


@require_GET
def my_day(request: HttpRequest) -> HttpResponse:
    """我的工作: today's dispatched requests, the planned visits of the coming week, today's visits."""
    return render(request, "dispatch/my_day.html", {"nav": "my_day", "day": selectors.my_day(request.user)})


# ---------------------------------------------------------------------------------------------- visits


def _visit_form_context(visit: Visit, form: VisitForm, error: str = "", repeat_parts: bool = False) -> dict:
    rows = (
        form.part_rows
        if form.is_bound
        else [
            {"part_number": p.part_number, "description": p.description, "quantity": p.quantity}
            for p in visit.parts.all()
        ]
    )
    return {
        "nav": "my_day",
        "visit": visit,
        "ticket": visit.ticket,
        "form": form,
        "part_rows": rows or [{}],
        "error": error,
        "repeat_parts": repeat_parts,
        "van_stock": parts_selectors.van_stock(visit.recorded_by) if visit.recorded_by_id else [],
    }


def visit_new(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """上门服务 (phone-sized): the arrival button; once arrived, the service report form of the open visit."""
    ticket = _ticket(request, ticket_id)
    error, status = "", 200
    if request.method == "POST":
        form = ArrivalForm(request.POST)
        if form.is_valid():
            try:
                services.visit_record_arrival(
                    ticket_id=ticket.pk, actor=request.user, arrived_at=form.cleaned_data["arrived_at"]
                )
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                messages.success(request, _("已记录到场"))
                return redirect("dispatch:visit_new", ticket_id=ticket.pk)
        else:
            status = 400
    else:
        form = ArrivalForm()
    open_visit = selectors.visit_open_for(request.user, ticket.pk)
    if open_visit is not None and request.method == "GET":
        visit = _visit(request, open_visit.pk)
        return render(
            request,
            "dispatch/visit_form.html",
            _visit_form_context(
                visit,
                VisitForm(
                    initial={
                        "work_done": visit.work_done,
                        "fault_cause": visit.fault_cause,
                        "parts_text": visit.parts_text,
                        "loaner_issued": visit.loaner_issued,
                        "loaner_collected": visit.loaner_collected,
                        "signer_name": visit.signer_name or ticket.contact_name,
                        "customer_remarks": visit.customer_remarks,
                        "satisfaction": visit.satisfaction,
                    }
                ),
            ),
        )
    return render(
        request,
        "dispatch/visit_arrive.html",
        {
            "nav": "my_day",
            "ticket": ticket,
            "t": presenters.ticket_data(ticket),
            "form": form,
            "error": error,
            "dispatch": selectors.dispatch_active(ticket),
        },
        status=status,
    )


def visit_edit(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The service report form of one visit (departure, work, cause, parts, loaners, signature, remarks)."""
    visit = _visit(request, visit_id)
    if request.method != "POST":
        return (
            redirect("dispatch:visit_new", ticket_id=visit.ticket_id)
            if not visit.is_signed
            else redirect("dispatch:visit_detail", visit_id=visit.pk)
        )
    form = VisitForm(request.POST, part_rows=VisitForm.part_rows_from(request.POST))
    if not form.is_valid():
        return render(
            request, "dispatch/visit_form.html", _visit_form_context(visit, form, _("请检查填写的内容")), status=400
        )
    version = request.POST.get("version")
    try:
        services.visit_update(
            visit_id=visit.pk,
            actor=request.user,
            expected_version=int(version) if version and version.isdigit() else None,
            confirm_repeat_parts=request.POST.get("confirm_repeat_parts") == "on",
            **form.service_fields(),
        )
    except DomainError as exc:
        # a part the request already has out: the form warns and offers "issue again" (nothing was stored)
        return render(
            request,
            "dispatch/visit_form.html",
            _visit_form_context(visit, form, _error_text(request, exc), repeat_parts=exc.code == "parts_repeat_issue"),
            status=exc.status,
        )
    messages.success(request, _("服务报告已保存"))
    return redirect("dispatch:visit_detail", visit_id=visit.pk)


@require_GET
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The service report on screen, with the link to its PDF."""
    visit = _visit(request, visit_id)
    can_edit = not visit.is_signed and access.allowed(request.user, "visits.edit", visit_id=visit.pk)
    return render(
        request,
        "dispatch/visit_detail.html",
        {
            "nav": "my_day",
            "visit": visit,
            "ticket": visit.ticket,
            "parts": list(visit.parts.all()),
            "can_edit": can_edit,
        },
    )


@require_GET
def visit_signature(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The customer's signature as a PNG (for the report page)."""
    visit = _visit(request, visit_id)
    if not visit.signature_png:
        raise Http404
    response = HttpResponse(bytes(visit.signature_png), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def visit_report_pdf(request: HttpRequest, visit_id: int) -> HttpResponse:
    """服务报告 PDF (A4, Chinese). `?download=1` asks the browser to save it instead of showing it."""
    visit = _visit(request, visit_id)
    response = HttpResponse(reports.visit_report_pdf(visit), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="service-report-{visit.number}.pdf"'
    return response
