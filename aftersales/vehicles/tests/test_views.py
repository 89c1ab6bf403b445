"""The 4S follow-up pages: who may open them, the forms that record pick-ups, calls, letters, events and the
reassignment, the registers on screen and the summaries."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aftersales.plans.models import WorkItem
from aftersales.vehicles import services
from aftersales.vehicles.models import Event, FollowUpCall, FollowUpReassignment, Letter, ServiceVisit, Vehicle

from .conftest import china

D = dt.date
PAGES = [
    "/vehicles/",
    "/vehicles/new/",
    "/vehicles/{id}/",
    "/vehicles/registers/archive/",
    "/vehicles/registers/calls/",
    "/vehicles/registers/call-register/",
    "/vehicles/registers/letters/",
    "/vehicles/summary/",
    "/vehicles/summary/?year=2026&month=",
    "/vehicles/events/",
    "/vehicles/customer-options/?q=张",
]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_the_follow_up_staff_open_every_page(client, vehicle, follower):
    client.force_login(follower)
    assert {path: client.get(path.format(id=vehicle.pk)).status_code for path in PAGES} == dict.fromkeys(PAGES, 200)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("customer", 302), ("engineer", 404), ("warehouse", 404)])
def test_anyone_else_gets_404(client, vehicle, make_user, driver, role, status):
    """Other staff get 404; a customer user is sent to the portal (the access table's one rule for pages)."""
    paths = [*PAGES, "/vehicles/reassign/"]
    client.force_login(make_user(f"u-{role}", role, customer=driver if role == "customer" else None))
    got = {path: client.get(path.format(id=vehicle.pk)) for path in paths}
    assert {path: r.status_code for path, r in got.items()} == dict.fromkeys(paths, status)
    if role == "customer":
        assert {r["Location"] for r in got.values()} == {"/portal/"}


@pytest.mark.django_db
def test_the_nav_shows_the_vehicles_link_to_follow_up_staff_only(client, now, follower, make_user):
    client.force_login(follower)
    assert 'id="nav-vehicles"' in text(client.get("/vehicles/"))
    client.force_login(make_user("eng", "engineer"))
    assert 'id="nav-vehicles"' not in text(client.get("/tickets/"))


@pytest.mark.django_db
def test_archive_a_vehicle_with_the_form(client, now, follower, driver):
    client.force_login(follower)
    response = client.post(
        "/vehicles/new/",
        {
            "customer_id": driver.pk,
            "plate": "湘K 66666",
            "model": "别克君威",
            "vehicle_type": "sedan",
            "interval_months": "6",
            "interval_km": "5000",
            "visited_at": "2026-02-26T15:00",
            "follow_up_user_id": str(follower.pk),
        },
    )
    vehicle = Vehicle.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/vehicles/{vehicle.pk}/")
    assert (vehicle.plate, vehicle.is_archived_late, vehicle.follow_up_user_id) == ("湘K66666", True, follower.pk)


@pytest.mark.django_db
def test_a_refused_archive_shows_the_reason_and_keeps_the_input(client, vehicle, follower, driver):
    client.force_login(follower)
    response = client.post(
        "/vehicles/new/", {"customer_id": driver.pk, "plate": "湘K12345", "model": "别克君威", "vehicle_type": "sedan"}
    )
    assert response.status_code == 409
    assert "车号 湘K12345 已在档案中" in text(response)
    assert Vehicle.objects.count() == 1


@pytest.mark.django_db
def test_record_a_pick_up_then_call_one_on_the_vehicle_page(client, vehicle, follower):
    client.force_login(follower)
    # when the pick-up is recorded
    response = client.post(
        f"/vehicles/{vehicle.pk}/pickup/",
        {"kind": "repair", "picked_up_at": "2026-03-02T09:00", "mileage_km": "3200", "work_items": "更换刹车片"},
    )
    assert (response.status_code, ServiceVisit.objects.count()) == (302, 1)
    page = text(client.get(f"/vehicles/{vehicle.pk}/"))
    # then the page lists both calls, call 1 preselected in the call form
    assert "第一次跟踪电话：湘K12345 张伟（03-05至03-09）" in page
    assert "第二次跟踪电话：湘K12345 张伟（03-17至03-23）" in page
    visit = ServiceVisit.objects.get()
    assert f'<option value="{visit.pk}" selected>' in page
    assert '<option value="1" selected>' in page
    # when call 1 is recorded
    response = client.post(
        f"/vehicles/{vehicle.pk}/call/",
        {
            "purpose": "follow_up",
            "visit_id": visit.pk,
            "call_no": "1",
            "called_at": "2026-03-02T09:30",
            "reached": "on",
            "content": "车况良好",
            "satisfaction": "5",
        },
    )
    # then it is in the call record and its item is done
    assert response.status_code == 302
    made = FollowUpCall.objects.get()
    assert (made.call_no, made.is_reached, made.satisfaction, made.is_on_time) == (1, True, 5, False)
    assert WorkItem.objects.get(source_key=f"vehicles:visit:{visit.pk}:call1").done_at is not None


@pytest.mark.django_db
def test_a_refused_call_shows_why(client, vehicle, follower, agent):
    visit = services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, kind="repair")
    client.force_login(follower)
    response = client.post(
        f"/vehicles/{vehicle.pk}/call/", {"purpose": "follow_up", "visit_id": visit.pk, "call_no": "2", "reached": "on"}
    )
    assert response.status_code == 409
    assert "请先完成第一次跟踪电话" in text(response)
    assert FollowUpCall.objects.count() == 0


