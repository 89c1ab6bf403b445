"""Customer archive pages (客户档案) for staff, and the lookups the intake form uses as you type."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aftersales.assets import selectors as assets
from aftersales.core.errors import DomainError
from aftersales.customers import selectors
from aftersales.customers.models import Customer
from aftersales.tickets import presenters
from aftersales.tickets import selectors as tickets

LIST_LIMIT = 100
LOOKUP_LIMIT = 10
ASSET_LIMIT = 200
ASSET_LOOKUP_LIMIT = 50
RECENT_TICKETS = 20


def _get_customer(request: HttpRequest, customer_id: int) -> Customer:
    try:
        return selectors.customer_get(request.user, customer_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message_en) from None
        raise


@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    """Customers, searched by name, address or phone."""
    query = request.GET.get("q", "").strip()
    items = selectors.customer_search(request.user, query, limit=LIST_LIMIT)
    return render(
        request,
        "customers/customer_list.html",
        {
            "nav": "customers",
            "q": query,
            "customers": items,
            "limit": LIST_LIMIT,
        },
    )


@require_GET
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    """One customer: contact data, installed assets and recent requests."""
    customer = _get_customer(request, customer_id)
    page = tickets.ticket_list(request.user, tickets.QueueFilter(customer_id=customer.pk), limit=RECENT_TICKETS)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "nav": "customers",
            "customer": customer,
            "contacts": list(customer.contacts.order_by("-is_primary", "name")),
            "assets": assets.asset_search(request.user, customer_id=customer.pk, limit=ASSET_LIMIT),
            "rows": [presenters.ticket_data(t) for t in page.items],
        },
    )


@require_GET
def customer_lookup(request: HttpRequest) -> HttpResponse:
    """Matching customers as the agent types (htmx partial of the intake form)."""
    query = request.GET.get("q", "").strip()
    items = selectors.customer_search(request.user, query, limit=LOOKUP_LIMIT) if query else []
    return render(request, "customers/partials/customer_results.html", {"q": query, "customers": items})


@require_GET
def customer_search_box(request: HttpRequest) -> HttpResponse:
    """The empty customer search (htmx partial: "change customer")."""
    return render(request, "customers/partials/customer_search.html")


@require_GET
def customer_pick(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The chosen customer with its assets to choose from (htmx partial of the intake form)."""
    customer = _get_customer(request, customer_id)
    return render(
        request,
        "customers/partials/customer_picked.html",
        {
            "customer": customer,
            "assets": assets.asset_search(request.user, customer_id=customer.pk, limit=ASSET_LOOKUP_LIMIT),
            "asset_id": None,
        },
    )


@require_GET
def asset_lookup(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The customer's assets matching serial, model or category (htmx partial of the intake form)."""
    customer = _get_customer(request, customer_id)
    items = assets.asset_search(
        request.user, customer_id=customer.pk, text=request.GET.get("asset_q", ""), limit=ASSET_LOOKUP_LIMIT
    )
    return render(request, "customers/partials/asset_options.html", {"assets": items, "asset_id": None})
