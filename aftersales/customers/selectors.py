"""Reads of the customer archive, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from aftersales.core.errors import not_found
from aftersales.customers.models import Customer


def customer_visible(user) -> QuerySet[Customer]:
    """Staff see every customer; a customer user only its own."""
    qs = Customer.objects.select_related("region")
    if getattr(user, "is_customer_user", False):
        return qs.filter(pk=user.customer_id)
    if getattr(user, "is_staff_member", False) or getattr(user, "is_superuser", False):
        return qs
    return qs.none()


def customer_get(user, customer_id: int) -> Customer:
    customer = customer_visible(user).filter(pk=customer_id).first()
    if customer is None:
        raise not_found("客户", "Customer")
    return customer


def customer_search(user, text: str, *, limit: int = 20) -> list[Customer]:
    """Customers whose name, address or phone contains `text` (lookup as you type)."""
    text = text.strip()
    qs = customer_visible(user)
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(address__icontains=text) | Q(phone__contains=text))
    return list(qs.order_by("name")[:limit])
