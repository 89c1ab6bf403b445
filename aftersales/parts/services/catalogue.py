"""Catalogue writes: parts, locations and the reorder rule of a part at a location (SPEC §3; 篇1 2.7)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from aftersales.accounts.models import User
from aftersales.assets.models import Vendor
from aftersales.core.errors import conflict, invalid, unknown_reference
from aftersales.customers.models import Region
from aftersales.network.models import Partner
from aftersales.parts.choices import LocationKind
from aftersales.parts.models import Location, Part, Stock
from aftersales.parts.services._common import _locked_stock, ensure_can_keep_store


def _clean_models(models: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for name in models:
        name = str(name).strip()
        if name and name not in seen:
            seen.append(name[:64])
    return seen


def _clean_cost(unit_cost_amount: Decimal | str | int) -> Decimal:
    try:
        cost = Decimal(str(unit_cost_amount)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise invalid("parts_cost_invalid", "单价无效", "The unit cost is not a number") from exc
    if cost < 0 or cost >= Decimal("1e10"):
        raise invalid(
            "parts_cost_invalid",
            "单价必须在 0 到 9999999999.99 元之间",
            "The unit cost must be between 0 and 9999999999.99 yuan",
        )
    return cost


@transaction.atomic
def part_create(
    *,
    actor: User,
    part_number: str,
    name: str,
    vendor_id: int | None = None,
    compatible_models: Iterable[str] = (),
    unit: str = "个",
    unit_cost_amount: Decimal | str | int = 0,
    grade: str = "",
    notes: str = "",
) -> Part:
    """Add a spare part to the catalogue (备件目录); the part number must be new."""
    ensure_can_keep_store(actor)
    part_number, name = part_number.strip(), name.strip()
    if not part_number:
        raise invalid("parts_part_number_required", "备件编号不能为空", "The part number is required")
    if not name:
        raise invalid("parts_name_required", "备件名称不能为空", "The part name is required")
    if vendor_id is not None and not Vendor.objects.filter(pk=vendor_id).exists():
        raise unknown_reference("厂商", "Vendor")
    if Part.objects.filter(part_number=part_number).exists():
        raise conflict(
            "parts_part_number_taken",
            "备件编号 {number} 已存在",
            "Part number {number} already exists",
            number=part_number,
        )
    try:
        with transaction.atomic():
            return Part.objects.create(
                part_number=part_number,
                name=name,
                vendor_id=vendor_id,
                compatible_models=_clean_models(compatible_models),
                unit=(unit.strip() or "个")[:8],
                unit_cost_amount=_clean_cost(unit_cost_amount),
                grade=grade.strip()[:32],
                notes=notes,
            )
    except IntegrityError as exc:
        raise conflict(
            "parts_part_number_taken",
            "备件编号 {number} 已存在",
            "Part number {number} already exists",
            number=part_number,
        ) from exc


@transaction.atomic
def location_create(
    *,
    actor: User,
    name: str,
    kind: str = LocationKind.WAREHOUSE,
    region_id: int | None = None,
    partner_id: int | None = None,
    keeper_id: int | None = None,
) -> Location:
    """Add a place where parts are kept: a warehouse, an engineer's van or a partner's store."""
    ensure_can_keep_store(actor)
    name = name.strip()
    if not name:
        raise invalid("parts_location_name_required", "库位名称不能为空", "The location name is required")
    if kind not in LocationKind.values:
        raise invalid("parts_location_kind_invalid", "未知库位类型：{kind}", "Unknown location kind: {kind}", kind=kind)
    if region_id is not None and not Region.objects.filter(pk=region_id).exists():
        raise unknown_reference("地区", "Region")
    if partner_id is not None and not Partner.objects.filter(pk=partner_id).exists():
        raise unknown_reference("合作伙伴", "Partner")
    if keeper_id is not None and not User.objects.filter(pk=keeper_id).exists():
        raise unknown_reference("保管人", "Keeper")
    if Location.objects.filter(name=name).exists():
        raise conflict("parts_location_name_taken", "库位「{name}」已存在", "Location {name} already exists", name=name)
    return Location.objects.create(
        name=name, kind=kind, region_id=region_id, partner_id=partner_id, keeper_id=keeper_id
    )


@transaction.atomic
def stock_set_reorder(
    *, actor: User, part_id: int, location_id: int, reorder_point: int | None, reorder_quantity: int = 0
) -> Stock:
    """Set when a part at a location is due for reordering and how many to order (None: never suggested)."""
    ensure_can_keep_store(actor)
    if (reorder_point is not None and reorder_point < 0) or reorder_quantity < 0:
        raise invalid(
            "parts_reorder_negative", "补货点和补货批量不能为负数", "The reorder point and quantity cannot be negative"
        )
    stock = _locked_stock(part_id, [location_id])[location_id]
    stock.reorder_point = reorder_point
    stock.reorder_quantity = reorder_quantity
    stock.save(update_fields=["reorder_point", "reorder_quantity", "updated_at"])
    return stock
