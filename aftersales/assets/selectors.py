"""Reads of the equipment archive, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from aftersales.assets.models import Asset, Vendor
from aftersales.assets.policy.vendors import vendor_key
from aftersales.core.errors import not_found


def asset_visible(user) -> QuerySet[Asset]:
    qs = Asset.objects.select_related("vendor", "customer")
    if getattr(user, "is_customer_user", False):
        return qs.filter(customer_id=user.customer_id)
    if getattr(user, "is_staff_member", False) or getattr(user, "is_superuser", False):
        return qs
    return qs.none()


def asset_get(user, asset_id: int) -> Asset:
    asset = asset_visible(user).filter(pk=asset_id).first()
    if asset is None:
        raise not_found("设备", "Asset")
    return asset


def asset_search(user, *, customer_id: int | None, text: str = "", limit: int = 20) -> list[Asset]:
    """A customer's assets matching serial, model or category (lookup as you type)."""
    qs = asset_visible(user)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    text = text.strip()
    if text:
        qs = qs.filter(Q(serial__icontains=text) | Q(model__icontains=text) | Q(category__icontains=text))
    return list(qs.order_by("-id")[:limit])


def vendor_resolve(name: str) -> Vendor | None:
    """The registry entry `name` denotes, by its own name or an alias, in any case or width; None if unknown."""
    key = vendor_key(name)
    if not key:
        return None
    vendor = Vendor.objects.filter(key=key).first()
    if vendor is None:
        vendor = Vendor.objects.filter(aliases__key=key).first()
    return vendor
