"""The in-process half of the memory part of `make bench`: run by bench/run_all.py with DATABASE_URL set to a
database that holds the demo data (`aftersales demo`).

`prepare`: makes the demo engineer a field engineer (through the dispatch services, as a supervisor would),
dispatches one open request with a device to him, records his arrival and a signed service report, and sets
his password to the bench password. Prints `RESULT {"visit_id": …, "username": …}`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")

import django  # noqa: E402

django.setup()

from run_all import PASSWORD  # noqa: E402  (bench/ is on sys.path as the script's folder)

from aftersales.accounts.models import User  # noqa: E402
from aftersales.assets.models import Vendor  # noqa: E402
from aftersales.core import clock  # noqa: E402
from aftersales.dispatch import services  # noqa: E402
from aftersales.dispatch.models import DutyShift, Engineer  # noqa: E402
from aftersales.tickets.choices import Status  # noqa: E402
from aftersales.tickets.models import Ticket  # noqa: E402

ENGINEER = "li.engineer"  # a demo user (aftersales.demo.loader.DEMO_USERS)


def signature_url(width: int = 120, height: int = 40) -> str:
    """A small valid PNG (white) as a data URL: the customer's signature."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()


def open_ticket() -> Ticket:
    """A request taken but not yet dispatched, with a device (the report names it)."""
    waiting = Ticket.objects.filter(status__in=[Status.RECEIVED, Status.RESPONDED], asset__isnull=False)
    return waiting.order_by("pk").first()


def prepare() -> dict:
    supervisor = User.objects.filter(role="supervisor", is_active=True).order_by("pk").first()
    user = User.objects.get(username=ENGINEER)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    engineer = Engineer.objects.filter(user=user).first()
    if engineer is None:
        ticket = open_ticket()
        engineer = services.engineer_create(
            actor=supervisor,
            user_id=user.pk,
            home_region_id=ticket.region_id,
            vendor_ids=list(Vendor.objects.values_list("pk", flat=True)),
            categories=["服务器", "存储", "网络设备", "PC"],
        )
        now = clock.now()
        DutyShift.objects.create(
            engineer=engineer, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=8)
        )
    visit = engineer.visits.order_by("pk").first()
    if visit is None:
        ticket = open_ticket()
        services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
        visit = services.visit_record_arrival(ticket_id=ticket.pk, actor=user)
        services.visit_update(
            visit_id=visit.pk,
            actor=user,
            work_done="更换主板后系统恢复正常，数据完整。已按规范做好防静电措施，并请客户现场验证业务系统。",
            fault_cause="主板供电电容老化鼓包",
            departed_at=clock.now(),
            signer_name="王主任",
            parts=[
                {"part_number": "0K9VC4", "description": "PowerEdge R740 主板", "quantity": 1},
                {"part_number": "M393A4K40", "description": "32GB DDR4 内存", "quantity": 2},
            ],
            loaner_issued="无",
            customer_remarks="响应及时，工程师专业。",
            satisfaction=5,
            signature=signature_url(),
        )
    return {"visit_id": visit.pk, "username": ENGINEER}


if __name__ == "__main__":
    if sys.argv[1:] != ["prepare"]:
        raise SystemExit("usage: _memory.py prepare")
    print("RESULT " + json.dumps(prepare(), ensure_ascii=False), flush=True)
