"""Writes to the equipment archive: assets with unique serials per vendor and checked dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from aftersales.assets.models import Asset, Vendor
from aftersales.assets.selectors import vendor_resolve
from aftersales.core import clock
from aftersales.core.errors import invalid, stale_version, unknown_reference
from aftersales.customers.models import Customer


def vendor_get_or_create(*, name: str) -> Vendor:
    """The vendor `name` denotes (SPEC §1: "Dell", "DELL" and "戴尔" are one vendor); an unknown name becomes a
    new entry with the 三包 year as its default terms, to be completed by an admin."""
    name = " ".join(name.split())
    if not name:
        raise invalid("vendor_required", "厂商不能为空", "Vendor is required")
    vendor = vendor_resolve(name)
    if vendor is not None:
        return vendor
    try:
        with transaction.atomic():
            return Vendor.objects.create(name=name[:64])
    except IntegrityError:  # created by a concurrent write a moment ago
        vendor = vendor_resolve(name)
        if vendor is None:
            raise
        return vendor


def _check(*, model: str, serial: str, purchased_on: dt.date, accepted_on: dt.date | None) -> None:
    if not model.strip():
        raise invalid("model_required", "型号不能为空", "Model is required")
    if not serial.strip():
        raise invalid("serial_required", "序列号不能为空", "Serial number is required")
    if purchased_on > clock.today():
        raise invalid("purchase_in_future", "购买日期不能晚于今天", "The purchase date cannot be in the future")
    if accepted_on is not None and accepted_on < purchased_on:
        raise invalid(
            "accepted_before_purchase",
            "验收日期不能早于购买日期",
            "The acceptance date cannot be before the purchase date",
        )


@transaction.atomic
def asset_create(
    *,
    actor: Any,
    customer_id: int,
    vendor: str,
    model: str,
    serial: str,
    purchased_on: dt.date,
    accepted_on: dt.date | None = None,
    category: str = "",
    site: str = "",
    quantity: int = 1,
    warranty_months: int | None = None,
    project_warranty_months: int | None = None,
    contract_id: int | None = None,
    sla_policy_id: int | None = None,
) -> Asset:
    """Register an installed device at a customer; the serial must be new for its vendor."""
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise unknown_reference("客户", "Customer")
    _check(model=model, serial=serial, purchased_on=purchased_on, accepted_on=accepted_on)
    vendor_row = vendor_get_or_create(name=vendor)
    if Asset.objects.filter(vendor=vendor_row, serial=serial.strip()).exists():
        raise invalid(
            "duplicate_serial",
            "{vendor} 序列号 {serial} 已登记",
            "{vendor} serial {serial} is already registered",
            vendor=vendor_row.name,
            serial=serial,
        )
    if quantity < 1:
        raise invalid("invalid_quantity", "数量必须大于0", "Quantity must be at least 1")
    return Asset.objects.create(
        customer=customer,
        vendor=vendor_row,
        model=model.strip(),
        serial=serial.strip(),
        category=category.strip(),
        site=site,
        quantity=quantity,
        purchased_on=purchased_on,
        accepted_on=accepted_on,
        warranty_months=warranty_months,
        project_warranty_months=project_warranty_months,
        contract_id=contract_id,
        sla_policy_id=sla_policy_id,
    )


@transaction.atomic
def asset_update(*, actor: Any, asset_id: int, expected_version: int, **fields: Any) -> Asset:
    """Change an asset, refusing an update based on a stale version."""
    asset = Asset.objects.select_for_update(of=("self",)).select_related("vendor").get(pk=asset_id)
    if asset.version != expected_version:
        raise stale_version(expected_version, asset.version)
    if "vendor" in fields:
        asset.vendor = vendor_get_or_create(name=fields.pop("vendor"))
    for key, value in fields.items():
        setattr(asset, key, value)
    _check(model=asset.model, serial=asset.serial, purchased_on=asset.purchased_on, accepted_on=asset.accepted_on)
    if Asset.objects.filter(vendor=asset.vendor, serial=asset.serial).exclude(pk=asset.pk).exists():
        raise invalid(
            "duplicate_serial",
            "{vendor} 序列号 {serial} 已登记",
            "{vendor} serial {serial} is already registered",
            vendor=asset.vendor.name,
            serial=asset.serial,
        )
    asset.version += 1
    asset.save()
    return asset
