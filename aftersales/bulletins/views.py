"""Pages of bulletins (及时通知) and the knowledge base (知识库).

Thin views: forms validate, `bulletins.selectors` read (role checks included), `bulletins.services` write,
and a DomainError is shown in the user's language with its status code.

- /bulletins/ list, new, detail (targets, publish, deliveries with acknowledgements, phone acknowledgement)
- /bulletins/portal/ the customer's bulletins and acknowledgement; /bulletins/ack/<token>/ the e-mail link
- /bulletins/knowledge/ search, article, new article (from a resolved request: ?ticket=<id>)
- /bulletins/suggest/ the intake partial: similar articles and past requests as the agent types
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts import access
from aftersales.bulletins import links, selectors, services
from aftersales.bulletins.choices import AckChannel
from aftersales.bulletins.forms import ArticleForm, BulletinForm, PhoneAckForm
from aftersales.core.errors import DomainError

DELIVERY_PAGE = 200
SUGGEST_MIN_CHARS = 2


def _error_text(request: HttpRequest, exc: DomainError) -> str:
    return exc.message(getattr(request, "LANGUAGE_CODE", None))


# ------------------------------------------------------------------------------------------------ bulletins


@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """及时通知: newest first, with how many customers got and acknowledged each."""
    page = selectors.bulletin_list(request.user, cursor=request.GET.get("cursor") or None, limit=50)
    return render(
        request,
        "bulletins/bulletin_list.html",
        {"bulletins": page.items, "next_cursor": page.next_cursor, "nav": "bulletins"},
    )


def bulletin_create(request: HttpRequest) -> HttpResponse:
    form = BulletinForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bulletin = services.bulletin_create(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                vendor_ids=[v.pk for v in data["vendors"]],
                model_patterns=data["model_patterns"],
                remind_after_days=data["remind_after_days"],
                max_reminders=data["max_reminders"],
            )
        except DomainError as exc:
            error, status = _error_text(request, exc), exc.status
        else:
            messages.success(request, _("通知已保存，请核对涉及的客户后发布"))
            return redirect("bulletins:detail", bulletin.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "bulletins/bulletin_form.html", {"form": form, "error": error, "nav": "bulletins"}, status=status
    )


@require_GET
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The bulletin, who it reaches, and per customer: channels, delivery, acknowledgement."""
    try:
        bulletin = selectors.bulletin_get(request.user, bulletin_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None
    targets = selectors.bulletin_targets(bulletin)
    page = selectors.bulletin_deliveries(
        request.user, bulletin_id=bulletin.pk, cursor=request.GET.get("cursor") or None, limit=DELIVERY_PAGE
    )
    delivered, acknowledged = selectors.delivery_counts(bulletin.pk)
    return render(
        request,
        "bulletins/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "deliveries": page.items,
            "next_cursor": page.next_cursor,
            "target_customers": len(targets),
            "target_assets": sum(targets.values()),
            "delivered": delivered,
            "acknowledged": acknowledged,
            "pending_customers": max(len(targets) - delivered, 0),
            "ack_form": PhoneAckForm(),
            "can_phone": access.may(request.user, "bulletins.acknowledge") and not request.user.is_customer_user,
            "nav": "bulletins",
        },
    )


