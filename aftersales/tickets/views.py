"""Service-request pages: the agent workspace (queue), intake, the request page, and the customer portal.

Thin views: forms validate, `tickets.selectors` read (visibility included), `tickets.services` write, and
a DomainError is shown in the user's language with its status code, keeping what the user typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.assets import selectors as assets
from aftersales.core.errors import DomainError
from aftersales.customers import selectors as customers
from aftersales.tickets import desk_views, presenters, selectors, services
from aftersales.tickets.forms import QueueFilterForm, TicketActionForm, TicketCreateForm
from aftersales.tickets.models import Ticket
from aftersales.tickets.policy import clocks
from aftersales.web import labels

QUEUE_PAGE_SIZE = 50
PORTAL_PAGE_SIZE = 30
PORTAL_ASSET_LIMIT = 500
INTAKE_ASSET_LIMIT = 50
LOGGED_LATER_SECONDS = 60
# Deadline name → the Ticket field of the event that meets it first (clocks.MET_BY lists them all).
EVENT_FIELDS = ("responded", "escalated", "arrived", "restored", "resolved")


def _get_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    """The request if the user may see it; Http404 otherwise (a foreign one looks missing)."""
    try:
        return selectors.ticket_get(request.user, ticket_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        raise


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


# ------------------------------------------------------------------------------------------------ queue


def _queue_page(request: HttpRequest, form: QueueFilterForm):
    """One page of the queue as rows for the template (or a DomainError for a bad cursor/status)."""
    cursor = form.cleaned_data.get("cursor") if form.is_valid() else None
    page = selectors.ticket_list(request.user, form.queue_filter(), cursor=cursor or None, limit=QUEUE_PAGE_SIZE)
    return [presenters.ticket_data(t) for t in page.items], page.next_cursor


def _more_query(request: HttpRequest, next_cursor: str | None) -> str:
    if not next_cursor:
        return ""
    params = request.GET.copy()
    params["cursor"] = next_cursor
    return params.urlencode()


def _drill_down_chips(request: HttpRequest, form: QueueFilterForm) -> list[dict]:
    """The management view's drill-down filters in force, each a chip with the link that drops it."""
    given = form.drill_down()
    if not given:
        return []
    names = selectors.drill_down_names({n: v for n, _, v in given if n.endswith("_id")})
    missed = dict(form.fields["missed"].choices)
    chips = []
    for name, label, value in given:
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("cursor", None)
        text = names.get(name) or (missed.get(value) if name == "missed" else str(value))
        chips.append(
            {
                "name": name,
                "label": label,
                "value": value,
                "text": text,
                "remove": reverse("tickets:queue") + ("?" + params.urlencode() if params else ""),
            }
        )
    return chips


@require_GET
def ticket_queue(request: HttpRequest) -> HttpResponse:
    """The agent workspace (工作台): search, filters, saved filters, the first page of the queue (open requests
    unless asked), bulk actions, and live updates (desk.js polls `tickets:changes`)."""
    form = QueueFilterForm(request.GET or None, with_regions=True)
    error = ""
    try:
        rows, next_cursor = _queue_page(request, form)
    except DomainError as exc:
        rows, next_cursor, error = [], None, _error_text(request, exc)
    return render(
        request,
        "tickets/ticket_queue.html",
        {
            "nav": "queue",
            "form": form,
            "rows": rows,
            "more_query": _more_query(request, next_cursor),
            "error": error,
            "chips": _drill_down_chips(request, form),
            **desk_views.queue_extras(request),
        },
    )


@require_GET
def ticket_queue_rows(request: HttpRequest) -> HttpResponse:
    """The queue's rows (htmx partial): a new filter replaces the table body; `cursor` appends the next page."""
    form = QueueFilterForm(request.GET or None)
    try:
        rows, next_cursor = _queue_page(request, form)
    except DomainError as exc:
        # 200 so htmx swaps the message in (it leaves the table alone on 4xx).
        return render(request, "tickets/partials/queue_error.html", {"error": _error_text(request, exc)})
    response = render(
        request,
        "tickets/partials/queue_rows.html",
        {
            "rows": rows,
            "more_query": _more_query(request, next_cursor),
        },
    )
    if not request.GET.get("cursor"):
        # Keep the address bar in step with the filters, so a reload or a shared link shows the same queue.
        params = request.GET.copy()
        params.pop("cursor", None)
        query = params.urlencode()
        response["HX-Replace-Url"] = reverse("tickets:queue") + (f"?{query}" if query else "")
    return response


# ----------------------------------------------------------------------------------------------- intake


def _intake_picker_context(request: HttpRequest, customer_id, asset_id) -> dict:
    """The chosen customer and its assets, to redraw the picker when the form comes back with an error."""
    if not customer_id:
        return {}
    try:
        customer = customers.customer_get(request.user, int(customer_id))
    except (DomainError, TypeError, ValueError):
        return {}
    return {
        "picked_customer": customer,
        "picked_assets": assets.asset_search(request.user, customer_id=customer.pk, limit=INTAKE_ASSET_LIMIT),
        "picked_asset_id": int(asset_id) if str(asset_id or "").isdigit() else None,
    }


