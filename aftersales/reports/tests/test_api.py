"""The reports API beyond the attainment rules: who may call it, a customer user's isolation, 422 answers in
Chinese and English, the assessment and the top faults."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.reports.tests.conftest import china

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


@pytest.fixture
def two_customers(make_ticket, customer, other_customer):
    make_ticket(china(2026, 11, 2, 9), respond_by=china(2026, 11, 2, 9, 30), responded_at=china(2026, 11, 2, 9, 10))
    for _ in range(3):
        make_ticket(china(2026, 11, 3, 9), customer_obj=other_customer, respond_by=china(2026, 11, 3, 9, 30))
    return customer, other_customer


def test_a_customer_user_gets_its_own_customer_only(api_as, make_user, two_customers, now):
    mine, theirs = two_customers
    user = make_user("cust", "customer", customer=mine)
    api = api_as(user)
    for params in ({}, {"customer_id": theirs.pk}, {"group_by": "customer"}):
        body = api.get("/api/v1/reports/sla", {**PERIOD, **params}).json()
        assert body["total"]["requests"] == 1, params
        assert {r["key"] for r in body["rows"]} <= {mine.pk, 2}
    by_customer = api.get("/api/v1/reports/sla", {**PERIOD, "group_by": "customer"}).json()
    assert [r["key"] for r in by_customer["rows"]] == [mine.pk]
    faults = api.get("/api/v1/reports/faults", {**PERIOD, "customer_id": theirs.pk}).json()
    assert faults["rows"] == []  # no device on its request; none of the other customer's shows
    assert api.get("/api/v1/reports/assessment", PERIOD).status_code == 403


def test_supervisors_see_every_customer_and_may_filter(api_as, supervisor, two_customers, now):
    _, theirs = two_customers
    api = api_as(supervisor)
    assert api.get("/api/v1/reports/sla", PERIOD).json()["total"]["requests"] == 4
    body = api.get("/api/v1/reports/sla", {**PERIOD, "customer_id": theirs.pk}).json()
    assert body["total"]["requests"] == 3
    assert body["total"]["respond"] == {"due": 3, "met": 0, "rate": 0.0}


@pytest.mark.parametrize("role", ["agent", "engineer", "expert", "warehouse", "callback"])
def test_other_roles_are_refused(api_as, make_user, role, now):
    api = api_as(make_user(f"u-{role}", role))
    assert api.get("/api/v1/reports/sla", PERIOD).status_code == 403


@pytest.mark.parametrize(
    ("params", "code", "zh", "en"),
    [
        ({"from": "2026-02-30", "to": "2026-03-01"}, "invalid_input", "输入无效", "Invalid input"),
        ({"from": "2026-11-30", "to": "2026-11-01"}, "invalid_report_query", "开始日期晚于结束日期", "after 'to'"),
        ({**PERIOD, "group_by": "weekday"}, "invalid_report_query", "未知的分组方式", "unknown group_by"),
        ({"to": "2026-11-01"}, "invalid_input", "输入无效", "Invalid input"),
    ],
)
def test_bad_parameters_are_422_in_chinese_and_english(api_as, supervisor, params, code, zh, en, now):
    response = api_as(supervisor).get("/api/v1/reports/sla", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert zh in body["message_zh"]
    assert en in body["message_en"]


def test_several_bad_parameters_are_named_together(api_as, supervisor, now):
    body = api_as(supervisor).get("/api/v1/reports/sla", {"from": "2026-11-30", "to": "2026-11-01", "group_by": "x"})
    assert body.status_code == 422
    assert "未知的分组方式" in body.json()["message_zh"]
    assert "开始日期晚于结束日期" in body.json()["message_zh"]


def test_faults_are_ordered_by_requests(api_as, supervisor, make_ticket, asset, agent, customer, now):
    from aftersales.assets import services

    other = services.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor="华为",
        model="S5735",
        serial="HW1",
        purchased_on=dt.date(2026, 1, 1),
        category="交换机",
    )
    for _ in range(2):
        make_ticket(china(2026, 11, 4, 9), asset=other)
    make_ticket(china(2026, 11, 4, 9), asset=asset)
    api = api_as(supervisor)
    assert api.get("/api/v1/reports/faults", {**PERIOD, "by": "vendor"}).json()["rows"] == [
        {"key": "华为", "requests": 2},
        {"key": "戴尔", "requests": 1},
    ]
    assert [r["key"] for r in api.get("/api/v1/reports/faults", {**PERIOD, "by": "category"}).json()["rows"]] == [
        "交换机",
        "服务器",
    ]
    assert api.get("/api/v1/reports/faults", {**PERIOD, "by": "colour"}).status_code == 422


def test_assessment_per_engineer(api_as, supervisor, make_user, make_ticket, asset, customer, now):
    from aftersales.customers.models import Region
    from aftersales.dispatch.models import Dispatch, Engineer
    from aftersales.followups.models import Callback

    user = make_user("eng", "engineer", first_name="伟", last_name="王")
    engineer = Engineer.objects.create(user=user, home_region=Region.objects.get(name="合肥市"))
    first = make_ticket(
        china(2026, 11, 2, 9),
        asset=asset,
        arrive_by=china(2026, 11, 2, 13),
        arrived_at=china(2026, 11, 2, 12),
        restore_by=china(2026, 11, 2, 17),
        restored_at=china(2026, 11, 2, 18),
    )
    second = make_ticket(
        china(2026, 11, 20, 9), asset=asset, arrive_by=china(2026, 11, 20, 13), arrived_at=china(2026, 11, 20, 14)
    )
    for t in (first, second):
        Dispatch.objects.create(ticket=t, engineer=engineer, dispatched_by=supervisor, dispatched_at=t.reported_at)
    Callback.objects.create(
        ticket=first,
        customer=customer,
        resolved_at=china(2026, 11, 2, 18),
        due_on=dt.date(2026, 11, 3),
        satisfaction=4,
        status="done",
    )
    rows = api_as(supervisor).get("/api/v1/reports/assessment", {**PERIOD, "kind": "engineer"}).json()["rows"]
    assert rows == [
        {
            "id": engineer.pk,
            "name": rows[0]["name"],
            "requests": 2,
            "arrived_on_time": 1,
            "arrive_rate": 0.5,
            "restored_on_time": 0,
            "satisfaction_avg": 4.0,
            "complaints": 0,
            "repeat_faults": 1,  # the same device failed again within 30 days of the first
        }
    ]
