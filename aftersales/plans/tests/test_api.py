"""The published API of work items and plans: shapes, status codes, who may do what, nothing stored on refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.plans import services
from aftersales.plans.models import ServicePlan, WorkItem
from aftersales.plans.tests.conftest import AT

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 20)


def item(key: str, due_on: dt.date, **fields):
    return services.work_item_create(
        source_key=key, kind=fields.pop("kind", "phone_call"), title=key, due_on=due_on, **fields
    )[0]


def test_my_day_flags_overdue_items(api_as, callback_user, customer):
    # given
    late = item("late", dt.date(2026, 9, 18), assignee_id=callback_user.pk, customer_id=customer.pk)
    item("today", TODAY, role="callback")
    item("soon", dt.date(2026, 9, 22), assignee_id=callback_user.pk, due_uncertain=True)
    # when
    response = api_as(callback_user).get("/api/v1/my-day", {"on": "2026-09-20"})
    # then
    body = response.json()
    assert response.status_code == 200
    assert (body["on"], body["overdue_count"]) == ("2026-09-20", 1)
    assert [(i["title"], i["is_overdue"]) for i in body["due"]] == [("late", True), ("today", False)]
    assert [(i["title"], i["due_uncertain"]) for i in body["upcoming"]] == [("soon", True)]
    assert body["due"][0] == {
        "id": late.pk,
        "kind": "phone_call",
        "kind_label": "电话回访",
        "title": "late",
        "due_on": "2026-09-18",
        "due_uncertain": False,
        "is_overdue": True,
        "assignee_id": callback_user.pk,
        "assignee": "王芳",
        "role": "",
        "customer_id": customer.pk,
        "customer_name": "合肥市第一人民医院信息科",
        "ticket_id": None,
        "link": "",
        "done_at": None,
        "done_by_id": None,
        "result": "",
    }
    assert body["done_today"] == []


def test_completing_an_item_with_a_note(api_as, callback_user, frozen_now):
    # given
    mine = item("mine", TODAY, assignee_id=callback_user.pk)
    client = api_as(callback_user)
    # when
    with frozen_now(AT):
        done = client.post(f"/api/v1/work-items/{mine.pk}/complete", {"result": "客户表示设备运行正常"})
        again = client.post(f"/api/v1/work-items/{mine.pk}/complete", {"result": "x"})
    # then
    assert done.status_code == 200
    assert (done.json()["done_at"], done.json()["result"], done.json()["done_by_id"]) == (
        "2026-09-20T10:00:00+08:00",
        "客户表示设备运行正常",
        callback_user.pk,
    )
    assert (again.status_code, again.json()["code"]) == (409, "work_item_done")
    assert WorkItem.objects.get().result == "客户表示设备运行正常"


def test_someone_elses_item_is_404_and_a_customer_has_no_day(api_as, callback_user, engineer, customer, make_user):
    theirs = item("theirs", TODAY, assignee_id=engineer.pk)
    customer_user = make_user("hospital", "customer", customer=customer)
    assert api_as(callback_user).post(f"/api/v1/work-items/{theirs.pk}/complete", {}).status_code == 404
    assert api_as(customer_user).get("/api/v1/my-day").status_code == 403
    assert WorkItem.objects.get().done_at is None


def test_unknown_fields_are_refused(api_as, callback_user):
    mine = item("mine", TODAY, assignee_id=callback_user.pk)
    response = api_as(callback_user).post(f"/api/v1/work-items/{mine.pk}/complete", {"result": "ok", "done": True})
    assert response.status_code == 422
    assert WorkItem.objects.get().done_at is None


def test_the_overdue_report_is_for_supervisors(api_as, supervisor, callback_user, frozen_now):
    item("late", dt.date(2026, 9, 1), assignee_id=callback_user.pk)
    item("pool", dt.date(2026, 9, 2), role="callback", kind="survey")
    with frozen_now(AT):
        response = api_as(supervisor).get("/api/v1/work-items/overdue")
        refused = api_as(callback_user).get("/api/v1/work-items/overdue")
    body = response.json()
    assert response.status_code == 200
    assert (body["on"], body["total"]) == ("2026-09-20", 2)
    assert body["by_person"] == [
        {
            "assignee_id": callback_user.pk,
            "assignee": "王芳",
            "role": "",
            "kind": "phone_call",
            "kind_label": "电话回访",
            "count": 1,
            "oldest_due_on": "2026-09-01",
        },
        {
            "assignee_id": None,
            "assignee": "",
            "role": "callback",
            "kind": "survey",
            "kind_label": "满意度调查",
            "count": 1,
            "oldest_due_on": "2026-09-02",
        },
    ]
    assert [i["title"] for i in body["items"]] == ["late", "pool"]
    assert refused.status_code == 403


def test_reassigning_an_absent_persons_work(api_as, supervisor, callback_user, make_user):
    stand_in = make_user("caller2", "callback")
    item("a", TODAY, assignee_id=callback_user.pk)
    item("b", TODAY, assignee_id=callback_user.pk, kind="survey")
    body = {"from_user_id": callback_user.pk, "to_user_id": stand_in.pk, "kinds": ["survey"]}
    # when
    refused = api_as(callback_user).post("/api/v1/work-items/reassign", body)
    moved = api_as(supervisor).post("/api/v1/work-items/reassign", body)
    # then
    assert refused.status_code == 403
    assert (moved.status_code, moved.json()) == (200, {"moved": 1})
    assert dict(WorkItem.objects.values_list("title", "assignee_id")) == {"a": callback_user.pk, "b": stand_in.pk}


def test_creating_a_service_plan(api_as, supervisor, agent, contract, engineer):
    body = {
        "name": "2026年运维服务计划",
        "contract_id": contract.pk,
        "rules": [
            {"kind": "monthly_call", "day_of_month": 5},
            {"kind": "quarterly_inspection", "day_of_month": 15, "month_of_period": 2, "assignee_id": engineer.pk},
            {"kind": "training"},
        ],
    }
    # when
    refused = api_as(agent).post("/api/v1/service-plans", body)
    created = api_as(supervisor).post("/api/v1/service-plans", body)
    listed = api_as(agent).get("/api/v1/service-plans", {"customer_id": contract.customer_id})
    # then
    assert refused.status_code == 403
    assert created.status_code == 201
    plan = created.json()
    assert (plan["customer_name"], plan["contract_number"], plan["starts_on"], plan["ends_on"]) == (
        "合肥市第一人民医院信息科",
        "HT-2026-001",
        "2026-01-01",
        "2028-12-31",
    )
    assert [
        (r["kind"], r["kind_label"], r["day_of_month"], r["month_of_period"], r["assignee_id"], r["role"])
        for r in plan["rules"]
    ] == [
        ("monthly_call", "每月电话回访", 5, 1, None, ""),
        ("quarterly_inspection", "每季度上门巡检", 15, 2, engineer.pk, ""),
        ("training", "培训（每年5月、10月）", 15, 1, None, ""),
    ]
    assert [p["id"] for p in listed.json()["items"]] == [plan["id"]]
    assert ServicePlan.objects.count() == 1


def test_a_plan_rule_out_of_range_is_refused(api_as, supervisor, contract):
    response = api_as(supervisor).post(
        "/api/v1/service-plans",
        {"name": "计划", "contract_id": contract.pk, "rules": [{"kind": "monthly_call", "month_of_period": 2}]},
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_month_of_period")
    assert ServicePlan.objects.count() == 0
