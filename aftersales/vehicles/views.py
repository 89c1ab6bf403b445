"""Pages of the 4S follow-up service (篇8): the vehicle archive, a vehicle with its pick-ups, follow-up calls and
letters, the four registers with their Excel export, events, the monthly and year-end summaries, and the
supervisor's reassignment.

Thin views: forms validate, selectors read, services write; a DomainError is shown in the user's language.
Anyone without a follow-up role (customers included) gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.customers import selectors as customer_selectors
from aftersales.vehicles import selectors, services
from aftersales.vehicles.choices import WORK_ITEM_KINDS
from aftersales.vehicles.forms import (
    CallForm,
    EventForm,
    LetterForm,
    PickupForm,
    ReassignForm,
    RegisterFilterForm,
    SummaryForm,
    VehicleForm,
)
from aftersales.vehicles.models import Vehicle
from aftersales.vehicles.registers import REGISTERS

LIST_LIMIT = 100
CUSTOMER_OPTIONS_LIMIT = 10


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


def _vehicle(request: HttpRequest, vehicle_id: int) -> Vehicle:
    try:
        return selectors.vehicle_get(request.user, vehicle_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None


# ----------------------------------------------------------------------------------------------- archive


@require_GET
def vehicle_list(request: HttpRequest) -> HttpResponse:
    """客户档案 (车辆): search by plate, model or customer; my follow-up work of the coming week."""
    q = request.GET.get("q", "").strip()
    mine = request.GET.get("mine") == "1"
    page = selectors.vehicle_list(
        request.user, q=q, follow_up_user_id=request.user.pk if mine else None, limit=LIST_LIMIT
    )
    today = clock.today()
    my_items = selectors.my_follow_up_items(request.user, on=today, days_ahead=7)
    return render(
        request,
        "vehicles/vehicle_list.html",
        {
            "nav": "vehicles",
            "vehicles": page.items,
            "q": q,
            "mine": mine,
            "limit": LIST_LIMIT,
            "today": today,
            "my_items": my_items,
            "can_reassign": access.may(request.user, "vehicles.reassign"),
        },
    )


def vehicle_create(request: HttpRequest) -> HttpResponse:
    """建立客户档案: the car of a customer, within two days of the visit (篇8 规定 2)."""
    error, status = "", 200
    if request.method == "POST":
        form = VehicleForm(request.POST)
        if form.is_valid():
            try:
                vehicle = services.vehicle_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                if vehicle.is_archived_late:
                    messages.warning(request, _("档案已建立，但晚于来访后两日（逾期建档）"))
                else:
                    messages.success(request, _("档案已建立"))
                return redirect("vehicles:detail", vehicle_id=vehicle.pk)
        else:
            error, status = _("请检查填写的内容"), 400
    else:
        form = VehicleForm(initial={"customer_id": request.GET.get("customer")})
    customer = None
    customer_id = form["customer_id"].value()
    if customer_id and str(customer_id).isdigit():
        customer = customer_selectors.customer_visible(request.user).filter(pk=int(customer_id)).first()
    return render(
        request,
        "vehicles/vehicle_form.html",
        {"nav": "vehicles", "form": form, "error": error, "customer": customer},
        status=status,
    )


@require_GET
def customer_options(request: HttpRequest) -> HttpResponse:
    """Customers matching the typed text, to choose the vehicle's owner (htmx partial)."""
    q = request.GET.get("q", "").strip()
    customers = customer_selectors.customer_search(request.user, q, limit=CUSTOMER_OPTIONS_LIMIT) if q else []
    return render(request, "vehicles/partials/customer_options.html", {"customers": customers, "q": q})


def _detail_context(request: HttpRequest, vehicle: Vehicle, **forms: Any) -> dict:
    visits = selectors.vehicle_visits(vehicle)
    return {
        "nav": "vehicles",
        "vehicle": vehicle,
        "visits": visits,
        "plans": [(visit, selectors.visit_call_plan(visit)) for visit in visits[:5]],
        "calls": selectors.vehicle_calls(vehicle),
        "letters": selectors.vehicle_letters(vehicle),
        "items": selectors.vehicle_work_items(vehicle),
        "today": clock.today(),
        "pickup_form": forms.get("pickup_form") or PickupForm(),
        "call_form": forms.get("call_form") or CallForm(visits=visits, initial=_call_initial(visits)),
        "letter_form": forms.get("letter_form") or LetterForm(),
        "error": forms.get("error", ""),
        "open_form": forms.get("open_form", ""),
    }