def ticket_create(request: HttpRequest) -> HttpResponse:
    """New request (新建服务请求): customer and asset lookup as you type, class, channel, report time."""
    status = 200
    error = ""
    if request.method == "POST":
        form = TicketCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                intake = services.ticket_create(
                    actor=request.user,
                    customer_id=data["customer_id"],
                    asset_id=data["asset_id"],
                    channel=data["channel"],
                    severity=data["severity"],
                    title=data["title"],
                    description=data["description"],
                    reported_at=data["reported_at"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                )
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                return _after_intake(request, intake)
        else:
            status = 400
        picker = _intake_picker_context(request, request.POST.get("customer_id"), request.POST.get("asset_id"))
    else:
        form = TicketCreateForm()
        picker = _intake_picker_context(request, request.GET.get("customer"), request.GET.get("asset"))
        if picker:
            form.initial["customer_id"] = picker["picked_customer"].pk
    return render(
        request,
        "tickets/ticket_create.html",
        {
            "nav": "new",
            "form": form,
            "error": error,
            "severity_help": labels.SEVERITY_HELP,
            **picker,
        },
        status=status,
    )


def _after_intake(request: HttpRequest, intake: services.Intake) -> HttpResponse:
    ticket = intake.ticket
    messages.success(request, _("已受理服务请求 {number}").format(number=ticket.number))
    if intake.duplicates:
        duplicates = selectors.ticket_visible(request.user).filter(pk__in=intake.duplicates).order_by("-id")
        numbers = _("、").join(t.number for t in duplicates)
        messages.warning(request, _("该设备已有未关闭的服务请求：{numbers}").format(numbers=numbers))
    return redirect("tickets:detail", ticket_id=ticket.pk)


# --------------------------------------------------------------------------------------- request page


def _deadline_rows(ticket: Ticket, data: dict) -> list[dict]:
    """Each deadline with its state: met (on time or late), breached, running, paused, stopped."""
    events = {name: getattr(ticket, f"{name}_at") for name in EVENT_FIELDS}
    stopped = ticket.closed_at or ticket.cancelled_at
    rows = []
    for name in clocks.DEADLINE_NAMES:
        by = data["deadlines"].get(f"{name}_by")
        if by is None:
            continue
        met_at = clocks.met_at(name, events)
        if met_at is not None:
            state = "met_late" if met_at > by else "met"
        elif name in data["breached"]:
            # A late deadline keeps counting only while the request's clocks run.
            state = "breached" if ticket.paused_at is None and stopped is None else "breached_frozen"
        elif ticket.paused_at is not None:
            state = "paused"
        elif stopped is not None:
            state = "stopped"
        else:
            state = "running"
        rows.append({"name": name, "by": by, "met_at": met_at, "state": state})
    return rows


def _detail_context(
    request: HttpRequest, ticket: Ticket, *, action_form: TicketActionForm | None = None, error: str = ""
) -> dict:
    data = presenters.ticket_data(ticket)
    actions = [a for a in data["allowed_actions"] if access.may(request.user, f"tickets.{a}")]
    if action_form is None:
        action_form = TicketActionForm(initial={"version": ticket.version})
    return {
        "nav": "portal" if request.user.is_customer_user else "queue",
        "ticket": ticket,
        "t": data,
        "deadline_rows": _deadline_rows(ticket, data),
        "events": selectors.ticket_events(ticket),
        "timeline_labels": {"action": labels.ACTION, "status": labels.STATUS, "tier": labels.TIER},
        "actions": actions,
        "action_form": action_form,
        "version": ticket.version,
        # Logged after the fact (an agent entering a call later): show when it was entered, too.
        "logged_later": (ticket.created_at - ticket.reported_at).total_seconds() >= LOGGED_LATER_SECONDS,
        "error": error,
    }


@require_GET
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The request page: header, deadlines with the time left, timeline, and the allowed actions."""
    ticket = _get_ticket(request, ticket_id)
    if request.user.is_customer_user:  # a customer sees its own page (no tiers, deadlines or duplicates)
        return redirect("customer:ticket", ticket_id=ticket.pk)
    return render(request, "tickets/ticket_detail.html", _detail_context(request, ticket))


@require_POST
def ticket_action(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Apply one action based on the version the page showed; a refusal (409) redraws the page with why."""
    ticket = _get_ticket(request, ticket_id)
    form = TicketActionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "tickets/ticket_detail.html",
            _detail_context(request, ticket, action_form=form, error=_("请检查输入")),
            status=400,
        )
    action = form.cleaned_data["action"]
    if action == "arrive":  # one way to record arrival: the visit page (it starts the service report)
        return redirect("dispatch:visit_new", ticket_id=ticket.pk)
    if action == "dispatch":  # dispatch names who goes: the dispatch page, never a bare status change
        return redirect("dispatch:ticket", ticket_id=ticket.pk)
    try:
        services.ticket_apply_action(
            ticket_id=ticket.pk,
            action=action,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            at=form.cleaned_data["at"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        fresh = _get_ticket(request, ticket_id)
        kept = TicketActionForm(
            initial={"version": fresh.version, "note": form.cleaned_data["note"], "at": form.cleaned_data["at"]}
        )
        return render(
            request,
            "tickets/ticket_detail.html",
            _detail_context(request, fresh, action_form=kept, error=_error_text(request, exc)),
            status=exc.status,
        )
    messages.success(request, _("已执行“{action}”").format(action=labels.ACTION[action]))
    return redirect("tickets:detail", ticket_id=ticket.pk)


# ------------------------------------------------------------------------------------------------ portal
