"""The published API of the 4S follow-up service: shapes, status codes, roles (customers 403), the registers'
Excel columns exactly as 篇8, summaries and reassignment."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.plans.models import WorkItem
from aftersales.vehicles import services
from aftersales.vehicles.models import FollowUpCall, ServiceVisit, Vehicle

from .conftest import china

D = dt.date

ARCHIVE_COLUMNS = [
    "客户名称",
    "地址",
    "电话",
    "送修或来访日期",
    "车型",
    "车号",
    "车种",
    "维修养护项目",
    "保养周期",
    "下一次保养期",
    "客户希望得到的服务",
    "在本公司维修、保养记录",
    "跟踪业务员",
    "建档日期",
    "逾期建档",
]
CALL_COLUMNS = [
    "通话时间",
    "客户名称",
    "电话",
    "车号",
    "通话事由",
    "是否接通",
    "车辆运用情况",
    "谈话要点",
    "对本公司服务的意见",
    "客户要求、希望或投诉",
    "处理情况",
    "满意度",
    "下一步",
    "经办业务员",
]
CALL_REGISTER_COLUMNS = [
    "序号",
    "日期",
    "时间",
    "客户名称",
    "电话",
    "车号",
    "去电/来电",
    "通话事由",
    "是否接通",
    "按时",
    "经办业务员",
]
LETTER_COLUMNS = [
    "序号",
    "寄出日期",
    "客户名称",
    "寄送地址",
    "车号",
    "信函类别",
    "事由",
    "相关活动",
    "经办业务员",
    "备注",
]


@pytest.fixture
def as_follower(api_as, follower):
    return api_as(follower)


@pytest.fixture
def history(now, vehicle, agent, follower, driver, frozen_now):
    """A February of follow-up: a pick-up on 02-20, call 1 on 02-25, an unreached reminder, a reply letter."""
    with frozen_now(china(2026, 2, 27, 12)):
        visit = services.visit_record_pickup(
            actor=agent,
            vehicle_id=vehicle.pk,
            kind="maintenance",
            mileage_km=3000,
            picked_up_at=china(2026, 2, 20, 16),
            work_items="首次保养：更换机油机滤",
        )
        services.follow_up_call_record(
            actor=follower,
            purpose="follow_up",
            visit_id=visit.pk,
            call_no=1,
            called_at=china(2026, 2, 25, 10, 30),
            vehicle_condition="正常",
            content="询问用车情况",
            customer_opinion="接待热情",
            satisfaction=5,
        )
        services.follow_up_call_record(
            actor=follower,
            purpose="inbound_consultation",
            vehicle_id=vehicle.pk,
            called_at=china(2026, 2, 26, 15),
            content="咨询保险续保",
        )
        services.letter_record(
            actor=follower,
            customer_id=driver.pk,
            vehicle_id=vehicle.pk,
            kind="reply",
            subject="保险续保答复",
            sent_on=D(2026, 2, 27),
        )
    return visit


def workbook(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    return sheet.title, [[_value(c.value) for c in row] for row in sheet.iter_rows()]


def _value(value):
    """Excel dates come back as naive datetimes at midnight: compare them as dates."""
    return value.date() if isinstance(value, dt.datetime) else value


# ------------------------------------------------------------------------------------------------ vehicles


@pytest.mark.django_db
def test_create_and_list_vehicles(now, as_follower, driver, follower):
    # when
    created = as_follower.post(
        "/api/v1/vehicles",
        {
            "customer_id": driver.pk,
            "plate": "湘K 88888",
            "model": "别克昂科威",
            "vehicle_type": "suv",
            "purchased_on": "2025-12-31",
            "interval_months": 2,
            "follow_up_user_id": follower.pk,
            "visited_at": "2026-02-27T09:00:00+08:00",
        },
    )
    listed = as_follower.get("/api/v1/vehicles", {"q": "88888"})
    # then
    assert created.status_code == 201, created.content
    body = created.json()
    assert {
        k: body[k]
        for k in (
            "plate",
            "next_maintenance_on",
            "next_maintenance_km",
            "is_archived_late",
            "follow_up_user",
            "customer_name",
        )
    } == {
        "plate": "湘K88888",
        "next_maintenance_on": "2026-02-28",
        "next_maintenance_km": 5000,
        "is_archived_late": True,
        "follow_up_user": "李明",
        "customer_name": "张伟",
    }
    assert [v["id"] for v in listed.json()["items"]] == [body["id"]]


@pytest.mark.django_db
def test_unknown_fields_are_refused(now, as_follower, driver):
    response = as_follower.post(
        "/api/v1/vehicles", {"customer_id": driver.pk, "plate": "湘K88888", "model": "x", "colour": "red"}
    )
    assert (response.status_code, Vehicle.objects.count()) == (422, 0)


@pytest.mark.django_db
def test_list_vehicles_runs_a_fixed_number_of_queries(now, as_follower, make_vehicle, driver):
    for n in range(5):
        make_vehicle(f"湘K1000{n}")
    as_follower.get("/api/v1/me")  # the token's first use stamps its last_used_at
    with CaptureQueriesContext(connection) as queries:
        response = as_follower.get("/api/v1/vehicles")
    assert (response.status_code, len(response.json()["items"])) == (200, 5)
    assert len(queries) == 2  # the token, the page (customer and follow-up person joined)


@pytest.mark.django_db
def test_a_pick_up_returns_its_two_call_windows_and_items(vehicle, as_follower, follower):
    response = as_follower.post(
        f"/api/v1/vehicles/{vehicle.pk}/pickups",
        {"kind": "purchase_delivery", "picked_up_at": "2026-03-02T09:00:00+08:00", "mileage_km": 12},
    )
    assert response.status_code == 201, response.content
    calls = response.json()["calls"]
    assert [
        (
            c["call_no"],
            c["window_start_on"],
            c["window_end_on"],
            c["work_item"]["due_on"],
            c["work_item"]["assignee_id"],
        )
        for c in calls
    ] == [
        (1, "2026-03-05", "2026-03-09", "2026-03-09", follower.pk),
        (2, "2026-03-17", "2026-03-23", "2026-03-23", follower.pk),
    ]


@pytest.mark.django_db
def test_record_call_one_through_the_api(vehicle, as_follower, agent, frozen_now):
    visit = services.visit_record_pickup(
        actor=agent, vehicle_id=vehicle.pk, kind="repair", picked_up_at=china(2026, 2, 24, 9)
    )
    response = as_follower.post(
        "/api/v1/follow-up-calls",
        {
            "visit_id": visit.pk,
            "call_no": 1,
            "called_at": "2026-02-27T10:00:00+08:00",
            "reached": True,
            "content": "车况良好",
            "satisfaction": 4,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["reached"], body["is_on_time"], body["satisfaction"], body["handled_by"]) == (True, True, 4, "李明")
    assert WorkItem.objects.get(pk=body["work_item_id"]).done_at is not None
    assert WorkItem.objects.get(source_key=f"vehicles:visit:{visit.pk}:call2").due_on == D(2026, 3, 13)


@pytest.mark.django_db
def test_a_refused_call_answers_409_in_both_languages(vehicle, as_follower, agent):
    visit = services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, kind="repair")
    response = as_follower.post("/api/v1/follow-up-calls", {"visit_id": visit.pk, "call_no": 2})
    assert response.status_code == 409
    assert response.json()["message"] == "请先完成第一次跟踪电话 / Make the first follow-up call first"
    assert FollowUpCall.objects.count() == 0


@pytest.mark.django_db
def test_letters_and_events_through_the_api(vehicle, api_as, supervisor, driver):
    client = api_as(supervisor)
    event = client.post(
        "/api/v1/vehicle-events", {"name": "免费检测周", "kind": "free_service", "event_on": "2026-04-18"}
    )
    letter = client.post(
        "/api/v1/vehicle-letters",
        {"customer_id": driver.pk, "kind": "invitation", "subject": "免费检测周邀请函", "event_id": event.json()["id"]},
    )
    assert event.status_code == 201, event.content
    assert {k: event.json()[k] for k in ("phone_on", "letter_on", "targeted_customers")} == {
        "phone_on": "2026-04-04",
        "letter_on": "2026-04-06",
        "targeted_customers": 1,
    }
    assert letter.status_code == 201, letter.content
    assert (letter.json()["sent_on"], letter.json()["sent_by"]) == ("2026-03-02", "赵静")
    assert WorkItem.objects.get(pk=letter.json()["work_item_id"]).kind == "event_letter"


# --------------------------------------------------------------------------------------------------- roles


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/vehicles", None),
        ("post", "/api/v1/vehicles", {"customer_id": "{customer}", "plate": "湘K99999", "model": "别克英朗"}),
        ("get", "/api/v1/vehicles/{id}", None),
        ("post", "/api/v1/vehicles/{id}/pickups", {"kind": "repair"}),
        ("post", "/api/v1/follow-up-calls", {"purpose": "inbound_consultation", "vehicle_id": "{id}"}),
        ("post", "/api/v1/vehicle-letters", {"customer_id": "{customer}", "kind": "reply", "subject": "答复"}),
        ("post", "/api/v1/vehicle-events", {"name": "免费检测周", "event_on": "2026-05-01"}),
        ("get", "/api/v1/vehicles/registers/archive.xlsx", None),
        ("get", "/api/v1/vehicles/summary?year=2026", None),
        ("post", "/api/v1/vehicles/reassign", {"from_user_id": "{follower}", "to_user_id": "{follower}"}),
    ],
)
def test_a_customer_user_is_refused_everywhere(vehicle, api_as, make_user, driver, follower, method, path, body):
    # given a customer user of the very customer whose car it is
    client = api_as(make_user("zhangwei", "customer", customer=driver))
    ids = {"{id}": vehicle.pk, "{customer}": driver.pk, "{follower}": follower.pk}
    # when
    if method == "post":
        response = client.post(path.format(id=vehicle.pk), {k: ids.get(v, v) for k, v in body.items()})
    else:
        response = client.get(path.format(id=vehicle.pk))
    # then (the access table: a role not granted is 403 for everyone)
    assert response.status_code == 403, response.content
    assert (Vehicle.objects.count(), ServiceVisit.objects.count(), FollowUpCall.objects.count()) == (1, 0, 0)


@pytest.mark.django_db
def test_an_engineer_is_forbidden(vehicle, api_as, make_user):
    response = api_as(make_user("eng", "engineer")).get("/api/v1/vehicles")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "callback", "supervisor", "admin"])
def test_the_follow_up_roles_may_read(vehicle, api_as, make_user, role):
    response = api_as(make_user(f"u-{role}", role)).get("/api/v1/vehicles")
    assert (response.status_code, len(response.json()["items"])) == (200, 1)


@pytest.mark.django_db
def test_reassign_needs_a_supervisor(now, api_as, follower, colleague, supervisor, vehicle, agent):
    services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, kind="repair")
    body = {"from_user_id": follower.pk, "to_user_id": colleague.pk, "move_vehicles": True}
    refused = api_as(follower).post("/api/v1/vehicles/reassign", body)
    done = api_as(supervisor).post("/api/v1/vehicles/reassign", body)
    assert refused.status_code == 403
    assert done.status_code == 200, done.content
    assert (done.json()["items_moved"], done.json()["vehicles_moved"]) == (2, 1)


# ------------------------------------------------------------------------------------------------ registers


@pytest.mark.django_db
def test_the_archive_register_in_the_columns_of_pian_8(history, as_follower):
    title, rows = workbook(
        as_follower.get("/api/v1/vehicles/registers/archive.xlsx", {"start_on": "2026-03-01", "end_on": "2026-03-31"})
    )
    assert title == "客户档案基本资料表"
    assert rows == [
        ARCHIVE_COLUMNS,
        [
            "张伟",
            "湖南省娄底市娄星区乐坪大道1号",
            "13807381234",
            D(2026, 2, 20),
            "别克英朗 1.5L",
            "湘K12345",
            "轿车",
            "首次保养：更换机油机滤",
            "5000公里或6个月",
            "2026-08-20 / 8000公里",
            None,
            "2026-02-20 保养 3000公里：首次保养：更换机油机滤",
            "李明",
            D(2026, 3, 2),
            "否",
        ],
    ]


@pytest.mark.django_db
def test_the_call_record_and_call_register_in_their_columns(history, as_follower):
    period = {"start_on": "2026-02-01", "end_on": "2026-02-28"}
    record_title, record = workbook(as_follower.get("/api/v1/vehicles/registers/calls.xlsx", period))
    register_title, register = workbook(as_follower.get("/api/v1/vehicles/registers/call-register.xlsx", period))
    assert (record_title, register_title) == ("跟踪服务电话记录表", "跟踪服务电话登记表")
    assert record == [
        CALL_COLUMNS,
        [
            "2026-02-25 10:30",
            "张伟",
            "13807381234",
            "湘K12345",
            "第一次跟踪服务",
            "是",
            "正常",
            "询问用车情况",
            "接待热情",
            None,
            None,
            5,
            None,
            "李明",
        ],
        [
            "2026-02-26 15:00",
            "张伟",
            "13807381234",
            "湘K12345",
            "咨询来电",
            "是",
            None,
            "咨询保险续保",
            None,
            None,
            None,
            None,
            None,
            "李明",
        ],
    ]
    assert register == [
        CALL_REGISTER_COLUMNS,
        [1, D(2026, 2, 25), "10:30", "张伟", "13807381234", "湘K12345", "去电", "第一次跟踪服务", "是", "是", "李明"],
        [2, D(2026, 2, 26), "15:00", "张伟", "13807381234", "湘K12345", "来电", "咨询来电", "是", None, "李明"],
    ]


@pytest.mark.django_db
def test_the_letter_register_in_its_columns(history, as_follower):
    title, rows = workbook(as_follower.get("/api/v1/vehicles/registers/letters.xlsx", {"start_on": "2026-02-01"}))
    assert title == "跟踪服务信函登记表"
    assert rows == [
        LETTER_COLUMNS,
        [
            1,
            D(2026, 2, 27),
            "张伟",
            "湖南省娄底市娄星区乐坪大道1号",
            "湘K12345",
            "答复函",
            "保险续保答复",
            None,
            "李明",
            None,
        ],
    ]


@pytest.mark.django_db
def test_a_register_filtered_by_another_person_is_empty_and_an_unknown_register_is_404(history, as_follower, colleague):
    _, rows = workbook(
        as_follower.get(
            "/api/v1/vehicles/registers/calls.xlsx",
            {"start_on": "2026-02-01", "end_on": "2026-02-28", "person_id": colleague.pk},
        )
    )
    assert rows == [CALL_COLUMNS]
    assert as_follower.get("/api/v1/vehicles/registers/tickets.xlsx").status_code == 404


@pytest.mark.django_db
def test_the_export_is_named_after_the_register_and_period(history, as_follower):
    response = as_follower.get(
        "/api/v1/vehicles/registers/letters.xlsx", {"start_on": "2026-02-01", "end_on": "2026-02-28"}
    )
    assert response["Content-Disposition"] == (
        "attachment; filename=\"letters-20260201-20260228.xlsx\"; filename*=UTF-8''"
        "%E8%B7%9F%E8%B8%AA%E6%9C%8D%E5%8A%A1%E4%BF%A1%E5%87%BD%E7%99%BB%E8%AE%B0%E8%A1%A8-20260201-20260228.xlsx"
    )


@pytest.mark.django_db
def test_a_reversed_period_is_refused(now, as_follower):
    response = as_follower.get(
        "/api/v1/vehicles/registers/calls.xlsx", {"start_on": "2026-03-02", "end_on": "2026-03-01"}
    )
    assert (response.status_code, response.json()["code"]) == (400, "bad_period")


# ------------------------------------------------------------------------------------------------ summaries


@pytest.mark.django_db
def test_monthly_summary(history, as_follower, follower):
    response = as_follower.get("/api/v1/vehicles/summary", {"year": 2026, "month": 2})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["label"] for r in body["rows"]] == ["李明"]
    total = body["total"]
    assert {
        k: total[k]
        for k in (
            "pickups",
            "calls_out",
            "calls_reached",
            "reached_rate",
            "calls_in",
            "follow_ups",
            "follow_ups_on_time",
            "satisfaction_average",
            "letters",
            "items_due",
            "items_done_on_time",
            "items_open",
        )
    } == {
        "pickups": 1,
        "calls_out": 1,
        "calls_reached": 1,
        "reached_rate": 1.0,
        "calls_in": 1,
        "follow_ups": 1,
        "follow_ups_on_time": 1,
        "satisfaction_average": 5.0,
        "letters": 1,
        "items_due": 1,
        "items_done_on_time": 1,
        "items_open": 0,
    }


@pytest.mark.django_db
def test_year_end_summary_month_by_month(history, as_follower, follower, agent, vehicle):
    services.follow_up_call_record(
        actor=follower, purpose="maintenance_reminder", vehicle_id=vehicle.pk, is_reached=False
    )
    body = as_follower.get("/api/v1/vehicles/summary", {"year": 2026}).json()
    assert (body["start_on"], body["end_on"], len(body["months"])) == ("2026-01-01", "2026-12-31", 12)
    assert [(m["label"], m["calls_out"], m["calls_reached"], m["archives"]) for m in body["months"][:4]] == [
        ("1月", 0, 0, 0),
        ("2月", 1, 1, 0),
        ("3月", 1, 0, 1),
        ("4月", 0, 0, 0),
    ]
    assert (body["total"]["calls_out"], body["total"]["reached_rate"], body["total"]["letters"]) == (2, 0.5, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "expected_queries"), [("archive", 3), ("calls", 2), ("letters", 2)])
def test_register_exports_run_a_fixed_number_of_queries(
    now, as_follower, make_vehicle, agent, follower, driver, name, expected_queries
):
    # given three cars, each with a pick-up, a call and a letter
    for n in range(3):
        vehicle = make_vehicle(f"湘K2000{n}")
        services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, kind="repair")
        services.follow_up_call_record(actor=follower, purpose="inbound_consultation", vehicle_id=vehicle.pk)
        services.letter_record(
            actor=follower, customer_id=driver.pk, vehicle_id=vehicle.pk, kind="notice", subject="保养通知"
        )
    as_follower.get("/api/v1/me")  # the token's first use stamps its last_used_at
    # when
    with CaptureQueriesContext(connection) as queries:
        response = as_follower.get(f"/api/v1/vehicles/registers/{name}.xlsx")
    # then: the token, the rows (related rows joined) and, for the archive, the visits
    _, rows = workbook(response)
    assert (len(rows), len(queries)) == (4, expected_queries)


@pytest.mark.django_db
def test_change_the_interval_and_the_follow_up_person(vehicle, as_follower, colleague):
    # when the interval becomes 3 months and 王芳 takes the car
    response = as_follower.patch(
        f"/api/v1/vehicles/{vehicle.pk}",
        {"version": 1, "interval_months": 3, "interval_km": None, "follow_up_user_id": colleague.pk},
    )
    # then the next maintenance is re-derived from the purchase (2025-09-01 + 3 months)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["next_maintenance_on"], body["next_maintenance_km"], body["follow_up_user"], body["version"]) == (
        "2025-12-01",
        None,
        "王芳",
        2,
    )
    stale = as_follower.patch(f"/api/v1/vehicles/{vehicle.pk}", {"version": 1, "notes": "x"})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
