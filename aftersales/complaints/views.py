"""Complaint pages: the list with reply countdowns, one complaint with its timeline and actions, the new
complaint form (hotline entry by staff, portal entry by customers) and the assessment table.

Thin views: forms validate, `complaints.selectors` read (visibility included), `complaints.services` write, and
a DomainError is shown in the user's language with its status code, keeping what the user typed.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.complaints import labels, presenters, selectors, services
from aftersales.complaints.choices import Severity
from aftersales.complaints.forms import (
    AssessmentForm,
    ComplaintActionForm,
    ComplaintCreateForm,
    ComplaintEditForm,
    ComplaintFilterForm,
    PortalComplaintForm,
)
from aftersales.complaints.models import Complaint
from aftersales.core import clock
from aftersales.core.errors import DomainError, unknown_reference
from aftersales.customers import selectors as customers
from aftersales.tickets import selectors as tickets

LIST_PAGE_SIZE = 50
LOOKUP_LIMIT = 20


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


def _get(request: HttpRequest, complaint_id: int) -> Complaint:
    """The complaint if the user may see it; Http404 otherwise (a foreign one looks missing)."""
    try:
        return selectors.complaint_get(request.user, complaint_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        raise


def _can_handle(user) -> bool:
    return access.may(user, "complaints.handle")


# ------------------------------------------------------------------------------------------------- list


@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    """Complaints (投诉) newest first with the time left to the next deadline; customers see their own."""
    form = ComplaintFilterForm(request.GET or None)
    cursor = request.GET.get("cursor") or None
    error = ""
    try:
        page = selectors.complaint_list(request.user, form.complaint_filter(), cursor=cursor, limit=LIST_PAGE_SIZE)
        rows, next_cursor = [presenters.complaint_data(c) for c in page.items], page.next_cursor
    except DomainError as exc:
        rows, next_cursor, error = [], None, _error_text(request, exc)
    more_query = ""
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        more_query = params.urlencode()
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "nav": "complaints",
            "form": form,
            "rows": rows,
            "more_query": more_query,
            "error": error,
            "can_create": access.may(request.user, "complaints.create"),
            "can_assess": access.may(request.user, "complaints.assess"),
        },
    )


# ------------------------------------------------------------------------------------------------ intake


def _staff_form(request: HttpRequest, data=None, initial=None) -> ComplaintCreateForm:
    return ComplaintCreateForm(
        data,
        initial=initial,
        engineers=selectors.engineer_choices(),
        partners=selectors.partner_choices(),
        policies=selectors.complaint_policies(),
    )


def _picked_customer(request: HttpRequest, customer_id) -> object | None:
    try:
        return customers.customer_get(request.user, int(customer_id)) if customer_id else None
    except (DomainError, TypeError, ValueError):
        return None


def complaint_create(request: HttpRequest) -> HttpResponse:
    """New complaint: hotline entry by staff (监督电话), or the portal form for a customer user."""
    if request.user.is_customer_user:
        return _portal_create(request)
    error, status = "", 200
    if request.method == "POST":
        form = _staff_form(request, request.POST)
        if form.is_valid():
            try:
                complaint = _open_at_desk(request, form.cleaned_data)
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                messages.success(request, _("已受理投诉 {number}").format(number=complaint.number))
                return redirect("complaints:detail", complaint_id=complaint.pk)
        else:
            status = 400
        picked = _picked_customer(request, request.POST.get("customer_id"))
    else:
        initial = {}
        ticket_id = request.GET.get("ticket")
        picked = None
        if ticket_id and ticket_id.isdigit():
            try:
                ticket = tickets.ticket_get(request.user, int(ticket_id))
            except DomainError:
                ticket = None
            if ticket is not None:
                initial = {"ticket": ticket.number, "customer_id": ticket.customer_id}
                picked = ticket.customer
        form = _staff_form(request, initial=initial)
    return render(
        request,
        "complaints/complaint_create.html",
        {
            "nav": "complaints",
            "form": form,
            "error": error,
            "picked_customer": picked,
        },
        status=status,
    )


def _open_at_desk(request: HttpRequest, data: dict) -> Complaint:
    customer_id = data["customer_id"]
    ticket_id = data["ticket"]
    if ticket_id is not None and not customer_id:
        try:
            customer_id = tickets.ticket_get(request.user, ticket_id).customer_id
        except DomainError:
            customer_id = None
        if customer_id is None:
            raise unknown_reference("服务请求", "Ticket")
    with transaction.atomic():
        complaint = services.complaint_open(
            source=data["source"],
            customer_id=customer_id,
            summary=data["summary"],
            actor=request.user,
            ticket_id=ticket_id,
            engineer_id=data["engineer_id"],
            partner_id=data["partner_id"],
            details=data["details"],
            received_at=data["received_at"],
            policy_id=data["policy_id"],
        )
        if data["severity"] != Severity.NORMAL:
            complaint = services.complaint_update(
                complaint_id=complaint.pk,
                actor=request.user,
                expected_version=complaint.version,
                severity=data["severity"],
            )
    return complaint


def _portal_create(request: HttpRequest) -> HttpResponse:
    own = selectors.complaint_tickets_for(request.user, request.user.customer_id)
    form = PortalComplaintForm(
        request.POST or None,
        tickets=own,
        initial={"ticket_id": request.GET.get("ticket")} if request.method == "GET" else None,
    )
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_open(
                    source="portal",
                    customer_id=request.user.customer_id,
                    summary=data["summary"],
                    actor=request.user,
                    ticket_id=data["ticket_id"],
                    details=data["details"],
                )
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                messages.success(request, _("已提交投诉，编号 {number}").format(number=complaint.number))
                return redirect("complaints:detail", complaint_id=complaint.pk)
        else:
            status = 400
    return render(
        request, "complaints/portal_create.html", {"nav": "complaints", "form": form, "error": error}, status=status
    )


@require_GET
def customer_lookup(request: HttpRequest) -> HttpResponse:
    """Matching customers as the agent types (htmx partial of the new complaint form)."""
    query = request.GET.get("q", "").strip()
    items = customers.customer_search(request.user, query, limit=LOOKUP_LIMIT) if query else []
    return render(request, "complaints/partials/customer_options.html", {"q": query, "customers": items})


# ---------------------------------------------------------------------------------------- complaint page


def _detail_context(
    request: HttpRequest, complaint: Complaint, *, error: str = "", action_form=None, edit_form=None
) -> dict:
    data = presenters.complaint_data(complaint, for_customer=request.user.is_customer_user)
    can_handle = _can_handle(request.user)
    actions = data["allowed_actions"] if can_handle else []
    next_tier = complaint.tier + 1
    if edit_form is None and can_handle:
        edit_form = ComplaintEditForm(
            initial={
                "version": complaint.version,
                "engineer_id": complaint.engineer_id,
                "partner_id": complaint.partner_id,
                "severity": complaint.severity,
            },
            engineers=selectors.engineer_choices(),
            partners=selectors.partner_choices(),
        )
    return {
        "nav": "complaints",
        "complaint": complaint,
        "c": data,
        "events": selectors.complaint_events(complaint),
        "timeline_labels": {"action": labels.ACTION, "status": labels.STATUS},
        "actions": actions,
        "action_form": action_form
        or ComplaintActionForm(handlers=selectors.handler_choices(next_tier) if "escalate" in actions else ()),
        "edit_form": edit_form,
        "deadline_rows": _deadline_rows(complaint, data),
        "version": complaint.version,
        "error": error,
    }


def _deadline_rows(complaint: Complaint, data: dict) -> list[dict]:
    """The reply, senior and manager deadlines with their state: met (on time or late), overdue, running."""
    met = {"reply": complaint.replied_at, "senior": complaint.senior_at, "manager": complaint.manager_at}
    finished = complaint.resolved_at or complaint.closed_at
    rows = []
    for name in ("reply", "senior", "manager"):
        by = getattr(complaint, f"{name}_by")
        met_at = met[name]
        if met_at is not None:
            state = "met_late" if met_at > by else "met"
        elif finished is not None:
            state = "stopped"
        elif name in data["overdue"]:
            state = "overdue"
        else:
            state = "running"
        rows.append({"name": name, "by": by, "met_at": met_at, "state": state})
    return rows


@require_GET
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """The complaint page: who, about what, the deadlines with the time left, the timeline, the actions."""
    complaint = _get(request, complaint_id)
    return render(request, "complaints/complaint_detail.html", _detail_context(request, complaint))


@require_POST
def complaint_action(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """Apply one action based on the version the page showed; a refusal (409) redraws the page with why."""
    complaint = _get(request, complaint_id)
    form = ComplaintActionForm(request.POST, handlers=selectors.handler_choices(complaint.tier + 1))
    if not form.is_valid():
        return render(
            request,
            "complaints/complaint_detail.html",
            _detail_context(request, complaint, error=_("请检查输入"), action_form=form),
            status=400,
        )
    data = form.cleaned_data
    try:
        services.complaint_apply_action(
            complaint_id=complaint.pk,
            action=data["action"],
            actor=request.user,
            expected_version=data["version"],
            text=data["text"],
            root_cause=data["root_cause"],
            corrective_action=data["corrective_action"],
            upheld=data["upheld"],
            satisfaction=data["satisfaction"],
            handler_id=data["handler_id"],
        )
    except DomainError as exc:
        fresh = _get(request, complaint_id)
        return render(
            request,
            "complaints/complaint_detail.html",
            _detail_context(request, fresh, error=_error_text(request, exc), action_form=form),
            status=exc.status,
        )
    messages.success(request, _("已执行“{action}”").format(action=labels.ACTION[data["action"]]))
    return redirect("complaints:detail", complaint_id=complaint.pk)


@require_POST
def complaint_edit(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """Correct whom the complaint is against and its severity."""
    complaint = _get(request, complaint_id)
    form = ComplaintEditForm(request.POST, engineers=selectors.engineer_choices(), partners=selectors.partner_choices())
    if not form.is_valid():
        return render(
            request,
            "complaints/complaint_detail.html",
            _detail_context(request, complaint, error=_("请检查输入"), edit_form=form),
            status=400,
        )
    data = form.cleaned_data
    try:
        services.complaint_update(
            complaint_id=complaint.pk,
            actor=request.user,
            expected_version=data["version"],
            engineer_id=data["engineer_id"],
            partner_id=data["partner_id"],
            severity=data["severity"],
        )
    except DomainError as exc:
        fresh = _get(request, complaint_id)
        return render(
            request,
            "complaints/complaint_detail.html",
            _detail_context(request, fresh, error=_error_text(request, exc), edit_form=form),
            status=exc.status,
        )
    messages.success(request, _("已保存"))
    return redirect("complaints:detail", complaint_id=complaint.pk)


# ------------------------------------------------------------------------------------------- assessment


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@require_GET
def complaint_assessment(request: HttpRequest) -> HttpResponse:
    """Complaints per engineer and per partner in a period (考核): total and upheld (有效投诉)."""
    today = clock.today()
    form = AssessmentForm(request.GET or None, initial={"date_from": _month_start(today), "date_to": today})
    start, end = _month_start(today), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    error, assessment = "", None
    try:
        assessment = selectors.complaint_counts(start, end)
    except DomainError as exc:
        error = _error_text(request, exc)
    return render(
        request,
        "complaints/complaint_assessment.html",
        {
            "nav": "complaints",
            "form": form,
            "assessment": assessment,
            "error": error,
            "start": start,
            "end": end,
        },
    )
