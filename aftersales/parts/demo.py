"""Demo data of the parts store: two warehouses and an engineer's van, a few real spare parts, loaners.

`parts_demo_load(actor=...)` goes through the services like a store keeper would (the actor needs the
warehouse, supervisor or admin role). Idempotent: rows are matched by their natural keys, and stock is
received only when the central warehouse is created, so a second load changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from aftersales.accounts.models import User
from aftersales.assets import services as assets
from aftersales.customers.models import Region
from aftersales.parts import services
from aftersales.parts.models import Loaner, Location, Part

CENTRAL = "合肥中心库"


@dataclass(frozen=True)
class DemoPart:
    number: str
    name: str
    vendor: str
    models: tuple[str, ...]
    cost: str
    # per location: (received, reorder point, reorder quantity)
    stock: dict[str, tuple[int, int | None, int]]


PARTS = (
    DemoPart(
        "02312ABC",
        "华为 S5720 电源模块 PAC150S12-R",
        "华为",
        ("S5720-28P-SI", "S5720-52X-SI"),
        "680.00",
        {CENTRAL: (6, 2, 6), "阜阳备件库": (2, 1, 2)},
    ),
    DemoPart(
        "02350DMD",
        "华为 S5735 风扇模块 FAN-023A-B",
        "华为",
        ("S5735-L48T4X-A1", "S5735-L48T4X"),
        "320.00",
        {CENTRAL: (4, 2, 4)},
    ),
    DemoPart(
        "0R95FV",
        "戴尔 1.2TB 10K SAS 硬盘",
        "戴尔",
        ("PowerEdge R740", "PowerEdge R750"),
        "1450.00",
        {CENTRAL: (8, 3, 6), "李强随车库": (2, None, 0)},
    ),
    DemoPart(
        "0FJ54",
        "戴尔 750W 热插拔电源",
        "戴尔",
        ("PowerEdge R640", "PowerEdge R740", "PowerEdge R750"),
        "980.00",
        {CENTRAL: (2, 2, 4)},
    ),
    DemoPart(
        "SFP-GE-SX-MM850",
        "H3C 千兆多模光模块",
        "H3C",
        ("S5130-28S-EI", "S5130S-52S-EI", "S5560X-30C-EI"),
        "160.00",
        {CENTRAL: (20, 5, 20), "阜阳备件库": (6, 2, 6)},
    ),
    DemoPart(
        "CF259A",
        "惠普 59A 原装硒鼓",
        "惠普",
        ("LaserJet Pro M404dn", "LaserJet Pro M428fdw", "LaserJet Pro MFP M428fdw"),
        "690.00",
        {CENTRAL: (3, 4, 10)},
    ),
    DemoPart(
        "NF5280-MEM32",
        "浪潮 32GB DDR4 RDIMM 内存",
        "浪潮",
        ("NF5280M5", "NF5280M6", "NF5270M6"),
        "890.00",
        {CENTRAL: (6, 2, 4)},
    ),
)
# serial, model, vendor, category, grade
LOANERS = (
    ("LN-R740-01", "PowerEdge R740", "戴尔", "服务器", 3),
    ("LN-NF5280-01", "NF5280M5", "浪潮", "服务器", 3),
    ("LN-OS5300-01", "OceanStor 5300 V5", "华为", "存储", 4),
    ("LN-S5720-01", "S5720-28P-SI", "华为", "交换机", 2),
    ("LN-M404-01", "LaserJet Pro M404dn", "惠普", "打印机", 1),
)


def _location(actor: User, name: str, kind: str, region: str, keeper: User | None = None) -> tuple[Location, bool]:
    existing = Location.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    region_id = Region.objects.filter(name=region).values_list("id", flat=True).first()
    return services.location_create(
        actor=actor, name=name, kind=kind, region_id=region_id, keeper_id=keeper.pk if keeper else None
    ), True


@transaction.atomic
def parts_demo_load(*, actor: User, van_keeper: User | None = None) -> dict[str, int]:
    """Load (or find) the demo store; returns how many parts, locations and loaners exist afterwards."""
    central, is_new = _location(actor, CENTRAL, "warehouse", "合肥市")
    locations = {
        CENTRAL: central,
        "阜阳备件库": _location(actor, "阜阳备件库", "warehouse", "阜阳市")[0],
        "李强随车库": _location(actor, "李强随车库", "van", "合肥市", van_keeper)[0],
    }
    for item in PARTS:
        part = Part.objects.filter(part_number=item.number).first()
        if part is None:
            vendor = assets.vendor_get_or_create(name=item.vendor)
            part = services.part_create(
                actor=actor,
                part_number=item.number,
                name=item.name,
                vendor_id=vendor.pk,
                compatible_models=item.models,
                unit_cost_amount=item.cost,
                grade="原厂",
            )
        if not is_new:
            continue
        for name, (received, point, quantity) in item.stock.items():
            services.part_receive(
                actor=actor, part_id=part.pk, location_id=locations[name].pk, quantity=received, note="期初库存"
            )
            services.stock_set_reorder(
                actor=actor,
                part_id=part.pk,
                location_id=locations[name].pk,
                reorder_point=point,
                reorder_quantity=quantity,
            )
    for serial, model, vendor, category, grade in LOANERS:
        if not Loaner.objects.filter(serial=serial).exists():
            services.loaner_create(
                actor=actor,
                serial=serial,
                model=model,
                category=category,
                grade=grade,
                vendor_id=assets.vendor_get_or_create(name=vendor).pk,
                location_id=central.pk,
            )
    return {"parts": Part.objects.count(), "locations": Location.objects.count(), "loaners": Loaner.objects.count()}
