"""Fixtures of the field-service tests: a pinned clock, regions, engineers on duty, partners and their users,
requests in 合肥 and 阜阳, and a valid signature PNG."""

from __future__ import annotations

import base64
import datetime as dt
import struct
import zlib

import pytest

from aftersales.core import clock

# Thursday 2026-11-26 10:00 in China: a working day, well inside the day shift.
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def now(frozen_now):
    """The clock pinned at NOW for the whole test."""
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def regions(db):
    from aftersales.customers.models import Region

    return {r.name: r for r in Region.objects.all()}


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", "supervisor", first_name="静", last_name="赵")


@pytest.fixture
def dell(db):
    from aftersales.assets.models import Vendor

    return Vendor.objects.get_or_create(name="戴尔")[0]


@pytest.fixture
def huawei(db):
    from aftersales.assets.models import Vendor

    return Vendor.objects.get_or_create(name="华为")[0]


@pytest.fixture
def make_partner(regions):
    from aftersales.network.models import Partner

    def make(name: str, city: str, kind: str = "alliance", **extra):
        phone = extra.pop("phone", "0558-1234567")
        return Partner.objects.create(kind=kind, name=name, region=regions[city], phone=phone, **extra)

    return make


@pytest.fixture
def fuyang_partner(make_partner):
    return make_partner("阜阳云智电脑公司", "阜阳市")


@pytest.fixture
def partner_user(make_user, fuyang_partner):
    return make_user("yunzhi", "partner", partner=fuyang_partner, first_name="伟", last_name="周")


@pytest.fixture
def make_engineer(make_user, regions, supervisor, dell):
    """make_engineer(username, city, vendors=[dell], categories=["服务器"], on_duty=True) → an Engineer."""
    from aftersales.dispatch import services
    from aftersales.dispatch.models import DutyShift

    def make(
        username: str,
        city: str = "合肥市",
        *,
        vendors=None,
        categories=("服务器",),
        on_duty: bool = True,
        role: str = "engineer",
        partner=None,
        name: str = "",
    ):
        user = make_user(username, role, partner=partner, first_name=name or username)
        engineer = services.engineer_create(
            actor=supervisor,
            user_id=user.pk,
            home_region_id=regions[city].pk,
            vendor_ids=[v.pk for v in (vendors if vendors is not None else [dell])],
            categories=list(categories),
            partner_id=partner.pk if partner else None,
        )
        at = clock.now()
        if on_duty:
            DutyShift.objects.create(
                engineer=engineer, starts_at=at - dt.timedelta(hours=2), ends_at=at + dt.timedelta(hours=10)
            )
        else:
            DutyShift.objects.create(
                engineer=engineer, starts_at=at + dt.timedelta(hours=10), ends_at=at + dt.timedelta(hours=22)
            )
        return engineer

    return make


@pytest.fixture
def make_ticket(agent):
    """make_ticket(customer, **fields) → a request taken by the agent through the service."""
    from aftersales.tickets import services

    def make(customer, **fields):
        values = {"channel": "phone", "severity": 2, "title": "服务器主板故障，系统无法启动"} | fields
        return services.ticket_create(actor=agent, customer_id=customer.pk, **values).ticket

    return make


@pytest.fixture
def fuyang_asset(province_customer, agent, dell):
    from aftersales.assets import services

    return services.asset_create(
        actor=agent,
        customer_id=province_customer.pk,
        vendor="戴尔",
        model="PowerEdge R740",
        serial="FY-R740-01",
        purchased_on=dt.date(2025, 6, 1),
        category="服务器",
    )


def png_bytes(width: int = 4, height: int = 2) -> bytes:
    """A tiny valid PNG (white), built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def signature_url() -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
