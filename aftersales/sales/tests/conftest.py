"""Fixtures of the sale-to-service tests: a salesperson, a manager, an engineer, a hospital with contacts, an
opportunity walked through its stages by the services, and an installation ready for acceptance."""

from __future__ import annotations

import base64
import datetime as dt
import struct
import zlib

import pytest

# Thursday 2026-11-26 10:00 in China.
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 26)


def png_data_url() -> str:
    """A valid 1×1 PNG as a data URL (what the signature pad posts)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.fixture
def now(frozen_now):
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def seller(make_user):
    return make_user("seller", "salesperson", first_name="伟", last_name="周")


@pytest.fixture
def other_seller(make_user):
    return make_user("seller2", "salesperson", first_name="娜", last_name="吴")


@pytest.fixture
def manager(make_user):
    return make_user("manager", "sales_manager", first_name="洋", last_name="郑")


@pytest.fixture
def engineer(make_user):
    return make_user("eng1", "engineer", first_name="强", last_name="李")


@pytest.fixture
def hospital(customer, agent):
    from aftersales.customers import services

    services.contact_create(
        actor=agent,
        customer_id=customer.pk,
        name="王主任",
        phone="13905510001",
        email="wang@hospital.example",
        title="信息科主任",
        is_primary=True,
    )
    services.contact_create(actor=agent, customer_id=customer.pk, name="陈工", phone="13905510002", title="工程师")
    return customer


@pytest.fixture
def make_opportunity(hospital, seller):
    from aftersales.sales import services

    def make(actor=None, **fields):
        data = {"customer_id": hospital.pk, "name": "全院监测系统", "amount": "580000.00"} | fields
        return services.opportunity_create(actor=actor or seller, **data)

    return make


@pytest.fixture
def negotiating(make_opportunity, seller, hospital):
    """An opportunity at 商务洽谈 with price and terms agreed (every gate met by the services)."""
    from aftersales.sales import services

    o = make_opportunity(need="井下监测点不足，事故预警滞后")
    services.opportunity_advance(actor=seller, opportunity_id=o.pk, to="lead")
    boss = hospital.contacts.get(name="王主任")
    services.buying_member_add(actor=seller, opportunity_id=o.pk, role="decision_maker", contact_id=boss.pk)
    services.opportunity_advance(actor=seller, opportunity_id=o.pk, to="validate")
    services.opportunity_update(
        actor=seller, opportunity_id=o.pk, benefit_analysis="减少停机", difference_assessment="本地服务更快"
    )
    proposal = services.proposal_create(actor=seller, opportunity_id=o.pk, title="实施方案", body="方案与实施进度表")
    services.proposal_send(actor=seller, proposal_id=proposal.pk)
    services.proposal_review(actor=seller, proposal_id=proposal.pk, approved=True, reviewed_by="王主任")
    services.opportunity_advance(actor=seller, opportunity_id=o.pk, to="negotiate")
    services.opportunity_update(actor=seller, opportunity_id=o.pk, agreed_amount="560000.00", terms="预付30%")
    return o


@pytest.fixture
def won(negotiating, seller):
    from aftersales.sales import services

    return services.opportunity_advance(
        actor=seller,
        opportunity_id=negotiating.pk,
        to="close",
        contract_number="HT-2026-088",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2029, 9, 30),
        reason="本地服务及响应快",
    )


@pytest.fixture
def ready_installation(won, manager, engineer):
    """The won contract's installation with one device and the manuals counted in full and the device tested."""
    from aftersales.sales import services

    installation = services.installation_create(actor=manager, contract_id=won.contract_id, engineer_id=engineer.pk)
    device = services.delivery_line_add(
        actor=manager,
        installation_id=installation.pk,
        description="瓦斯监测主机",
        vendor="华为",
        model="KJ90X",
        serial="SN-ACC-0001",
        category="监测主机",
    )
    docs = services.delivery_line_add(
        actor=manager, installation_id=installation.pk, kind="document", description="说明书、维修保养手册及图纸"
    )
    for line in (device, docs):
        services.delivery_line_count(
            actor=engineer, installation_id=installation.pk, line_id=line.pk, counted=1, counted_with="陈工"
        )
    services.device_test_record(
        actor=engineer, installation_id=installation.pk, line_id=device.pk, item="硬件自检", result="passed"
    )
    return installation