@pytest.mark.django_db
def test_register_a_letter_on_the_vehicle_page(client, vehicle, follower):
    client.force_login(follower)
    response = client.post(f"/vehicles/{vehicle.pk}/letter/", {"kind": "notice", "subject": "保养到期通知"})
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.vehicle_id, letter.sent_on, letter.sent_by_id) == (vehicle.pk, D(2026, 3, 2), follower.pk)


@pytest.mark.django_db
def test_the_register_page_shows_the_columns_and_rows_of_the_period(client, vehicle, follower, agent, frozen_now):
    visit = services.visit_record_pickup(
        actor=agent, vehicle_id=vehicle.pk, kind="repair", picked_up_at=china(2026, 2, 25)
    )
    services.follow_up_call_record(
        actor=follower, purpose="follow_up", visit_id=visit.pk, call_no=1, called_at=china(2026, 3, 1, 9, 15)
    )
    client.force_login(follower)
    page = text(client.get("/vehicles/registers/call-register/?start_on=2026-03-01&end_on=2026-03-31"))
    headers = re.findall(r'<th scope="col" class="text-nowrap">([^<]+)</th>', page)
    assert headers == [
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
    assert (
        "<td>1</td><td>2026-03-01</td><td>09:15</td><td>张伟</td><td>13807381234</td><td>湘K12345</td><td>去电</td>"
        "<td>第一次跟踪服务</td><td>是</td><td>是</td><td>李明</td>"
    ) in page.replace("</td> <td>", "</td><td>")
    assert 'href="/api/v1/vehicles/registers/call-register.xlsx?start_on=2026-03-01&amp;end_on=2026-03-31"' in page


@pytest.mark.django_db
def test_an_unknown_register_is_404(client, now, follower):
    client.force_login(follower)
    assert client.get("/vehicles/registers/tickets/").status_code == 404


@pytest.mark.django_db
def test_the_summary_page_shows_the_month_per_person(client, vehicle, follower, agent):
    services.follow_up_call_record(actor=follower, purpose="maintenance_reminder", vehicle_id=vehicle.pk)
    client.force_login(follower)
    page = text(client.get("/vehicles/summary/?year=2026&month=3"))
    assert "2026年3月 售后服务工作小结" in page
    row = re.search(r'<th class="text-start fw-normal">李明</th>(.*?)</tr>', page)
    assert row is not None
    # 建档 逾期建档 接车 去电 接通 接通率 来电 跟踪电话 按时 平均满意度 信函 到期待办 按时完成 未完成
    assert re.findall(r"<td>([^<]*)</td>", row.group(1)) == [
        "1",
        "0",
        "0",
        "1",
        "1",
        "100.0%",
        "0",
        "0",
        "0",
        "—",
        "0",
        "0",
        "0",
        "0",
    ]


@pytest.mark.django_db
def test_a_supervisor_creates_an_event_and_records_the_notices(client, vehicle, supervisor, driver):
    client.force_login(supervisor)
    response = client.post(
        "/vehicles/events/",
        {"name": "免费检测周", "kind": "free_service", "event_on": "2026-04-18", "with_letters": "on"},
    )
    event = Event.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/vehicles/events/{event.pk}/")
    assert client.post(f"/vehicles/events/{event.pk}/{driver.pk}/phone/").status_code == 302
    assert client.post(f"/vehicles/events/{event.pk}/{driver.pk}/letter/").status_code == 302
    assert list(WorkItem.objects.filter(done_at__isnull=False).values_list("kind", flat=True).order_by("kind")) == [
        "event_letter",
        "event_phone",
    ]
    assert Letter.objects.get().subject == "活动邀请函：免费检测周"


@pytest.mark.django_db
def test_follow_up_staff_cannot_create_events(client, now, follower):
    client.force_login(follower)
    assert client.post("/vehicles/events/", {"name": "x", "event_on": "2026-04-18"}).status_code == 404
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_the_supervisor_reassigns_on_the_page(client, vehicle, supervisor, follower, colleague, agent):
    services.visit_record_pickup(actor=agent, vehicle_id=vehicle.pk, kind="repair")
    client.force_login(supervisor)
    assert "李明" in text(client.get("/vehicles/reassign/"))
    response = client.post(
        "/vehicles/reassign/", {"from_user_id": follower.pk, "to_user_id": colleague.pk, "reason": "休假"}
    )
    assert response.status_code == 302
    assert FollowUpReassignment.objects.get().items_moved == 2
    assert WorkItem.objects.filter(assignee=colleague).count() == 2


@pytest.mark.django_db
def test_follow_up_staff_cannot_open_the_reassignment(client, now, follower):
    client.force_login(follower)
    assert client.get("/vehicles/reassign/").status_code == 404