def _call_initial(visits: list) -> dict:
    """The call form starts on the next follow-up call due: the latest pick-up, call 1 unless it is done."""
    if not visits:
        return {"purpose": "maintenance_reminder"}
    latest = visits[0]
    done = set(latest.calls.filter(is_reached=True).values_list("call_no", flat=True))
    return {"visit_id": latest.pk, "call_no": 2 if 1 in done else 1}


@require_GET
def vehicle_detail(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """The vehicle's archive: its follow-up work, pick-ups, calls and letters, and the forms to record them."""
    vehicle = _vehicle(request, vehicle_id)
    return render(request, "vehicles/vehicle_detail.html", _detail_context(request, vehicle))


@require_POST
def vehicle_pickup(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    vehicle = _vehicle(request, vehicle_id)
    form = PickupForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "vehicles/vehicle_detail.html",
            _detail_context(request, vehicle, pickup_form=form, error=_("请检查填写的内容"), open_form="pickup"),
            status=400,
        )
    try:
        services.visit_record_pickup(actor=request.user, vehicle_id=vehicle.pk, **form.cleaned_data)
    except DomainError as exc:
        return render(
            request,
            "vehicles/vehicle_detail.html",
            _detail_context(
                request,
                _vehicle(request, vehicle_id),
                pickup_form=form,
                error=_error_text(request, exc),
                open_form="pickup",
            ),
            status=exc.status,
        )
    messages.success(request, _("已登记接车，两次跟踪电话已排入待办"))
    return redirect("vehicles:detail", vehicle_id=vehicle.pk)


@require_POST
def vehicle_call(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    vehicle = _vehicle(request, vehicle_id)
    visits = selectors.vehicle_visits(vehicle)
    form = CallForm(request.POST, visits=visits)
    if not form.is_valid():
        return render(
            request,
            "vehicles/vehicle_detail.html",
            _detail_context(request, vehicle, call_form=form, error=_("请检查填写的内容"), open_form="call"),
            status=400,
        )
    fields = form.service_fields()
    fields.pop("event_id", None)
    if fields["purpose"] != "follow_up":
        fields["visit_id"] = fields["call_no"] = None
    try:
        services.follow_up_call_record(actor=request.user, vehicle_id=vehicle.pk, **fields)
    except DomainError as exc:
        return render(
            request,
            "vehicles/vehicle_detail.html",
            _detail_context(
                request,
                _vehicle(request, vehicle_id),
                call_form=form,
                error=_error_text(request, exc),
                open_form="call",
            ),
            status=exc.status,
        )
    messages.success(request, _("通话已记录"))
    return redirect("vehicles:detail", vehicle_id=vehicle.pk)


@require_POST
def vehicle_letter(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    vehicle = _vehicle(request, vehicle_id)
    form = LetterForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "vehicles/vehicle_detail.html",
            _detail_context(request, vehicle, letter_form=form, error=_("请检查填写的内容"), open_form="letter"),
            status=400,
        )
    try:
        services.letter_record(
            actor=request.user, customer_id=vehicle.customer_id, vehicle_id=vehicle.pk, **form.cleaned_data
        )
    except DomainError as exc:
        return render(
            request,
            "vehicles/vehicle_detail.html",
            _detail_context(request, vehicle, letter_form=form, error=_error_text(request, exc), open_form="letter"),
            status=exc.status,
        )
    messages.success(request, _("信函已登记"))
    return redirect("vehicles:detail", vehicle_id=vehicle.pk)


# --------------------------------------------------------------------------------------------- registers


@require_GET
def register_page(request: HttpRequest, name: str) -> HttpResponse:
    """One of the four registers of 篇8 for a period and a person, with its Excel export."""
    register = REGISTERS.get(name)
    if register is None:
        raise Http404
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    error = ""
    try:
        flt = selectors.register_filter(
            start_on=data.get("start_on"), end_on=data.get("end_on"), person_id=data.get("person_id")
        )
    except DomainError as exc:
        error, flt = _error_text(request, exc), selectors.register_filter()
    rows = register.table(register.rows(request.user, flt))
    query = {"start_on": flt.period.start_on.isoformat(), "end_on": flt.period.end_on.isoformat()}
    if flt.person_id:
        query["person_id"] = str(flt.person_id)
    export_url = reverse("api:export_vehicle_register", kwargs={"name": register.name}) + "?" + urlencode(query)
    return render(
        request,
        "vehicles/register.html",
        {
            "nav": "vehicles",
            "register": register,
            "registers": REGISTERS.values(),
            "rows": rows,
            "flt": flt,
            "form": form,
            "error": error,
            "export_url": export_url,
        },
    )


@require_GET
def summary_page(request: HttpRequest) -> HttpResponse:
    """每月小结 and 年末总结 (篇8 (五)): per person and in total; a year also month by month."""
    today = clock.today()
    form = SummaryForm(request.GET or None, initial={"year": today.year, "month": today.month})
    if form.is_bound and form.is_valid():
        year, month, person_id = form.cleaned_data["year"], form.cleaned_data["month"], form.cleaned_data["person_id"]
    else:
        year, month, person_id = today.year, today.month, None
        form = SummaryForm(initial={"year": year, "month": month})
    period = selectors.Period.month(year, month) if month else selectors.Period.year(year)
    summary = selectors.summary_for(request.user, period, person_id=person_id, by_month=month is None)
    return render(
        request,
        "vehicles/summary.html",
        {"nav": "vehicles", "form": form, "summary": summary, "year": year, "month": month},
    )


# ------------------------------------------------------------------------------------------------ events


def event_list(request: HttpRequest) -> HttpResponse:
    """客户活动: the events decided, and (for supervisors) the form to decide one."""
    can_create = access.may(request.user, "vehicles.events")
    error, status = "", 200
    form = EventForm()
    if request.method == "POST":
        form = EventForm(request.POST)
        if form.is_valid():
            try:
                event = services.event_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                messages.success(
                    request,
                    _("活动已创建，已为 %(count)s 位客户排入电话和信函通知") % {"count": event.targeted_customers},
                )
                return redirect("vehicles:event_detail", event_id=event.pk)
        else:
            error, status = _("请检查填写的内容"), 400
    return render(
        request,
        "vehicles/event_list.html",
        {
            "nav": "vehicles",
            "events": selectors.events_list(request.user),
            "form": form,
            "error": error,
            "can_create": can_create,
        },
        status=status,
    )


def _event(request: HttpRequest, event_id: int):
    try:
        return selectors.event_get(request.user, event_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None


@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    """An event's customers with their phone notice and letter, and buttons to record them."""
    event = _event(request, event_id)
    return render(
        request,
        "vehicles/event_detail.html",
        {"nav": "vehicles", "event": event, "targets": selectors.event_targets(event)},
    )


@require_POST
def event_notify(request: HttpRequest, event_id: int, customer_id: int, channel: str) -> HttpResponse:
    """Record the phone notice (a reached call) or the invitation (a letter) of one customer of an event."""
    event = _event(request, event_id)
    try:
        if channel == "phone":
            services.follow_up_call_record(
                actor=request.user,
                purpose="event_notice",
                customer_id=customer_id,
                event_id=event.pk,
                content=request.POST.get("content", "")[:4000],
            )
            messages.success(request, _("已记录电话通知"))
        elif channel == "letter":
            services.letter_record(
                actor=request.user,
                customer_id=customer_id,
                event_id=event.pk,
                kind="invitation",
                subject=_("活动邀请函：%(name)s") % {"name": event.name},
            )
            messages.success(request, _("已登记邀请函"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, _error_text(request, exc))
    return redirect("vehicles:event_detail", event_id=event.pk)


# ---------------------------------------------------------------------------------------------- reassign


def reassign(request: HttpRequest) -> HttpResponse:
    """业务主管改派: hand an absent person's open follow-ups to another in one step."""
    error, status = "", 200
    form = ReassignForm()
    if request.method == "POST":
        form = ReassignForm(request.POST)
        if form.is_valid():
            try:
                done = services.followups_reassign(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                messages.success(
                    request,
                    _("已移交 %(items)s 项待办、%(vehicles)s 辆车")
                    % {"items": done.items_moved, "vehicles": done.vehicles_moved},
                )
                return redirect("vehicles:reassign")
        else:
            error, status = _("请检查填写的内容"), 400
    return render(
        request,
        "vehicles/reassign.html",
        {
            "nav": "vehicles",
            "form": form,
            "error": error,
            "open_by_person": selectors.open_items_by_person(),
            "recent": selectors.reassignments_recent(),
            "kinds": WORK_ITEM_KINDS,
        },
        status=status,
    )
