"""Customer portal pages (客户门户): my requests, report a fault, one request with replies and attachments; the
public fault form a QR label opens; the printable label sheets of a customer's assets (staff).

What a customer sees of a request is `portal.presenters.customer_ticket`: status, the steps a customer follows,
replies and files — never our tiers, deadlines, duplicate links or internal notes.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import get_usage

from aftersales.assets import selectors as assets
from aftersales.attachments import services as attachments
from aftersales.core.errors import DomainError
from aftersales.customers import selectors as customers
from aftersales.portal import labels, presenters, selectors, services
from aftersales.portal.forms import LabelSheetForm, PortalReportForm, QrReportForm, ReplyForm
from aftersales.tickets import selectors as tickets

PORTAL_PAGE_SIZE = 30
PORTAL_ASSET_LIMIT = 500
LABEL_ASSET_LIMIT = 2000
QR_REPORT_RATE = "10/h"  # fault reports from one address through QR labels (no account: keep spam out)


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(request.LANGUAGE_CODE)


# ------------------------------------------------------------------------------------------- my requests


@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    """My organisation's requests, newest first: number, title, status (a card per request on a phone)."""
    cursor = request.GET.get("cursor") or None
    try:
        page = tickets.ticket_list(request.user, tickets.QueueFilter(), cursor=cursor, limit=PORTAL_PAGE_SIZE)
    except DomainError:
        return redirect("portal:home")
    return render(
        request,
        "portal/portal_home.html",
        {
            "nav": "portal",
            "rows": [presenters.customer_ticket(t) for t in page.items],
            "next_cursor": page.next_cursor,
        },
    )


def portal_report(request: HttpRequest) -> HttpResponse:
    """Report a fault (报告故障): which device, how much it affects you (your words), what happens, a photo."""
    owned = assets.asset_search(request.user, customer_id=request.user.customer_id, limit=PORTAL_ASSET_LIMIT)
    initial = {
        "contact_name": request.user.get_full_name() or request.user.username,
        "contact_phone": request.user.phone,
    }
    form = PortalReportForm(request.POST or None, request.FILES or None, assets=owned, initial=initial)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                intake = services.portal_report(
                    actor=request.user,
                    urgency_key=data["urgency"],
                    asset_id=data["asset_id"],
                    title=data["title"],
                    description=data["description"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                )
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                _attach_photo(request, intake.ticket.pk, data.get("photo"))
                messages.success(request, _("已提交，服务请求编号 {number}").format(number=intake.ticket.number))
                return redirect("customer:ticket", ticket_id=intake.ticket.pk)
        else:
            status = 400
    return render(request, "portal/portal_report.html", {"nav": "report", "form": form, "error": error}, status=status)


def _attach_photo(request: HttpRequest, ticket_id: int, upload) -> None:
    if not upload:
        return
    try:
        attachments.attachment_add(
            actor=request.user,
            owner_kind="ticket",
            owner_id=ticket_id,
            data=upload.read(attachments.MAX_UPLOAD_BYTES + 1),
            filename=upload.name or "",
        )
    except DomainError as exc:
        messages.warning(request, _error_text(request, exc))


@require_GET
def portal_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """One of my requests: where it stands, its steps, the conversation and the files."""
    try:
        ticket = tickets.ticket_get(request.user, ticket_id)
    except DomainError:
        raise Http404 from None
    return render(request, "portal/portal_ticket.html", _ticket_context(request, ticket, ReplyForm()))


def _ticket_context(request: HttpRequest, ticket, form: ReplyForm) -> dict:
    data = presenters.customer_ticket(ticket)
    return {
        "nav": "portal",
        "ticket": ticket,
        "t": data,
        "steps": presenters.customer_steps(tickets.ticket_events(ticket)),
        "replies": selectors.reply_list(request.user, ticket.pk),
        "form": form,
        "customer_actions": [a for a in data["allowed_actions"] if a in presenters.CUSTOMER_ACTIONS],
    }


@require_POST
def portal_reply(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Add a message to a request (the customer from the portal, our staff from the request page)."""
    form = ReplyForm(request.POST)
    target = "customer:ticket" if request.user.is_customer_user else "tickets:detail"
    if form.is_valid():
        try:
            services.reply_add(actor=request.user, ticket_id=ticket_id, body=form.cleaned_data["body"])
        except DomainError as exc:
            messages.error(request, _error_text(request, exc))
        else:
            messages.success(request, _("留言已发送"))
    else:
        messages.error(request, _("留言内容不能为空"))
    return redirect(target, ticket_id=ticket_id)


# ------------------------------------------------------------------------------------------- QR labels


def qr_report(request: HttpRequest, token: str) -> HttpResponse:
    """The fault form a scanned QR label opens (no account): the asset is known, the request arrives by ``qr``."""
    try:
        target = services.label_target(token)
    except DomainError as exc:
        return render(request, "portal/qr_message.html", {"problem": _error_text(request, exc)}, status=exc.status)
    form = QrReportForm(request.POST or None, request.FILES or None)
    error, status = "", 200
    if request.method == "POST":
        usage = get_usage(
            request, group="portal-qr", key="ip", rate=QR_REPORT_RATE, method=get_usage.ALL, increment=True
        )
        if usage and usage["should_limit"]:
            error, status = _("提交过于频繁，请稍后再试或致电服务台"), 429
        elif form.is_valid():
            data = form.cleaned_data
            photo = data.get("photo")
            try:
                intake = services.qr_report(
                    token=token,
                    urgency_key=data["urgency"],
                    title=data["title"],
                    description=data["description"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    photo=photo.read(attachments.MAX_UPLOAD_BYTES + 1) if photo else None,
                    photo_name=photo.name if photo else "",
                    actor=request.user,
                )
            except DomainError as exc:
                error, status = _error_text(request, exc), exc.status
            else:
                return render(
                    request,
                    "portal/qr_message.html",
                    {"thanks": True, "number": intake.ticket.number, "asset": target.asset},
                )
        else:
            status = 400
    return render(
        request,
        "portal/qr_report.html",
        {"asset": target.asset, "form": form, "error": error},
        status=status,
    )


def _customer(request: HttpRequest, customer_id: int):
    try:
        return customers.customer_get(request.user, customer_id)
    except DomainError:
        raise Http404 from None


@require_GET
def label_sheet(request: HttpRequest, customer_id: int) -> HttpResponse:
    """二维码标签: choose a label size and the assets; the PDF is one A4 sheet per page of labels."""
    customer = _customer(request, customer_id)
    owned = assets.asset_search(request.user, customer_id=customer.pk, limit=LABEL_ASSET_LIMIT)
    form = LabelSheetForm(initial={"size": "medium", "asset_ids": [str(a.pk) for a in owned]}, assets=owned)
    return render(
        request,
        "portal/label_sheet.html",
        {"nav": "customers", "customer": customer, "form": form, "assets": owned, "sizes": labels.SIZES},
    )


@require_GET
def label_sheet_pdf(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = _customer(request, customer_id)
    owned = assets.asset_search(request.user, customer_id=customer.pk, limit=LABEL_ASSET_LIMIT)
    form = LabelSheetForm(request.GET, assets=owned)
    if not form.is_valid():
        messages.error(request, _("请选择标签尺寸和设备"))
        return redirect("customer:labels", customer_id=customer.pk)
    chosen = {int(i) for i in form.cleaned_data["asset_ids"]}
    picked = [a for a in reversed(owned) if not chosen or a.pk in chosen]
    body = labels.label_sheet_pdf(picked, form.cleaned_data["size"])
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="labels-{customer.pk}-{form.cleaned_data["size"]}.pdf"'
    return response
