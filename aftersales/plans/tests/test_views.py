"""The "my day" page with one-click completion, the overdue page and reassignment, and where each role lands."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import clock
from aftersales.plans import services
from aftersales.plans.models import WorkItem

pytestmark = pytest.mark.django_db


def item(key: str, due_on: dt.date, **fields):
    return services.work_item_create(
        source_key=key, kind=fields.pop("kind", "phone_call"), title=key, due_on=due_on, **fields
    )[0]


def html(response) -> str:
    return response.content.decode()


def test_callback_specialists_and_engineers_land_on_their_day(client, callback_user, engineer, agent):
    for user, landing in ((callback_user, "/plans/my-day/"), (engineer, "/plans/my-day/"), (agent, "/tickets/")):
        client.force_login(user)
        assert client.get("/")["Location"] == landing


def test_my_day_page_flags_overdue_items(client, callback_user, customer):
    # given
    today = clock.today()
    late = item(
        "每月电话回访：逾期", today - dt.timedelta(days=2), assignee_id=callback_user.pk, customer_id=customer.pk
    )
    item("年度满意度调查", today, role="callback", kind="survey", due_uncertain=True)
    item("下周回访", today + dt.timedelta(days=3), assignee_id=callback_user.pk)
    client.force_login(callback_user)
    # when
    response = client.get("/plans/my-day/")
    # then
    page = html(response)
    assert response.status_code == 200
    assert page.count('data-work-item="') == 3
    assert page.count("data-overdue=") == 1
    assert f'data-overdue="{late.pk}"' in page
    assert "逾期 1 项" in page
    assert "到期日待核对" in page
    assert 'id="nav-my-day"' in page


def test_completing_from_the_page_with_htmx_returns_the_done_row(client, callback_user):
    mine = item("mine", clock.today(), assignee_id=callback_user.pk)
    client.force_login(callback_user)
    # when
    response = client.post(
        f"/plans/work-items/{mine.pk}/complete/", {"result": "已电话回访，运行正常"}, HTTP_HX_REQUEST="true"
    )
    # then
    assert response.status_code == 200
    assert f'data-done="{mine.pk}"' in html(response)
    assert "已电话回访，运行正常" in html(response)
    assert WorkItem.objects.get().done_by_id == callback_user.pk


def test_an_inspection_item_offers_to_start_the_inspection(client, engineer):
    mine = item("巡检", clock.today(), assignee_id=engineer.pk, kind="inspection")
    client.force_login(engineer)
    page = html(client.get("/plans/my-day/"))
    assert f'data-start-inspection="{mine.pk}"' in page
    assert 'id="dispatch-work"' in page


def test_the_overdue_page_is_for_supervisors_and_reassigns_in_one_step(
    client, supervisor, callback_user, engineer, make_user
):
    stand_in = make_user("caller2", "callback", first_name="敏", last_name="陈")
    item("a", clock.today() - dt.timedelta(days=1), assignee_id=callback_user.pk)
    item("b", clock.today() + dt.timedelta(days=3), assignee_id=callback_user.pk)
    client.force_login(engineer)
    assert client.get("/plans/overdue/").status_code == 404
    client.force_login(supervisor)
    # when
    page = client.get("/plans/overdue/")
    response = client.post("/plans/reassign/", {"from_user": callback_user.pk, "to_user": stand_in.pk})
    # then
    assert page.status_code == 200
    assert f'data-assignee="{callback_user.pk}" data-kind="phone_call"' in html(page)
    assert (response.status_code, response["Location"]) == (302, "/plans/overdue/")
    assert set(WorkItem.objects.values_list("assignee_id", flat=True)) == {stand_in.pk}
    assert "已转交 2 项待办" in html(client.get("/plans/overdue/"))


def test_reassigning_to_the_same_person_is_refused_on_the_page(client, supervisor, callback_user):
    item("a", clock.today(), assignee_id=callback_user.pk)
    client.force_login(supervisor)
    response = client.post("/plans/reassign/", {"from_user": callback_user.pk, "to_user": callback_user.pk})
    assert response.status_code == 400
    assert "转出人和接收人不能是同一人" in html(response)
    assert WorkItem.objects.get().assignee_id == callback_user.pk
