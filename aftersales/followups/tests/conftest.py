"""Fixtures of the callback and survey tests: people per role, requests resolved at a pinned time, customers
with contacts and assets for survey targeting."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import clock

# Thursday 2026-11-26 10:00 in China: a working day.
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


def china(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=clock.SHANGHAI)


@pytest.fixture(autouse=True)
def _forget_calendar_cache():
    from django.conf import settings

    if settings.configured:
        from aftersales.followups import selectors

        selectors.clear_cache()


@pytest.fixture
def now(frozen_now):
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def specialist(make_user):
    return make_user("huifang", "callback", first_name="敏", last_name="孙")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", "supervisor", first_name="静", last_name="赵")


@pytest.fixture
def engineer(make_user):
    return make_user("li.qiang", "engineer", first_name="强", last_name="李")


@pytest.fixture
def customer_user(make_user, customer):
    return make_user("yiyuan", "customer", customer=customer)


@pytest.fixture
def resolve(agent, frozen_now):
    """resolve(customer, at, **fields) → a request taken at `at` and resolved at the same moment."""
    from aftersales.tickets import services

    def make(customer, at: dt.datetime, **fields):
        values = {
            "channel": "phone",
            "severity": 3,
            "title": "打印服务器无法连接",
            "contact_name": "王主任",
            "contact_phone": "13905510001",
        } | fields
        with frozen_now(at):
            ticket = services.ticket_create(actor=agent, customer_id=customer.pk, **values).ticket
            return services.ticket_apply_action(ticket_id=ticket.pk, action="resolve", actor=agent)

    return make


@pytest.fixture
def pending_callback(resolve, customer, now):
    """The callback of a request resolved on Wednesday 2026-11-25 (due Thursday 2026-11-26, today)."""
    from aftersales.followups.models import Callback

    ticket = resolve(customer, china(2026, 11, 25, 15))
    return Callback.objects.get(ticket=ticket)


@pytest.fixture
def world(db, agent, now):
    """Four customers for survey targeting (names → Customer):

    - 安徽省立医院 (合肥, key account): a Dell 服务器; a request on 2026-03-10; contacts 王主任 (e-mail), 李工 (phone)
    - 阜阳市国土资源局 (阜阳): a 华为 交换机; no request; contact 张科长 (e-mail)
    - 蜀山区政务中心 (合肥): a Dell 存储; a request on 2026-08-20; no contacts, the customer's phone only
    - 合肥工业大学网络中心 (合肥, key account): no assets, no requests; contact 赵老师 (e-mail)
    """
    from aftersales.assets import services as assets
    from aftersales.customers import services as customers
    from aftersales.tickets import services as tickets

    def customer(name, address, *, key=False, phone="0551-62283000"):
        return customers.customer_create(actor=agent, name=name, address=address, is_key_account=key, phone=phone)

    hospital = customer("安徽省立医院", "合肥市庐阳区庐江路17号", key=True)
    land = customer("阜阳市国土资源局", "阜阳市颍州区清河路100号", phone="0558-2211000")
    centre = customer("蜀山区政务中心", "合肥市蜀山区长江西路200号", phone="0551-65550000")
    university = customer("合肥工业大学网络中心", "合肥市包河区屯溪路193号", key=True)
    customers.contact_create(
        actor=agent,
        customer_id=hospital.pk,
        name="王主任",
        email="wang@slyy.example.cn",
        phone="13905510001",
        is_primary=True,
    )
    customers.contact_create(actor=agent, customer_id=hospital.pk, name="李工", phone="13905510002")
    customers.contact_create(actor=agent, customer_id=land.pk, name="张科长", email="zhang@fygt.example.cn")
    customers.contact_create(
        actor=agent, customer_id=university.pk, name="赵老师", email="zhao@hfut.example.cn", phone="13905510003"
    )
    server = assets.asset_create(
        actor=agent,
        customer_id=hospital.pk,
        vendor="戴尔",
        model="PowerEdge R750",
        serial="SLYY-01",
        purchased_on=dt.date(2025, 1, 5),
        category="服务器",
    )
    assets.asset_create(
        actor=agent,
        customer_id=land.pk,
        vendor="华为",
        model="S5735",
        serial="FYGT-01",
        purchased_on=dt.date(2025, 2, 1),
        category="交换机",
    )
    storage = assets.asset_create(
        actor=agent,
        customer_id=centre.pk,
        vendor="戴尔",
        model="PowerVault ME5",
        serial="SSZW-01",
        purchased_on=dt.date(2025, 3, 1),
        category="存储",
    )
    tickets.ticket_create(
        actor=agent,
        customer_id=hospital.pk,
        asset_id=server.pk,
        channel="phone",
        severity=3,
        title="服务器风扇告警",
        reported_at=china(2026, 3, 10, 9),
    )
    tickets.ticket_create(
        actor=agent,
        customer_id=centre.pk,
        asset_id=storage.pk,
        channel="phone",
        severity=3,
        title="存储控制器告警",
        reported_at=china(2026, 8, 20, 9),
    )
    return {c.name: c for c in (hospital, land, centre, university)}


QUESTIONS = [
    {"kind": "rating", "text": "您对我们售后服务的总体满意度"},
    {"kind": "yes_no", "text": "上半年设备运行是否正常"},
    {"kind": "choice", "text": "您最希望我们改进哪一方面", "options": ["响应速度", "技术水平", "备件供应"]},
    {"kind": "text", "text": "其他意见和建议", "is_required": False},
]


@pytest.fixture
def make_survey(supervisor):
    """make_survey(**target) → a draft survey of July–August 2026 with the four QUESTIONS."""
    from aftersales.followups import selectors, services

    def make(name: str = "2026年度客户满意度调查", **target):
        return services.survey_create(
            actor=supervisor,
            name=name,
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 12, 31),
            questions=QUESTIONS,
            target=selectors.Target(**target),
        )

    return make


def token_of(invitation) -> str:
    from aftersales.followups import links

    return links.survey_token(invitation.pk, invitation.nonce)