@require_POST
def bulletin_publish(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    try:
        result = services.bulletin_publish(bulletin_id=bulletin_id, actor=request.user)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        messages.error(request, _error_text(request, exc))
    else:
        messages.success(
            request,
            _("已发送给 {created} 个客户（共 {matched} 个客户涉及）").format(
                created=result.created, matched=result.matched
            ),
        )
    return redirect("bulletins:detail", bulletin_id)


@require_POST
def delivery_acknowledge(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """A customer user acknowledges in the portal; staff record what a customer said on the phone."""
    try:
        delivery = selectors.delivery_get(request.user, delivery_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None
    if request.user.is_customer_user:
        services.bulletin_acknowledge(
            delivery_id=delivery.pk, actor=request.user, via=AckChannel.PORTAL, note=request.POST.get("note", "")[:2000]
        )
        messages.success(request, _("已确认收到此通知"))
        return redirect("bulletins:portal_detail", delivery.pk)
    form = PhoneAckForm(request.POST)
    target = reverse("bulletins:detail", args=[delivery.bulletin_id]) + f"#delivery-{delivery.pk}"
    if not form.is_valid():
        messages.error(request, _("请填写电话确认的客户联系人"))
        return redirect(target)
    try:
        services.bulletin_acknowledge(
            delivery_id=delivery.pk,
            actor=request.user,
            via=AckChannel.PHONE,
            name=form.cleaned_data["name"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from None
        messages.error(request, _error_text(request, exc))
    else:
        messages.success(request, _("已记录电话确认"))
    return redirect(target)


@require_GET
def portal_list(request: HttpRequest) -> HttpResponse:
    """The customer's bulletins (通知公告), newest first, unacknowledged ones marked."""
    page = selectors.customer_deliveries(request.user, cursor=request.GET.get("cursor") or None, limit=50)
    return render(
        request,
        "bulletins/portal_list.html",
        {"deliveries": page.items, "next_cursor": page.next_cursor, "nav": "portal_bulletins"},
    )


@require_GET
def portal_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    try:
        delivery = selectors.delivery_get(request.user, delivery_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None
    return render(
        request,
        "bulletins/portal_detail.html",
        {"delivery": delivery, "bulletin": delivery.bulletin, "nav": "portal_bulletins"},
    )


def ack_link(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in the e-mail: GET shows the bulletin and a button, POST acknowledges (no account).

    GET changes nothing, so mail scanners that open links do not acknowledge on the customer's behalf.
    """
    delivery_id = links.ack_delivery_id(token)
    delivery = selectors.delivery_for_link(delivery_id) if delivery_id is not None else None
    if delivery is None:
        return render(request, "bulletins/ack_link.html", {"invalid": True}, status=404)
    if request.method == "POST":
        delivery = services.bulletin_acknowledge(
            delivery_id=delivery.pk,
            actor=None,
            via=AckChannel.LINK,
            name=request.POST.get("name", "")[:64],
            note=request.POST.get("note", "")[:2000],
        )
        return render(
            request, "bulletins/ack_link.html", {"delivery": delivery, "bulletin": delivery.bulletin, "done": True}
        )
    return render(request, "bulletins/ack_link.html", {"delivery": delivery, "bulletin": delivery.bulletin})


# ------------------------------------------------------------------------------------------- knowledge base


@require_GET
def knowledge_search(request: HttpRequest) -> HttpResponse:
    """知识库: ranked results for `q`, else the newest articles."""
    query = (request.GET.get("q") or "").strip()[:500]
    hits = selectors.knowledge_search(query, 20) if query else []
    latest = [] if query else selectors.article_list(request.user)
    return render(
        request,
        "bulletins/knowledge_search.html",
        {
            "q": query,
            "hits": hits,
            "latest": latest,
            "can_write": access.may(request.user, "knowledge.write"),
            "nav": "knowledge",
        },
    )


@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        article = selectors.article_get(request.user, article_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None
    return render(request, "bulletins/article_detail.html", {"article": article, "nav": "knowledge"})


def article_create(request: HttpRequest) -> HttpResponse:
    """Write an article; `?ticket=<id>` prefills it from that resolved request (one step: check and save)."""
    ticket_raw = request.GET.get("ticket") or request.POST.get("source_ticket") or ""
    draft = None
    if ticket_raw.isdigit():
        try:
            draft = selectors.article_draft_from_ticket(int(ticket_raw))
        except DomainError as exc:
            raise Http404(exc.message_en) from None
    initial = {}
    if draft is not None:
        initial = {key: draft[key] for key in ("title", "symptom", "cause", "solution", "affected_models", "category")}
        initial.update(vendor=draft["vendor_id"], source_ticket=draft["source_ticket_id"], is_published=True)
    form = ArticleForm(request.POST or None, initial=initial)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                actor=request.user,
                title=data["title"],
                symptom=data["symptom"],
                cause=data["cause"],
                solution=data["solution"],
                affected_models=data["affected_models"],
                vendor_id=data["vendor"].pk if data["vendor"] else None,
                category=data["category"],
                source_ticket_id=data["source_ticket"],
                is_published=data["is_published"],
            )
        except DomainError as exc:
            error, status = _error_text(request, exc), exc.status
        else:
            messages.success(request, _("知识库文章已保存"))
            return redirect("bulletins:article", article.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "bulletins/article_form.html",
        {"form": form, "draft": draft, "error": error, "nav": "knowledge"},
        status=status,
    )


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """The intake partial: articles and resolved requests like the title and description typed so far."""
    text = " ".join(
        part
        for part in (request.GET.get("q", ""), request.GET.get("title", ""), request.GET.get("description", ""))
        if part
    ).strip()[:2000]
    found = selectors.intake_suggestions(text) if len(text) >= SUGGEST_MIN_CHARS else None
    return render(request, "bulletins/partials/suggestions.html", {"found": found, "text": text})
