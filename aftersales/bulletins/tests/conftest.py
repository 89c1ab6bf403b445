"""Fixtures of the bulletin and knowledge-base tests: a pinned clock, an installed base at four customers,
their users and contacts, and the staff who publish and call."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import clock

# Thursday 2026-11-26 10:00 in China.
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def now(frozen_now):
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", "supervisor", first_name="静", last_name="赵")


@pytest.fixture
def callback_user(make_user):
    return make_user("caller", "callback", first_name="芳", last_name="李")


def add_asset(agent, customer, vendor: str, model: str, serial: str, category: str = "服务器"):
    from aftersales.assets import services

    return services.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor=vendor,
        model=model,
        serial=serial,
        purchased_on=dt.date(2025, 3, 1),
        category=category,
    )


@pytest.fixture
def installed_base(db, agent, make_user):
    """Four customers:
    hospital — Dell PowerEdge R750 ×2, Huawei S5735-L24T4S;   bureau — Dell PowerEdge R740, HP LaserJet M403d;
    school — Huawei S5735-L48T4S, Huawei S12700E;              clinic — Lenovo ThinkSystem SR650.
    """
    from aftersales.customers import services

    hospital = services.customer_create(
        actor=agent,
        name="合肥市第一人民医院",
        address="合肥市庐阳区淮河路390号",
        phone="0551-62799596",
        email="info@hospital.example.cn",
    )
    bureau = services.customer_create(actor=agent, name="阜阳市国土资源局", address="阜阳市清河路博物馆东")
    school = services.customer_create(actor=agent, name="芜湖市第一中学", address="芜湖市镜湖区九华中路", email="")
    clinic = services.customer_create(actor=agent, name="六安市人民医院", address="六安市皋城路21号")
    add_asset(agent, hospital, "戴尔", "PowerEdge R750", "D750-1")
    add_asset(agent, hospital, "戴尔", "PowerEdge R750", "D750-2")
    add_asset(agent, hospital, "华为", "S5735-L24T4S", "HW-1", "交换机")
    add_asset(agent, bureau, "戴尔", "PowerEdge R740", "D740-1")
    add_asset(agent, bureau, "惠普", "LaserJet M403d", "HP-1", "打印机")
    add_asset(agent, school, "华为", "S5735-L48T4S", "HW-2", "交换机")
    add_asset(agent, school, "华为", "S12700E", "HW-3", "交换机")
    add_asset(agent, clinic, "联想", "ThinkSystem SR650", "LN-1")
    services.contact_create(
        actor=agent,
        customer_id=hospital.pk,
        name="王工",
        phone="13905510001",
        email="wang@hospital.example.cn",
        is_primary=True,
    )
    services.contact_create(
        actor=agent, customer_id=hospital.pk, name="陈主任", phone="0551-62799597", email="chen@hospital.example.cn"
    )
    services.contact_create(actor=agent, customer_id=bureau.pk, name="刘科长", phone="13805580002")
    hospital_user = make_user("hospital", "customer", customer=hospital, email="it@hospital.example.cn")
    school_user = make_user("school", "customer", customer=school, email="")
    return {
        "hospital": hospital,
        "bureau": bureau,
        "school": school,
        "clinic": clinic,
        "hospital_user": hospital_user,
        "school_user": school_user,
    }


@pytest.fixture
def vendors(installed_base):
    from aftersales.assets.models import Vendor

    return {v.name: v for v in Vendor.objects.all()}


@pytest.fixture
def make_bulletin(supervisor, vendors):
    from aftersales.bulletins import services

    def make(vendor_names=(), patterns="", kind="defect", title="PowerEdge 电源固件缺陷", **extra):
        return services.bulletin_create(
            actor=supervisor,
            kind=kind,
            title=title,
            body="部分批次电源固件存在缺陷，可能导致意外重启，请尽快升级。",
            vendor_ids=[vendors[name].pk for name in vendor_names],
            model_patterns=patterns,
            **extra,
        )

    return make


def at(days: float = 0, hours: float = 0) -> dt.datetime:
    return NOW + dt.timedelta(days=days, hours=hours)


__all__ = ["NOW", "at", "clock"]
