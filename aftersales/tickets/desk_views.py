"""The desk's pages around the queue (issue 10): saved filters, bulk assignment and escalation, the live-update
poll, and possible duplicates while a request is typed. Thin views over `tickets.selectors` and
`tickets.queue_services`; who may is the access table's (tickets/access_rules.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.accounts.models import User
from aftersales.core.errors import DomainError
from aftersales.tickets import queue_services, selectors
from aftersales.tickets.models import SavedFilter


def _assignable() -> list[tuple[int, str]]:
    users = User.objects.filter(is_active=True, role__in=queue_services.ASSIGNABLE_ROLES).order_by("role", "id")
    return [(u.pk, f"{u.last_name}{u.first_name}".strip() or u.username) for u in users[:300]]


def live_poll_seconds() -> float:
    """Seconds between the live-update polls of a page (settings.AFTERSALES_LIVE_POLL_SECONDS)."""
    return settings.AFTERSALES_LIVE_POLL_SECONDS


def queue_extras(request: HttpRequest) -> dict:
    """What the workspace shows beside the rows: saved filters, people to assign to, the live-update stamp."""
    return {
        "saved_filters": list(SavedFilter.objects.filter(user=request.user).order_by("name")),
        "assignable": _assignable(),
        "stamp": selectors.queue_stamp(),
        "poll_seconds": live_poll_seconds(),
        "current_query": queue_services.clean_query(request.GET.urlencode()),
    }


@require_GET
def ticket_changes(request: HttpRequest) -> JsonResponse:
    """The live-update poll: whether anything changed since `since` (a stamp), the new class-1 requests, and
    for a request page (`ticket`) that request's version."""
    since = request.GET.get("since", "")
    stamp = selectors.queue_stamp()
    body: dict = {"stamp": stamp, "changed": bool(since) and since != stamp, "critical": []}
    try:
        after = int(since.split(".")[0]) if since else int(stamp.split(".")[0])
    except ValueError:
        after = int(stamp.split(".")[0])
    if since and body["changed"]:
        body["critical"] = [
            {
                "id": t.pk,
                "number": t.number,
                "title": t.title,
                "customer": t.customer.name,
                "url": reverse("tickets:detail", args=[t.pk]),
            }
            for t in selectors.new_critical(request.user, after)
        ]
    ticket_id = request.GET.get("ticket", "")
    if ticket_id.isdigit():
        version = selectors.ticket_visible(request.user).filter(pk=int(ticket_id)).values_list("version", flat=True)
        body["version"] = version.first()
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def ticket_bulk(request: HttpRequest) -> HttpResponse:
    """Bulk assign or escalate the ticked requests, then back to the same queue."""
    ids = [int(v) for v in request.POST.getlist("ticket") if v.isdigit()]
    action = request.POST.get("bulk_action", "")
    assignee = request.POST.get("assignee_id", "")
    back = reverse("tickets:queue") + ("?" + request.POST["back"] if request.POST.get("back") else "")
    try:
        outcome = queue_services.ticket_bulk(
            actor=request.user,
            ticket_ids=ids,
            action=action,
            assignee_id=int(assignee) if assignee.isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message(request.LANGUAGE_CODE))
        return redirect(back)
    if outcome.done:
        messages.success(request, _("已处理 {count} 个服务请求").format(count=len(outcome.done)))
    for pk, exc in outcome.refused.items():
        messages.warning(request, f"#{pk}: {exc.message(request.LANGUAGE_CODE)}")
    return redirect(back)


@require_POST
def saved_filters(request: HttpRequest) -> HttpResponse:
    """Save the current filter under a name."""
    query = request.POST.get("query", "")
    try:
        queue_services.saved_filter_create(actor=request.user, name=request.POST.get("name", ""), query=query)
    except DomainError as exc:
        messages.error(request, exc.message(request.LANGUAGE_CODE))
    else:
        messages.success(request, _("筛选已保存"))
    clean = queue_services.clean_query(query)
    return redirect(reverse("tickets:queue") + (f"?{clean}" if clean else ""))


@require_POST
def saved_filter_delete(request: HttpRequest, saved_filter_id: int) -> HttpResponse:
    try:
        queue_services.saved_filter_delete(actor=request.user, saved_filter_id=saved_filter_id)
    except DomainError as exc:
        messages.error(request, exc.message(request.LANGUAGE_CODE))
    return redirect("tickets:queue")


@require_GET
def ticket_similar(request: HttpRequest) -> HttpResponse:
    """Possible duplicates of the request being typed (htmx partial of the intake page)."""
    customer_id = request.GET.get("customer_id", "")
    asset_id = request.GET.get("asset_id", "")
    found = []
    if customer_id.isdigit():
        found = selectors.similar_tickets(
            request.user,
            customer_id=int(customer_id),
            title=request.GET.get("title", "")[:200],
            asset_id=int(asset_id) if asset_id.isdigit() else None,
        )
    return render(request, "tickets/partials/similar.html", {"similar": found})
