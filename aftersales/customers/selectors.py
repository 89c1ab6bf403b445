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


def customer_duplicates(
    user, *, name: str = "", phone: str = "", credit_code: str = "", exclude_id: int | None = None, limit: int = 5
) -> list[tuple[Customer, list[str]]]:
    """Customers that may be the same as the one being entered: the same name, a phone (the customer's or a
    contact's, compared by digits) or the same credit code; each with the reasons (name, phone, credit_code)."""
    from aftersales.customers.models import Contact

    digits = "".join(ch for ch in phone if ch.isdigit())
    condition = Q()
    if name.strip():
        condition |= Q(name=name.strip())
    if credit_code.strip():
        condition |= Q(credit_code=credit_code.strip().upper())
    if len(digits) >= 7:
        tail = digits[-8:]
        condition |= Q(phone__contains=tail) | Q(
            pk__in=Contact.objects.filter(phone__contains=tail).values("customer_id")
        )
    if not condition:
        return []
    qs = customer_visible(user).filter(condition)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    found = []
    for customer in qs.prefetch_related("contacts").order_by("name")[:limit]:
        reasons = []
        if name.strip() and customer.name == name.strip():
            reasons.append("name")
        phones = [customer.phone, *(c.phone for c in customer.contacts.all())]
        if len(digits) >= 7 and any(digits[-8:] in "".join(ch for ch in p if ch.isdigit()) for p in phones):
            reasons.append("phone")
        if credit_code.strip() and customer.credit_code == credit_code.strip().upper():
            reasons.append("credit_code")
        found.append((customer, reasons))
    return found
